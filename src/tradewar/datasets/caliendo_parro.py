"""Reader for the Caliendo & Parro (2015) NAFTA data (31 regions x 40 sectors, 1993).

Files (``shared/data/caliendo_parro_2015/``, CP's replication text files, tab separated):
``xbilat1993.txt`` (20 tradable-sector blocks of 31 x 31, **row = importer**, thousand
USD), ``tariffs1993.txt`` / ``tariffs2005.txt`` (same layout, percent), ``GO.txt``
(40 x 31 gross output, USD), ``B.txt`` (40 x 31 value-added shares), ``IO.txt``
(31 blocks of 40 x 40, row = input, column = using sector), ``T.txt`` (20 thetas).
The result is in the project's orientation ``[exporter i, importer n, sector j]``, USD.
Calibration quirks kept as in CP's ``script.m`` (docs/model.md B.2): gross output is raised
to exports where smaller, domestic sales = gross output - exports, non-tradable
theta = 8.22.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError
from tradewar.datasets.paths import dataset_folder

FOLDER = "caliendo_parro_2015"
SOURCE = (
    "Caliendo & Parro (2015) NAFTA replication data (paulofelipe/cp2015-jax, "
    "original_data/): 1993 trade and tariffs, 2005 tariffs, IO tables, value-added shares"
)
NON_TRADABLE_THETA = 8.22


def _table(path: Path, shape: tuple[int, int]) -> np.ndarray:
    if not path.is_file():
        raise DataError(f"missing data file {str(path)!r}")
    try:
        values = np.loadtxt(path, delimiter="\t", ndmin=2)
    except ValueError as exc:
        raise DataError(f"malformed data file {str(path)!r}: {exc}") from exc
    if values.shape != shape:
        raise DataError(f"{path}: shape {values.shape}, expected {shape}")
    return values


def _csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(f"missing data file {str(path)!r}")
    try:
        return pd.read_csv(path)
    except (ValueError, OSError) as exc:
        raise DataError(f"malformed data file {str(path)!r}: {exc}") from None


def _blocks(stacked: np.ndarray, n: int) -> np.ndarray:
    """(S*n, n) importer-first blocks -> [exporter i, importer n, sector s]."""
    s = stacked.shape[0] // n
    return stacked.reshape(s, n, n).transpose(2, 1, 0)


def load(root: str | os.PathLike | None = None) -> Baseline:
    """The CP 1993 baseline with 1993 tariffs, and the 2005 tariffs as schedule
    ``"tariffs_2005"``; thetas as elasticity set ``"cp2015"``."""
    folder = dataset_folder(FOLDER, root)
    regions, sectors = (_csv(folder / name) for name in ("regions.csv", "sectors.csv"))
    N, J = len(regions), len(sectors)
    tradable = sectors["tradable"].to_numpy() == 1
    T = int(tradable.sum())
    raw = folder / "original_data"
    trade = _blocks(_table(raw / "xbilat1993.txt", (T * N, N)), N) * 1000.0
    t93 = _blocks(_table(raw / "tariffs1993.txt", (T * N, N)), N) / 100.0
    t05 = _blocks(_table(raw / "tariffs2005.txt", (T * N, N)), N) / 100.0
    GO = _table(raw / "GO.txt", (J, N)).T
    B = _table(raw / "B.txt", (J, N)).T
    G = _table(raw / "IO.txt", (N * J, J)).reshape(N, J, J)
    theta_tradable = _table(raw / "T.txt", (T, 1)).ravel()

    flows = np.zeros((N, N, J))
    tariffs = np.zeros((N, N, J))
    tariffs_2005 = np.zeros((N, N, J))
    flows[:, :, tradable] = trade
    tariffs[:, :, tradable] = t93
    tariffs_2005[:, :, tradable] = t05
    for cube in (flows, tariffs, tariffs_2005):
        cube[np.arange(N), np.arange(N), :] = 0.0
    exports = flows.sum(axis=1)
    gross_output = np.maximum(GO, exports)
    flows[np.arange(N), np.arange(N), :] = gross_output - exports
    theta = np.full(J, NON_TRADABLE_THETA)
    theta[tradable] = theta_tradable
    return Baseline(
        countries=tuple(regions["iso3"].astype(str)),
        sectors=tuple(sectors["sector"].astype(str)),
        flows=flows,
        gdp=(B * gross_output).sum(axis=1),
        tariffs=tariffs,
        unit="USD",
        source=SOURCE,
        schedules={"tariffs_2005": tariffs_2005},
        value_added_share=B,
        io_shares=G,
        elasticities={"cp2015": theta},
    )
