"""Invariants under random tariff vectors (property-based): Walras and homogeneity in
money units; a zero shock gives all hats one."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tests.conftest import toy_baseline
from tradewar.core.policy import Policy
from tradewar.models import OneSectorModel

BASE = toy_baseline(5, seed=4)
SCALED = type(BASE)(BASE.countries, BASE.sectors, BASE.flows * 1000.0, BASE.gdp * 1000.0, None)
MODEL, MODEL_SCALED = OneSectorModel(BASE), OneSectorModel(SCALED)
N = BASE.n_countries
tariff_matrices = arrays(float, (N, N), elements=st.floats(0.0, 0.6)).map(
    lambda t: t * (1 - np.eye(N))
)


def _policy(base, t):
    return Policy(base, base.tariffs + t[:, :, None], np.zeros_like(base.tariffs), "random")


@settings(max_examples=25, deadline=None)
@given(tariff_matrices)
def test_walras_and_homogeneity_hold_for_any_tariffs(t):
    a = MODEL.solve(_policy(BASE, t))
    assert abs(a.diagnostics.walras_residual) < 1e-8
    b = MODEL_SCALED.solve(_policy(SCALED, t))
    for column in ("welfare", "employment", "prices", "real_wage"):
        np.testing.assert_allclose(a[column], b[column], atol=1e-8)
    assert a.diagnostics.converged and np.isfinite(a["welfare"]).all()


def test_zero_shock_from_any_starting_tariffs():
    res = MODEL.solve(Policy.from_baseline(BASE, "nothing"))
    np.testing.assert_allclose(res["welfare"], 0.0, atol=1e-10)
    np.testing.assert_allclose(res.flows_after, res.flows_before, rtol=1e-12)
