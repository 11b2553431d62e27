"""Rerouting through hubs (docs/model.md J.4): the hub rule, the routed flows' records,
the response to the tariff gap and the transshipment penalty, bad input."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import toy_baseline
from tradewar.core.errors import DataError
from tradewar.paths import mirror
from tradewar.paths.mirror import MirrorParams, records
from tradewar.paths.rerouting import (
    Routed,
    RoutingParams,
    add_by_month,
    freight_margin,
    hubs,
    shares,
)
from tradewar.paths.scenario import Event, Scenario, ScenarioError, loads
from tradewar.paths.simulate import simulate

TOY = toy_baseline(8, seed=3)


def _path(rate: float, end: str = "2025-10", recording=None):
    """A path with a US tariff of ``rate`` on China from June 2025."""
    spec = Scenario(
        name="t",
        start="2025-06",
        end=end,
        events=[Event(date="2025-06-01", actor="USA", target="CHN", rate=rate)],
        recording=recording or {},
    )
    return simulate(spec, TOY)


def test_hubs_are_neither_the_origin_nor_the_importer():
    hub = hubs(TOY, RoutingParams(min_share=0.0)).hub
    n = TOY.n_countries
    for o in range(n):
        for d in range(n):
            chosen = hub[o, d, 0]
            assert o not in chosen and (d not in chosen or o == d)
    assert (hub[..., 0] >= 0).any()


def test_named_hubs_replace_the_rule_for_their_origin():
    hub = hubs(TOY, RoutingParams(hubs={"CHN": ("VNM",)})).hub
    c, u, v = (TOY.index(x) for x in ("CHN", "USA", "VNM"))
    assert hub[c, u, 0].tolist() == [v, -1, -1]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(0, 1e6), min_size=1, max_size=4),
    st.floats(0, 0.5),
)
def test_a_routed_flow_adds_the_same_goods_to_both_legs(values, processing):
    n = len(values)
    routed = Routed(
        origin=np.full(n, 1),
        hub=np.full(n, 2),
        importer=np.full(n, 0),
        sector=np.zeros(n, int),
        value=np.array([values]),
    )
    moved = routed.moved((1, 3, 3, 1), processing)
    total = sum(values)
    assert moved[0, 1, 2, 0] == pytest.approx(total)  # origin -> hub
    assert moved[0, 2, 0, 0] == pytest.approx(total * (1 + processing))  # hub -> importer
    assert moved[0, 1, 0, 0] == pytest.approx(-total)  # no longer origin -> importer


def test_routed_goods_raise_the_origins_exports_to_the_hub_and_the_hubs_to_the_importer():
    path = _path(1.0)
    params = MirrorParams(parts=())
    on = records(path, params)
    off = records(path, dataclasses.replace(params, rerouting=None))
    assert np.allclose(off.exporter, path.recorded.shipped)  # no part, no routing
    c, u = TOY.index("CHN"), TOY.index("USA")
    change = on.exporter - off.exporter
    assert change[:, c, u].sum() < 0
    processing = RoutingParams().processing
    for h in range(TOY.n_countries):
        if h in (c, u):
            continue
        into_hub = change[:, c, h, 0]
        out_of_hub = change[:, h, u, 0]
        np.testing.assert_allclose(out_of_hub, into_hub * (1 + processing), rtol=1e-12)
    np.testing.assert_allclose(on.exporter, on.importer, rtol=1e-12)  # both record them


@pytest.mark.parametrize("seen", ["records", "equilibrium"])
def test_the_records_route_by_the_timelines_shares_computed_once(seen, monkeypatch):
    """The equilibrium's wedges and the records share one computation of the routing
    shares (Timeline.routing); other freight margins compute their own."""
    path = _path(1.0, recording={"rerouting": seen})
    own = records(path)
    assert path.timeline.routing.share.size

    def anew(*args):
        raise AssertionError("routing shares computed again")

    monkeypatch.setattr(mirror, "shares", anew)
    again = records(path)
    np.testing.assert_array_equal(again.routed, own.routed)
    monkeypatch.undo()
    dearer = dataclasses.replace(mirror.params_for(path.scenario), freight_sea=0.3)
    assert np.abs(records(path, dearer).routed).sum() < np.abs(own.routed).sum()


FREIGHT = freight_margin(TOY.countries, 0.04, 0.07)


def _rates(gap: float) -> np.ndarray:
    rates = np.array(TOY.tariffs, float)[None].copy()
    rates[0, TOY.index("CHN"), TOY.index("USA")] += gap
    return rates


def test_no_tariff_rise_routes_nothing_and_a_bigger_gap_routes_more():
    assert shares(TOY, ["2025-06"], _rates(0.0), RoutingParams(), FREIGHT).share.size == 0
    small, large = (
        shares(TOY, ["2025-06"], _rates(gap), RoutingParams(), FREIGHT).share.sum()
        for gap in (0.3, 0.6)
    )
    assert 0 < small < large <= RoutingParams().max_share


def test_the_transshipment_penalty_lowers_routing_from_7_august_2025():
    july, september = (
        shares(TOY, [m], _rates(0.6), RoutingParams(), FREIGHT).share.sum()
        for m in ("2025-07", "2025-09")
    )
    assert september < july
    unpoliced = RoutingParams(catch_probability=0.0)
    assert shares(TOY, ["2025-09"], _rates(0.6), unpoliced, FREIGHT).share.sum() == pytest.approx(
        july
    )


def test_buyers_pay_the_routed_shares_saving_off_and_its_costs_on():
    routed = shares(TOY, ["2025-06"], _rates(0.6), RoutingParams(), FREIGHT)
    tariffs, costs = routed.effective(_rates(0.6))
    c, u = TOY.index("CHN"), TOY.index("USA")
    expected = _rates(0.6)[0, c, u, 0] - (routed.share[0] * routed.saving[0]).sum()
    assert tariffs[0, c, u, 0] == pytest.approx(expected)
    assert costs[0, c, u, 0] == pytest.approx((routed.share[0] * routed.cost).sum())
    others = np.ones(tariffs.shape, bool)
    others[0, c, u, 0] = False
    np.testing.assert_array_equal(tariffs[others], _rates(0.6)[others])


def test_in_equilibrium_the_origin_sells_more_through_the_cheaper_route():
    records_only = _path(1.0, recording={"rerouting": "records"})
    seen = _path(1.0, recording={"rerouting": "equilibrium"})
    c, u = TOY.index("CHN"), TOY.index("USA")
    assert (seen.tariffs[:, c, u] < records_only.tariffs[:, c, u]).all()
    assert seen.bilateral("CHN", "USA")[-1] > records_only.bilateral("CHN", "USA")[-1]
    off = _path(1.0, recording={"rerouting": "off"})
    np.testing.assert_allclose(off.tariffs, records_only.tariffs)
    assert not records(off).routed.any() and records(records_only).routed.any()


def test_a_hub_that_is_the_origin_is_refused_in_one_line():
    with pytest.raises(DataError, match="hub CHN of origin CHN is the origin itself"):
        RoutingParams(hubs={"CHN": ("VNM", "CHN")})
    text = """
name: t
start: 2025-01
end: 2025-03
recording: {hubs: {CHN: [VNM, CHN]}}
"""
    with pytest.raises(ScenarioError, match="the origin itself") as info:
        loads(text)
    assert "\n" not in str(info.value).strip()


def test_a_hub_outside_the_baseline_is_refused():
    with pytest.raises(DataError, match="BRA is not a country of the baseline"):
        hubs(TOY, RoutingParams(hubs={"CHN": ("BRA",)}))


@settings(max_examples=60, deadline=None)
@given(
    months=st.integers(1, 4),
    shape=st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 3)),
    cells=st.integers(0, 40),
    per_month=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_add_by_month_is_add_at_month_by_month(months, shape, cells, per_month, seed):
    rng = np.random.default_rng(seed)
    index = tuple(rng.integers(0, n, cells) for n in shape)  # repeated cells included
    values = rng.normal(size=(months, cells) if per_month else cells)
    start = rng.normal(size=(months, *shape))
    fast, slow = start.copy(), start.copy()
    add_by_month(fast, index, values)
    for m in range(months):
        np.add.at(slow[m], index, values[m] if per_month else values)
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-12)
