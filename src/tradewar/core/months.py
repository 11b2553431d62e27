"""Months as ``YYYY-MM`` strings: ranges of them and the days of one."""

from __future__ import annotations

import datetime as dt

import numpy as np

from tradewar.core.errors import DataError


def month_range(first: str, last: str) -> list[str]:
    """Months ``YYYY-MM`` from ``first`` to ``last`` inclusive (empty if ``last`` comes
    first)."""
    y, m = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    out = []
    while (y, m) <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_days(month: str) -> list[dt.date]:
    """Every day of ``YYYY-MM``; a one-line :class:`DataError` for anything else."""
    try:
        year, mon = map(int, month.split("-"))
        day = dt.date(year, mon, 1)
    except ValueError:
        raise DataError(f"not a month: {month!r} (give YYYY-MM)") from None
    days = []
    while day.month == mon:
        days.append(day)
        day += dt.timedelta(days=1)
    return days


def share_on_or_after(months: list[str], day: dt.date) -> np.ndarray:
    """(M,) share of each month's days that fall on or after ``day``."""
    return np.array([np.mean([d >= day for d in month_days(m)]) for m in months])
