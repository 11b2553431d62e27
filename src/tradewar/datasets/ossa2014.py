"""Reader for Ossa (2014), "Trade Wars and Trade Talks with Data" (``ossa_2014/``).

7 regions x 33 GTAP goods industries. Flows are tariff-exclusive, millions of USD,
[exporter, importer, industry]; tariffs are fractions. Ossa's replication package stores
them as 231 x 7 blocks (row ``s * 7 + i`` = exporter i in industry s, column = importer).

Two baselines: the raw GTAP data (with trade imbalances) and Ossa's ``DATA.mat`` flows
after his deficit purge, on which all his counterfactual tables are computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError
from tradewar.datasets.paths import dataset_folder

#: Ossa's region names and the codes tradewar uses for them.
REGIONS = {
    "Brazil": "BRA",
    "China": "CHN",
    "EU": "EU27",
    "India": "IND",
    "Japan": "JPN",
    "ROW": "ROW",
    "US": "USA",
}
#: Names of the elasticity-of-substitution sets (columns of ``SIGMAALT``).
FOLDER = "ossa_2014"
SIGMA_SETS = ("main", "low", "medium", "high", "constant")


@dataclass(frozen=True)
class OssaData:
    """Everything Ossa's tables need.

    Attributes:
        raw: baseline from the raw GTAP flows (unbalanced trade).
        balanced: baseline from Ossa's purged flows (``DATA.mat``: net exports 0).
        sigma: elasticities of substitution by set name, each (S,).
        target_tariffs: non-cooperative target tariffs (N, S), fractions, used to
            calibrate the political-economy weights.
        political_weights: Ossa's calibrated lambda^POL (N, S).
    """

    raw: Baseline
    balanced: Baseline
    sigma: dict[str, np.ndarray]
    target_tariffs: np.ndarray
    political_weights: np.ndarray


def blocks_to_cube(stacked: np.ndarray, n: int) -> np.ndarray:
    """(S * n, n) industry blocks -> cube [exporter, importer, industry] (n, n, S)."""
    s = stacked.shape[0] // n
    if stacked.shape != (s * n, n):
        raise DataError(f"expected industry blocks of shape (S*{n}, {n}), got {stacked.shape}")
    return stacked.reshape(s, n, n).transpose(1, 2, 0)


def _npz(path: Path) -> dict[str, np.ndarray]:
    if not path.is_file():
        raise DataError(f"missing data file {str(path)!r}")
    try:
        with np.load(path) as z:
            return {k: np.asarray(z[k]) for k in z.files}
    except (ValueError, OSError) as exc:
        raise DataError(f"malformed data file {str(path)!r}: {exc}") from exc


def load(root: str | Path | None = None) -> OssaData:
    """Read ``ossa_2014/mat/RAWDATA.npz`` and ``DATA_inputs.npz``."""
    folder = dataset_folder(FOLDER, root)
    raw = _npz(folder / "mat" / "RAWDATA.npz")
    data = _npz(folder / "mat" / "DATA_inputs.npz")
    try:
        names = [str(r) for r in data["REGIONS"]]
        codes = tuple(REGIONS[r] for r in names)
        sectors = tuple(str(s) for s in data["LABELS"])
        n = len(codes)
        sigma_alt = np.asarray(data["SIGMAALT"], float)
        sigma = {name: sigma_alt[:, k] for k, name in enumerate(SIGMA_SETS)}
        if not np.allclose(sigma["main"], np.asarray(data["SIGMA"], float).ravel()):
            raise DataError("SIGMA differs from the first column of SIGMAALT")
        cubes = {
            "raw": (blocks_to_cube(raw["TRADE"], n), blocks_to_cube(raw["TARIFF"], n)),
            "balanced": (blocks_to_cube(data["TRADE"], n), blocks_to_cube(data["TARIFF"], n)),
        }
        target = np.asarray(data["TARGETTARIFF"], float).T
        weights = np.asarray(data["LAMBDAPOL"], float)
    except KeyError as exc:
        raise DataError(f"Ossa (2014) data lacks {exc} (folder {str(folder)!r})") from exc
    elasticities = {k: v - 1.0 for k, v in sigma.items()}
    baselines = {}
    for kind, (flows, tariffs) in cubes.items():
        what = (
            "raw GTAP flows (RAWDATA.mat)"
            if kind == "raw"
            else "flows after Ossa's deficit purge (DATA.mat)"
        )
        baselines[kind] = Baseline(
            countries=codes,
            sectors=sectors,
            flows=flows,
            gdp=flows.sum(axis=(1, 2)),
            tariffs=tariffs,
            unit="million USD",
            source=f"ossa_2014 (adamsconchallos/trade, commit 17a67ae): {what}, GTAP; "
            "Ossa (2014, AER) replication package",
            elasticities=elasticities,
        )
    return OssaData(baselines["raw"], baselines["balanced"], sigma, target, weights)
