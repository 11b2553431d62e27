"""From dated events to the policy in force each month, with sluggish trade responses.

* :func:`policy_on`: the policy in force on a date: events in date order, each active
  from its date until its expiry (a truce that expires snaps back to what applies then);
  ``additional`` events stack on the rates in force, ``absolute`` ones replace them.
  :func:`policies_on` gives the same for many dates in one sweep through time.
* :class:`Timeline`: all of it for one scenario, computed once (wedges, controls by
  month, announcements, chart marks).
* :func:`monthly_wedges`: monthly statutory wedges ``ln(1 + t)`` (day-weighted within the
  month) and the *effective* wedges buyers respond to (docs/model.md E, distributed lag):
  ``w_eff(m) = sum_k g(m - k) [w(k) - w(k - 1)]``, ``g(h) = 1 - (1 - g0) exp(-h / H)``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.policy import Policy
from tradewar.enacted import schedule as enacted
from tradewar.paths import rerouting
from tradewar.paths.events import EventBase, QuantityLimit
from tradewar.paths.scenario import Scenario, ScenarioError


def _apply(policy: Policy, event: EventBase) -> Policy:
    """``event`` applied to the policy in force; a bad combination is a ScenarioError."""
    try:
        return event.apply(policy)
    except ValueError as exc:
        raise ScenarioError(f"event {event.title!r} of {event.date}: {exc}") from None


def schedule_rates(baseline: Baseline, schedule: str) -> np.ndarray:
    """The rates (N, S) of a schedule on ``baseline``: a step ``NAME@FROM:TO`` of an
    enacted schedule (:func:`~tradewar.paths.scenario.enacted_steps`) or one the baseline
    ships (:attr:`Baseline.schedules`)."""
    if "@" in schedule:
        return _enacted_change(baseline, schedule)
    if schedule not in baseline.schedules:
        raise ScenarioError(
            f"unknown schedule {schedule!r}; the baseline ships "
            f"{', '.join(baseline.schedules) or 'none'}"
        )
    return baseline.schedules[schedule]


@functools.lru_cache(maxsize=256)
def _enacted_change(baseline: Baseline, step: str) -> np.ndarray:
    """(N, S) change of an enacted schedule ``NAME@FROM:TO`` (:func:`scenario.enacted_steps`)
    on ``baseline``'s exporters and sectors."""
    name, span = step.split("@")
    first, last = span.split(":")
    table = enacted.load(name)
    new = table.additions(baseline, dt.date.fromisoformat(last))
    if not first:
        return new
    return new - table.additions(baseline, dt.date.fromisoformat(first))


def policy_on(baseline: Baseline, events: list[EventBase], day: dt.date) -> Policy:
    """Policy in force on ``day``."""
    return next(policies_on(baseline, events, [day]))


def last_day(scenario: Scenario) -> dt.date:
    """The last day of a scenario's last month."""
    year, month = map(int, scenario.end.split("-"))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def day_of(scenario: Scenario, on: str | None) -> dt.date:
    """The day ``on`` (``YYYY-MM-DD``) names, or the scenario's last day if None."""
    if on is None:
        return last_day(scenario)
    try:
        return dt.date.fromisoformat(on)
    except ValueError:
        raise ScenarioError(f"--on must be a date YYYY-MM-DD, got {on!r}") from None


def policy_at(baseline: Baseline, scenario: Scenario, on: str | None, name: str) -> Policy:
    """The policy in force under ``scenario`` on day ``on`` (``YYYY-MM-DD``; default: the
    scenario's last day), named ``"{name}: {scenario} on {day}"``."""
    day = day_of(scenario, on)
    return policy_on(baseline, scenario.steps(), day).named(f"{name}: {scenario.name} on {day}")


#: The sweep keeps the policy after every SNAPSHOT_EVERY-th active event, so an expiry
#: re-applies at most that many events before the expired one.
SNAPSHOT_EVERY = 64


def policies_on(
    baseline: Baseline, events: list[EventBase], days: Iterable[dt.date]
) -> Iterator[Policy]:
    """Policies in force on ``days`` (in increasing order), in one sweep through time.

    Each event is applied once when it starts (after every active event: events apply in
    date order); an expiry re-applies only the events after the expired one, from the
    nearest kept snapshot. Equal to calling :func:`policy_on` for each day, in time
    O(events x (1 + expiries x events active within an expiry's span)) instead of
    O(events x days).
    """
    events = [e for e in events if e.changes_policy]  # markers change nothing
    order = sorted(range(len(events)), key=lambda k: events[k].date)  # stable: file order
    start = Policy.from_baseline(baseline)
    active: list[int] = []
    snapshots: dict[int, Policy] = {0: start}  # policy after the first k active events
    policy = start
    started = 0
    previous: dt.date | None = None

    def replay(start: int) -> Policy:
        k0 = max(k for k in snapshots if k <= start)
        for k in [k for k in snapshots if k > k0]:
            del snapshots[k]
        current = snapshots[k0]
        for pos in range(k0, len(active)):
            current = _apply(current, events[active[pos]])
            if (pos + 1) % SNAPSHOT_EVERY == 0:
                snapshots[pos + 1] = current
        return current

    for day in days:
        if previous is not None and day < previous:
            raise ValueError("policies_on needs days in increasing order")
        previous = day
        ended = [
            pos for pos, k in enumerate(active) if (e := events[k]).expires and e.expires <= day
        ]
        if ended:
            for pos in reversed(ended):
                del active[pos]
            policy = replay(ended[0])
        while started < len(order) and events[order[started]].date <= day:
            k = order[started]
            started += 1
            if events[k].expires is not None and events[k].expires <= day:
                continue  # started and ended before this day
            active.append(k)
            policy = _apply(policy, events[k])
            if len(active) % SNAPSHOT_EVERY == 0:
                snapshots[len(active)] = policy
        yield policy.named(str(day))


