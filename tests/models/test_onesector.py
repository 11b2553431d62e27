"""Equations of the IMLS one-sector model: invariants and special cases."""

import jax.numpy as jnp
import numpy as np
import pytest

from tests.conftest import toy_baseline
from tradewar.core.errors import SolverError, TradewarError
from tradewar.core.policy import Policy
from tradewar.models import OneSectorModel
from tradewar.models import onesector as eq


def test_zero_shock_gives_all_hats_one(default_baseline):
    model = OneSectorModel(default_baseline)
    res = model.solve(Policy.from_baseline(default_baseline, "nothing"))
    assert res.diagnostics.iterations == 0
    for column in ("welfare", "employment", "prices", "wage", "expenditure", "deficit"):
        np.testing.assert_allclose(res[column], 0.0, atol=1e-9)
    np.testing.assert_allclose(res.flows_after, res.flows_before, rtol=1e-12)


def test_walras_dropped_equation_holds(default_baseline):
    model = OneSectorModel(default_baseline)
    assert abs(float(model.calibration.T.sum())) < 1e-6 * float(model.calibration.E.sum())
    policy = Policy.from_baseline(default_baseline).tariff("USA", on="ALL", rate=0.3)
    res = model.solve(policy)
    assert abs(res.diagnostics.walras_residual) < 1e-9


def test_world_budget_identity(default_baseline):
    """World spending = world factor income + revenue (transfers sum to zero)."""
    model = OneSectorModel(default_baseline)
    policy = Policy.from_baseline(default_baseline).tariff("USA", on="ALL", rate=0.4).mirror("USA")
    ins = model._instruments(policy)
    sol = model.solve(policy)
    cal = model.calibration
    x = jnp.concatenate(
        [
            jnp.log1p(sol["wage"] / 100),
            jnp.log1p(sol["expenditure"] / 100),
            jnp.log1p(sol["employment"] / 100),
        ]
    )
    s = eq.state(x, eq.prepare(ins, cal), cal)
    spending = float((s.E_hat * cal.E).sum())
    assert spending == pytest.approx(float(s.Y.sum() + s.R.sum()), rel=1e-10)
    # goods market: world sales (producer value) = world spending net of tariffs
    assert float(s.X.sum()) == pytest.approx(spending - float(s.R.sum()), rel=1e-10)


def test_homogeneity_of_degree_zero_in_money_units():
    b = toy_baseline(5, seed=4)
    scaled = type(b)(b.countries, b.sectors, b.flows * 1000.0, b.gdp * 1000.0, None)
    policy = lambda base: Policy.from_baseline(base).tariff("USA", on="ALL", rate=0.25)  # noqa: E731
    a = OneSectorModel(b).solve(policy(b))
    c = OneSectorModel(scaled).solve(policy(scaled))
    for column in ("welfare", "employment", "prices", "real_wage", "deficit"):
        np.testing.assert_allclose(a[column], c[column], atol=1e-9)


def test_lerner_symmetry_import_tariff_equals_export_tax():
    """nu = 0, phi = 1, balanced trade, lump-sum rebate: import tariff = export tax (D.1)."""
    b = toy_baseline(5, seed=5, balanced=True)
    params = eq.OneSectorParams(overhead_shares=0.0, revenue_recycling="lump_sum")
    model = OneSectorModel(b, params)
    np.testing.assert_allclose(model.calibration.T, 0.0, atol=1e-12)
    imports = model.solve(Policy.from_baseline(b).tariff("CHN", on="ALL", rate=0.3))
    exports = model.solve(Policy.from_baseline(b).export_tax("CHN", to="ALL", rate=0.3))
    for column in ("welfare", "employment", "real_wage"):
        np.testing.assert_allclose(imports[column], exports[column], atol=1e-9)

    # nominal levels differ (numeraire); revenue as a share of current spending does not
    def share(r):
        return r["revenue_share"] / (1 + r["expenditure"] / 100)

    np.testing.assert_allclose(share(imports), share(exports), atol=1e-9)


def test_eaton_kortum_special_case_calibration(default_baseline):
    cal = eq.calibrate(default_baseline, eq.OneSectorParams(overhead_shares=0.0))
    np.testing.assert_allclose(cal.phi, 1.0)
    np.testing.assert_allclose(cal.Y, np.asarray(cal.X).sum(axis=1))
    np.testing.assert_allclose(cal.T, default_baseline.trade_deficit(), rtol=1e-9)


def test_params_are_validated():
    with pytest.raises(TradewarError, match="trade_elasticity"):
        eq.OneSectorParams(trade_elasticity=-1)
    with pytest.raises(TradewarError, match="revenue_recycling"):
        eq.OneSectorParams(revenue_recycling="rebate")
    with pytest.raises(TradewarError, match="overhead_shares"):
        eq.OneSectorParams(overhead_shares=1.5)


def test_multi_sector_baseline_is_refused():
    b = toy_baseline(3)
    two = type(b)(b.countries, ("a", "b"), np.repeat(b.flows, 2, axis=2), b.gdp, None)
    with pytest.raises(TradewarError, match="needs a one-sector baseline"):
        OneSectorModel(two)


def test_non_convergence_raises_with_scenario_and_residual(default_baseline):
    model = OneSectorModel(default_baseline, max_iter=1)
    policy = Policy.from_baseline(default_baseline, "tariff wall").tariff("USA", rate=3.0)
    with pytest.raises(SolverError, match=r"'tariff wall' did not converge: max scaled residual"):
        model.solve(policy)


@pytest.mark.parametrize("vectorise", [True, False, None])
def test_batch_equals_one_by_one(default_baseline, vectorise):
    model = OneSectorModel(default_baseline)
    base = Policy.from_baseline(default_baseline)
    policies = [base.tariff("USA", on="CHN", rate=r).named(f"r{r}") for r in (0.1, 0.5, 1.45)]
    batch = model.solve_many(policies, vectorise=vectorise)  # 3 padded to a batch of 4
    assert len(batch) == 3
    for p, res in zip(policies, batch, strict=True):
        one = model.solve(p)  # chord steps (batches: pure Newton); both stop at 1e-10
        np.testing.assert_allclose(res["welfare"], one["welfare"], atol=1e-7)
        assert res.scenario == p.name


def test_exact_welfare_is_utility_ratio(default_baseline):
    """U = E/P - k (1 - tau) w L / P with k = kappa / (1 + kappa); exact option is U'/U."""
    policy = Policy.from_baseline(default_baseline).tariff("USA", on="ALL", rate=0.2)
    exact_model = OneSectorModel(default_baseline, eq.OneSectorParams(welfare="exact"))
    res = exact_model.solve(policy)
    cal = exact_model.calibration
    E, Y = np.asarray(cal.E), np.asarray(cal.Y)
    hat = lambda c: 1 + res[c] / 100  # noqa: E731
    income = Y * hat("wage") * hat("employment")
    tau = res["revenue_share"] / 100 * E / income
    k = 0.5 / 1.5
    u_new = (E * hat("expenditure") - k * (1 - tau) * income) / hat("prices")
    u_old = E - k * Y
    np.testing.assert_allclose(res["welfare"], 100 * (u_new / u_old - 1), atol=1e-9)
    coded = OneSectorModel(default_baseline).solve(policy)
    assert np.abs(coded["welfare"] - res["welfare"]).max() > 1e-3  # a genuinely other formula


def test_batch_sizes_come_in_powers_of_two():
    from tradewar.models import bucket_size

    assert [bucket_size(n) for n in (1, 2, 3, 4, 5, 100, 128, 129)] == [
        1,
        2,
        4,
        4,
        8,
        128,
        128,
        256,
    ]
