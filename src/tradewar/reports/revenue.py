"""Tariff revenue over a budget window: ``revenue.csv`` (docs/model.md M.5).

From a finished path, for one importer (the US by default):

* **by fiscal year** (October to September, as the US federal budget): the duties the
  path's importers pay (:attr:`tradewar.paths.recorded_trade.RecordedTrade.collected`,
  goods, a month after arrival) less what the baseline's tariffs raise on the baseline's
  imports, USD bn;
* **ten years, conventional**: the ten fiscal years from the path's first, each month from
  the path where it has one and from the long run (the last month's policy with
  substitution complete) after it; every month grown from the baseline year at the
  yearly growth of US imports over 2014-2024 (``households.json``: Treasury series,
  3.3%), so that the window is in the dollars of each year;
* **net of the income and payroll tax offset**: the conventional line times one less
  :data:`OFFSET`, as US scorekeepers do for taxes on goods: a tariff raises prices
  against unchanged nominal income, so the bases of income and payroll taxes shrink by
  about a quarter of the tariff revenue;
* **dynamic** (our design, labelled as such): the net line with the base scaled by the
  importer's real income in the model that month (``1 + welfare / 100``), so a tariff
  that makes the importer poorer also shrinks what it imports and pays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradewar.core.baseline import USD_PER_UNIT, goods_sectors
from tradewar.datasets import households as household_data

#: Share of the revenue of a tax on goods that US scorekeepers take off for the fall of
#: income and payroll tax receipts: CBO (2009), "The Role of the 25 Percent Revenue Offset
#: in Estimating the Budgetary Effects of Legislation", Economic and Budget Issue Brief,
#: 13 January 2009 (JCT applies the same convention).
OFFSET = 0.25
OFFSET_SOURCE = "CBO (2009), the 25 percent revenue offset (Economic and Budget Issue Brief)"
#: Years in the window.
WINDOW_YEARS = 10
#: The middle of the baseline's year (US imports re-based on 2024), from which months grow.
BASE_MONTH = (2024, 7)


def fiscal_year(month: str) -> int:
    """The US federal fiscal year of ``YYYY-MM`` (October opens the next one)."""
    y, m = map(int, month.split("-"))
    return y + 1 if m >= 10 else y


def _months_from(first: str, count: int) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def monthly_revenue(path, importer: str = "USA") -> np.ndarray:
    """Tariff revenue of ``importer`` by month of the path against the baseline, USD a
    month (duties collected on goods less the baseline's tariffs on the baseline's goods
    imports)."""
    b = path.baseline
    n = b.index(importer)
    goods = goods_sectors(b)
    foreign = np.ones(b.n_countries, bool)
    foreign[n] = False
    collected = path.recorded.collected[:, foreign, n][..., goods].sum(axis=(1, 2))
    scale = USD_PER_UNIT.get(b.unit, 1.0) / 12
    before = (b.tariffs * b.flows)[foreign, n][:, goods].sum() * scale
    return collected - before


def long_run_revenue(path, importer: str = "USA") -> float:
    """Tariff revenue of ``importer`` in the long run against the baseline, USD a month:
    the long-run tariffs on the long-run tariff-exclusive imports (goods)."""
    b = path.baseline
    n = b.index(importer)
    goods = goods_sectors(b)
    foreign = np.ones(b.n_countries, bool)
    foreign[n] = False
    lr = path.long_run
    last = path.tariffs[-1]
    scale = USD_PER_UNIT.get(b.unit, 1.0) / 12
    after = (last * lr.flows_after)[foreign, n][:, goods].sum()
    before = (b.tariffs * b.flows)[foreign, n][:, goods].sum()
    return float((after - before) * scale)


def revenue_frame(path, importer: str = "USA") -> pd.DataFrame:
    """``revenue.csv``: one row per fiscal year of the window (``fiscal_year``, months
    from the path, ``conventional_usd_bn``, ``net_of_offset_usd_bn``, ``dynamic_usd_bn``
    (ours)), then the ten-year totals (module docstring)."""
    growth = household_data.shipped()["import_growth"]["pct"] / 100
    first_fy = fiscal_year(path.months[0])
    start = f"{first_fy - 1:04d}-10"
    window = _months_from(start, 12 * WINDOW_YEARS)
    on_path = dict(zip(path.months, monthly_revenue(path, importer), strict=True))
    welfare = dict(zip(path.months, path.series("welfare", importer), strict=True))
    lr_revenue = long_run_revenue(path, importer)
    lr_welfare = path.long_run.value("welfare", importer)
    y0, m0 = BASE_MONTH
    rows: dict[int, dict] = {}
    for month in window:
        y, m = map(int, month.split("-"))
        grown = (1 + growth) ** (((y - y0) * 12 + m - m0) / 12)
        if month in on_path:
            value, real = on_path[month], welfare[month]
        elif month < path.months[0]:
            value, real = 0.0, 0.0
        else:
            value, real = lr_revenue, lr_welfare
        row = rows.setdefault(
            fiscal_year(month), {"months_on_path": 0, "conventional": 0.0, "dynamic": 0.0}
        )
        row["months_on_path"] += month in on_path
        row["conventional"] += value * grown / 1e9
        row["dynamic"] += value * grown * (1 + real / 100) * (1 - OFFSET) / 1e9
    frame = pd.DataFrame(
        {
            "fiscal_year": [f"FY{fy}" for fy in rows],
            "months_on_path": [r["months_on_path"] for r in rows.values()],
            "conventional_usd_bn": [r["conventional"] for r in rows.values()],
            "net_of_offset_usd_bn": [r["conventional"] * (1 - OFFSET) for r in rows.values()],
            "dynamic_usd_bn": [r["dynamic"] for r in rows.values()],
        }
    )
    total = frame.drop(columns="fiscal_year").sum()
    total_row = {"fiscal_year": f"FY{first_fy}-FY{first_fy + WINDOW_YEARS - 1}", **total}
    return pd.concat([frame, pd.DataFrame([total_row])], ignore_index=True)
