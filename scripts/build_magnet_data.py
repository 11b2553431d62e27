"""Build the shipped magnet values (HS 8505.11) from the shared critical-minerals data.

Usage: ``python scripts/build_magnet_data.py [--data DIR]``

Reads ``critical_minerals/`` and writes ``src/tradewar/datasets/data/magnets.json``
(see :mod:`tradewar.magnets`): China's 2024 magnet exports by partner (rare-earth exports
by partner x the magnet share of 2024), their world total, US imports of HS 8505.11 by
partner in 2024, and the SHA-256 of the inputs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tradewar import magnets
from tradewar.datasets.paths import checksums, require_dataset, shared_data_dir

OUT = Path(__file__).resolve().parents[1] / "src/tradewar/datasets/data" / magnets.DATA_FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = parser.parse_args()
    folder = require_dataset("critical_minerals", args.data or shared_data_dir())
    record = {
        "built_by": "scripts/build_magnet_data.py",
        "dataset": "shared/data/critical_minerals: China's customs (rare-earth exports by "
        "partner and by subgroup, monthly) and US imports 2024 by HS10 and partner",
        "inputs_sha256": checksums(folder, magnets.INPUTS),
        **magnets.values_from_data(folder),
    }
    total, share = (
        record["china_exports_total_usd"],
        record["magnet_share_of_china_rare_earth_exports"],
    )
    us = record["us_imports_usd"]
    OUT.write_text(json.dumps(record, indent=1) + "\n")
    print(
        f"wrote {OUT}: China's magnet exports USD {total / 1e9:.2f} bn ({share:.0%} of its "
        f"rare-earth exports), US imports USD {sum(us.values()) / 1e9:.2f} bn"
    )


if __name__ == "__main__":
    main()
