"""Embedded default baselines shipped inside the package (built by ``scripts/``).

Format: ``<name>.npz`` with arrays ``countries`` (N,), ``sectors`` (S,), ``flows``
(N, N, S), ``gdp`` (N,), ``tariffs`` (N, N, S), ``schedule__<key>`` and
``elasticity__<key>`` vectors, optional ``value_added_share`` / ``io_shares``, plus
``<name>.json`` holding ``unit``, ``source`` and the provenance written by the build
script (input files and their SHA-256).
"""

from __future__ import annotations

import json
import zipfile
from importlib import resources
from pathlib import Path

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError

DEFAULT = "imls2025_onesector"
MULTISECTOR = "icio2022_multisector"
MULTISECTOR_IO = "icio2022_multisector_io"
_PREFIX = "schedule__"
_ELASTICITY = "elasticity__"


def data_dir() -> Path:
    """The folder of the data built into the package."""
    return Path(str(resources.files("tradewar.datasets") / "data"))


def save(baseline: Baseline, name: str, provenance: dict, folder: Path | None = None) -> Path:
    """Write ``baseline`` as an embedded baseline; refuses to overwrite unless rebuilt by name."""
    folder = folder or data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {
        "countries": np.array(baseline.countries),
        "sectors": np.array(baseline.sectors),
        "flows": baseline.flows,
        "gdp": baseline.gdp,
        "tariffs": baseline.tariffs,
        **{_PREFIX + k: v for k, v in baseline.schedules.items()},
        **{_ELASTICITY + k: v for k, v in baseline.elasticities.items()},
    }
    if baseline.has_io:
        arrays["value_added_share"] = baseline.value_added_share
        arrays["io_shares"] = baseline.io_shares
    path = folder / f"{name}.npz"
    np.savez_compressed(path, **arrays)
    meta = {"unit": baseline.unit, "source": baseline.source, **provenance}
    (folder / f"{name}.json").write_text(json.dumps(meta, indent=2) + "\n")
    return path


def metadata(name: str = DEFAULT) -> dict:
    """Provenance of an embedded baseline."""
    path = data_dir() / f"{name}.json"
    if not path.is_file():
        raise DataError(f"embedded baseline {name!r} is missing its metadata file {path}")
    try:
        return json.loads(path.read_text())
    except (ValueError, OSError) as exc:
        raise DataError(
            f"embedded baseline metadata {path} is corrupted ({exc}); reinstall tradewar or "
            "rebuild it with `python scripts/build_default_baseline.py`"
        ) from None


def load(name: str = DEFAULT) -> Baseline:
    """Load an embedded baseline by name."""
    path = data_dir() / f"{name}.npz"
    if not path.is_file():
        raise DataError(f"embedded baseline {name!r} not found at {path}")
    meta = metadata(name)
    try:
        with np.load(path) as z:
            arrays = {k: z[k] for k in z.files}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError) as exc:
        raise DataError(
            f"embedded baseline file {path} is corrupted or truncated ({exc}); reinstall "
            f"tradewar or rebuild it with `python scripts/build_default_baseline.py`"
        ) from None
    missing = [k for k in ("countries", "sectors", "flows", "gdp", "tariffs") if k not in arrays]
    if missing or not {"unit", "source"} <= meta.keys():
        raise DataError(
            f"embedded baseline {name!r} lacks {', '.join(missing) or 'unit/source metadata'}; "
            "rebuild it with `python scripts/build_default_baseline.py`"
        )

    def prefixed(prefix: str) -> dict[str, np.ndarray]:
        return {k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)}

    io = {k: arrays[k] for k in ("value_added_share", "io_shares") if k in arrays}
    return Baseline(
        countries=tuple(arrays["countries"].tolist()),
        sectors=tuple(arrays["sectors"].tolist()),
        flows=arrays["flows"],
        gdp=arrays["gdp"],
        tariffs=arrays["tariffs"],
        unit=meta["unit"],
        source=meta["source"],
        schedules=prefixed(_PREFIX),
        elasticities=prefixed(_ELASTICITY),
        **io,
    )
