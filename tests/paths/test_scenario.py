"""Scenario files, timelines (stacking, expiry, snap-back) and monthly paths."""

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import toy_baseline, two_sector_baseline
from tradewar.paths.scenario import Event, Scenario, ScenarioError, load
from tradewar.paths.simulate import simulate
from tradewar.paths.timeline import monthly_wedges, policy_on

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _scenario(events, **kw):
    return Scenario(
        name="t", start="2025-01", end="2025-12", events=[Event(**e) for e in events], **kw
    )


def test_shipped_scenarios_load():
    names = {p.stem for p in SCENARIOS.glob("*.yaml")}
    assert {"us_china_2025", "us_china_2025_truce_expires", "liberation_day_2025"} <= names
    for path in SCENARIOS.glob("*.yaml"):
        spec = load(path)
        assert spec.events and all(e.source for e in spec.events)


def test_additional_duties_stack_and_absolute_replaces(toy):
    events = [
        Event(date="2025-02-04", actor="USA", target="CHN", rate=0.10),
        Event(date="2025-03-04", actor="USA", target="CHN", rate=0.10),
        Event(date="2025-04-10", actor="USA", target="CHN", rate=1.25),
        Event(
            date="2025-05-14",
            actor="USA",
            target="CHN",
            rate=0.30,
            mode="absolute",
            expires="2025-08-12",
        ),
    ]
    on = lambda day: policy_on(toy, events, dt.date.fromisoformat(day)).rate("USA", "CHN")  # noqa: E731
    assert on("2025-01-31") == 0.0
    assert on("2025-03-05") == pytest.approx(0.20)
    assert on("2025-04-11") == pytest.approx(1.45)
    assert on("2025-06-01") == pytest.approx(0.30)  # truce
    assert on("2025-08-12") == pytest.approx(1.45)  # expiry: snap-back


def test_monthly_wedges_prorate_days_and_lag(toy):
    spec = _scenario(
        [{"date": "2025-03-16", "actor": "USA", "target": "CHN", "rate": 1.0, "mode": "absolute"}]
    )
    _, tariffs, felt, _, _ = monthly_wedges(toy, spec)
    us, cn = toy.index("USA"), toy.index("CHN")
    march = np.log1p(tariffs[2, cn, us, 0])
    assert march == pytest.approx(np.log(2.0) * 16 / 31)  # in force 16 of 31 days
    assert tariffs[3, cn, us, 0] == pytest.approx(1.0)
    lag = np.log(felt[:, cn, us, 0])
    assert lag[2] == 0.0  # g(0) = 0: goods ordered before the change still ship
    assert 0 < lag[3] < march and lag[4] < np.log(2.0)  # buyers respond gradually
    assert np.all(np.diff(lag[3:]) > 0)


def test_events_that_cancel_give_all_hats_one(toy):
    spec = _scenario(
        [  # +50% on 1 Jan, -50% the same day: nothing changes
            {"date": "2025-01-01", "actor": "USA", "target": "CHN", "rate": 0.5},
            {"date": "2025-01-01", "actor": "USA", "target": "CHN", "rate": -0.5},
        ]
    )
    path = simulate(spec, toy)
    for res in [*path.results, path.long_run]:
        np.testing.assert_allclose(res["welfare"], 0.0, atol=1e-9)
        np.testing.assert_allclose(res.flows_after, res.flows_before, rtol=1e-9)


