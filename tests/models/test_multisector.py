"""The Caliendo-Parro multi-sector engine: invariants and its one-sector special case."""

import logging

import jax
import numpy as np
import pytest

from tests.conftest import toy_baseline
from tradewar.core.errors import DataError, PolicyError, TradewarError
from tradewar.core.policy import Policy
from tradewar.models import MultiSectorModel, OneSectorModel
from tradewar.models.onesector import OneSectorParams


def _two_sector_toy(seed=0, io=True):
    rng = np.random.default_rng(seed)
    b = toy_baseline(5, seed=seed)
    flows = np.stack([b.flows[:, :, 0], rng.uniform(0.5, 1.5, (5, 5)) * b.flows[:, :, 0]], 2)
    kw = {}
    if io:
        va = rng.uniform(0.3, 0.7, (5, 2))
        G = rng.uniform(0.1, 1.0, (5, 2, 2))
        kw = {"value_added_share": va, "io_shares": G / G.sum(axis=1, keepdims=True)}
    return b.replace(
        sectors=("goods", "parts"),
        flows=flows,
        tariffs=None,
        elasticities={"toy": np.array([4.0, 6.0])},
        **kw,
    )


@pytest.mark.parametrize("io", [True, False])
def test_zero_shock_gives_all_hats_one(io):
    b = _two_sector_toy(io=io)
    res = MultiSectorModel(b, deficits="fixed").solve(Policy.from_baseline(b))
    for column in ("welfare", "real_wage", "wage", "prices", "exports", "imports"):
        np.testing.assert_allclose(res[column], 0.0, atol=1e-8)
    np.testing.assert_allclose(res.flows_after, res.flows_before, rtol=1e-9)
    np.testing.assert_allclose(res.sector_outcomes["output"], 0.0, atol=1e-8)


def test_a_sector_a_country_does_not_produce_has_no_output_change():
    b = _two_sector_toy(seed=3)
    flows = b.flows.copy()
    flows[0, :, 1] = 0.0  # the first country makes no parts (as the US makes no magnets)
    b = b.replace(flows=flows)
    res = MultiSectorModel(b, deficits="fixed").solve(
        Policy.from_baseline(b).tariff(b.countries[1], on="ALL", rate=0.3)
    )
    output = res.sector_frame(b.countries[0])["output"]
    assert np.isnan(output["parts"])  # not -100%: there was nothing to lose
    assert np.isfinite(output["goods"])
    assert np.isfinite(res.sector_outcomes["output"][1:]).all()


def test_trade_balances_and_numeraire_hold():
    b = _two_sector_toy(seed=2)
    model = MultiSectorModel(b, deficits="zero")
    res = model.solve(Policy.from_baseline(b).tariff("USA", on="ALL", rate=0.5).mirror("USA"))
    imports = res.flows_after.sum(axis=(0, 2))
    sales = res.flows_after.sum(axis=(1, 2))
    np.testing.assert_allclose(imports, sales, rtol=1e-9)  # D' = 0
    wL = np.asarray(model.calibration.wL)
    assert abs(np.dot(wL, res["wage"])) < 1e-7 * wL.sum()


@pytest.mark.slow
@pytest.mark.parametrize("balanced", [True, False])
def test_one_sector_no_io_equals_the_one_sector_model(balanced):
    """S = 1 without IO links is Eaton-Kortum: IMLS with nu = 0, psi = 0, kappa = 0, lump sum."""
    b = toy_baseline(6, seed=7, balanced=balanced)
    policy = (
        Policy.from_baseline(b).tariff("USA", on="ALL", rate=0.3).tariff("CHN", on="USA", rate=0.2)
    )
    multi = MultiSectorModel(b, elasticities=np.array([4.0]), deficits="fixed").solve(policy)
    params = OneSectorParams(
        overhead_shares=0.0,
        scale_elasticity=0.0,
        labor_supply_elasticity=0.0,
        revenue_recycling="lump_sum",
    )
    one = OneSectorModel(b, params).solve(policy)
    np.testing.assert_allclose(multi["welfare"], one["welfare"], atol=1e-8)
    np.testing.assert_allclose(multi["real_wage"], one["real_wage"], atol=1e-8)
    np.testing.assert_allclose(
        multi.flows_after / multi.flows_after.sum(),
        one.flows_after / one.flows_after.sum(),
        atol=1e-12,
    )


def test_tariff_diverts_imports_to_third_countries():
    b = _two_sector_toy(seed=3)
    res = MultiSectorModel(b).solve(Policy.from_baseline(b).tariff("USA", on="CHN", rate=1.45))
    diversion = res.trade_diversion("USA")
    assert diversion.loc["CHN", "change"] < 0
    assert (diversion.drop(index="CHN")["change"] > 0).all()
    assert res.sector_frame("USA").shape == (2, 3)


