"""The timeline: policies in force on dates, in one sweep (property tests against the
definition: every active event applied in date order from the baseline)."""

import datetime as dt
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import toy_baseline
from tradewar.core.policy import Policy
from tradewar.paths.scenario import Event, Scenario
from tradewar.paths.timeline import (
    SNAPSHOT_EVERY,
    _apply,
    demand_wedge,
    monthly_wedges,
    policies_on,
    policy_on,
)

TOY = toy_baseline(5, seed=1)
CODES = list(TOY.countries)
START = dt.date(2025, 1, 1)


def _by_definition(events, day):
    """The policy in force on ``day``, straight from the definition."""
    policy = Policy.from_baseline(TOY)
    for e in sorted(events, key=lambda e: e.date):
        if e.date <= day and (e.expires is None or day < e.expires):
            policy = _apply(policy, e)
    return policy


@st.composite
def events(draw):
    day = draw(st.integers(0, 120))
    expires = draw(st.one_of(st.none(), st.integers(1, 90)))
    actor = draw(st.sampled_from(CODES))
    return Event(
        date=START + dt.timedelta(day),
        actor=actor,
        target=draw(st.sampled_from([c for c in CODES if c != actor] + ["ALL"])),
        instrument=draw(st.sampled_from(["import_tariff", "export_tax", "trade_cost"])),
        rate=draw(st.floats(0.0, 1.5)),
        mode=draw(st.sampled_from(["additional", "absolute"])),
        expires=None if expires is None else START + dt.timedelta(day + expires),
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(events(), max_size=2 * SNAPSHOT_EVERY + 10),
    st.lists(st.integers(0, 220), min_size=1, max_size=12),
)
def test_the_sweep_equals_the_definition_on_every_day(evs, offsets):
    days = sorted(START + dt.timedelta(k) for k in offsets)
    for day, swept in zip(days, policies_on(TOY, evs, days), strict=True):
        expected = _by_definition(evs, day)
        np.testing.assert_allclose(swept.tariffs, expected.tariffs, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(swept.export_taxes, expected.export_taxes, atol=1e-12)
        np.testing.assert_allclose(
            swept.demand_wedge(), expected.demand_wedge(), rtol=1e-12, atol=1e-12
        )
        assert swept.name == str(day)


def test_days_must_increase():
    with pytest.raises(ValueError, match="increasing"):
        list(policies_on(TOY, [], [START, START - dt.timedelta(1)]))


def test_policy_on_is_the_sweep_of_one_day():
    evs = [Event(date="2025-02-01", actor="USA", target="CHN", rate=0.5)]
    assert policy_on(TOY, evs, dt.date(2025, 3, 1)).rate("USA", "CHN") == 0.5


@pytest.mark.slow
def test_two_thousand_events_build_their_monthly_policies_quickly():
    """Issue: 2,000 events over 12 months took 92 s, most of it in monthly policies."""
    from tradewar import datasets

    rng = np.random.default_rng(0)
    codes = ["USA", "CHN", "MEX", "CAN", "DEU", "JPN", "VNM", "IND", "BRA", "KOR"]
    evs = []
    for _ in range(2000):
        day = START + dt.timedelta(int(rng.integers(365)))
        actor, target = rng.choice(codes, 2, replace=False)
        expires = day + dt.timedelta(int(rng.integers(10, 120))) if rng.random() < 0.1 else None
        evs.append(
            Event(
                date=day,
                actor=actor,
                target=target,
                rate=float(rng.uniform(0, 0.1)),
                mode="additional" if rng.random() < 0.8 else "absolute",
                expires=expires,
            )
        )
    scenario = Scenario(name="many", start="2025-01", end="2025-12", events=evs)
    baseline = datasets.load("default")
    t0 = time.perf_counter()
    months, tariffs, *_ = monthly_wedges(baseline, scenario)
    elapsed = time.perf_counter() - t0
    assert len(months) == 12 and np.isfinite(tariffs).all()
    assert elapsed < 15, f"{elapsed:.1f} s"


def test_demand_wedge_gives_the_lagged_elasticity_of_tariff_exclusive_flows():
    theta = np.array([2.0, 5.0])
    statutory = np.array([2.45, 1.3])
    assert np.allclose(demand_wedge(statutory, statutory, theta), statutory)  # long run
    impact = demand_wedge(np.ones(2), statutory, theta)
    # partial equilibrium: flows ~ wedge^-theta / statutory; at impact unchanged
    assert np.allclose(impact ** (-theta) / statutory, 1.0)
    half = np.exp(0.5 * np.log(statutory))  # halfway along the lag
    flows = demand_wedge(half, statutory, theta) ** (-theta) / statutory
    assert np.allclose(np.log(flows), -0.5 * (theta + 1) * np.log(statutory))


def test_the_month_a_tariff_starts_moves_tariff_exclusive_flows_little():
    from tradewar.paths.simulate import simulate

    war = [Event(date="2025-03-01", actor="USA", target="CHN", rate=1.0)]
    spec = Scenario(name="w", start="2025-01", end="2025-12", events=war)
    path = simulate(spec, toy_baseline(5, seed=1))
    flows = path.bilateral("CHN", "USA")
    impact = flows[2] / flows[1] - 1
    long_run = path.long_run.bilateral("CHN", "USA")
    full = long_run[1] / long_run[0] - 1
    assert abs(impact) < 0.1 * abs(full)  # orders placed before March still ship
    assert flows[3] < flows[2] and flows[-1] < flows[3]  # then substitution sets in
    assert flows[-1] > long_run[1] / 12