def test_truce_expiry_brings_trade_back_down(toy):
    base = [
        {"date": "2025-02-01", "actor": "USA", "target": "CHN", "rate": 1.45},
        {"date": "2025-02-01", "actor": "CHN", "target": "USA", "rate": 1.25},
    ]
    truce = [
        {
            "date": "2025-05-14",
            "expires": "2025-08-12",
            "actor": a,
            "target": b,
            "rate": r,
            "mode": "absolute",
        }
        for a, b, r in (("USA", "CHN", 0.3), ("CHN", "USA", 0.1))
    ]
    path = simulate(_scenario(base + truce, dynamics={"profile": "long_run"}), toy)
    flow = path.bilateral("CHN", "USA")
    assert flow[5] > flow[3] and flow[9] < flow[6]  # up in the truce, down after it
    assert flow[9] == pytest.approx(flow[3], rel=1e-9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name: x\nstart: 2025-01\nend: 2025-03\nevents:\n  - {date: 2025-01-02, actor: USA,"
            " target: CHM, rate: 0.1}\n",
            r"line 5, field events\.0\.target: unknown country "
            r"code 'CHM'; did you mean .*CHN",
        ),
        (
            "name: x\nstart: 2025-01\nend: 2025-03\nevents:\n  - date: 2025-01-02\n    actor: USA\n"
            "    rate: -1.5\n",
            r"line 7, field events\.0\.rate: rate -1\.5 is below -100%",
        ),
        (
            "name: x\nstart: 2025-13\nend: 2025-03\n",
            r"line 2, field start: '2025-13' is not a "
            "month",
        ),
        (
            "name: x\nstart: 2025-01\nend: 2025-03\nevents:\n  - {date: 2025-01-02, actor: USA, "
            "rate: 0.1, rte: 2}\n",
            r"field events\.0\.rte: unknown field 'rte'",
        ),
        ("start: 2025-01\nend: 2025-03\n", r"field name: missing required field 'name'"),
        (
            "name: x\nstart: 2025-01\nend: 2025-03\nevents:\n  - {date: 2025-02-30, actor: USA, "
            "rate: 0.1}\n",
            r"line 5, field events\.0\.date",
        ),
        ("name: [unclosed\n", r"line \d+: not valid YAML"),
        (
            "name: x\nstart: 2025-01\nend: 2025-03\nevents:\n  - {date: 2025-01-02, actor: CHN, "
            "instrument: export_control}\n",
            r"line 5, field events\.0: an export_control event needs a quota",
        ),
        (
            "name: x\nstart: 2025-01\nend: 2025-03\nevents:\n  - {date: 2025-01-02, actor: CHN, "
            "instrument: export_control, quota: 0}\n",
            r"field events\.0\.quota: quota 0\.0 must be a positive quantity index",
        ),
    ],
)
def test_malformed_files_name_file_line_and_field(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=message) as info:
        load(path)
    assert str(path) in str(info.value)


def test_missing_file():
    with pytest.raises(ScenarioError, match="not found"):
        load("nope.yaml")


@pytest.fixture
def toy_world():
    return toy_baseline(5, seed=3)


def test_unknown_schedule_is_reported(toy_world):
    spec = _scenario([{"date": "2025-01-02", "actor": "USA", "schedule": "ustr_2099"}])
    with pytest.raises(ScenarioError, match="unknown schedule 'ustr_2099'"):
        simulate(spec, toy_world)


# -- export controls on a multi-sector baseline ---------------------------------------
def _two_sector_world():
    return two_sector_baseline(5, 7, ("goods", "rare"), (4.0, 2.0))


CONTROLS = [
    {
        "date": "2025-04-04",
        "actor": "CHN",
        "instrument": "export_control",
        "quota": 0.5,
        "sectors": ["rare"],
        "source": "test",
    },
    {
        "date": "2025-08-01",
        "actor": "CHN",
        "instrument": "export_control",
        "quota": 0.5,
        "sectors": ["rare"],
        "exempt": ["DEU"],
        "source": "test: green channel",
    },
]


def test_a_later_control_replaces_the_earlier_one():
    world = _two_sector_world()
    spec = _scenario(CONTROLS)
    assert policy_on(world, spec.events, dt.date(2025, 3, 1)).controls == ()
    (april,) = policy_on(world, spec.events, dt.date(2025, 5, 1)).controls
    (august,) = policy_on(world, spec.events, dt.date(2025, 9, 1)).controls
    assert "DEU" in april.destinations and "DEU" not in august.destinations


def test_each_listed_sector_is_its_own_licence_pool_and_capacity_events_parse():
    world = _two_sector_world()
    both = {**CONTROLS[0], "sectors": ["goods", "rare"]}
    capacity = {
        "date": "2025-05-01",
        "actor": "ALL",
        "exempt": ["CHN"],
        "instrument": "capacity_limit",
        "quota": {"low": 1.0, "high": 1.2},  # a capacity band may exceed 1
        "sectors": ["rare"],
        "source": "test",
    }
    spec = _scenario([both, capacity])
    controls = policy_on(world, spec.events, dt.date(2025, 6, 1)).controls
    assert [(c.sectors, c.capacity) for c in controls] == [
        (("goods",), False),
        (("rare",), False),
        (("rare",), True),
    ]
    assert controls[2].quota == pytest.approx(1.1) and controls[2].exporter == "ALL except CHN"
    # a later capacity replaces the earlier one in its place
    tighter = {**capacity, "date": "2025-07-01", "quota": 0.9}
    later = policy_on(world, _scenario([both, capacity, tighter]).events, dt.date(2025, 8, 1))
    assert [c.quota for c in later.controls] == [0.5, 0.5, 0.9]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"quota": None}, "a capacity_limit event needs a quota"),
        ({"target": "USA"}, "leave target out"),
        ({"quota": 0}, "positive quantity index"),
    ],
)
def test_bad_capacity_events_are_refused(extra, message):
    from pydantic import ValidationError

    event = {"date": "2025-05-01", "actor": "ALL", "instrument": "capacity_limit", "quota": 1.1}
    with pytest.raises(ValidationError, match=message):
        _scenario([{**event, **extra}])


