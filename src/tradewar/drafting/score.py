"""Scoring a drafter against expected events: precision and recall of (actor, target,
instrument, rate within half a point, effective date within three days)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tradewar.drafting.extract import Drafted

#: A drafted rate within this of the expected one (a fraction: half a point) is right.
RATE_TOLERANCE = 0.005
#: A drafted date within this many days of the expected one is right.
DATE_TOLERANCE = 3
#: Kinds whose two sides may come in either order.
SYMMETRIC = frozenset({"talks", "truce"})


def _set(target) -> frozenset[str]:
    return frozenset([target] if isinstance(target, str) else target)


def matches(drafted: Drafted, expected: dict) -> bool:
    """Whether ``drafted`` is the event ``expected`` (keys ``kind``, ``actor``,
    ``target``, ``rate`` (fraction or None), ``date`` (ISO))."""
    if drafted.kind != expected["kind"]:
        return False
    if drafted.kind in SYMMETRIC:  # talks and truces have two sides, in either order
        sides = _set(drafted.target) | {drafted.actor}
        if sides != _set(expected["target"]) | {expected["actor"]}:
            return False
    elif drafted.actor != expected["actor"] or _set(drafted.target) != _set(expected["target"]):
        return False
    rate = expected.get("rate")
    if (rate is None) != (drafted.rate is None):
        return False
    if rate is not None and abs(drafted.rate - rate) > RATE_TOLERANCE:
        return False
    day = dt.date.fromisoformat(expected["date"])
    return abs((drafted.date - day).days) <= DATE_TOLERANCE


@dataclass
class Score:
    """Precision and recall over a corpus, with what was missed and what was extra."""

    precision: float
    recall: float
    missed: list[tuple[int, dict]]
    extra: list[tuple[int, Drafted]]


def score(cases: list[tuple[list[Drafted], list[dict]]]) -> Score:
    """Score drafted events against the expected ones, case by case (each expected event
    matches at most one drafted event)."""
    hits = drafted_total = expected_total = 0
    missed: list[tuple[int, dict]] = []
    extra: list[tuple[int, Drafted]] = []
    for k, (drafted, expected) in enumerate(cases):
        free = list(drafted)
        drafted_total += len(drafted)
        expected_total += len(expected)
        for want in expected:
            hit = next((d for d in free if matches(d, want)), None)
            if hit is None:
                missed.append((k, want))
            else:
                free.remove(hit)
                hits += 1
        extra += [(k, d) for d in free]
    precision = hits / drafted_total if drafted_total else 1.0
    recall = hits / expected_total if expected_total else 1.0
    return Score(precision, recall, missed, extra)