def test_bad_inputs_are_named():
    b = _two_sector_toy()
    with pytest.raises(DataError, match="unknown elasticity set 'ICIO'"):
        MultiSectorModel(b, elasticities="ICIO")
    with pytest.raises(TradewarError, match="2 positive trade elasticities"):
        MultiSectorModel(b, elasticities=np.array([4.0, -1.0]))
    with pytest.raises(PolicyError, match="quota must be a positive quantity index"):
        Policy.from_baseline(b).export_control("CHN", quota=0.0)
    with pytest.raises(PolicyError, match="overlaps an earlier control"):
        Policy.from_baseline(b).export_control("CHN", quota=0.5).export_control(
            "CHN", to="USA", quota=0.8
        )
    flows = np.array(b.flows)
    flows[:, 2, 1] = 0.0  # DEU buys no parts at all
    with pytest.raises(DataError, match="no spending at all on sector 'parts' in DEU"):
        MultiSectorModel(b.replace(flows=flows))


def test_io_shares_must_sum_to_one():
    b = _two_sector_toy()
    G = np.array(b.io_shares)
    G[1, :, 0] *= 0.5
    with pytest.raises(DataError, match="input shares of sector 'goods' in CHN sum to"):
        b.replace(io_shares=G)


@pytest.mark.parametrize("io", [True, False])
def test_lerner_symmetry_export_tax_equals_import_tariff(io):
    """With balanced trade and lump-sum rebates, a uniform import tariff t on all of a
    country's imports and a uniform export tax t on all its exports have the same real
    effects (docs/model.md D.1)."""
    b = _two_sector_toy(seed=2, io=io)
    model = MultiSectorModel(b, deficits="zero")
    base = Policy.from_baseline(b)
    tariff = model.solve(base.tariff("USA", rate=0.2, additional=True))
    tax = model.solve(base.export_tax("USA", rate=0.2))
    for column in ("welfare", "real_wage"):
        np.testing.assert_allclose(tariff[column], tax[column], atol=1e-8)
    assert tax.levels["export_tax_revenue"][b.index("USA")] > 0


def _control_toy():
    b = _two_sector_toy(seed=4)
    return b, MultiSectorModel(b, deficits="fixed")


def test_export_control_binds_at_its_quota_and_leaves_a_green_channel():
    b, model = _control_toy()
    chn, usa, deu, s = b.index("CHN"), b.index("USA"), b.index("DEU"), 1
    policy = Policy.from_baseline(b).export_control(
        "CHN", quota=0.6, sectors=["parts"], exempt=["DEU"], label="parts licensing"
    )
    res = model.solve(policy)
    (control,) = res.controls
    assert control["shadow_tax"] > 0
    c_hat = res.sector_outcomes["unit_cost_hat"][chn, s]
    cells = policy.controls[0].cells
    quantity = (res.flows_after[cells] / c_hat).sum() / res.flows_before[cells].sum()
    assert quantity == pytest.approx(0.6, abs=1e-8)
    assert not cells[chn, deu, s] and cells[chn, usa, s]
    # the green channel: exempt DEU buys more of China's parts, taxed partners less
    ratio = res.flows_after[:, :, s] / res.flows_before[:, :, s]
    assert ratio[chn, deu] > 1.0 > ratio[chn, usa]
    assert "binding" in res.notes[-1] and "parts licensing" in res.notes[-1]
    # the control is the export tax at its shadow rate
    same = model.solve(
        Policy.from_baseline(b).export_tax(
            "CHN", rate=control["shadow_tax"], sectors=["parts"], exempt=["DEU"]
        )
    )
    np.testing.assert_allclose(same["welfare"], res["welfare"], atol=1e-8)


