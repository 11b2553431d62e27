"""Readers for the model-ready cubes of ``ahmadlp/tariffwar``: OECD ICIO 2023 and WIOD 2016.

Each ``.npz`` holds ``Xjik`` (gross bilateral flows incl. domestic sales, **millions of
USD**, [exporter, importer, sector]), ``tjik`` (applied tariffs, fractions, Teti's Global
Tariff Database), labels and eight elasticity sets ``epsilon_<SRC>`` (trade elasticities,
sigma - 1). There is no input-output table and no value added: the baseline's GDP is
gross output and the multi-sector model runs without IO links.
"""

from __future__ import annotations

import os

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError
from tradewar.datasets.paths import dataset_folder

DATASETS = {
    "icio": (
        "oecd_icio_2023_tariffwar",
        "ICIO{year}.npz",
        (2011, 2014, 2017, 2018, 2019, 2021, 2022),
    ),
    "wiod2016": ("wiod_2016_tariffwar", "WIOD{year}.npz", (2000, 2005, 2010, 2014)),
}
ELASTICITY_SOURCES = ("IS", "CP", "U4", "BSY", "GYY", "Shap", "FGO", "LL")
#: labels in the cubes that are not ISO3 codes
_RELABEL = {"ROW": "ROW", "RoW": "ROW"}


def load(kind: str, year: int, root: str | os.PathLike | None = None) -> Baseline:
    """Read one year of ``kind`` (``"icio"`` or ``"wiod2016"``) as a :class:`Baseline`."""
    if kind not in DATASETS:
        raise DataError(f"unknown cube dataset {kind!r}; available: {', '.join(DATASETS)}")
    folder_name, pattern, years = DATASETS[kind]
    if year not in years:
        raise DataError(f"{kind} has years {', '.join(map(str, years))}, not {year}")
    folder = dataset_folder(folder_name, root)
    path = folder / pattern.format(year=year)
    if not path.is_file():
        raise DataError(f"missing data file {str(path)!r}")
    try:
        with np.load(path) as z:
            X, t = np.asarray(z["Xjik"], float), np.asarray(z["tjik"], float)
            countries = [_RELABEL.get(str(c), str(c)) for c in z["countries"]]
            sectors = [str(s) for s in z["sectors"]]
            elasticities = {
                src: np.asarray(z[f"epsilon_{src}"], float)
                for src in ELASTICITY_SOURCES
                if f"epsilon_{src}" in z.files
            }
    except (KeyError, ValueError, OSError) as exc:
        raise DataError(f"malformed data file {str(path)!r}: {exc}") from exc
    return Baseline(
        countries=tuple(countries),
        sectors=tuple(sectors),
        flows=X,
        gdp=X.sum(axis=(1, 2)),
        tariffs=t,
        unit="million USD",
        source=f"{folder_name}/{path.name} (ahmadlp/tariffwar, commit 9863698): {kind} {year} "
        "flows incl. domestic sales, Teti applied tariffs; GDP = gross output (no IO table)",
        elasticities=elasticities,
    )
