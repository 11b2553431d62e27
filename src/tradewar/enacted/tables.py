"""What ``tradewar tariffs`` prints: rates in force by sector or authority, the monthly
import-weighted path by partner, and one product line's rates by authority."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from tradewar.core import countries
from tradewar.core.errors import DataError
from tradewar.enacted.schedule import Schedule


def partner_rows(table: Schedule, partner: str) -> np.ndarray:
    """Rows of ``partner`` (ISO3 or a group such as EU27) in ``table``."""
    code = partner.strip().upper()
    if code in countries.GROUPS:
        listed = set(map(str, table.partners))
        return np.array([table.partner(c) for c in countries.GROUPS[code]() if c in listed])
    return np.array([table.partner(code)])


def _weighted(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean over the first axis; 0 where the weights sum to 0."""
    total = weights.sum(axis=0)
    return (values * weights).sum(axis=0) / np.where(total > 0, total, np.inf)


def rates_on(table: Schedule, partner: str, day: dt.date, by: str) -> pd.DataFrame:
    """Additional rates (%) in force on ``day`` on goods of ``partner``, by ``sector``
    (ICIO goods sectors and all goods, with 2024 imports) or by ``authority``."""
    rows = partner_rows(table, partner)
    k = table.step(day)
    if by == "sector":
        rate = _weighted(table.rates[k, rows], table.imports[rows])
        return pd.DataFrame(
            {
                "additional tariff (%)": 100 * rate,
                "2024 imports (USD bn)": table.imports[rows].sum(axis=0) / 1e9,
            },
            index=pd.Index(map(str, table.sectors), name="sector"),
        )
    if by == "authority":
        w = table.imports[rows, -1:]
        rate = _weighted(table.by_authority[k, rows], w)
        frame = pd.DataFrame(
            {"additional tariff (%)": 100 * rate},
            index=pd.Index(table.authorities, name="authority"),
        )
        frame.loc["total"] = frame.sum()
        return frame
    raise DataError(f"--by must be sector or authority, got {by!r}")


def monthly_path(table: Schedule, partners: list[str], months: list[str]) -> pd.DataFrame:
    """Import-weighted additional rate (%) by month (rows) and partner (columns; ``ALL``
    for the importer's whole imports)."""
    by_month = table.monthly(months)  # (M, P)
    columns = {}
    for partner in partners:
        if partner.upper() == "ALL":
            rows = np.arange(len(table.partners))
        else:
            rows = partner_rows(table, partner)
        w = table.imports[rows, -1]
        columns[partner.upper()] = 100 * by_month[:, rows] @ w / w.sum()
    return pd.DataFrame(columns, index=pd.Index(months, name="month"))


def line_quote(
    partner: str, product: str, day: dt.date, usmca: bool, data: str | Path | None
) -> pd.DataFrame:
    """Additional rates (%) by authority and in total on one HTS line of ``partner`` on
    ``day`` (``usmca``: the goods claim USMCA); reads the lists from the shared data."""
    from tradewar.enacted import build

    rates = build.line_rates(build.read_inputs(data), partner.upper(), product, day, usmca=usmca)
    frame = pd.DataFrame(
        {"additional tariff (%)": [100 * v for v in rates.values()]},
        index=pd.Index(list(rates), name="authority"),
    )
    frame.loc["total"] = frame.sum()
    return frame
