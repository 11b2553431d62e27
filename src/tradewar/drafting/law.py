"""Drafted tariffs against the law tradewar holds (:mod:`tradewar.enacted`).

The headline rate a report quotes is the sum of the measures' rates on a partner's goods,
before exemptions: for the US on China the IEEPA "fentanyl" duty plus the reciprocal
duty (145% = 125% + 20% from 10 April 2025); on Canada and Mexico the fentanyl duty; for
China on the US its across-the-board duty. A drafted rate within half a point of the
headline on its date matches; when the report gave only the month, the first day of that
month on which the headline equals the rate is the date. Other pairs are not checked:
their headline rates need the line-level data of the schedules (Annex I and the August
rates by partner), and the draft says so.
"""

from __future__ import annotations

import calendar
import datetime as dt

from tradewar.enacted import china, us_law

#: Rates closer than this (a fraction: half a point) are the same rate.
TOLERANCE = 0.005
#: The enacted schedule of each actor whose headline rates are checked.
SCHEDULES = {"USA": "us_enacted", "CHN": "china_enacted"}


def _us_parts(target: str, day: dt.date) -> dict[str, tuple[float, dt.date | None]]:
    parts = {}
    if target in us_law.FENTANYL:
        parts["fentanyl"] = _step(us_law.FENTANYL[target], day)
    if target in us_law.CHINA_ORDERS:
        parts["reciprocal"] = _step(us_law.CHINA_RECIPROCAL, day)
    return parts


def _step(steps: us_law.Steps, day: dt.date) -> tuple[float, dt.date | None]:
    """The rate of a stepwise measure on ``day`` and the day it took that value."""
    rate, since = 0.0, None
    for first, value in steps:
        if day >= first:
            rate, since = value, first
    return rate, since


def headline(actor: str, target: str, day: dt.date) -> dict[str, tuple[float, dt.date | None]]:
    """The measures making up the headline rate of ``actor`` on ``target`` on ``day``:
    name -> (rate, in force since); empty when the pair is not checked."""
    if actor == "USA" and (target in us_law.FENTANYL or target in us_law.CHINA_ORDERS):
        return _us_parts(target, day)
    if actor == "CHN" and target == "USA":
        return {"across the board": _step(china.ACROSS_THE_BOARD, day)}
    return {}


def _text(parts: dict[str, tuple[float, dt.date | None]]) -> str:
    total = sum(r for r, _ in parts.values())
    named = " + ".join(f"{100 * r:.4g}% {name}" for name, (r, _) in parts.items() if r)
    since = max((d for r, d in parts.values() if d is not None and r), default=None)
    when = f" from {since.day} {since:%B %Y}" if since else ""
    return f"{100 * total:.4g}% = {named or 'nothing'}{when}"


def check(actor: str, target, rate: float, day: dt.date, month_only: bool):
    """``(verdict, day)``: "matches: ..." with the day the law says, "differs: ...", or
    "new: ..." for a pair the schedules hold no headline for (day unchanged)."""
    if isinstance(target, list) or actor not in SCHEDULES:
        return f"new: no enacted schedule of {actor} to compare with", day
    parts = headline(actor, target, day)
    if not parts:
        return (
            f"new: {actor} on {target} is not checked (its headline rate needs the "
            "schedule's line-level data)",
            day,
        )
    days = [day]
    if month_only:
        last = calendar.monthrange(day.year, day.month)[1]
        days = [dt.date(day.year, day.month, d) for d in range(1, last + 1)]
    for when in days:
        parts = headline(actor, target, when)
        if abs(sum(r for r, _ in parts.values()) - rate) <= TOLERANCE:
            since = max((d for r, d in parts.values() if d is not None and r), default=when)
            return f"matches {SCHEDULES[actor]}: {_text(parts)}", since if month_only else when
    parts = headline(actor, target, day)
    return f"differs from {SCHEDULES[actor]}: on {day} the law has {_text(parts)}", day
