"""Reader for the WIOD 2013-release world input-output tables (41 countries x 35 industries).

``wiot_<year>.npz`` holds ``inter`` (1435 x 1435 intermediate use, rows = supplying
country-industry, columns = using country-industry, country-major), ``final``
(1435 x 41*5 final use by country and category) and ``output`` (gross output), millions
of USD. Bilateral flows are total use ``X[i, n, s] = sum_k inter[(i,s),(n,k)] + sum_f
final[(i,s),(n,f)]``; negative final use (inventory changes) is set to 0. Input shares
``G[n, k, j]`` sum the intermediate use of input k by industry j of n over all suppliers;
value-added share = 1 - intermediates / gross output. No tariffs (zero) and no trade
elasticities are in the data; a uniform elasticity of 4 is attached as set ``uniform4``.
"""

from __future__ import annotations

import os

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError
from tradewar.datasets.paths import dataset_folder

FOLDER = "wiod_2013"
YEARS = (1995, 2000, 2005, 2008, 2011)
#: WIOD labels that are not current ISO3 codes
_RELABEL = {"ROM": "ROU", "RoW": "ROW"}


def load(year: int = 2011, root: str | os.PathLike | None = None) -> Baseline:
    """Read the WIOD 2013-release table of ``year`` as a baseline with IO shares."""
    if year not in YEARS:
        raise DataError(f"WIOD 2013 has years {', '.join(map(str, YEARS))}, not {year}")
    folder = dataset_folder(FOLDER, root)
    path = folder / f"wiot_{year}.npz"
    if not path.is_file():
        raise DataError(f"missing data file {str(path)!r}")
    try:
        with np.load(path) as z:
            inter = np.asarray(z["inter"], float)
            final = np.maximum(np.asarray(z["final"], float), 0.0)
            output = np.asarray(z["output"], float)
            countries = [_RELABEL.get(str(c), str(c)) for c in z["countries"]]
            sectors = [str(s) for s in z["industries"]]
    except (KeyError, ValueError, OSError) as exc:
        raise DataError(f"malformed data file {str(path)!r}: {exc}") from exc
    N, S = len(countries), len(sectors)
    F = final.shape[1] // N
    if inter.shape != (N * S, N * S) or final.shape != (N * S, N * F):
        raise DataError(f"{path}: shapes {inter.shape}, {final.shape} do not fit {N} x {S}")
    use = inter.reshape(N, S, N, S)  # [i, s, n, k]
    flows = use.sum(axis=3) + final.reshape(N, S, N, F).sum(axis=3)
    flows = flows.transpose(0, 2, 1)  # [i, n, s]
    inputs = use.sum(axis=0).transpose(1, 0, 2)  # [n, k_in, j_out]
    total_inputs = inputs.sum(axis=1)  # [n, j]
    gross = output.reshape(N, S)
    with np.errstate(invalid="ignore", divide="ignore"):
        va = np.where(gross > 0, 1.0 - total_inputs / np.where(gross > 0, gross, 1.0), 1.0)
        shares = np.where(
            total_inputs[:, None, :] > 0,
            inputs / np.where(total_inputs > 0, total_inputs, 1.0)[:, None, :],
            0.0,
        )
    va = np.clip(va, 0.0, 1.0)
    va = np.where(total_inputs <= 0, 1.0, va)
    return Baseline(
        countries=tuple(countries),
        sectors=tuple(sectors),
        flows=flows,
        gdp=(va * flows.sum(axis=1)).sum(axis=1),
        tariffs=None,
        unit="million USD",
        source=f"WIOD 2013 release, world input-output table {year} (shared/data/wiod_2013)",
        value_added_share=va,
        io_shares=shares,
        elasticities={"uniform4": np.full(S, 4.0)},
    )
