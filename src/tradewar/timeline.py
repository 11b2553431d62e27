"""From dated events to the policy in force each month, with sluggish trade responses.

* :func:`policy_on`: the policy in force on a date: events in date order, each active
  from its date until its expiry (a truce that expires snaps back to what applies then);
  ``additional`` events stack on the rates in force, ``absolute`` ones replace them.
* :func:`monthly_wedges`: monthly statutory wedges ``ln(1 + t)`` (day-weighted within the
  month) and the *effective* wedges buyers respond to (MODEL.md E, distributed lag):
  ``w_eff(m) = sum_k g(m - k) [w(k) - w(k - 1)]``, ``g(h) = 1 - (1 - g0) exp(-h / H)``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools

import numpy as np

from tradewar.baseline import Baseline
from tradewar.policy import Policy
from tradewar.scenario import Event, Scenario, ScenarioError


def _apply(policy: Policy, event: Event) -> Policy:
    additional = event.mode == "additional"
    try:
        if event.instrument == "import_tariff":
            rate = event.rate
            if event.schedule is not None:
                if event.schedule not in policy.baseline.schedules:
                    raise ScenarioError(
                        f"unknown schedule {event.schedule!r}; the baseline ships "
                        f"{', '.join(policy.baseline.schedules) or 'none'}"
                    )
                rate = policy.baseline.schedules[event.schedule]
            return policy.tariff(
                event.actor,
                on=event.target,
                rate=rate,
                additional=additional,
                sectors=event.sectors,
                exempt=event.exempt,
                floor=event.floor,
            )
        if event.instrument == "trade_cost":
            return policy.trade_cost(
                event.actor,
                on=event.target,
                change=event.rate,
                additional=additional,
                sectors=event.sectors,
                exempt=event.exempt,
            )
        if event.instrument == "export_control":
            return policy.export_control(
                event.actor,
                to=event.target,
                quota=event.quota,
                sectors=event.sectors,
                exempt=event.exempt,
                label=event.label or f"{event.actor} export control from {event.date}",
                replace_earlier=True,
            )
        return policy.export_tax(
            event.actor,
            to=event.target,
            rate=event.rate,
            additional=additional,
            sectors=event.sectors,
            exempt=event.exempt,
        )
    except ValueError as exc:
        label = event.label or f"{event.actor} {event.instrument} on {event.date}"
        raise ScenarioError(f"event {label!r}: {exc}") from None


def policy_on(baseline: Baseline, events: list[Event], day: dt.date) -> Policy:
    """Policy in force on ``day``."""
    policy = Policy.from_baseline(baseline, str(day))
    for event in sorted(events, key=lambda e: e.date):
        if event.date <= day and (event.expires is None or day < event.expires):
            policy = _apply(policy, event)
    return policy


def profile(h: np.ndarray, scenario: Scenario) -> np.ndarray:
    """Share g(h) of the long-run response reached h months after a change."""
    d = scenario.dynamics
    if d.profile == "long_run":
        return np.ones_like(h, dtype=float)
    return 1.0 - (1.0 - d.g0) * np.exp(-np.asarray(h, float) / d.months)


def monthly_wedges(baseline: Baseline, scenario: Scenario):
    """Statutory and effective log wedges by month.

    Returns ``(months, tariffs, effective, export_taxes, trade_costs)``: months as
    ``YYYY-MM``; statutory tariffs t(m) (M, N, N, S) from day-weighted ``ln(1 + t)``; the
    effective buyer wedges (1 + t)(1 + x) x trade-cost change in force for substitution,
    (M, N, N, S); export taxes; trade-cost changes (ratios).
    """
    months = scenario.months()
    changes = sorted(
        {e.date for e in scenario.events} | {e.expires for e in scenario.events if e.expires}
    )
    log_t, log_x, log_k = [], [], []
    for month in months:
        y, m = map(int, month.split("-"))
        days = calendar.monthrange(y, m)[1]
        first, last = dt.date(y, m, 1), dt.date(y, m, days)
        cuts = [first] + [d for d in changes if first < d <= last] + [last + dt.timedelta(1)]
        acc_t = acc_x = acc_k = 0.0
        for a, b in itertools.pairwise(cuts):
            p = policy_on(baseline, scenario.events, a)
            weight = (b - a).days / days
            acc_t = acc_t + weight * np.log1p(p.tariffs)
            acc_x = acc_x + weight * np.log1p(p.export_taxes)
            if p.trade_costs is not None:
                acc_k = acc_k + weight * np.log(p.trade_costs)
        log_t.append(acc_t)
        log_x.append(acc_x)
        log_k.append(acc_k + np.zeros_like(acc_t))
    log_t, log_x, log_k = np.array(log_t), np.array(log_x), np.array(log_k)
    wedge = log_t + log_x + log_k
    base = np.log1p(baseline.tariffs)[None]
    steps = np.diff(np.concatenate([base, wedge]), axis=0)  # change in month k
    M = len(months)
    lags = np.arange(M)[:, None] - np.arange(M)[None, :]
    g = np.where(lags >= 0, profile(np.maximum(lags, 0), scenario), 0.0)  # (m, k)
    effective = base + np.tensordot(g, steps, axes=(1, 0))
    return months, np.expm1(log_t), np.exp(effective), np.expm1(log_x), np.exp(log_k)
