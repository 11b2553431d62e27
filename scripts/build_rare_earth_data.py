"""Build the shipped rare-earth output values from the shared USGS tables.

Usage: ``python scripts/build_rare_earth_data.py [--data DIR]``

Reads ``critical_minerals/`` (USGS Mineral Commodity Summaries 2025, Rare Earths) and
writes ``src/tradewar/datasets/data/rare_earths.json``: rare-earth mine output in 2024 by
producer (USD = t REO x the oxide-price basket of :mod:`tradewar.datasets.rare_earths`), the
basket, and the SHA-256 of the inputs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tradewar.datasets import rare_earths
from tradewar.datasets.paths import checksums, require_dataset, shared_data_dir

OUT = Path(__file__).resolve().parents[1] / "src/tradewar/datasets/data" / rare_earths.DATA_FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = parser.parse_args()
    folder = require_dataset("critical_minerals", args.data or shared_data_dir())
    inputs = (rare_earths.PRODUCTION, rare_earths.STATISTICS)
    record = {
        "built_by": "scripts/build_rare_earth_data.py",
        "dataset": "shared/data/critical_minerals: USGS Mineral Commodity Summaries 2025, "
        "Rare Earths (public domain), transcribed from NSSAC/dpi.RAG",
        "inputs_sha256": checksums(folder, inputs),
        "year": "2024e",
        "basket_mass_shares": rare_earths.BASKET,
        "basket_usd_per_t_reo": rare_earths.basket_price(folder),
        "production_value_usd": rare_earths.production_values(folder),
    }
    OUT.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
