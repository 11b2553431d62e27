"""Build the no-war path's growth by observed series from the shared public data.

Usage: ``python scripts/build_no_war_growth.py [--data DIR]``

Writes ``src/tradewar/datasets/data/no_war_growth.{csv,json}``: for every series of
:data:`tradewar.reports.validation.SERIES`, the annual growth of its flow in the last
full year before the war (2024 over 2023), by the rule of
:mod:`tradewar.reports.growth`, with the source of each rate; the JSON records the
SHA-256 of the inputs.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from tradewar.datasets.paths import checksums, require_dataset, shared_data_dir
from tradewar.reports import growth

OUT = Path(__file__).resolve().parents[1] / "src/tradewar/datasets/data" / growth.FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = parser.parse_args()
    root = args.data or shared_data_dir()
    folder = require_dataset("observed_2025", root)
    rates = growth.from_observed(folder)
    growth.write(rates, OUT)
    names = [growth.CENSUS_FILE, growth.REPORTED_FILE]
    provenance = {
        "built_by": "scripts/build_no_war_growth.py",
        "rule": growth.RULE,
        "inputs_sha256": checksums(folder.parent, [f"observed_2025/{n}" for n in names]),
    }
    OUT.with_suffix(".json").write_text(json.dumps(provenance, indent=2) + "\n")
    with OUT.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            print(f"{row['series']:34s} {float(row['growth_pct']):+6.2f}%  {row['source']}")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
