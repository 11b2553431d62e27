"""Dates and durations in a news report, against its publication date (our rules).

* A day named with its month ("on 9 April", "April 9", "from 2 April 2025") is read with
  ``dateparser``; without a year it is the such day nearest the publication date (news
  report what just happened or is about to), the future one on a tie when the clause
  speaks of the future ("will", "from next", "takes effect"). Weekdays alike.
* A month alone ("in April", "April 2025") is its first day, with less confidence (the
  law's check may move it to the day the schedule changed).
* "last month", "this month", "next month", "last week", "yesterday", "today", "on
  Monday" (the last Monday, or the next when the clause speaks of the future), "last
  year": against the publication date.
* A date after "from", "effective", "starting" or "takes effect on" is the day a measure
  takes effect: it wins over other dates of its clause (:func:`best`).
* A duration ("for 90 days", "a 90-day truce", "for six months") ends the measure that
  many days or months after it starts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {m.lower(): k for k, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): k for k, m in enumerate(calendar.month_abbr) if m}
MONTHS["sept"] = 9
WEEKDAYS = [d.lower() for d in calendar.day_name]
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90,
    "a hundred": 100, "hundred": 100, "a": 1,
}  # fmt: skip
FUTURE = re.compile(
    r"\b(will|would|shall|is set to|are set to|takes effect|take effect|due to|from next|"
    r"starting|plans to|threatened to|threatens to|ahead of|pushing to|seeks to|aims to|"
    r"is expected to|are expected to)\b",
    re.I,
)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
MONTH_ONLY = re.compile(
    rf"\b(?:in|since|from|by|until|for|during|of|last|early|late|mid-?)?\s*({_MONTH})\b(?:\s+(\d{{4}}))?",
    re.I,
)
RELATIVE = re.compile(
    r"\b(last|this|next)\s+(month|week|year)\b|\b(yesterday|today)\b|"
    rf"\b(?:on|from|effective|by|starting|until|next)\s+({'|'.join(WEEKDAYS)})\b",
    re.I,
)
#: Words before a date that make it the day a measure takes effect (it wins over others).
EFFECTIVE = re.compile(
    r"\b(from|effective|starting|as of|takes? effect|took effect|taking effect|"
    r"from next|beginning|in force)( on)?\s*$",
    re.I,
)
#: How far before a date its clause's tense is read (characters).
TENSE_REACH = 80
_AMOUNT = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
DURATION = re.compile(rf"\b{_AMOUNT}[-\s](day|days|month|months|week|weeks)\b", re.I)
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class Found:
    """A date read in a text: the day, the words it came from, whether only the month was
    given, where it starts in the text and whether words before it make it the day a
    measure takes effect ("from", "effective", "starting", "takes effect on")."""

    day: dt.date
    words: str
    month_only: bool
    at: int
    effective: bool = False


def _nearest(month: int, day: int, published: dt.date, future: bool) -> dt.date:
    """The day/month nearest the publication date, the future one on a tie when the
    clause speaks of the future (news report what just happened or is about to)."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            when = dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
        except ValueError:
            continue
        ahead = when >= published
        options.append((abs((when - published).days), ahead != future, when))
    return min(options)[2]


def _parse_day(words: str, published: dt.date, future: bool) -> dt.date | None:
    import dateparser

    settings = {
        "RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
        "PREFER_DATES_FROM": "future" if future else "past",
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["day", "month"],
    }
    parsed = dateparser.parse(words, languages=["en"], settings=settings)
    return None if parsed is None else parsed.date()