def test_the_licence_rent_goes_to_its_holder_and_the_equilibrium_stays():
    b, model = _control_toy()
    chn, usa, deu = b.index("CHN"), b.index("USA"), b.index("DEU")
    base = Policy.from_baseline(b)
    runs = {
        rent: model.solve(
            base.export_control("CHN", quota=0.6, sectors=["parts"], exempt=["DEU"], rent=rent)
        )
        for rent in ("exporter", "importer", "nobody")
    }
    exporter, importer, nobody = runs["exporter"], runs["importer"], runs["nobody"]
    for other in (importer, nobody):  # who holds the rent does not move the equilibrium here
        np.testing.assert_allclose(other.flows_after, exporter.flows_after, rtol=1e-12)
        assert other.controls[0]["shadow_tax"] == exporter.controls[0]["shadow_tax"]
    # the rent: the shadow tax times the licensed flows, China's when it holds it
    rents = exporter.levels["licence_rent"]
    cells = base.export_control("CHN", quota=0.6, sectors=["parts"], exempt=["DEU"]).controls[0]
    expected = exporter.controls[0]["shadow_tax"] * exporter.flows_after[cells.cells].sum()
    assert rents[chn] == pytest.approx(expected, rel=1e-10) and rents[chn] > 0
    assert np.count_nonzero(rents) == 1
    assert nobody.levels["licence_rent"].sum() == 0.0
    held = importer.levels["licence_rent"]
    assert held[chn] == 0.0 and held.sum() == pytest.approx(rents[chn], rel=1e-10)
    assert held[deu] == 0.0 and held[usa] > 0  # the green channel pays no rent
    # welfare: China loses what it no longer holds; the licensed importers gain theirs
    income = exporter.levels["income"]
    lost = (1 + exporter["welfare"][chn] / 100) * rents[chn] / income[chn] * 100
    assert exporter["welfare"][chn] - nobody["welfare"][chn] == pytest.approx(lost, rel=1e-9)
    np.testing.assert_allclose(nobody["welfare"][usa], exporter["welfare"][usa], rtol=1e-12)
    assert importer["welfare"][usa] > exporter["welfare"][usa]
    assert importer["welfare"][chn] == pytest.approx(nobody["welfare"][chn], rel=1e-12)


def test_a_different_number_of_controls_compiles_nothing_more(caplog):
    """Controls are built on the host and padded: a policy with three controls after one
    with one reuses the compiled solve and its outcomes, and no operation is compiled
    outside them (each would be a compile or a cache load in every new process)."""
    b, model = _control_toy()
    one = Policy.from_baseline(b).export_control("CHN", quota=0.6, sectors=["parts"])
    model.solve(one)
    three = one.export_control("USA", quota=0.8, sectors=["goods"]).export_control(
        "DEU", quota=0.9, sectors=["parts"], rent="importer"
    )
    with jax.log_compiles(True), caplog.at_level(logging.WARNING):
        res = model.solve(three)
    assert len(res.controls) == 3 and res.levels["licence_rent"].shape == (5,)
    compiled = [r.getMessage() for r in caplog.records if "Compiling" in r.getMessage()]
    assert compiled == []


def test_an_unknown_rent_holder_is_refused():
    b, _ = _control_toy()
    with pytest.raises(PolicyError, match="rent holder 'broker' unknown"):
        Policy.from_baseline(b).export_control("CHN", quota=0.5, rent="broker")


def test_slack_export_control_changes_nothing():
    b, model = _control_toy()
    res = model.solve(Policy.from_baseline(b).export_control("CHN", quota=3.0))
    assert res.controls[0]["shadow_tax"] == 0.0 and "not binding" in res.notes[-1]
    np.testing.assert_allclose(res["welfare"], 0.0, atol=1e-9)


def test_capacity_limit_caps_every_sale_of_the_producers_together():
    b, model = _control_toy()
    chn, s = b.index("CHN"), 1
    china_cut = Policy.from_baseline(b).export_control("CHN", quota=0.4, sectors=["parts"])
    free = model.solve(china_cut)
    capped = china_cut.capacity_limit("ALL", 1.005, sectors=["parts"], exempt=["CHN"])
    res = model.solve(capped)
    limit = capped.controls[1]
    assert limit.capacity and limit.exporter == "ALL except CHN"
    # every producer but China, at home and abroad
    assert limit.cells[:, :, s][np.arange(b.n_countries) != chn].all()
    assert not limit.cells[chn].any() and not limit.cells[:, :, 0].any()

    def made(r):  # the other producers' output quantity, relative to the baseline
        deflated = r.flows_after / r.sector_outcomes["unit_cost_hat"][:, None, :]
        return deflated[limit.cells].sum() / r.flows_before[limit.cells].sum()

    assert made(free) > 1.01  # without the limit the others expand more
    assert made(res) == pytest.approx(1.005, abs=1e-8)
    assert res.controls[1]["capacity"] and res.controls[1]["shadow_tax"] > 0
    assert "capacity limit" in res.notes[-1]
    # the capacity's scarcity rent is the makers', not a licence rent
    rents = res.levels["licence_rent"]
    assert rents[chn] > 0 and np.count_nonzero(rents) == 1
    # scarcer parts: the parts price everyone pays rises more than under the cut alone
    price = res.sector_outcomes["prices"][:, s]
    assert (price > free.sector_outcomes["prices"][:, s]).all()
    # a slack capacity changes nothing
    slack = model.solve(china_cut.capacity_limit("ALL", 50.0, sectors=["parts"], exempt=["CHN"]))
    np.testing.assert_allclose(slack["welfare"], free["welfare"], atol=1e-9)


