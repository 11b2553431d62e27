"""Users' stocks of a controlled input (tradewar.paths.inventories): drawn before output
falls, rebuilt afterwards, purchases = use - drawn + rebuilt; bad stocks refused."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import rare_earth_regions
from tradewar.core.policy import Policy
from tradewar.paths import scenario
from tradewar.paths.inventories import Ledger, StockParams, cover_of_inputs
from tradewar.paths.scenario import ScenarioError
from tradewar.paths.simulate import simulate


@pytest.fixture(scope="module")
def small():
    return rare_earth_regions()


SCENARIO = """
name: toy magnets
start: 2025-01
end: 2025-10
focus: [USA, CHN]
model: {{elasticities: CP, deficits: fixed,
        critical_input: {{sector: Magnets, elasticity: 0.05, users: [C29]}}}}
dynamics: {{profile: long_run}}
{inventories}
events:
  - {{date: 2025-02-01, actor: CHN, target: ALL, instrument: export_control, quota: 0.01,
     sectors: [Magnets], expires: {expires}}}
"""
STOCKS = "inventories: {cover: {C29: 3}, default: 3, rebuild_months: 3}"


def _path(small, expires, stocks=True):
    text = SCENARIO.format(inventories=STOCKS if stocks else "", expires=expires)
    return simulate(scenario.loads(text), small)


def _cars(path):
    return path.users_output()["USA C29"].to_numpy()


def test_three_months_of_stock_cover_a_two_month_cut_and_a_five_month_cut_bites_in_month_four(
    small,
):
    # the cut (99% of China's magnets) runs from February: two months, then five
    short, long = _path(small, "2025-04-01"), _path(small, "2025-07-01")
    bare = _cars(_path(small, "2025-07-01", stocks=False))
    assert (bare[1:6] < -0.01).all()  # without stocks, output falls at once
    np.testing.assert_allclose(_cars(short), 0.0, atol=1e-6)
    cars = _cars(long)
    np.testing.assert_allclose(cars[:4], 0.0, atol=1e-6)  # Feb, Mar, Apr: from stock
    assert cars[4] < -0.01 and cars[5] < -0.01  # May, June: the stock is gone
    np.testing.assert_allclose(cars[6:], 0.0, atol=1e-6)
    usa = small.index("USA")
    stocks = long.stocks
    assert stocks.start[:, usa, 0][:5] == pytest.approx([3, 3, 2.01, 1.02, 0.03], abs=1e-6)


def test_purchases_are_use_less_what_is_drawn_plus_what_is_rebuilt(small):
    path = _path(small, "2025-07-01")
    stocks, frame = path.stocks, path.controls_frame()
    usa, chn, magnets = small.index("USA"), small.index("CHN"), small.sectors.index("Magnets")
    # the stock only changes by what is drawn and rebuilt, and ends where it began
    change = np.diff(stocks.start[:, usa, 0])
    np.testing.assert_allclose(change, -stocks.drawn[:-1, usa, 0] + stocks.rebuilt[:-1, usa, 0])
    end = stocks.start[-1] - stocks.drawn[-1] + stocks.rebuilt[-1]
    np.testing.assert_allclose(end, stocks.target, atol=1e-12)
    assert stocks.drawn.sum() == pytest.approx(stocks.rebuilt.sum(), rel=1e-9)
    # customs see purchases: use - drawn + rebuilt, month by month, in value
    used = np.array([r.flows_after[chn, usa, magnets] for r in path.results])
    bought = (
        path.recorded.shipped[:, chn, usa, magnets] / path.recorded.no_war[0, chn, usa, magnets]
    )
    costs = np.array([r.sector_outcomes["unit_cost_hat"][chn, magnets] for r in path.results])
    base = small.flows[chn, usa, magnets]
    expected = (used + (stocks.rebuilt[:, usa, 0] - stocks.drawn[:, usa, 0]) * base * costs) / base
    stock_building = path.recorded.stock_building[:, chn, usa, magnets]
    np.testing.assert_allclose(
        bought - stock_building / path.recorded.no_war[0, chn, usa, magnets], expected, rtol=1e-9
    )
    # while licences bind, users buy what is licensed and use more
    licensed = frame[frame.month.isin(["2025-02", "2025-03", "2025-04"])]
    assert licensed.bought.to_numpy() == pytest.approx(0.01, abs=1e-9)
    assert (licensed.quantity > 0.9).all() and (licensed.stock_months > 0).all()


def test_a_destinations_cover_is_its_users_cover_weighted_by_their_purchases(small):
    magnets = small.sectors.index("Magnets")
    same = cover_of_inputs(small, [magnets], StockParams({"C29": 2.0}, 2.0, 6))
    np.testing.assert_allclose(same, 2.0)
    cover = cover_of_inputs(small, [magnets], StockParams({"C29": 1.0}, 4.0, 6))
    assert ((cover > 1.0) & (cover < 4.0)).all()


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("inventories: {cover: {C29: -1}}", "stock of C29: -1 months of use"),
        ("inventories: {default: -2}", "default stock -2 months of use"),
        ("inventories: {rebuild_months: 0}", "rebuild_months 0 must be positive"),
        ("inventories: {months: 2}", "unknown field 'months'"),
    ],
)
def test_bad_stocks_get_one_line_errors(block, message):
    text = SCENARIO.format(inventories=block, expires="2025-04-01")
    with pytest.raises(ScenarioError, match=message) as info:
        scenario.loads(text)
    assert "\n" not in str(info.value)


def test_an_unknown_using_sector_is_named(small):
    text = SCENARIO.format(inventories="inventories: {cover: {Widgets: 2}}", expires="2025-04-01")
    with pytest.raises(ScenarioError, match="unknown using sectors \\['Widgets'\\]"):
        simulate(scenario.loads(text), small)


@settings(max_examples=40, deadline=None)
@given(
    quotas=st.lists(st.floats(0.01, 1.5), min_size=1, max_size=12),
    used=st.lists(st.floats(0.0, 1.2), min_size=12, max_size=12),
    cover=st.floats(0.0, 4.0),
    rebuild=st.floats(0.5, 12.0),
)
def test_the_ledger_keeps_stocks_between_zero_and_the_target(quotas, used, cover, rebuild):
    """Whatever the quotas and what users use: stocks stay in [0, target], a month draws
    only what the stock holds and only what was used above the quota, and the stock moves
    by exactly what was drawn and rebuilt."""
    b = rare_earth_regions()
    ledger = Ledger(b, StockParams({}, cover, rebuild), "CHN", ["Magnets"], len(quotas))
    base = Policy.from_baseline(b)
    for k, quota in enumerate(quotas):
        control = base.export_control("CHN", quota=quota, sectors=["Magnets"])
        (relaxed,) = ledger.relax(control.controls)
        assert quota <= relaxed.quota <= max(quota, 1.0) + 1e-12
        before = ledger.stock.copy()
        use = min(used[k], relaxed.quota)  # the solve never uses more than allowed
        ledger.book(k, control.controls, [use])
        drawn, rebuilt = ledger.drawn[k], ledger.rebuilt[k]
        assert (drawn >= 0).all() and (rebuilt >= 0).all()
        assert (drawn <= before + 1e-12).all()
        assert (drawn.sum() == 0) or (rebuilt.sum() == 0)  # never both in one month
        np.testing.assert_allclose(ledger.stock, before - drawn + rebuilt, atol=1e-12)
        assert (ledger.stock >= -1e-12).all()
        assert (ledger.stock <= ledger.target + 1e-12).all()
        shipments = b.flows[b.index("CHN"), :, b.sectors.index("Magnets")]
        w = np.where(np.arange(b.n_countries) != b.index("CHN"), shipments, 0.0)
        assert w @ drawn[:, 0] / w.sum() <= max(use - quota, 0.0) + 1e-9


TWO_EXPORTERS = SCENARIO.replace(
    "events:\n",
    "events:\n"
    "  - {{date: 2025-02-01, actor: USA, target: CHN, instrument: export_control, quota: 0.5,\n"
    "     sectors: [Other]}}\n"
    "  - {{date: 2025-04-01, actor: USA, target: CHN, instrument: export_control, lift: true,\n"
    "     sectors: [Other]}}\n",
)


def test_with_two_controlling_exporters_the_stocks_follow_the_one_named(small):
    alone = _path(small, "2025-04-01")
    stocks = "inventories: {exporter: CHN, cover: {C29: 3}, default: 3, rebuild_months: 3}"
    both = simulate(
        scenario.loads(TWO_EXPORTERS.format(inventories=stocks, expires="2025-04-01")), small
    )
    assert both.stocks.exporter == small.index("CHN")
    np.testing.assert_allclose(both.stocks.start, alone.stocks.start, atol=0.02)
    exporters = [{c.exporter for c in month} for month in both.timeline.controls]
    assert exporters[1] == exporters[2] == {"CHN", "USA"}  # Feb, Mar
    assert all("USA" not in e for e in exporters[3:])  # lifted from April
    unnamed = TWO_EXPORTERS.format(inventories=STOCKS, expires="2025-04-01")
    with pytest.raises(ScenarioError, match="one controlling exporter, got \\['CHN', 'USA'\\]"):
        simulate(scenario.loads(unnamed), small)
    japan = stocks.replace("CHN", "JPN")
    text = TWO_EXPORTERS.format(inventories=japan, expires="2025-04-01")
    with pytest.raises(ScenarioError, match="JPN controls no exports"):
        simulate(scenario.loads(text), small)
