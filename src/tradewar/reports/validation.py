"""Scenario paths against observed monthly series (``tradewar validate``).

Observed data are a CSV with columns ``series, month, value, unit`` (more columns, e.g.
``source``, are ignored), one row per series and month ``YYYY-MM``. Each series maps to
a model output of :mod:`tradewar.paths.recorded_trade` (:data:`SERIES`). A path is read against
what would have happened: the model's month divided by the no-war month is a ratio, and

* a level series (USD) is compared with ``reference x ratio x (1 + g)``, the reference
  being the observed value of the same month a year earlier (the seasonal pattern),
  else the mean of the series' observed months in that earlier year;
* a year-on-year series (% y/y) is compared with ``100 (ratio (1 + g) - 1)``;

g being the no-war flow's growth over the year (:mod:`tradewar.reports.growth`; 0 for
no trend).

Rows of the year before the scenario starts serve as references; a month after the
scenario's end, or earlier than a year before its start, is refused.

Where a path changes US tariffs, the collection ladder under its US imports
(:func:`tradewar.reports.customs.ladder_by_partner`, on the baseline's imports at
customs value) is compared month by month, without a reference, with the Treasury's
customs duties, Census imports and the dutiable share of imports by partner group
(``observed_2025/`` of the shared data, where it is found): :data:`LADDER_SERIES`.

Model paths are cached (:func:`tradewar.runtime.cache.cache_dir`), keyed by the scenario
file's bytes, the tradewar version and code and the recording parameters, so a second
``validate`` of the same file does not solve again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd

from tradewar.core.errors import CountryError, DataError, read_user_text
from tradewar.runtime.cache import cache_dir

#: ASEAN members (China's customs' ASEAN aggregate).
ASEAN = ("BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM")


@dataclass(frozen=True)
class SeriesSpec:
    """How an observed series maps to the model.

    record: ``exporter`` (the exporter's customs: FOB, at shipment), ``importer`` (the
        importer's: customs value at arrival, as declared; :mod:`tradewar.paths.mirror`),
        ``duties`` (import duties assessed on arrival) or ``collected`` (the same duties
        when paid, as government receipts show them).
    exporters, importers: codes or groups (``ALL``: every country but the other side).
    measure: ``level`` (value in ``unit_usd`` USD) or ``yoy`` (% change on a year earlier).
    reference: for levels, the series holding the year-earlier values (default: itself).
    sectors: the baseline sectors the series counts (default: all goods sectors); a
        baseline without them has no model value for the series.
    """

    record: str
    exporters: str | tuple[str, ...]
    importers: str | tuple[str, ...]
    measure: str
    unit_usd: float = 1.0
    reference: str | None = None
    description: str = ""
    sectors: tuple[str, ...] | None = None


SERIES: dict[str, SeriesSpec] = {
    "CHN_exports_to_USA": SeriesSpec(
        "exporter", "CHN", "USA", "level", 1e9, None, "China's customs, goods, USD bn"
    ),
    "CHN_exports_to_USA_yoy": SeriesSpec(
        "exporter", "CHN", "USA", "yoy", description="China's customs, % y/y"
    ),
    "CHN_total_exports_yoy": SeriesSpec(
        "exporter", "CHN", "ALL", "yoy", description="China's customs, all partners, % y/y"
    ),
    "CHN_exports_to_ASEAN_yoy": SeriesSpec(
        "exporter", "CHN", ASEAN, "yoy", description="China's customs, ASEAN, % y/y"
    ),
    "CHN_exports_to_EU_yoy": SeriesSpec(
        "exporter", "CHN", "EU27", "yoy", description="China's customs, EU, % y/y"
    ),
    "US_imports_from_CHN_census": SeriesSpec(
        "importer", "CHN", "USA", "level", 1e6, None, "US Census, goods, USD mn"
    ),
    "US_imports_from_CAN_census": SeriesSpec(
        "importer", "CAN", "USA", "level", 1e6, None, "US Census, goods, USD mn"
    ),
    "US_imports_from_MEX_census": SeriesSpec(
        "importer", "MEX", "USA", "level", 1e6, None, "US Census, goods, USD mn"
    ),
    "US_imports_from_EU_census": SeriesSpec(
        "importer", "EU27", "USA", "level", 1e6, None, "US Census, goods, USD mn"
    ),
    "US_imports_census": SeriesSpec(
        "importer", "ALL", "USA", "level", 1e6, None, "US Census, goods, all partners, USD mn"
    ),
    "US_customs_duties": SeriesSpec(
        "collected",
        "ALL",
        "USA",
        "level",
        1e9,
        "US_customs_duties_prior_year_same_month",
        "US Treasury, customs duties, USD bn",
    ),
    # China's customs report magnet exports in tonnes: the model's values stand in for
    # quantities (China's unit cost of magnets moves by well under 1% in the scenarios)
    "CHN_RE_magnet_exports_world_yoy": SeriesSpec(
        "exporter",
        "CHN",
        "ALL",
        "yoy",
        description="China's customs, magnets (t), % y/y",
        sectors=("Magnets",),
    ),
    "CHN_RE_magnet_exports_USA_yoy": SeriesSpec(
        "exporter",
        "CHN",
        "USA",
        "yoy",
        description="China's customs, magnets to the US",
        sectors=("Magnets",),
    ),
    "CHN_RE_magnet_exports_DEU_yoy": SeriesSpec(
        "exporter",
        "CHN",
        "DEU",
        "yoy",
        description="China's customs, magnets to Germany",
        sectors=("Magnets",),
    ),
}
#: Figure titles of the series (what was measured, by whom), in a reader's words.
TITLES: dict[str, str] = {
    "CHN_exports_to_USA": "China's exports to the US (China's customs)",
    "CHN_exports_to_USA_yoy": "China's exports to the US, change on a year earlier",
    "CHN_total_exports_yoy": "China's exports to the world, change on a year earlier",
    "CHN_exports_to_ASEAN_yoy": "China's exports to ASEAN, change on a year earlier",
    "CHN_exports_to_EU_yoy": "China's exports to the EU, change on a year earlier",
    "US_imports_from_CHN_census": "US imports from China (US Census)",
    "US_imports_from_CAN_census": "US imports from Canada (US Census)",
    "US_imports_from_MEX_census": "US imports from Mexico (US Census)",
    "US_imports_from_EU_census": "US imports from the EU (US Census)",
    "US_imports_census": "US imports from the world (US Census)",
    "US_customs_duties": "US customs duties, all partners (Treasury)",
    "CHN_RE_magnet_exports_world_yoy": "China's magnet exports to the world, tonnes, y/y",
    "CHN_RE_magnet_exports_USA_yoy": "China's magnet exports to the US, tonnes, y/y",
    "CHN_RE_magnet_exports_DEU_yoy": "China's magnet exports to Germany, tonnes, y/y",
}
#: Series read off the collection ladder under the path and compared as they are (the
#: shared data's ``observed_2025/``): name -> (figure title, unit). Rates and shares in
#: % (their gaps in points), levels in USD bn.
LADDER_GROUPS = {"canada": "Canada", "mexico": "Mexico", "china": "China", "eu": "the EU"}
LADDER_SERIES: dict[str, tuple[str, str]] = {
    "US_collected_rate": ("US duties collected, % of imports (Treasury / Census)", "%"),
    "US_customs_duties_collected": ("US customs duties collected (Treasury)", "USD bn"),
    "US_imports_customs_value": ("US imports at customs value (Census)", "USD bn"),
    **{
        f"US_dutiable_share_{group}": (f"Dutiable share of US imports from {name}", "%")
        for group, name in (*LADDER_GROUPS.items(), ("row", "the rest"))
    },
}
TITLES.update({name: title for name, (title, _) in LADDER_SERIES.items()})
#: Series read from the Census's US imports by partner group (``observed_2025/``, with
#: the shared data): series -> group of :data:`tradewar.enacted.collected.OBSERVED_GROUPS`
#: (``world``: all of them).
CENSUS_SERIES = {
    "US_imports_from_CAN_census": "canada",
    "US_imports_from_MEX_census": "mexico",
    "US_imports_from_EU_census": "eu",
    "US_imports_census": "world",
}
#: Series used only as references of others.
REFERENCES = {s.reference for s in SERIES.values() if s.reference}


def _shift_year(month: str, years: int) -> str:
    y, m = map(int, month.split("-"))
    return f"{y + years:04d}-{m:02d}"


#: the observed series compiled from reports (``observed_2025/`` of the shared data)
REPORTED_FILE = "monthly_reported_2024_2025-05.csv"


def reported_file() -> Path:
    """The observed series to May 2025: the shared data's ``observed_2025/`` copy where
    the data folder is found, else the copy shipped with the package (same checksum)."""
    from tradewar.datasets import fetch
    from tradewar.datasets.paths import shared_data_dir

    root = shared_data_dir()
    if root is not None and (root / "observed_2025" / REPORTED_FILE).is_file():
        return root / "observed_2025" / REPORTED_FILE
    return fetch.shipped_file(REPORTED_FILE)


def load_observed(path: str | Path, months: list[str], strict: bool = True) -> pd.DataFrame:
    """Read an observed CSV; one-line :class:`DataError` for a missing column, an unknown
    series or (``strict``) a month outside the scenario and the year before it. Without
    ``strict`` (the shipped file) such rows are left out instead."""
    path = Path(path)
    text = read_user_text(path, "observed data", DataError)
    try:
        frame = pd.read_csv(StringIO(text), dtype={"month": str, "series": str, "unit": str})
    except (ValueError, OSError) as exc:
        raise DataError(f"{path}: not a readable CSV ({exc})") from None
    missing = [c for c in ("series", "month", "value", "unit") if c not in frame.columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {', '.join(missing)}; expected series, month, value, unit"
        )
    known = set(SERIES) | REFERENCES
    unknown = sorted(set(frame["series"]) - known)
    if unknown and strict:
        raise DataError(f"{path}: unknown series {unknown[0]!r}; known: {', '.join(sorted(known))}")
    frame = frame[frame["series"].isin(known)].copy()
    frame["month"] = frame["month"].str.strip().str[:7]
    earliest = _shift_year(months[0], -1)
    inside = (frame["month"] >= earliest) & (frame["month"] <= months[-1])
    if strict and not inside.all():
        bad = frame.loc[~inside, "month"].iloc[0]
        raise DataError(
            f"{path}: month {bad} is outside the scenario ({months[0]} to {months[-1]}, "
            f"and {earliest} on as references)"
        )
    values = pd.to_numeric(frame["value"], errors="coerce")
    if values.isna().any():
        row = frame.loc[values.isna()].iloc[0]
        raise DataError(f"{path}: value {row['value']!r} of {row['series']} {row['month']}")
    frame["value"] = values
    return frame[inside].reset_index(drop=True)


#: The parts of China's customs' record of its exports to the US less the US Census's,
#: reported with the series (``CHN_USA_gap_<part>``, USD a month; docs/model.md J.3).
GAP_PAIR = ("CHN", "USA")


def gap_series(part: str) -> str:
    """The name of the series holding one part of the gap of :data:`GAP_PAIR`."""
    return f"{GAP_PAIR[0]}_{GAP_PAIR[1]}_gap_{part}"


def model_series(recorded, baseline, records) -> dict[str, dict[str, list[float]]]:
    """For every series of :data:`SERIES`: the model's monthly value and its no-war
    value, USD per month, from the path's trade as recorded
    (:class:`tradewar.paths.recorded_trade.RecordedTrade`: duties) and as each side
    records it (:class:`tradewar.paths.mirror.Records`: flows); and the parts of the
    gap of :data:`GAP_PAIR` (``CHN_USA_gap_<part>``, no-war values 0)."""
    from tradewar.core.baseline import goods_sectors

    goods = goods_sectors(baseline)
    sides = {
        "exporter": (records.exporter, records.no_war_exporter),
        "importer": (records.importer, records.no_war_importer),
    }
    out = {}
    for name, spec in SERIES.items():
        exp = _side(baseline, spec.exporters)
        imp = _side(baseline, spec.importers)
        sectors = goods
        if spec.sectors is not None:
            sectors = [baseline.sectors.index(s) for s in spec.sectors if s in baseline.sectors]
        if not exp or not imp or not sectors:
            continue
        cells = np.ix_(range(len(recorded.months)), exp, imp, sectors)
        off = ~np.eye(baseline.n_countries, dtype=bool)[np.ix_(exp, imp)][None, :, :, None]
        if spec.record in sides:
            flows, no_war_flows = sides[spec.record]
            values = flows[cells] * off
            no_war = no_war_flows[cells] * off
        else:
            values = getattr(recorded, spec.record)[cells] * off
            no_war_tariffs = baseline.tariffs[np.ix_(exp, imp, sectors)][None]
            no_war = recorded.no_war[cells] * no_war_tariffs * off
        out[name] = {
            "model": values.sum(axis=(1, 2, 3)).tolist(),
            "no_war": no_war.sum(axis=(1, 2, 3)).tolist(),
        }
    if all(c in baseline.countries for c in GAP_PAIR):
        i, n = (baseline.index(c) for c in GAP_PAIR)
        for part, values in records.parts.items():
            out[gap_series(part)] = {
                "model": values[:, i, n][:, goods].sum(axis=1).tolist(),
                "no_war": [0.0] * len(recorded.months),
            }
    return out


def gap_table(paths: dict, months: list[str], observed: pd.DataFrame) -> pd.DataFrame:
    """China -> US as each side records it, by month of ``months`` (USD bn): the model's
    two records and, where observed, China's customs and the Census; the model's gap and
    its parts (:data:`tradewar.paths.mirror.PARTS`)."""
    from tradewar.paths.mirror import PARTS

    exp, imp = paths.get("CHN_exports_to_USA"), paths.get("US_imports_from_CHN_census")
    if exp is None or imp is None:
        return pd.DataFrame()
    seen = {
        (row.series, row.month): row.value
        for row in observed.itertuples()
        if row.series in ("CHN_exports_to_USA", "US_imports_from_CHN_census")
    }
    rows = []
    for m, month in enumerate(months):
        row = {
            "month": month,
            "China's customs": exp["model"][m] / 1e9,
            "US Census": imp["model"][m] / 1e9,
            "China's customs, observed": seen.get(("CHN_exports_to_USA", month), np.nan),
            "US Census, observed": seen.get(("US_imports_from_CHN_census", month), np.nan) / 1e3,
        }
        row["gap"] = row["China's customs"] - row["US Census"]
        for part in PARTS:
            key = gap_series(part)
            row[part.replace("_", " ")] = paths[key]["model"][m] / 1e9 if key in paths else 0.0
        rows.append(row)
    return pd.DataFrame(rows)


def ladder_group(code: str) -> str:
    """The observed partner group (Census, :data:`tradewar.enacted.collected.OBSERVED_GROUPS`)
    of a baseline country: EU members in ``eu``, the rest not listed in ``row``."""
    from tradewar.core.countries import GROUPS
    from tradewar.enacted.collected import OBSERVED_GROUPS

    if code in GROUPS["EU27"]():
        return "eu"
    for group, members in OBSERVED_GROUPS.items():
        if members and code in members:
            return group
    return "row"


def ladder_series(by_partner: pd.DataFrame | None, months: list[str]) -> dict:
    """The :data:`LADDER_SERIES` of a path, each ``{"model": [...], "no_war": [...]}``
    by month of ``months`` (None where the ladder has no value; no no-war values), from
    the ladder by partner (:func:`tradewar.reports.customs.ladder_by_partner`); empty
    without one."""
    if by_partner is None or by_partner.empty:
        return {}
    frame = by_partner.assign(group=by_partner["partner"].map(ladder_group))
    total = frame.groupby("month")[["collected_ladder_usd", "imports_customs_usd"]].sum()
    groups = frame.groupby(["month", "group"])[["dutiable_usd", "imports_customs_usd"]].sum()
    values: dict[str, dict[str, float]] = {name: {} for name in LADDER_SERIES}
    for month, row in total.iterrows():
        imports = row["imports_customs_usd"]
        values["US_collected_rate"][month] = 100 * row["collected_ladder_usd"] / imports
        values["US_customs_duties_collected"][month] = row["collected_ladder_usd"] / 1e9
        values["US_imports_customs_value"][month] = imports / 1e9
    for (month, group), row in groups.iterrows():
        if row["imports_customs_usd"] > 0:
            share = 100 * row["dutiable_usd"] / row["imports_customs_usd"]
            values[f"US_dutiable_share_{group}"][month] = share
    return {
        name: {"model": [by_month.get(m) for m in months], "no_war": [None] * len(months)}
        for name, by_month in values.items()
    }


def observed_ladder(data: str | Path | None = None) -> pd.DataFrame | None:
    """``series, month, value, unit`` of :data:`LADDER_SERIES` as observed (Treasury
    duties, Census imports, dutiable shares by group; to May 2025), or None without the
    shared data's ``observed_2025/``."""
    from tradewar.datasets.paths import shared_data_dir
    from tradewar.enacted import collected

    root = Path(data) if data is not None else shared_data_dir()
    files = (collected.OBSERVED_REVENUE, collected.OBSERVED_SHARES)
    if root is None or not all((root / f).is_file() for f in files):
        return None
    rows = []
    for r in collected.observed_revenue(root).itertuples():
        rows += [
            ("US_collected_rate", r.month, 100 * r.duties_usd / r.imports_usd, "%"),
            ("US_customs_duties_collected", r.month, r.duties_usd / 1e9, "USD bn"),
            ("US_imports_customs_value", r.month, r.imports_usd / 1e9, "USD bn"),
        ]
    for r in collected.observed_by_group(root).itertuples():
        if r.imports_usd > 0:
            share = 100 * r.dutiable_usd / r.imports_usd
            rows.append((f"US_dutiable_share_{r.group}", r.month, share, "%"))
    return pd.DataFrame(rows, columns=["series", "month", "value", "unit"])


def observed_census(data: str | Path | None = None) -> pd.DataFrame | None:
    """``series, month, value, unit`` of :data:`CENSUS_SERIES` (USD mn a month, 2024-01
    to 2025-05), or None without the shared data's ``observed_2025/``."""
    from tradewar.datasets.paths import shared_data_dir
    from tradewar.enacted import collected

    root = Path(data) if data is not None else shared_data_dir()
    if root is None or not (root / collected.OBSERVED_SHARES).is_file():
        return None
    by_group = collected.observed_by_group(root).pivot(
        index="month", columns="group", values="imports_usd"
    )
    by_group["world"] = by_group.sum(axis=1)
    rows = [
        (name, month, value / 1e6, "USD mn, NSA")
        for name, group in CENSUS_SERIES.items()
        for month, value in by_group[group].items()
    ]
    return pd.DataFrame(rows, columns=["series", "month", "value", "unit"])


def default_observed(months: list[str]) -> pd.DataFrame:
    """The observed series ``validate`` reads by default: the shipped reported series
    and, with the shared data, the Census's imports by partner group; rows outside the
    scenario and its year before are left out."""
    frame = load_observed(reported_file(), months, strict=False)
    census = observed_census()
    if census is None:
        return frame
    earliest = _shift_year(months[0], -1)
    census = census[(census["month"] >= earliest) & (census["month"] <= months[-1])]
    return pd.concat([frame, census], ignore_index=True)


def compare_ladder(observed: pd.DataFrame | None, months: list[str], paths: dict) -> pd.DataFrame:
    """Rows ``series, month, observed, model, gap, unit`` for every month where the
    path's ladder (:func:`ladder_series`, in ``paths``) and the observed series meet."""
    columns = ["series", "month", "observed", "model", "gap", "unit"]
    if observed is None:
        return pd.DataFrame(columns=columns)
    index = {m: k for k, m in enumerate(months)}
    rows = []
    for r in observed.itertuples():
        series = paths.get(r.series)
        if r.series not in LADDER_SERIES or series is None or r.month not in index:
            continue
        model = series["model"][index[r.month]]
        if model is None:
            continue
        rows.append((r.series, r.month, r.value, model, model - r.value, r.unit))
    return pd.DataFrame(rows, columns=columns)


def _measure(name: str) -> str:
    """How a series' gaps read: ``yoy`` and ``points`` (in points) or ``level`` (in %)."""
    if name in LADDER_SERIES:
        return "points" if LADDER_SERIES[name][1] == "%" else "level"
    return SERIES[name].measure


def _side(baseline, codes: str | tuple[str, ...]) -> list[int]:
    """Indices of the codes or groups in ``codes`` that ``baseline`` has (a member it
    folds into its rest of the world, e.g. some ASEAN countries in ICIO, is left out)."""
    out: list[int] = []
    for code in [codes] if isinstance(codes, str) else codes:
        try:
            out += baseline.indices(code)
        except CountryError:
            continue
    return list(dict.fromkeys(out))


def _model_value(
    name: str, month: str, k: int, series: dict, by_key: dict, growth: Mapping[str, float]
) -> float | None:
    """The model's reading of ``series`` (a :data:`SERIES` entry's path) in ``month``
    (index ``k``): 100 (ratio (1 + g) - 1) for % y/y, reference x ratio x (1 + g) for a
    level (None where a level has no reference)."""
    spec = SERIES[name]
    ratio = series["model"][k] / series["no_war"][k] if series["no_war"][k] else np.nan
    ratio *= 1.0 + growth.get(name, 0.0)  # (path / no-war) x no-war growth
    if spec.measure == "yoy":
        return 100.0 * (ratio - 1.0)
    ref_series = spec.reference or name
    earlier = _shift_year(month, -1)
    reference = by_key.get((ref_series, earlier))
    if reference is None:
        year = [v for (s, m), v in by_key.items() if s == ref_series and m.startswith(earlier[:4])]
        if year:
            reference = float(np.mean(year))
        elif series["no_war"][k]:
            reference = series["no_war"][k] / spec.unit_usd
    return None if reference is None else reference * ratio


def compare(
    observed: pd.DataFrame,
    months: list[str],
    paths: dict,
    growth: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Rows ``series, month, observed, model, gap, unit`` for every observed month of
    the scenario whose series the model maps; ``growth`` the no-war growth over a year
    by series (fraction; a series not named grows at 0)."""
    growth = growth or {}
    rows = []
    index = {m: k for k, m in enumerate(months)}
    by_key = {(r.series, r.month): r.value for r in observed.itertuples()}
    for r in observed.itertuples():
        spec = SERIES.get(r.series)
        if spec is None or r.month not in index or r.series not in paths:
            continue
        model = _model_value(r.series, r.month, index[r.month], paths[r.series], by_key, growth)
        model = np.nan if model is None else model
        rows.append(
            {
                "series": r.series,
                "month": r.month,
                "observed": r.value,
                "model": model,
                "gap": model - r.value,
                "unit": "% y/y" if spec.measure == "yoy" else r.unit,
            }
        )
    return pd.DataFrame(rows, columns=["series", "month", "observed", "model", "gap", "unit"])


def held_out(
    observed: pd.DataFrame,
    months: list[str],
    paths: dict,
    growth: Mapping[str, float] | None = None,
    until: str | None = None,
) -> pd.DataFrame:
    """Rows ``series, month, model`` for the scenario's months after each series' last
    observed month, up to ``until`` (default: December of the last observed year): what
    the model says where the observed data stop (levels only where the year-earlier
    observation exists)."""
    growth = growth or {}
    by_key = {(r.series, r.month): r.value for r in observed.itertuples()}
    seen = observed[observed["series"].isin(SERIES)]
    rows = []
    for name, group in seen.groupby("series"):
        if name not in paths:
            continue
        last = group["month"].max()
        end = until or f"{last[:4]}-12"
        for k, month in enumerate(months):
            if last < month <= end:
                model = _model_value(name, month, k, paths[name], by_key, growth)
                if model is not None and np.isfinite(model):
                    rows.append((name, month, model))
    return pd.DataFrame(rows, columns=["series", "month", "model"])


def describe(name: str) -> str:
    """What the model reads for series ``name``, in a line: its record, who trades with
    whom, its goods, and how it is compared."""
    if name in LADDER_SERIES:
        return "collection ladder under the path's US imports, as is"
    spec = SERIES[name]
    sides = [
        "the world" if side == "ALL" else side if isinstance(side, str) else "+".join(side)
        for side in (spec.exporters, spec.importers)
    ]
    goods = ", ".join(spec.sectors) if spec.sectors else "goods"
    how = "% y/y of path / no-war" if spec.measure == "yoy" else "year-earlier x path / no-war"
    record = {"exporter": "exporter's record", "importer": "importer's record"}.get(
        spec.record, spec.record
    )
    return f"{record} {sides[0]} -> {sides[1]}, {goods}; {how}"


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per series: what the model reads (:func:`describe`), months compared, mean
    absolute gap (points for % y/y, percent of the observed value for levels), and mean
    gap (bias, same units)."""
    rows = {}
    for name, group in table.groupby("series", sort=False):
        if _measure(name) in ("yoy", "points"):
            gaps = group["gap"]
            unit = "points"
        else:
            gaps = 100 * group["gap"] / group["observed"]
            unit = "% of observed"
        rows[name] = {
            "model reads": describe(name),
            "months": len(group),
            "mean abs gap": float(gaps.abs().mean()),
            "mean gap": float(gaps.mean()),
            "in": unit,
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "series"
    return frame


def cache_key(scenario_file: Path, params) -> str:
    """Key of a cached path: the scenario file's bytes, tradewar's version and source
    code (every module of the package) and the recording parameters; any change to them
    invalidates the entry. (Embedded baselines are versioned with the code; a scenario on
    a shared-data baseline is not re-solved when those data files change: clear the
    cache then.)"""
    from tradewar import __version__

    digest = hashlib.sha256(Path(scenario_file).read_bytes())
    digest.update(__version__.encode())
    package = Path(__file__).parents[1]  # src/tradewar: every module of the package
    for module in sorted(package.rglob("*.py")):
        digest.update(module.read_bytes())
    digest.update(json.dumps(asdict(params), sort_keys=True).encode())
    return digest.hexdigest()[:32]


def cached_paths(scenario_file: Path, compute, params) -> tuple[dict, bool]:
    """The model series of ``scenario_file``: from the cache if there, else
    ``compute()`` and store; returns (series, from_cache)."""
    folder = cache_dir()
    if folder is None:
        return compute(), False
    entry = folder / "paths" / f"{cache_key(scenario_file, params)}.json"
    if entry.is_file():
        try:
            data = json.loads(entry.read_text())
        except ValueError:
            data = None
        if _well_formed(data):
            return data, True
        entry.unlink(missing_ok=True)  # a broken entry is recomputed
    data = compute()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".tmp-{os.getpid()}")
        tmp.write_text(json.dumps(data))
        os.replace(tmp, entry)
    except OSError:
        pass  # an unwritable cache only costs time
    return data, False


def _well_formed(data) -> bool:
    """Whether ``data`` has the shape of :func:`model_series`' (and
    :func:`ladder_series`') output."""
    return (
        isinstance(data, dict)
        and bool(data)
        and all(
            isinstance(v, dict)
            and isinstance(v.get("model"), list)
            and isinstance(v.get("no_war"), list)
            and len(v["model"]) == len(v["no_war"])
            for v in data.values()
        )
    )


def _unit_label(unit: str) -> str:
    """The unit of an observed level for an axis: its first words ("USD bn", "USD mn")."""
    return " ".join(str(unit).replace(",", " ").split()[:2])


def plot(table: pd.DataFrame, target: Path, title: str, ahead: pd.DataFrame | None = None) -> None:
    """A grid of panels, one per series: observed and model by month, titled in words
    (:data:`TITLES`) with the unit on the y axis; ``ahead`` (:func:`held_out`) carries
    the model on past the observed months, where the observed line stays empty."""
    from tradewar.reports.drawing import pyplot

    plt = pyplot()
    names = list(dict.fromkeys(table["series"]))
    ncols = min(3, len(names))
    nrows = -(-len(names) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(4.6 * ncols, 3.0 * nrows), squeeze=False, layout="constrained"
    )
    for ax, name in zip(axes.flat, names, strict=False):
        group = table[table["series"] == name]
        later = pd.DataFrame(columns=["month", "model"])
        if ahead is not None:
            later = ahead.loc[ahead["series"] == name, ["month", "model"]]
        model = pd.concat([group[["month", "model"]], later]).sort_values("month")
        axis = sorted(set(model["month"]))
        observed = group.set_index("month")["observed"].reindex(axis)
        ax.plot(axis, observed.to_numpy(), "o-", label="observed")
        ax.plot(model["month"], model["model"], "s--", label="model")
        if len(later):
            ax.axvspan(later["month"].iloc[0], axis[-1], color="0.92", label="held out")
        ax.set_title(TITLES.get(name, name), fontsize=9)
        unit = group["unit"].iloc[0]
        ax.set_ylabel("% y/y" if _measure(name) == "yoy" else _unit_label(unit), fontsize=8)
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)
        ax.tick_params(axis="y", labelsize=7)
        if _measure(name) == "yoy":
            ax.axhline(0, color="black", lw=0.5)
        ax.legend(fontsize=7)
    for ax in list(axes.flat)[len(names) :]:
        ax.axis("off")
    fig.suptitle(f"{title}: model against observed, by month", fontsize=10)
    fig.savefig(target, dpi=110)
    plt.close(fig)


@dataclass
class Validation:
    """A scenario's path set beside observed series (what ``tradewar validate`` prints).

    ``table``: one row per series and month (:func:`compare`, with the collection ladder
    where the shipped data hold it); ``paths``: the model series (:func:`model_series`);
    ``observed``: the observed frame read; ``cached``: whether the path came from the
    cache; ``trend``: the no-war growth a year by flow (:mod:`tradewar.reports.growth`)."""

    name: str
    months: list[str]
    observed: pd.DataFrame
    paths: dict
    cached: bool
    table: pd.DataFrame
    trend: dict | None

    def held_out(self) -> pd.DataFrame:
        """The model's months after the observed ones (:func:`held_out`)."""
        return held_out(self.observed, self.months, self.paths, self.trend)

    def gaps(self) -> pd.DataFrame:
        """China -> US as each side records it, by month (:func:`gap_table`)."""
        return gap_table(self.paths, self.months, self.observed)


def validate_scenario(
    scenario_file: str | Path,
    observed: str | Path | None = None,
    trend: dict | None = None,
    solve=None,
) -> Validation:
    """Solve (or read from the cache) the path of ``scenario_file`` and compare it with
    ``observed`` (default: the shipped series to May 2025 and, with the shared data, the
    collection ladder's). ``solve(scenario) -> ScenarioPath`` runs the path (default
    :func:`tradewar.paths.simulate.simulate`; the CLI passes one with a spinner)."""
    from tradewar.paths import recorded_trade
    from tradewar.paths import scenario as scenarios
    from tradewar.reports.customs import ladder_by_partner

    if solve is None:
        from tradewar.paths.simulate import simulate as solve
    scenario_file = Path(scenario_file)
    spec = scenarios.load(scenario_file)
    months = spec.months()
    if observed is None:
        frame = default_observed(months)
    else:
        frame = load_observed(observed, months, strict=True)

    def compute() -> dict:
        path = solve(spec)
        # the path's own trade as recorded (default parameters): the ladder reads it too
        series = model_series(path.recorded, path.baseline, path.records)
        return series | ladder_series(ladder_by_partner(path), months)

    paths, cached = cached_paths(scenario_file, compute, recorded_trade.RecordingParams())
    table = compare(frame, months, paths, trend)
    if observed is None:  # the shipped series and, with the shared data, the ladder's
        ladder = compare_ladder(observed_ladder(), months, paths)
        table = pd.concat([table, ladder], ignore_index=True) if len(ladder) else table
    if table.empty:
        raise DataError(f"no observed month of a known series falls in {months[0]} to {months[-1]}")
    return Validation(spec.name, months, frame, paths, cached, table, trend)
