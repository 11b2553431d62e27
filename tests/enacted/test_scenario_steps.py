"""Scenario files with ``schedule: us_enacted`` / ``china_enacted``: expansion into dated
changes, the policy in force, expiry, and validation."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from tradewar.enacted import schedule
from tradewar.paths.scenario import Event, Scenario, enacted_steps
from tradewar.paths.timeline import policies_on

D = dt.date
US = schedule.load("us_enacted")


def _scenario(*events) -> Scenario:
    return Scenario(
        name="t", baseline="default", start="2025-01", end="2026-06", events=list(events)
    )


def test_the_policy_in_force_is_the_baseline_plus_the_schedule(default_baseline):
    b = default_baseline
    sc = _scenario(Event(date="2025-01-01", actor="USA", schedule="us_enacted"))
    days = [
        D(2025, 2, 1),
        D(2025, 4, 9),
        D(2025, 4, 20),
        D(2025, 9, 1),
        D(2026, 3, 1),
        D(2026, 6, 1),
    ]
    usa = b.index("USA")
    for day, policy in zip(days, policies_on(b, sc.steps(), days), strict=True):
        expected = b.tariffs[:, usa, :] + US.additions(b, min(day, US.last))
        np.testing.assert_allclose(policy.tariffs[:, usa, :], expected, atol=1e-9)
        others = np.delete(np.arange(b.n_countries), usa)
        np.testing.assert_allclose(policy.tariffs[:, others], b.tariffs[:, others])


def test_expiry_and_targets(default_baseline):
    b = default_baseline
    event = Event(
        date="2025-03-01", actor="USA", target="CHN", schedule="us_enacted", expires="2025-08-12"
    )
    steps = enacted_steps(event)
    assert steps[0].date == D(2025, 3, 1) and all(s.date < D(2025, 8, 12) for s in steps)
    chn, vnm, usa = b.index("CHN"), b.index("VNM"), b.index("USA")
    before, during, after = policies_on(b, steps, [D(2025, 2, 1), D(2025, 5, 20), D(2025, 9, 1)])
    assert before.tariffs[chn, usa, 0] == b.tariffs[chn, usa, 0]
    assert during.tariffs[chn, usa, 0] == pytest.approx(
        b.tariffs[chn, usa, 0] + US.rate("CHN", D(2025, 5, 20))
    )
    assert during.tariffs[vnm, usa, 0] == b.tariffs[vnm, usa, 0]  # target CHN only
    assert after.tariffs[chn, usa, 0] == pytest.approx(b.tariffs[chn, usa, 0])  # expired


def test_steps_are_announced_when_the_measures_were():
    steps = enacted_steps(Event(date="2025-01-01", actor="USA", schedule="us_enacted"))
    announced = {s.date: s.announced for s in steps}
    assert announced[D(2025, 4, 5)] == D(2025, 2, 13)  # the reciprocal-trade memorandum
    assert announced[D(2025, 2, 4)] == D(2024, 11, 25)
    assert announced[D(2025, 5, 14)] == D(2025, 5, 14)  # a cut: nothing to buy ahead of


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"actor": "CHN", "schedule": "us_enacted"}, "levied by USA, not CHN"),
        (
            {"actor": "USA", "schedule": "us_enacted", "date": "2024-06-01"},
            "outside the us_enacted schedule",
        ),
        (
            {"actor": "USA", "schedule": "us_enacted", "date": "2026-12-07"},
            "outside the us_enacted schedule",
        ),
        (
            {"actor": "USA", "schedule": "us_enacted", "mode": "absolute"},
            "additional import tariff",
        ),
    ],
)
def test_bad_enacted_events_are_refused(fields, message):
    with pytest.raises(ValueError, match=message):
        Event(**{"date": "2025-01-01", **fields})
