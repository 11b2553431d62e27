"""Ossa (2014) model: calibration identities, zero shock, the deficit purge."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from tradewar.models import ossa, ossa_model
from tradewar.replication import ossa2014 as rep


def small(seed=0, n=3, s=2):
    rng = np.random.default_rng(seed)
    X = rng.uniform(1, 10, (n, n, s))
    for k in range(s):
        np.fill_diagonal(X[:, :, k], rng.uniform(50, 100, n))
    t = rng.uniform(0, 0.3, (n, n, s)) * (1 - np.eye(n))[:, :, None]
    return X, t, rng.uniform(3, 8, s)


def test_labour_income_is_the_non_profit_part_of_sales():
    X, t, sigma = small()
    cal = ossa.calibrate(X, t, sigma)
    np.testing.assert_allclose(cal.LI, ((sigma - 1) / sigma * X.sum(axis=1)).sum(axis=1))
    np.testing.assert_allclose(np.asarray(cal.delta).sum(axis=1), 1.0)


def test_zero_shock_keeping_deficits_gives_all_hats_one():
    X, t, sigma = small()
    cal = ossa.calibrate(X, t, sigma)
    cal = cal._replace(NX_new=cal.NX)
    x = ossa_model.solve_tariffs(cal, t)
    np.testing.assert_allclose(x, 0.0, atol=1e-12)


def test_government_welfare_equals_welfare_without_political_weights():
    X, t, sigma = small(1)
    cal = ossa.calibrate(X, t, sigma)
    t_new = t * 2.0
    x = ossa_model.solve_tariffs(cal, t_new)
    o = ossa.outcomes(jnp.asarray(x), jnp.asarray(t_new), cal)
    balanced = ossa_model.rebase(cal, t)  # NX = 0 baseline, as in Ossa's tables
    x = ossa_model.solve_tariffs(balanced, t_new)
    o = ossa.outcomes(jnp.asarray(x), jnp.asarray(t_new), balanced)
    np.testing.assert_allclose(o["government_welfare"], o["welfare"], atol=1e-10)
    # world income = world expenditure: the dropped wage equation holds too
    assert np.abs(ossa.residuals(jnp.asarray(x), (jnp.asarray(t_new), balanced))).max() < 1e-10


@pytest.mark.slow
def test_deficit_purge_reproduces_ossas_balanced_data(ossa_data):
    flows = rep.purged_flows(ossa_data)
    ref = ossa_data.balanced.flows
    assert np.max(np.abs(flows - ref) / np.maximum(ref, 1e-9)) < 1e-8
    net = flows.sum(axis=(1, 2)) - flows.sum(axis=(0, 2))
    assert np.abs(net).max() < 1e-4


def test_reader_matches_documented_checks(ossa_data):
    b = ossa_data.raw
    assert b.flows.shape == (7, 7, 33)
    chn, usa = b.index("CHN"), b.index("USA")
    assert b.flows[chn, usa].sum() == pytest.approx(311230, abs=1)
    assert b.flows[usa, chn].sum() == pytest.approx(75307, abs=1)
    assert ossa_data.political_weights.shape == (7, 33)


@pytest.mark.slow
def test_analytic_jacobian_equals_autodiff():
    X, t, sigma = small(2, n=4, s=3)
    cal = ossa.calibrate(X, t, sigma)
    rng = np.random.default_rng(5)
    x = jnp.asarray(rng.normal(0, 0.1, 8))
    t_new = jnp.asarray(t * 1.5 + 0.05 * (1 - np.eye(4))[:, :, None])
    np.testing.assert_allclose(
        ossa.jacobian(x, (t_new, cal)), jax.jacfwd(ossa.residuals)(x, (t_new, cal)), atol=1e-13
    )
