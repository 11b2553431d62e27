"""The no-war path's trend: how each observed flow would have grown without the war.

The monthly path's no-war months are the baseline month repeated, so the path over the
no-war path is a ratio without trend, while observed series are changes on a year
earlier, trend included. Our rule (docs/model.md J.1): the no-war flow of each observed
series grows at that flow's growth in the last full year before the war, 2024 over 2023,
read from the data (:data:`RULES`); a series without a pre-war figure in the data grows
at 0, and says so. :func:`tradewar.reports.validation.compare` then reads a % y/y as
100 ((path / no-war) (1 + g) - 1) and a level as the year-earlier observation times
(path / no-war) (1 + g).

The rates ship with the package (``no_war_growth.csv``, built by
``scripts/build_no_war_growth.py`` from ``observed_2025/``); ``--growth none`` turns the
trend off and ``--growth FILE`` takes a user's own (columns ``series, growth_pct`` and
optionally ``source``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from tradewar.core.errors import DataError, read_user_text
from tradewar.enacted.collected import OBSERVED_SHARES
from tradewar.reports.validation import REPORTED_FILE, SERIES

FILE = "no_war_growth.csv"
#: The Census's US imports by partner group, in ``observed_2025/`` (the ladder's file).
CENSUS_FILE = Path(OBSERVED_SHARES).name
RULE = "each series' flow grows at its growth of 2024 over 2023 (the last full year before the war)"
#: The years of the rule.
YEAR, BASE_YEAR = "2024", "2023"

#: series -> (kind, what to read, source). ``census``: the sum of a column ``m_<group>``
#: of the Census file over each year; ``reported``: a full-year % y/y row of the reported
#: series (month 2024-12); ``none``: no pre-war figure in the data (growth 0).
RULES: dict[str, tuple[str, str, str]] = {
    "CHN_exports_to_USA": (
        "census",
        "china",
        "US Census imports from China, 2024 over 2023 (China's customs' full-year figure "
        "for its exports to the US is not in the data; the same flow as the US records it)",
    ),
    "CHN_exports_to_USA_yoy": (
        "census",
        "china",
        "US Census imports from China, 2024 over 2023 (as CHN_exports_to_USA)",
    ),
    "CHN_total_exports_yoy": (
        "reported",
        "CHN_total_exports_yoy_FY",
        "China's customs, exports to all partners, 2024",
    ),
    "CHN_exports_to_ASEAN_yoy": (
        "reported",
        "CHN_exports_to_ASEAN_yoy_FY",
        "China's customs, exports to ASEAN, 2024",
    ),
    "CHN_exports_to_EU_yoy": (
        "reported",
        "CHN_exports_to_EU_yoy_FY",
        "China's customs, exports to the EU, 2024",
    ),
    "US_imports_from_CHN_census": (
        "census",
        "china",
        "US Census imports from China, 2024 over 2023",
    ),
    "US_customs_duties": (
        "census",
        "world",
        "US Census imports from the world, 2024 over 2023 (the base of the duties)",
    ),
    **{
        f"US_imports_from_{code}_census": (
            "census",
            group,
            f"US Census imports from {name}, 2024 over 2023",
        )
        for code, group, name in (
            ("CAN", "canada", "Canada"),
            ("MEX", "mexico", "Mexico"),
            ("EU", "eu", "the EU"),
        )
    },
    "US_imports_census": ("census", "world", "US Census imports from the world, 2024 over 2023"),
    **{
        f"CHN_RE_magnet_exports_{code}_yoy": (
            "none",
            "",
            "no pre-war trend of China's magnet tonnages in the data: 0",
        )
        for code in ("world", "USA", "DEU")
    },
}


@dataclass(frozen=True)
class Growth:
    """``rate`` (fraction a year) at which ``series``' no-war flow grows; ``source``."""

    series: str
    rate: float
    source: str = ""


def _census(folder: Path, group: str) -> float:
    totals = {YEAR: 0.0, BASE_YEAR: 0.0}
    with (folder / CENSUS_FILE).open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            year = row["date"][:4]
            if year in totals:
                totals[year] += float(row[f"m_{group}"])
    return totals[YEAR] / totals[BASE_YEAR] - 1.0


def _reported(folder: Path, series: str) -> float:
    with (folder / REPORTED_FILE).open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["series"] == series and row["month"].startswith(YEAR):
                return float(row["value"]) / 100.0
    raise DataError(f"{folder / REPORTED_FILE}: no {YEAR} row of {series}")


def from_observed(folder: Path) -> dict[str, Growth]:
    """The rates of :data:`RULES` from the shared data's ``observed_2025/`` folder."""
    out = {}
    for series, (kind, what, source) in RULES.items():
        if kind == "census":
            rate = _census(folder, what)
        elif kind == "reported":
            rate = _reported(folder, what)
        else:
            rate = 0.0
        out[series] = Growth(series, rate, source)
    return out


def write(rates: dict[str, Growth], path: Path) -> None:
    """``rates`` as the CSV :func:`read` reads (growth in % a year)."""
    with Path(path).open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["series", "growth_pct", "source"])
        for g in rates.values():
            writer.writerow([g.series, f"{100 * g.rate:.4f}", g.source])


def read(path: str | Path) -> dict[str, Growth]:
    """Growth rates from a CSV of ``series, growth_pct[, source]``; one-line errors for a
    missing column, an unknown series, a series given twice or a rate that is not a
    number above -100%."""
    text = read_user_text(path, "growth file", DataError)
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or {"series", "growth_pct"} - set(rows[0]):
        raise DataError(f"{path}: expected columns series, growth_pct (and optionally source)")
    out: dict[str, Growth] = {}
    for line, row in enumerate(rows, start=2):
        series = (row["series"] or "").strip()
        if series not in SERIES:
            raise DataError(
                f"{path}, line {line}: unknown series {series!r}; known: {', '.join(SERIES)}"
            )
        if series in out:
            raise DataError(f"{path}, line {line}: {series} is given twice")
        try:
            rate = float(row["growth_pct"]) / 100.0
        except (TypeError, ValueError):
            raise DataError(
                f"{path}, line {line}: growth_pct {row['growth_pct']!r} is not a number"
            ) from None
        if not rate > -1.0:
            raise DataError(f"{path}, line {line}: growth of {series} must be above -100%")
        out[series] = Growth(series, rate, (row.get("source") or "").strip())
    return out


def shipped() -> dict[str, Growth]:
    """The rates shipped with the package (:data:`FILE`)."""
    from tradewar.datasets import fetch

    return read(fetch.shipped_file(FILE))


def choose(rule: str | Path | None) -> dict[str, float]:
    """The growth by series for a ``--growth`` value: ``"data"`` (default: the shipped
    rates), ``"none"`` (no trend) or a CSV file of the user's own."""
    if rule is None or str(rule) == "data":
        chosen = shipped()
    elif str(rule) == "none":
        return {}
    else:
        chosen = read(rule)
    return {name: g.rate for name, g in chosen.items()}