@pytest.mark.slow
def test_controls_path_with_green_channel_and_report(tmp_path):
    from tradewar.reports import scenario as scenario_report

    world = _two_sector_world()
    spec = _scenario(CONTROLS, dynamics={"profile": "long_run"}, focus=["CHN", "DEU"])
    path = simulate(spec, world)
    chn, deu, usa = (world.index(c) for c in ("CHN", "DEU", "USA"))
    to_deu = np.array([r.flows_after[chn, deu, 1] for r in path.results])
    to_usa = np.array([r.flows_after[chn, usa, 1] for r in path.results])
    assert to_deu[0] == pytest.approx(world.flows[chn, deu, 1], rel=1e-9)  # before April
    assert to_deu[4] < 0.9 * to_deu[0] and to_usa[4] < 0.9 * to_usa[0]  # controlled
    assert to_deu[9] > to_deu[0] > to_deu[4]  # green channel from August: above baseline
    assert to_usa[9] < to_usa[0]
    assert path.results[4].controls[0]["shadow_tax"] > 0
    files = scenario_report.write(path, tmp_path)
    assert (tmp_path / "export_controls.png").stat().st_size > 0
    assert len(files) == 13  # with customs.csv, customs.png and controls.csv
    controls = __import__("pandas").read_csv(tmp_path / "controls.csv")
    april = controls[controls.month == "2025-05"].iloc[0]  # the 15th of May: binding
    assert april["kind"] == "export control" and april["shadow_tax"] > 0
    assert april["quantity"] == pytest.approx(0.5, abs=1e-6)
    import xarray as xr

    with xr.open_dataset(tmp_path / "results.nc") as nc:
        assert nc["sector_output"].dims == ("month", "country", "sector")
        assert float(abs(nc["sector_prices"].sel(month="2025-01")).max()) < 1e-6
    monthly = __import__("pandas").read_csv(tmp_path / "monthly.csv")
    assert set(monthly["sector"]) == {"goods", "rare"}
    text = (tmp_path / "summary.md").read_text()
    assert "## Export controls by month" in text and "green channel" in text


def test_controls_on_a_one_sector_baseline_are_refused(toy):
    with pytest.raises(Exception, match="export controls need a multi-sector baseline"):
        simulate(_scenario([{**CONTROLS[0], "sectors": None}]), toy)


def test_trade_cost_events_lag_stack_and_cancel(toy):
    up = {
        "date": "2025-03-01",
        "actor": "USA",
        "target": "CHN",
        "instrument": "trade_cost",
        "rate": 0.25,
        "source": "test",
    }
    down = {**up, "date": "2025-07-01", "rate": -0.2}  # x 1.25 x 0.8 = 1
    path = simulate(_scenario([up, down], dynamics={"profile": "long_run"}), toy)
    flow = path.bilateral("CHN", "USA")
    assert flow[4] < flow[0]  # the barrier bites
    assert flow[11] == pytest.approx(flow[0], rel=1e-9)  # and is undone
    np.testing.assert_allclose(path.long_run["welfare"], 0.0, atol=1e-10)


def test_the_october_branch_cuts_the_capacity_outside_china_and_keeps_us_users_licensed():
    from tradewar import datasets

    world = datasets.load("default-chokepoints-us2024")
    main = load(SCENARIOS / "us_china_2025.yaml").steps()
    branch = load(SCENARIOS / "us_china_2025_october_controls.yaml").steps()

    def limits(events, day):
        controls = policy_on(world, events, dt.date.fromisoformat(day)).controls
        capacity = [c.quota for c in controls if c.capacity and "Magnets" in c.sectors]
        magnets = [c for c in controls if not c.capacity and c.sectors == ("Magnets",)]
        return capacity, magnets[0]

    assert limits(branch, "2025-11-15")[0] == [1.1]
    capacity, magnets = limits(branch, "2025-12-15")
    assert capacity == [0.53] and "USA" in magnets.destinations  # no Busan licences
    capacity, magnets = limits(main, "2025-12-15")
    assert capacity == [1.1] and "USA" not in magnets.destinations
