"""Build the embedded default baseline from the shared IMLS (2025) data.

Usage: ``python scripts/build_default_baseline.py [--data DIR]``

Reads ``liberation_day_2025/`` (BACI 2023 trade, WDI GDP, USTR tariffs), completes
domestic sales as the authors' code does and writes
``src/tradewar/datasets/data/imls2025_onesector.{npz,json}``; the JSON records the
source and the SHA-256 of every input file so the build can be checked.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from tradewar.datasets import embedded, liberation_day
from tradewar.datasets.paths import require_dataset

INPUTS = ("trade_cepii.csv", "gdp.csv", "tariffs.csv", "country_labels.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = parser.parse_args()
    folder = require_dataset(liberation_day.FOLDER, args.data)
    baseline = liberation_day.load(folder)
    provenance = {
        "built_by": "scripts/build_default_baseline.py",
        "dataset": "shared/data/liberation_day_2025 (JoeLoera/liberation-day-replication, "
        "commit e1f26fd, data/base_data/)",
        "inputs_sha256": {
            name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in INPUTS
        },
    }
    path = embedded.save(baseline, embedded.DEFAULT, provenance)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
