"""Typed scenario events: each type validates its fields, applies itself to a policy and
says what it does; a marker changes nothing; a reciprocal tariff mirrors the target."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.conftest import toy_baseline
from tradewar.core.errors import PolicyError
from tradewar.core.policy import Policy
from tradewar.paths.events import (
    EVENT_TYPES,
    Event,
    ExportControl,
    ImportTariff,
    Marker,
    ReciprocalTariff,
    without_tags,
)
from tradewar.paths.scenario import ScenarioError, loads
from tradewar.paths.timeline import Timeline

TOY = toy_baseline(4)


def test_the_instrument_picks_the_type_and_import_tariff_is_the_default():
    assert isinstance(Event(date="2025-02-01", actor="USA", rate=0.1), ImportTariff)
    control = Event(date="2025-04-04", actor="CHN", instrument="export_control", quota=0.5)
    assert isinstance(control, ExportControl) and control.kind == "export_control"
    talks = Event(date="2025-06-10", instrument="marker", about="talks", label="London")
    assert isinstance(talks, Marker) and talks.kind == "talks" and talks.title == "London"
    assert set(EVENT_TYPES) >= {"import_tariff", "reciprocal_tariff", "marker"}


def test_a_field_of_another_instrument_is_refused():
    with pytest.raises(ValidationError, match="quota"):
        Event(date="2025-02-01", actor="USA", rate=0.1, quota=0.5)
    with pytest.raises(ValidationError, match="needs a quota"):
        Event(date="2025-02-01", actor="CHN", instrument="export_control")


def test_a_marker_changes_no_policy_and_cuts_no_month():
    policy = Policy.from_baseline(TOY).tariff("USA", on="CHN", rate=0.2)
    marker = Event(date="2025-06-10", actor="USA", instrument="marker", about="talks")
    assert marker.apply(policy) is policy and not marker.changes_policy
    spec = loads(
        "name: t\nstart: 2025-01\nend: 2025-12\nevents:\n"
        "  - {date: 2025-03-01, actor: USA, target: CHN, rate: 0.2}\n"
        "  - {date: 2025-06-10, instrument: marker, about: talks, label: London}\n"
    )
    timeline = Timeline(spec, TOY)
    assert timeline.marks == {"2025-06-10": "London"} and len(timeline.changes) == 1


def test_a_reciprocal_tariff_mirrors_the_rates_the_target_levies():
    policy = Policy.from_baseline(TOY).tariff("USA", on="ALL", rate=0.25)
    event = Event(date="2025-04-05", actor="ALL", target="USA", instrument="reciprocal_tariff")
    assert isinstance(event, ReciprocalTariff)
    after = event.apply(policy)
    us = TOY.index("USA")
    others = [k for k in range(TOY.n_countries) if k != us]
    np.testing.assert_allclose(after.tariffs[us, others, :], 0.25)  # every partner: 25%
    assert after.tariffs[us, us, 0] == 0.0
    spared = Event(
        date="2025-04-05", actor="ALL", target="USA", instrument="reciprocal_tariff", exempt=["MEX"]
    ).apply(policy)
    assert spared.tariffs[us, TOY.index("MEX"), 0] == 0.0
    with pytest.raises(ValidationError, match="one country"):
        Event(date="2025-04-05", actor="CHN", target="ALL", instrument="reciprocal_tariff")


def test_a_reciprocal_tariff_runs_through_a_scenario_file():
    spec = loads(
        "name: t\nstart: 2025-01\nend: 2025-06\nevents:\n"
        "  - {date: 2025-02-01, actor: USA, target: CHN, rate: 0.3}\n"
        "  - {date: 2025-03-01, actor: CHN, target: USA, instrument: reciprocal_tariff}\n"
    )
    wedges = Timeline(spec, TOY).wedges
    us, cn = TOY.index("USA"), TOY.index("CHN")
    assert wedges.tariffs[-1, us, cn, 0] == pytest.approx(0.3)  # China mirrors 30%
    assert wedges.tariffs[0, us, cn, 0] == 0.0
    assert "levies" in spec.events[1].what()
    assert loads(spec.file_text()).events[1].instrument == "reciprocal_tariff"


def test_a_field_of_another_event_type_is_named_as_such():
    with pytest.raises(ScenarioError, match="unknown field 'quota' of an import_tariff event"):
        loads(
            "name: t\nstart: 2025-01\nend: 2025-06\nevents:\n"
            "  - {date: 2025-02-01, actor: USA, quota: 0.5}\n"
        )
    with pytest.raises(ScenarioError, match="did you mean 'rate'"):  # a misspelling
        loads(
            "name: t\nstart: 2025-01\nend: 2025-06\nevents:\n"
            "  - {date: 2025-02-01, actor: USA, rtae: 0.5}\n"
        )


def test_errors_name_the_event_field_without_the_type_tag():
    with pytest.raises(ScenarioError, match=r"field events\.0\.quota"):
        loads(
            "name: t\nstart: 2025-01\nend: 2025-06\nevents:\n"
            "  - {date: 2025-02-01, actor: CHN, instrument: export_control, quota: -1}\n"
        )


@given(st.lists(st.one_of(st.integers(0, 5), st.sampled_from(["events", *EVENT_TYPES, "x"]))))
def test_only_a_type_tag_after_an_event_index_is_dropped(loc):
    out = without_tags(tuple(loc))
    assert len(out) >= len(loc) - sum(1 for key in loc if key in EVENT_TYPES)
    assert [k for k in out if k not in EVENT_TYPES] == [k for k in loc if k not in EVENT_TYPES]


def _licensing(**fields):
    return Event(**{"date": "2025-04-04", "actor": "CHN", "instrument": "export_control", **fields})


def test_licence_pools_by_destination_have_their_own_quota_and_leave_the_rest_one_pool():
    wide = toy_baseline(6)  # USA, CHN, DEU, MEX, JPN, CAN
    event = _licensing(quota=0.3, pools={"usa": 0.05, "DEU": 1}, rent="importer")
    assert event.pools == {"USA": 0.05, "DEU": 1.0}
    controls = event.apply(Policy.from_baseline(wide)).controls
    by_label = {c.label.rsplit(": ", 1)[-1]: c for c in controls}
    assert set(by_label) == {"CHN export control from 2025-04-04", "USA pool", "DEU pool"}
    assert [by_label[k].quota for k in ("USA pool", "DEU pool")] == [0.05, 1.0]
    rest = by_label["CHN export control from 2025-04-04"]
    assert rest.quota == 0.3 and set(rest.destinations) == {"MEX", "JPN", "CAN"}
    assert by_label["USA pool"].destinations == ("USA",)
    assert all(c.rent == "importer" for c in controls)
    assert "USA 0.05" in event.what() and "held by the importer" in event.what()
    # a later event replaces every earlier pool it overlaps
    later = _licensing(date="2025-06-11", quota=0.6).apply(event.apply(Policy.from_baseline(wide)))
    assert [c.quota for c in later.controls] == [0.6]


def test_a_lifted_control_frees_its_flows_and_keeps_the_rest_of_a_pool():
    wide = toy_baseline(6)
    two = toy_baseline(6).replace(
        sectors=("a", "b"),
        flows=np.concatenate([wide.flows, wide.flows], axis=2),
        tariffs=None,
        elasticities={"toy": np.array([4.0, 4.0])},
    )
    policy = _licensing(quota=0.3, target=["USA", "DEU"]).apply(Policy.from_baseline(two))
    lifted = _licensing(date="2025-07-03", lift=True, target="USA", sectors=["a"])
    assert lifted.quota is None and lifted.what() == "control lifted"
    (control,) = lifted.apply(policy).controls
    usa, deu = two.index("USA"), two.index("DEU")
    chn = two.index("CHN")
    assert control.quota == 0.3 and control.destinations == ("USA", "DEU")
    assert not control.cells[chn, usa, 0] and control.cells[chn, usa, 1]
    assert control.cells[chn, deu].all()
    everything = _licensing(date="2025-07-03", lift=True).apply(policy)
    assert everything.controls == ()
    with pytest.raises(PolicyError, match="no export control of CHN in force"):
        lifted.apply(Policy.from_baseline(two))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"lift": True}, "takes no quota or pools"),
        ({"pools": {"XYZ": 0.1}}, "unknown country code 'XYZ'"),
        ({"pools": {"USA": 1.5}}, r"pool USA: approval rate 1.5 must be in \(0, 1\]"),
        ({"pools": {"USA": -0.1}}, r"pool USA: approval rate -0.1 must be in \(0, 1\]"),
        ({"pools": {"USA": 0}}, "a full ban is not a quota"),
        ({"pools": {"USA": 0.1}, "exempt": ["USA"]}, "pool USA is exempt"),
        ({"pools": {"CHN": 0.1}}, "pool CHN is the exporter itself"),
        ({"pools": {"USA": 0.1}, "target": ["DEU"]}, "pool USA is not among the targets"),
        ({"rent": "broker"}, "rent"),
    ],
)
def test_bad_licence_pools_get_one_line_errors(fields, message):
    text = "name: t\nstart: 2025-01\nend: 2025-06\nevents:\n  - " + str(
        {"date": "2025-04-04", "actor": "CHN", "instrument": "export_control", "quota": 0.3}
        | fields
    ).replace("'", "")
    with pytest.raises(ScenarioError, match=message) as info:
        loads(text)
    assert "\n" not in str(info.value)
