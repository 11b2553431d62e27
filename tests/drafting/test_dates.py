"""Dates in news reports (tradewar.drafting.dates)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewar.drafting import dates

MONDAY = dt.date(2025, 6, 9)


@pytest.mark.parametrize(
    ("text", "day", "month_only"),
    [
        ("talks resumed in London on Monday", dt.date(2025, 6, 9), False),
        ("an earlier session in Geneva last month", dt.date(2025, 5, 1), True),
        ("the dispute escalated in April", dt.date(2025, 4, 1), True),
        ("duties rise from 9 April", dt.date(2025, 4, 9), False),
        ("the tariff will take effect on August 1", dt.date(2025, 8, 1), False),
        ("the order took effect on Friday", dt.date(2025, 6, 6), False),
        ("a summit planned for July 2026", dt.date(2026, 7, 1), True),
        ("on 2 April 2025 the president spoke", dt.date(2025, 4, 2), False),
        ("China may retaliate", None, False),
    ],
)
def test_dates_against_the_publication_day(text, day, month_only):
    found = dates.find_dates(text, MONDAY)
    if day is None:
        assert found == []
        return
    assert found[0].day == day and found[0].month_only == month_only


def test_an_effective_date_wins_over_the_day_of_the_announcement():
    found = dates.find_dates(
        "ordered on Saturday a tariff that will take effect on Tuesday", dt.date(2025, 2, 2)
    )
    assert dates.best(found).day == dt.date(2025, 2, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a 90-day rollback", (90, "day")),
        ("for six months", (6, "month")),
        ("for two weeks", (14, "day")),
    ],
)
def test_durations(text, expected):
    assert dates.find_duration(text)[:2] == expected


@settings(max_examples=60, deadline=None)
@given(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), st.integers(1, 12), st.integers(1, 28))
def test_a_day_without_a_year_is_within_half_a_year_of_publication(published, month, day):
    """News report what just happened or is about to: the year is the one that puts the
    day nearest the publication date."""
    name = dt.date(2000, month, 1).strftime("%B")
    (found,) = dates.find_dates(f"it takes effect on {day} {name}", published)
    assert (found.day.month, found.day.day) == (month, day)
    assert abs((found.day - published).days) <= 184
