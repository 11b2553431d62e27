"""Reader for the IMLS (2025) base data: BACI 2023 trade, WDI GDP, USTR 2025 tariffs.

Folder layout (``shared/data/liberation_day_2025/``, from the authors' replication package):
``trade_cepii.csv`` (194 x 194, thousand USD, row = exporter, column = importer, empty =
0), ``gdp.csv`` (current USD), ``tariffs.csv`` (USTR "Liberation Day" rate on US imports
from each country, fraction), ``country_labels.csv`` (ISO3 in data order).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError
from tradewar.datasets.paths import dataset_folder
from tradewar.models.onesector import complete_domestic_sales, overhead_shares

FOLDER = "liberation_day_2025"
SOURCE = (
    "Ignatenko, Macedoni, Lashkaripour & Simonovska (2025) base data: BACI HS22 V202501 "
    "goods trade 2023 (CEPII), WDI GDP, USTR 'Liberation Day' tariffs (2 April 2025); "
    "domestic sales completed as in the authors' code (docs/model.md A.2 steps 1-2)"
)


def _read_csv(path: Path, **kwargs) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(f"missing data file {str(path)!r}")
    try:
        return pd.read_csv(path, **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"malformed data file {str(path)!r}: {exc}") from exc


def _numeric(df: pd.DataFrame, path: Path) -> np.ndarray:
    try:
        values = df.apply(pd.to_numeric, errors="raise").to_numpy(dtype=float)
    except (ValueError, TypeError) as exc:
        raise DataError(f"malformed data file {str(path)!r}: non-numeric entry ({exc})") from exc
    return values


def load(root: str | os.PathLike | None = None) -> Baseline:
    """Read the 194-country IMLS data as a one-sector :class:`Baseline`.

    Flows and GDP are in thousand USD; baseline tariffs are zero (observed flows are
    tariff-exclusive; IMLS ignore baseline revenue). The USTR vector is shipped as the
    schedule ``"ustr_2025"`` (rates on US imports from each exporter).
    """
    folder = dataset_folder(FOLDER, root)
    labels = _read_csv(folder / "country_labels.csv")
    if "iso3" not in labels.columns:
        raise DataError(f"{folder / 'country_labels.csv'} lacks the 'iso3' column")
    codes = labels["iso3"].astype(str).tolist()
    N = len(codes)
    trade = _numeric(_read_csv(folder / "trade_cepii.csv").fillna(0.0), folder / "trade_cepii.csv")
    gdp = _numeric(_read_csv(folder / "gdp.csv"), folder / "gdp.csv").ravel() / 1000.0
    ustr = _numeric(_read_csv(folder / "tariffs.csv"), folder / "tariffs.csv").ravel()
    for name, arr, shape in (
        ("trade_cepii.csv", trade, (N, N)),
        ("gdp.csv", gdp, (N,)),
        ("tariffs.csv", ustr, (N,)),
    ):
        if arr.shape != shape:
            raise DataError(
                f"{folder / name}: shape {arr.shape} does not match the {N} countries of "
                f"country_labels.csv (expected {shape})"
            )
    return from_arrays(codes, trade, gdp, ustr)


def from_arrays(
    codes: list[str], trade: np.ndarray, gdp: np.ndarray, ustr: np.ndarray, source: str = SOURCE
) -> Baseline:
    """Build the completed baseline from raw arrays (zero-diagonal trade, GDP, USTR)."""
    offdiag = np.array(trade, dtype=float)
    np.fill_diagonal(offdiag, 0.0)
    if "USA" not in codes:
        raise DataError("the IMLS data need the USA (anchor of the overhead calibration)")
    us = codes.index("USA")
    nu_rest, nu_us = overhead_shares(offdiag, gdp, us)
    nu = np.full(len(codes), nu_rest)
    nu[us] = nu_us
    flows = complete_domestic_sales(offdiag, gdp, nu)
    return Baseline(
        countries=tuple(codes),
        sectors=("goods",),
        flows=flows[:, :, None],
        gdp=gdp,
        tariffs=None,
        unit="thousand USD",
        source=source,
        schedules={"ustr_2025": ustr},
    )
