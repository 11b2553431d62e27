"""The enacted US schedule against the tradewartracker's published series.

* :func:`partner_gaps`: import-weighted additional rate by partner (top 50 and the EU) on
  every action date of ``country-by-time.csv``, ours minus theirs (percentage points),
  read on the action date itself and at the end of the interval it opens (the day
  before the next action date), so that a measure dated a few days apart in the two
  (e.g. the Geneva cut: 12 May there, 14 May in the orders) is compared regime by regime.
* :func:`average_gaps`: the overall import-weighted US tariff (2024 base included) by
  day against ``daily-tariff-latest-data.csv``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from tradewar.core import countries
from tradewar.datasets.paths import dataset_folder
from tradewar.enacted.lines import TRACKER
from tradewar.enacted.schedule import Schedule
from tradewar.enacted.weights import NAME_ALIASES


def _tracker(data: str | Path | None) -> Path:
    return dataset_folder(TRACKER, None if data is None else Path(data) / TRACKER)


def _iso(name: str, mapping: dict[str, str]) -> str:
    return NAME_ALIASES.get(name.upper()) or mapping[name.upper()]


def partner_gaps(table: Schedule, data: str | Path | None = None) -> pd.DataFrame:
    """Long frame ``date, partner, tracker, ours, ours_end, gap, gap_end`` (percent and
    points) for every action date up to the schedule's last day."""
    folder = _tracker(data)
    names = pd.read_csv(folder / "data" / "CensusCountryMapping_FRBAtl_short.csv")
    mapping = {n.upper(): iso for n, iso in zip(names["country"], names["ISO3"], strict=True)}
    frame = pd.read_csv(folder / "country-by-time.csv")
    dates = sorted(d for d in frame["date"].unique() if d <= table.last.isoformat())
    rows = []
    for k, date in enumerate(dates):
        day = dt.date.fromisoformat(date)
        end = (
            dt.date.fromisoformat(dates[k + 1]) - dt.timedelta(days=1)
            if k + 1 < len(dates)
            else table.last
        )
        for _, row in frame[frame["date"] == date].iterrows():
            iso = _iso(row["country_name"], mapping)
            members = list(countries.GROUPS[iso]()) if iso in countries.GROUPS else [iso]
            ours = 100 * table.average(day, members)
            ours_end = 100 * table.average(end, members)
            theirs = float(row["effective tariff"])
            rows.append(
                (
                    date,
                    row["country_name"],
                    theirs,
                    ours,
                    ours_end,
                    ours - theirs,
                    ours_end - theirs,
                )
            )
    return pd.DataFrame(
        rows, columns=["date", "partner", "tracker", "ours", "ours_end", "gap", "gap_end"]
    )


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


def within(gaps: pd.DataFrame, column: str = "gap", points: float = 1.0) -> pd.Series:
    """Number of partners within ``points`` of the tracker, by date."""
    return gaps.assign(ok=np.abs(gaps[column]) <= points).groupby("date")["ok"].sum()