def profile(h: np.ndarray, scenario: Scenario) -> np.ndarray:
    """Share g(h) of the long-run response reached h months after a change."""
    d = scenario.dynamics
    if d.profile == "long_run":
        return np.ones_like(h, dtype=float)
    return 1.0 - (1.0 - d.g0) * np.exp(-np.asarray(h, float) / d.months)


def month_spells(months: list[str], changes: list[dt.date]) -> list[tuple[int, dt.date, float]]:
    """The spells into which ``changes`` (sorted dates) cut each month ``YYYY-MM``:
    ``(month index, first day, share of the month's days)``, in time order."""
    spells = []
    for k, month in enumerate(months):
        y, m = map(int, month.split("-"))
        first = dt.date(y, m, 1)
        days = calendar.monthrange(y, m)[1]
        after = first + dt.timedelta(days)
        cuts = [first, *[d for d in changes if first < d < after], after]
        spells += [(k, a, (b - a).days / days) for a, b in itertools.pairwise(cuts)]
    return spells


class MonthlyWedges(NamedTuple):
    """Months ``YYYY-MM`` (M,); statutory tariffs t(m) (M, N, N, S) from day-weighted
    ``ln(1 + t)``; the effective buyer wedges (1 + t)(1 + x) x trade-cost change in force
    for substitution (M, N, N, S); export taxes; trade-cost changes (ratios)."""

    months: list[str]
    tariffs: np.ndarray
    effective: np.ndarray
    export_taxes: np.ndarray
    trade_costs: np.ndarray


def _in_force(baseline: Baseline, scenario: Scenario, events: list[EventBase]):
    """Day-weighted logs of (1 + tariff), (1 + export tax) and the trade-cost ratio in
    force each month, (M, N, N, S) each."""
    months = scenario.months()
    changes = sorted({e.date for e in events} | {e.expires for e in events if e.expires})
    spells = month_spells(months, changes)
    shape = (len(months), *baseline.flows.shape)
    log_t, log_x, log_k = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    in_force = policies_on(baseline, events, [day for _, day, _ in spells])
    for (k, _, weight), p in zip(spells, in_force, strict=True):
        log_t[k] += weight * np.log1p(p.tariffs)
        log_x[k] += weight * np.log1p(p.export_taxes)
        if p.trade_costs is not None:
            log_k[k] += weight * np.log(p.trade_costs)
    return log_t, log_x, log_k


def routing_shares(baseline: Baseline, scenario: Scenario, tariffs: np.ndarray):
    """The routing shares (:func:`tradewar.paths.rerouting.shares`) of a scenario's
    ``recording:`` at the monthly ``tariffs`` (as the law charges them, before
    rerouting); None when rerouting is off."""
    params = rerouting.params_for(scenario.recording)
    if params is None:
        return None
    rec = scenario.recording
    freight = rerouting.freight_margin(baseline.countries, rec.freight_land, rec.freight_sea)
    return rerouting.shares(baseline, scenario.months(), tariffs, params, freight)


def _wedges(baseline: Baseline, scenario: Scenario, in_force, routed) -> MonthlyWedges:
    """The monthly wedges from the logs in force (:func:`_in_force`); buyers face the
    routing shares ``routed`` (:func:`routing_shares`) unless None (docs/model.md J.4)."""
    months = scenario.months()
    log_t, log_x, log_k = in_force
    if routed is not None and routed.share.size:
        tariffs, costs = routed.effective(np.expm1(log_t))
        log_t = np.log1p(tariffs)
        log_k = log_k + np.log1p(costs)
    wedge = log_t + log_x + log_k
    initial = np.log1p(baseline.tariffs)[None]
    steps = np.diff(np.concatenate([initial, wedge]), axis=0)  # change in month k
    M = len(months)
    lags = np.arange(M)[:, None] - np.arange(M)[None, :]
    g = np.where(lags >= 0, profile(np.maximum(lags, 0), scenario), 0.0)  # (m, k)
    effective = initial + np.tensordot(g, steps, axes=(1, 0))
    return MonthlyWedges(months, np.expm1(log_t), np.exp(effective), np.expm1(log_x), np.exp(log_k))


