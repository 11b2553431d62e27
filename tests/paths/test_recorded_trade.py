"""Recorded trade: shipments, arrivals, stock-building ahead of announced tariffs and the
no-war path (monthly dynamics issue)."""

import numpy as np
import pytest

from tests.conftest import toy_baseline
from tradewar.core.baseline import goods_sectors
from tradewar.paths.recorded_trade import (
    RecordingParams,
    arrive,
    months_before,
    record,
    transit_months,
)
from tradewar.paths.scenario import Event, Scenario
from tradewar.paths.simulate import simulate
from tradewar.paths.timeline import Timeline

TOY = toy_baseline(5, seed=1)


def _path(events, end="2026-12", **dynamics):
    spec = Scenario(
        name="t",
        start="2025-01",
        end=end,
        events=[Event(**e) for e in events],
        dynamics=dynamics or {},
    )
    return simulate(spec, TOY)


def _chn_usa(values):
    i, n = TOY.index("CHN"), TOY.index("USA")
    return values[:, i, n].sum(axis=1)


def test_without_events_the_path_is_the_no_war_path():
    rec = record(_path([], end="2025-06"))
    assert np.allclose(rec.shipped, rec.no_war)
    assert np.allclose(rec.arrived, rec.no_war)
    assert not rec.stock_building.any()


def test_an_announced_tariff_raises_imports_before_and_lowers_them_after():
    tariff = {"date": "2025-05-01", "actor": "USA", "target": "CHN", "rate": 0.25}
    unannounced = record(_path([tariff], end="2025-12"))
    assert not unannounced.stock_building.any()  # no lead: the path of the lag alone
    surprise = _chn_usa(unannounced.shipped)
    told = _chn_usa(record(_path([{**tariff, "announced": "2025-03-01"}], end="2025-12")).shipped)
    assert told[2] > surprise[2] and told[3] > surprise[3]  # March, April: buying ahead
    assert told[4] < surprise[4] and told[5] < surprise[5]  # May, June: stocks run down
    assert np.allclose(told[:2], surprise[:2])
    assert told.sum() == pytest.approx(surprise.sum(), rel=1e-9)  # moved, not created


def test_a_week_of_notice_allows_a_week_of_extra_orders():
    tariff = {"date": "2025-04-09", "actor": "USA", "target": "CHN", "rate": 0.34}
    week = record(_path([{**tariff, "announced": "2025-04-02"}], end="2025-06"))
    i, n = TOY.index("CHN"), TOY.index("USA")
    share = week.stock_building[3, i, n].sum() / week.shipped[3, i, n].sum()
    assert 0 < share <= RecordingParams().build_rate * 7 / 30 + 1e-9


def test_shipped_and_arrived_totals_agree_over_a_long_horizon():
    events = [
        {
            "date": "2025-03-10",
            "actor": "USA",
            "target": "CHN",
            "rate": 1.0,
            "announced": "2025-02-01",
        },
        {"date": "2025-09-01", "actor": "USA", "target": "CHN", "rate": 0.2, "mode": "absolute"},
    ]
    rec = record(_path(events, end="2027-12"))
    shipped, arrived = _chn_usa(rec.shipped), _chn_usa(rec.arrived)
    # what differs is what is at sea at the ends: less than a month's shipments
    assert abs(shipped.sum() - arrived.sum()) < shipped[-1] + shipped[0]
    assert arrived[3] != shipped[3]  # arrivals lag shipments


def test_arrivals_split_a_fractional_transit_between_two_months():
    shipped = np.zeros((4, 2, 2, 1))
    shipped[1, 0, 1] = 30.0
    transit = np.array([[0.0, 0.5], [0.5, 0.0]])
    arrived = arrive(shipped, transit, np.zeros((2, 2, 1)))
    assert arrived[1, 0, 1, 0] == pytest.approx(15.0) and arrived[2, 0, 1, 0] == 15.0


def test_routes_and_goods():
    from tradewar import datasets

    icio = datasets.load("default-multisector")
    weeks = transit_months(icio, RecordingParams()) * 365.25 / 12 / 7
    us, mx, cn = (icio.index(c) for c in ("USA", "MEX", "CHN"))
    assert weeks[cn, us] == pytest.approx(4.0) and weeks[mx, us] == pytest.approx(1.0)
    assert "Services (aggregate)" not in [icio.sectors[k] for k in goods_sectors(icio)]
    assert len(goods_sectors(icio)) == icio.n_sectors - 1


def test_history_before_the_start_follows_early_announcements():
    spec = Scenario(
        name="t",
        start="2025-01",
        end="2025-03",
        events=[
            Event(date="2025-02-04", actor="USA", target="CHN", rate=0.1, announced="2024-11-25")
        ],
    )
    assert months_before(Timeline(spec, toy_baseline())) == ["2024-11", "2024-12"]


def test_the_long_run_limit_is_the_static_model():
    events = [{"date": "2025-02-01", "actor": "USA", "target": "CHN", "rate": 0.5}]
    path = _path(events, end="2025-06", months=1e-6)
    last, long_run = path.results[-1], path.long_run
    assert np.allclose(last.flows_after, long_run.flows_after, rtol=1e-8)
    assert last.value("welfare", "USA") == pytest.approx(long_run.value("welfare", "USA"))
