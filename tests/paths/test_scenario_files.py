"""Scenario files, property-based: valid files load and round-trip, invalid ones raise
one ScenarioError naming file, line and field, never a traceback."""

import datetime as dt
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradewar.paths.scenario import ScenarioError, load

CODES = ["USA", "CHN", "MEX", "DEU", "EU27", "ALL"]
day = st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@st.composite
def events(draw):
    date = draw(day)
    instrument = draw(st.sampled_from(["import_tariff", "export_tax", "trade_cost"]))
    event = {
        "date": date.isoformat(),
        "actor": draw(st.sampled_from(CODES[:4])),
        "target": draw(st.sampled_from(CODES)),
        "instrument": instrument,
        "rate": draw(st.floats(0.0, 3.0).map(lambda r: round(r, 3))),
        "mode": draw(st.sampled_from(["additional", "absolute"])),
        "source": "test",
    }
    if draw(st.booleans()):
        event["expires"] = (date + dt.timedelta(draw(st.integers(1, 200)))).isoformat()
    if draw(st.booleans()):
        event["announced"] = (date - dt.timedelta(draw(st.integers(0, 90)))).isoformat()
    return event


def _write(tmp_path_factory, data) -> str:
    path = tmp_path_factory.mktemp("s") / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(st.lists(events(), max_size=8))
def test_valid_files_load_and_round_trip(tmp_path_factory, evs):
    data = {"name": "t", "start": "2025-01", "end": "2025-12", "events": evs}
    spec = load(_write(tmp_path_factory, data))
    assert len(spec.events) == len(evs)
    for event, raw in zip(spec.events, evs, strict=True):
        assert event.date.isoformat() == raw["date"]
        assert event.rate == raw["rate"] and event.mode == raw["mode"]
        assert event.announced.isoformat() == raw.get("announced", raw["date"])
    dumped = spec.model_dump(mode="json")
    again = _write(tmp_path_factory, {**dumped, "events": dumped["events"]})
    assert load(again) == spec


BREAKS = {
    "actor": "CHM",
    "rate": -1.5,
    "date": "2025-02-30",
    "mode": "sometimes",
    "instrument": "embargo",
    "expires": "2024-01-01",
    "announced": "2026-06-01",
    "target": ["USA", "ZZZ"],
    "unknown_field": 1,
}


@SETTINGS
@given(st.lists(events(), min_size=1, max_size=5), st.data())
def test_one_bad_field_is_named_with_its_line(tmp_path_factory, evs, data):
    k = data.draw(st.integers(0, len(evs) - 1))
    field = data.draw(st.sampled_from(sorted(BREAKS)))
    evs[k] = {**evs[k], field: BREAKS[field]}
    path = _write(
        tmp_path_factory, {"name": "t", "start": "2025-01", "end": "2025-12", "events": evs}
    )
    try:
        load(path)
    except ScenarioError as exc:
        message = str(exc)
        assert "\n" not in message
        assert message.startswith(f"{path}, line ")
        assert re.search(rf"field events\.{k}(\.|:)", message), message
    else:
        raise AssertionError(f"{field}={BREAKS[field]!r} was accepted")
