"""Months as YYYY-MM strings: ranges and days (property-based)."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from tradewar.core.errors import DataError
from tradewar.core.months import month_days, month_range


@given(st.integers(2025, 2030), st.integers(1, 12), st.integers(0, 40))
def test_month_range_counts_consecutive_months(year, month, length):
    first = f"{year:04d}-{month:02d}"
    y, m = divmod(month - 1 + length, 12)
    last = f"{year + y:04d}-{m + 1:02d}"
    months = month_range(first, last)
    assert len(months) == length + 1 and months[0] == first and months[-1] == last
    assert all(a < b for a, b in itertools.pairwise(months))


@given(st.text(max_size=8))
def test_a_bad_month_is_one_line(text):
    try:
        days = month_days(text)
    except DataError as exc:
        assert "not a month" in str(exc)
    else:
        assert 28 <= len(days) <= 31