def find_dates(text: str, published: dt.date) -> list[Found]:
    """Every date in ``text``, in order of appearance; the tense of each is read in the
    words just before it (:data:`TENSE_REACH`)."""
    found: list[Found] = []

    def tense(at: int) -> bool:
        return bool(FUTURE.search(text[max(0, at - TENSE_REACH) : at]))

    taken: list[tuple[int, int]] = []

    def free(m) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    for m in ISO.finditer(text):
        found.append(Found(dt.date(*map(int, m.groups())), m.group(0), False, m.start()))
        taken.append(m.span())
    for pattern in (DAY_MONTH, MONTH_DAY):
        for m in pattern.finditer(text):
            if not free(m):
                continue
            year, future = m.group(3), tense(m.start())
            day = _parse_day(m.group(0), published, future)
            if day is None:
                continue
            if year is None:
                day = _nearest(day.month, day.day, published, future)
            found.append(Found(day, m.group(0).strip(), False, m.start()))
            taken.append(m.span())
    for m in RELATIVE.finditer(text):
        if not free(m):
            continue
        found.append(
            Found(
                _relative(m, published, tense(m.start())),
                m.group(0),
                m.group(2) in ("month", "year"),
                m.start(),
            )
        )
        taken.append(m.span())
    for m in MONTH_ONLY.finditer(text):
        if not free(m) or (m.group(1).lower() == "may" and not _month_context(text, m)):
            continue
        month = MONTHS[m.group(1).lower()]
        if m.group(2):
            day = dt.date(int(m.group(2)), month, 1)
        else:
            day = _nearest(month, 1, published.replace(day=1), tense(m.start()))
        found.append(Found(day, m.group(0).strip(), True, m.start(1)))
        taken.append(m.span())
    out = []
    for f in found:
        lead = text[max(0, f.at - 24) : f.at]
        effective = bool(EFFECTIVE.search(lead)) or f.words.lower().startswith(
            ("from", "effective", "starting")
        )
        out.append(Found(f.day, f.words, f.month_only, f.at, effective))
    return sorted(out, key=lambda f: f.at)


def best(found: list[Found]) -> Found | None:
    """The date a measure takes effect: the first marked effective, else the first with
    a day, else the first (a month or a year)."""
    for pick in (lambda f: f.effective, lambda f: not f.month_only, lambda f: True):
        hit = next((f for f in found if pick(f)), None)
        if hit is not None:
            return hit
    return None


def _month_context(text: str, m) -> bool:
    """Whether "May" in ``m`` is the month, not the verb: a preposition before it or a
    year after it."""
    before = text[: m.start(1)].split()[-1:] or [""]
    return bool(m.group(2)) or before[0].lower() in (
        "in",
        "since",
        "from",
        "by",
        "until",
        "of",
        "last",
        "early",
        "late",
        "mid",
        "mid-",
        "during",
    )


def _relative(m, published: dt.date, future: bool) -> dt.date:
    which, unit, single, weekday = m.group(1), m.group(2), m.group(3), m.group(4)
    if single:
        return published - dt.timedelta(days=1) if single.lower() == "yesterday" else published
    if weekday:
        day = WEEKDAYS.index(weekday.lower())
        ahead = published + dt.timedelta(days=(day - published.weekday()) % 7)
        back = published - dt.timedelta(days=(published.weekday() - day) % 7)
        if m.group(0).lower().startswith("next"):
            return ahead
        if (ahead - published).days == (published - back).days:
            return ahead if future else back
        return ahead if (ahead - published) < (published - back) else back
    step = {"last": -1, "this": 0, "next": 1}[which.lower()]
    if unit.lower() == "week":
        return published + dt.timedelta(days=7 * step)
    if unit.lower() == "year":
        return dt.date(published.year + step, 1, 1)
    month = published.month - 1 + step
    return dt.date(published.year + month // 12, month % 12 + 1, 1)


def find_duration(text: str) -> tuple[int, str, str] | None:
    """The first duration in ``text``: ``(amount, unit 'day' or 'month', words)``."""
    m = DURATION.search(text)
    if m is None:
        return None
    raw = m.group(1).lower()
    amount = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    unit = m.group(2).lower().rstrip("s")
    if unit == "week":
        return 7 * amount, "day", m.group(0)
    return amount, unit, m.group(0)


def add(day: dt.date, amount: int, unit: str) -> dt.date:
    """``day`` plus a duration."""
    if unit == "day":
        return day + dt.timedelta(days=amount)
    month = day.month - 1 + amount
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