def monthly_wedges(baseline: Baseline, scenario: Scenario) -> MonthlyWedges:
    """Statutory and effective log wedges by month (:class:`MonthlyWedges`; the same as
    :attr:`Timeline.wedges`)."""
    return Timeline(scenario, baseline).wedges


@dataclass(frozen=True, eq=False)
class Timeline:
    """Everything the dates of one scenario imply on one baseline, computed once and
    shared by the simulation, the recorded-trade layer, the reports and the web app.

    ``steps``: the events as applied (an enacted schedule expanded into its changes,
    :meth:`Scenario.steps`), markers included; ``changes``: those that change the policy;
    ``markers``: the dated labels; ``wedges``: tariffs, effective wedges, export taxes and
    trade costs by month; ``controls``: the quantity limits in force each month (on the
    15th: quantity limits do not average over days); ``marks``: what monthly charts label,
    by day; ``announced_early``: the changes moved to their announcement (what importers
    know is coming, for stock-building).
    """

    scenario: Scenario
    baseline: Baseline

    @functools.cached_property
    def steps(self) -> tuple[EventBase, ...]:
        return tuple(self.scenario.steps())

    @functools.cached_property
    def changes(self) -> tuple[EventBase, ...]:
        return tuple(e for e in self.steps if e.changes_policy)

    @functools.cached_property
    def markers(self) -> tuple[EventBase, ...]:
        return tuple(e for e in self.steps if not e.changes_policy)

    @functools.cached_property
    def months(self) -> list[str]:
        return self.scenario.months()

    @functools.cached_property
    def in_force(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Day-weighted logs of tariffs, export taxes and trade costs by month as the
        events set them (:func:`_in_force`), swept once."""
        return _in_force(self.baseline, self.scenario, list(self.changes))

    @functools.cached_property
    def routing(self):
        """The routing shares of the scenario's ``recording:`` at the law's tariffs
        (:func:`routing_shares`; None when rerouting is off): computed once for the
        equilibrium's wedges and the customs records."""
        return routing_shares(self.baseline, self.scenario, self.law_tariffs)

    @functools.cached_property
    def wedges(self) -> MonthlyWedges:
        seen = rerouting.in_equilibrium(self.scenario.recording)  # the buyers see it
        return _wedges(self.baseline, self.scenario, self.in_force, self.routing if seen else None)

    @property
    def law_tariffs(self) -> np.ndarray:
        """Tariffs by month (M, N, N, S) as the events set them, before any rerouting
        (the same as ``wedges.tariffs`` unless the equilibrium sees rerouting)."""
        return np.expm1(self.in_force[0])

    @functools.cached_property
    def controls(self) -> list[tuple]:
        if not any(isinstance(e, QuantityLimit) for e in self.changes):
            return [() for _ in self.months]
        days = [dt.date(*map(int, m.split("-")), 15) for m in self.months]
        return [p.controls for p in self.policies_on(days)]

    @functools.cached_property
    def announced_early(self) -> tuple[EventBase, ...]:
        return tuple(e.model_copy(update={"date": e.announced}) for e in self.changes)

    @functools.cached_property
    def marks(self) -> dict[str, str]:
        marks = {str(e.date): e.title for e in self.scenario.events if not e.changes_policy}
        for e in self.scenario.events:
            if e.changes_policy and e.expires is not None and e.label:
                marks[str(e.expires)] = f"{e.label} expires"
        return marks

    def policies_on(self, days: Iterable[dt.date]) -> Iterator[Policy]:
        """The policies in force on ``days`` (increasing), in one sweep."""
        return policies_on(self.baseline, list(self.changes), days)

    def policy_on(self, day: dt.date) -> Policy:
        """The policy in force on ``day``."""
        return next(self.policies_on([day]))


def demand_wedge(effective: np.ndarray, statutory: np.ndarray, theta) -> np.ndarray:
    """The wedge demand responds to, so that tariff-exclusive flows respond to the
    statutory wedge with the lagged elasticity -g(h)(theta + 1) (docs/model.md E.1):
    ``ln w_dem = ((theta + 1) ln w_eff - ln w_stat) / theta``, with ``w_eff`` the
    distributed lag of ``w_stat`` (:func:`monthly_wedges`). At impact (``w_eff`` = the
    old wedge) the tariff-exclusive value of goods ordered is unchanged and buyers pay the
    duty; once substitution is complete ``w_dem = w_stat``. Wedges are ratios (1 + t)...;
    ``theta`` broadcasts against them (sectors last, or importers)."""
    theta = np.asarray(theta, dtype=float)
    return np.exp(((theta + 1.0) * np.log(effective) - np.log(statutory)) / theta)
