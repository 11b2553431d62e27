"""Analytic Jacobian of the IMLS one-sector model and its structured factorisation."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from tests.conftest import toy_baseline
from tradewar.models import onesector as eq
from tradewar.models import onesector_newton as eq_newton


def _random_shock(cal, seed=1, export_taxes=True):
    rng = np.random.default_rng(seed)
    N = cal.E.shape[0]
    t = rng.uniform(0, 0.6, (N, N))
    x = rng.uniform(0, 0.3, (N, N)) if export_taxes else np.zeros((N, N))
    np.fill_diagonal(t, 0)
    np.fill_diagonal(x, 0)
    return eq.prepare(eq.Instruments(jnp.asarray(t), jnp.asarray(x)), cal)


@pytest.mark.slow
@pytest.mark.parametrize("recycling", ["income_tax", "lump_sum"])
@pytest.mark.parametrize("nu", ["calibrate", 0.0])
def test_analytic_jacobian_equals_autodiff(recycling, nu):
    b = toy_baseline(6, seed=3)
    cal = eq.calibrate(b, eq.OneSectorParams(revenue_recycling=recycling, overhead_shares=nu))
    shock = _random_shock(cal)
    x = jnp.asarray(np.random.default_rng(2).normal(0, 0.1, 3 * b.n_countries))
    analytic = eq_newton.jacobian(x, (shock, cal))
    autodiff = jax.jacfwd(eq.residuals)(x, (shock, cal))
    np.testing.assert_allclose(analytic, autodiff, atol=1e-12)


def test_jacobian_parts_without_export_taxes_equal_the_general_ones():
    b = toy_baseline(6, seed=3)
    cal = eq.calibrate(b, eq.OneSectorParams())
    args = (_random_shock(cal, export_taxes=False), cal)
    x = jnp.asarray(np.random.default_rng(2).normal(0, 0.1, 3 * b.n_countries))
    general = eq_newton.jacobian_parts(x, args)
    tariffs_only = eq_newton.jacobian_parts(x, args, export_taxes=False)
    for name, a, c in zip(general._fields, general, tariffs_only, strict=True):
        np.testing.assert_allclose(c, a, atol=1e-13, err_msg=name)
    # the e-columns of the budget and labour-supply rows are then diagonal
    for block in (general.F2e, general.F3e):
        assert np.abs(block - np.diag(np.diag(block))).max() == 0


@pytest.mark.parametrize(("export_taxes", "promise"), [(False, False), (False, True), (True, True)])
def test_factorised_newton_step_equals_the_dense_solve(export_taxes, promise):
    b = toy_baseline(6, seed=8)
    cal = eq.calibrate(b, eq.OneSectorParams())
    args = (_random_shock(cal, seed=4, export_taxes=export_taxes), cal)
    x = jnp.asarray(np.random.default_rng(5).normal(0, 0.1, 3 * b.n_countries))
    f = eq.residuals(x, args)
    dense = jnp.linalg.solve(eq_newton.jacobian(x, args), -f)
    step = eq_newton.newton_direction(x, args, f, export_taxes=promise)
    np.testing.assert_allclose(step, dense, atol=1e-10)
    factors = eq_newton.factorize(x, args, export_taxes=promise)
    np.testing.assert_allclose(eq_newton.apply_factors(factors, f), dense, atol=1e-10)