def test_capacity_limits_are_checked():
    b, _ = _control_toy()
    base = Policy.from_baseline(b).export_control("CHN", quota=0.5, sectors=["parts"])
    with pytest.raises(PolicyError, match="overlaps"):
        base.capacity_limit("ALL", 1.1, sectors=["parts"])  # China's exports are licensed
    with pytest.raises(PolicyError, match="positive quantity index"):
        base.capacity_limit("USA", 0.0, sectors=["parts"])
    once = base.capacity_limit("ALL", 1.1, sectors=["parts"], exempt=["CHN"])
    again = once.capacity_limit("ALL", 1.0, sectors=["parts"], exempt=["CHN"], replace_earlier=True)
    assert [c.quota for c in again.controls] == [0.5, 1.0]


def test_green_channel_partner_fares_better_than_without_it():
    b, model = _control_toy()
    base = Policy.from_baseline(b)
    deu = b.index("DEU")
    strict = model.solve(base.export_control("CHN", quota=0.6, sectors=["parts"]))
    green = model.solve(base.export_control("CHN", quota=0.6, sectors=["parts"], exempt=["DEU"]))
    assert green["welfare"][deu] > strict["welfare"][deu]


def test_trade_cost_shock_in_the_multisector_model():
    b = _two_sector_toy(seed=5)
    model = MultiSectorModel(b, deficits="fixed")
    base = Policy.from_baseline(b)
    usa, chn = b.index("USA"), b.index("CHN")
    barrier = model.solve(base.trade_cost("USA", on="CHN", change=0.3, sectors=["parts"]))
    tariff = model.solve(base.tariff("USA", on="CHN", rate=0.3, sectors=["parts"], additional=True))
    assert barrier.flows_after[chn, usa, 1] < barrier.flows_before[chn, usa, 1]
    np.testing.assert_allclose(barrier.flows_after[chn, usa, 0] > 0, True)
    assert barrier["revenue_share"][usa] < tariff["revenue_share"][usa]
    assert barrier["welfare"][usa] < tariff["welfare"][usa]


def test_the_path_without_export_taxes_equals_the_general_one():
    import jax
    import jax.numpy as jnp

    from tradewar.models import multisector as ms

    b = _two_sector_toy(seed=4)
    cal = MultiSectorModel(b, deficits="fixed").calibration
    policy = (
        Policy.from_baseline(b).tariff("USA", on="ALL", rate=0.4).tariff("CHN", on="USA", rate=0.2)
    )
    tau = jnp.asarray(policy.tariffs)
    lw = jnp.asarray(np.random.default_rng(1).normal(0, 0.05, b.n_countries))
    general = ms.state(lw, ms.prepare(tau, cal, jnp.zeros_like(tau)), cal)
    tariffs_only = ms.state(lw, ms.prepare(tau, cal, None), cal)
    pairs = zip(
        jax.tree_util.tree_flatten_with_path(general)[0],
        jax.tree_util.tree_leaves(tariffs_only),
        strict=True,
    )
    for (where, a), c in pairs:
        np.testing.assert_allclose(
            c, a, rtol=1e-12, atol=1e-14, err_msg=jax.tree_util.keystr(where)
        )


def test_models_put_their_arrays_on_the_device_without_compiling(monkeypatch):
    """Outside a trace, ``jnp.asarray`` of a NumPy array runs a compiled identity
    (``lax.stage``), one per shape, each loaded from the compilation cache at every
    start: calibrations, nests and a month's instruments use ``jax.device_put``."""
    from jax._src.lax import lax as jax_lax

    from tradewar import datasets
    from tradewar.core.policy import Policy
    from tradewar.models import MultiSectorModel, OneSectorModel

    staged = []
    stage = jax_lax.stage

    def counted(x):
        if isinstance(x, np.ndarray | float | int):  # a concrete value: compiled
            staged.append(np.shape(x))
        return stage(x)

    monkeypatch.setattr(jax_lax, "stage", counted)
    rare = datasets.load("default-rare-earths")
    nest = {"sector": "Rare earths", "elasticity": 0.05, "users": ["C29"]}
    model = MultiSectorModel(rare, elasticities="CP", deficits="fixed", critical_input=nest)
    model = model.with_nest_elasticity(0.1)
    policy = Policy.from_baseline(rare).tariff("USA", on="CHN", rate=0.2, additional=True)
    model._instruments(policy)
    model._instruments(policy, policy.demand_wedge())
    one = datasets.load("default")
    OneSectorModel(one)._instruments(Policy.from_baseline(one))
    assert staged == []
