"""Build the shipped magnet values (HS 8505.11) from the shared critical-minerals data.

Usage: ``python scripts/build_magnet_data.py [--data DIR]``

Reads ``critical_minerals/`` and writes ``src/tradewar/datasets/data/magnets.json``
(see :mod:`tradewar.datasets.magnets`): China's 2024 magnet exports by partner (rare-earth exports
by partner x the magnet share of 2024), their world total, US imports of HS 8505.11 by
partner in 2024, the unit values of magnets and of oxides and metals (USD per tonne,
:func:`tradewar.datasets.magnets.unit_values`), and the SHA-256 of the inputs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tradewar.datasets import magnets
from tradewar.datasets.paths import checksums, require_dataset, shared_data_dir

OUT = Path(__file__).resolve().parents[1] / "src/tradewar/datasets/data" / magnets.DATA_FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = parser.parse_args()
    root = args.data or shared_data_dir()
    folder = require_dataset("critical_minerals", root)
    observed = require_dataset("observed_2025", root)
    values = magnets.values_from_data(folder)
    overview = "china_critical_minerals_overview_monthly.csv"
    record = {
        "built_by": "scripts/build_magnet_data.py",
        "dataset": "shared/data/critical_minerals: China's customs (rare-earth exports by "
        "partner and by subgroup, monthly) and US imports 2024 by HS10 and partner; "
        "shared/data/observed_2025: China's magnet exports to the US in 2024, t/month",
        "inputs_sha256": {
            **checksums(folder, (*magnets.INPUTS, overview)),
            **checksums(observed, (magnets.OBSERVED_FILE,)),
        },
        **values,
        "usd_per_tonne": magnets.unit_values(folder, observed, values),
    }
    total, share = (
        record["china_exports_total_usd"],
        record["magnet_share_of_china_rare_earth_exports"],
    )
    us = record["us_imports_usd"]
    OUT.write_text(json.dumps(record, indent=1) + "\n")
    print(
        f"wrote {OUT}: China's magnet exports USD {total / 1e9:.2f} bn ({share:.0%} of its "
        f"rare-earth exports), US imports USD {sum(us.values()) / 1e9:.2f} bn; USD per "
        f"tonne: {record['usd_per_tonne']}"
    )


if __name__ == "__main__":
    main()
