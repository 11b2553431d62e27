"""Drafted tariffs against the enacted schedules (tradewar.drafting.law)."""

import datetime as dt

from tradewar.drafting import law


def test_the_headline_rate_names_its_measures_and_the_day_they_began():
    verdict, day = law.check("USA", "CHN", 1.45, dt.date(2025, 4, 1), month_only=True)
    assert verdict == "matches us_enacted: 145% = 20% fentanyl + 125% reciprocal from 10 April 2025"
    assert day == dt.date(2025, 4, 10)
    verdict, day = law.check("CHN", "USA", 1.25, dt.date(2025, 4, 1), month_only=True)
    assert verdict.startswith("matches china_enacted") and day == dt.date(2025, 4, 12)


def test_a_rate_the_law_does_not_have_differs_and_an_unknown_pair_is_new():
    verdict, day = law.check("USA", "CHN", 1.0, dt.date(2025, 11, 1), month_only=False)
    assert verdict.startswith("differs from us_enacted") and day == dt.date(2025, 11, 1)
    assert law.check("USA", "JPN", 0.25, dt.date(2025, 8, 1), False)[0].startswith("new:")
    assert law.check("BRA", "USA", 0.5, dt.date(2025, 8, 1), False)[0].startswith("new:")
