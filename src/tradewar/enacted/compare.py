"""The enacted US schedule against the tradewartracker's published series.

* :func:`partner_gaps`: import-weighted additional rate by partner (top 50 and the EU) on
  every action date of ``country-by-time.csv``, ours minus theirs (percentage points).
  The tracker dates a change by its revision date; ours follows the orders, which can
  take effect days later (Geneva: 12 May there, 14 May in the order). So each tracker
  date is compared with our rate :data:`LAG_DAYS` days later, or on the day before the
  tracker's next date if that comes sooner.
* :data:`READINGS`: the tracker's readings of the lists and its dating, each a schedule
  built afresh (:func:`reading_gaps`); :func:`explain` names the one that brings a
  partner within a point.
* :func:`average_gaps`: the overall import-weighted US tariff (2024 base included) by
  day against ``daily-tariff-latest-data.csv``.

A schedule built with ``padded_subheadings=False`` reads the legal lists as the tracker
does (10-digit codes match exactly), which isolates differences of weights and stacking
from that one reading of the lists (see :meth:`~tradewar.enacted.lines.ProductLines.matching`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from tradewar.core import countries
from tradewar.datasets.paths import dataset_folder
from tradewar.enacted import build, us_law
from tradewar.enacted.lines import TRACKER
from tradewar.enacted.schedule import Schedule
from tradewar.enacted.weights import NAME_ALIASES

#: Days after a tracker date on which our schedule is read.
LAG_DAYS = 7

#: The tracker's readings of the law, each a set of switches of :func:`~.build.read_inputs`
#: (cumulative), in the order :func:`explain` applies them, with the reason it names.
READINGS: dict[str, tuple[dict[str, object], str]] = {
    "lists": (
        {"padded_subheadings": False},
        "lists give subheadings as zero-padded 10-digit codes (2709.00.20 as 2709002000, "
        "crude oil); they cover the subheading in ours, nothing in the tracker",
    ),
    "metal articles": (
        {"padded_subheadings": False, "metal_articles": False},
        "steel and aluminium articles themselves (headings 7206-7229, 7601, 7604-7609) "
        "pay the 232 duty in ours; the tracker's lists hold the derivatives only",
    ),
    "dating": (
        {"padded_subheadings": False, "metal_articles": False, "dating": us_law.TRACKER_DATING},
        "the tracker dates the change by its revision (ours by the order): China's fentanyl "
        "20% from 4 Feb 2025 (4 Mar) and 10% from 1 Nov (10 Nov); India's Russian-oil "
        "add-on from 7 Aug (27 Aug); the car deals of Japan and Korea from 7 Aug (16 Sep, "
        "1 Nov) and the UK's from 20 Feb 2026 (30 Jun 2025); no aircraft exemption for "
        "the UK and the EU (30 Jun, 1 Sep 2025); bullion exempt from 14 Nov (8 Sep); the "
        "IEEPA duties end on the ruling day, 20 Feb 2026 (collection ended on 24 Feb)",
    ),
}


def _tracker(data: str | Path | None) -> Path:
    return dataset_folder(TRACKER, None if data is None else Path(data) / TRACKER)


def _iso(name: str, mapping: dict[str, str]) -> str:
    return NAME_ALIASES.get(name.upper()) or mapping[name.upper()]


def reading_day(dates: list[str], k: int, last: dt.date) -> dt.date:
    """The day our schedule is read for the ``k``-th tracker date (see the module doc)."""
    day = dt.date.fromisoformat(dates[k]) + dt.timedelta(days=LAG_DAYS)
    if k + 1 < len(dates):
        day = min(day, dt.date.fromisoformat(dates[k + 1]) - dt.timedelta(days=1))
    return min(day, last)


def partner_gaps(table: Schedule, data: str | Path | None = None) -> pd.DataFrame:
    """Long frame ``date, read_on, partner, code, tracker, ours, gap`` (percent and
    points) for every tracker date up to the schedule's last day."""
    folder = _tracker(data)
    names = pd.read_csv(folder / "data" / "CensusCountryMapping_FRBAtl_short.csv")
    mapping = {n.upper(): iso for n, iso in zip(names["country"], names["ISO3"], strict=True)}
    frame = pd.read_csv(folder / "country-by-time.csv")
    dates = sorted(d for d in frame["date"].unique() if d <= table.last.isoformat())
    rows = []
    for k, date in enumerate(dates):
        day = reading_day(dates, k, table.last)
        for _, row in frame[frame["date"] == date].iterrows():
            iso = _iso(row["country_name"], mapping)
            members = list(countries.GROUPS[iso]()) if iso in countries.GROUPS else [iso]
            ours = 100 * table.average(day, members)
            theirs = float(row["effective tariff"])
            rows.append((date, day.isoformat(), row["country_name"], iso, theirs, ours))
    out = pd.DataFrame(rows, columns=["date", "read_on", "partner", "code", "tracker", "ours"])
    return out.assign(gap=out["ours"] - out["tracker"])


def reading_schedules(data: str | Path | None = None) -> dict[str, Schedule]:
    """The schedule as each of :data:`READINGS` reads the law, built afresh from the
    shared data, by reading name."""
    return {
        name: build.build(build.read_inputs(data, **switches))
        for name, (switches, _) in READINGS.items()
    }


def reading_gaps(
    data: str | Path | None = None, schedules: dict[str, Schedule] | None = None
) -> dict[str, pd.DataFrame]:
    """:func:`partner_gaps` of each of :func:`reading_schedules` (the ``readings`` of
    :func:`explain`)."""
    schedules = reading_schedules(data) if schedules is None else schedules
    return {name: partner_gaps(table, data) for name, table in schedules.items()}


def explain(
    gaps: pd.DataFrame,
    readings: dict[str, pd.DataFrame],
    points: float = 1.0,
) -> pd.DataFrame:
    """The rows of ``gaps`` (:func:`partner_gaps` of the law as we read it) more than
    ``points`` off, with a ``reason``: that of the first of :data:`READINGS` whose gaps
    (``readings[name]``, the same frame for a schedule built with its switches) bring the
    partner within ``points``, else ``""`` (not explained)."""
    off = gaps[gaps["gap"].abs() > points].copy()
    keyed = {name: frame.set_index(["date", "code"])["gap"] for name, frame in readings.items()}
    reasons = []
    for code, date in zip(off["code"], off["date"], strict=True):
        why = ""
        for name, (_, text) in READINGS.items():
            if not why and name in keyed and abs(keyed[name].get((date, code), np.inf)) <= points:
                why = text
        reasons.append(why)
    return off.assign(reason=reasons)


def average_gaps(table: Schedule, data: str | Path | None = None) -> pd.DataFrame:
    """``day, tracker, ours, gap``: the overall US tariff (%, 2024 base included) by day."""
    daily = pd.read_csv(_tracker(data) / "daily-tariff-latest-data.csv")
    w = table.imports[:, -1]
    mfn = 100 * float(table.mfn @ w / w.sum())
    rows = []
    for date, theirs in zip(daily["date"], daily["import_weighted_avg_tariff"], strict=True):
        day = dt.date.fromisoformat(date)
        if day > table.last:
            break
        ours = mfn + 100 * table.average(day)
        rows.append((date, float(theirs), ours, ours - float(theirs)))
    return pd.DataFrame(rows, columns=["day", "tracker", "ours", "gap"])


def within(gaps: pd.DataFrame, points: float = 1.0) -> pd.Series:
    """Number of partners within ``points`` of the tracker, by date."""
    return gaps.assign(ok=np.abs(gaps["gap"]) <= points).groupby("date")["ok"].sum()
