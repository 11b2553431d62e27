"""Build the household tables of "who pays" from the shared public data.

Usage: ``python scripts/build_households.py [--data DIR]``

Writes ``src/tradewar/datasets/data/households.json`` (docs/model.md M):

* ``pce``: BEA's distribution of 2023 US consumption by income decile
  (``us_households/distributional_pce_2023.csv``), as USD bn by product and decile;
* ``margins``: for each economy of the OECD national input-output tables 2022
  (``oecd_niot_2022/``), the distribution margin on households' goods purchases and
  households' final consumption (:func:`tradewar.datasets.households.margins_from_niot`);
* ``import_growth``: the yearly growth of US imports over 2014-2024 (Treasury monthly
  statement, ``observed_2025/``), the base of the ten-year revenue window;

with the SHA-256 of every input.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from tradewar.datasets import households
from tradewar.datasets.paths import checksums, require_dataset, shared_data_dir

OUT = Path(__file__).resolve().parents[1] / "src/tradewar/datasets/data" / households.FILE
DISTRIBUTION = "us_households/distributional_pce_2023.csv"
DUTIES = "observed_2025/us_customs_duties_and_imports_monthly_1982_2025-05.csv"
GROWTH_YEARS = (2014, 2024)


def import_growth(path: Path) -> float:
    """Compound yearly growth of US imports (the Treasury series' ``imports_value``)
    between the two :data:`GROWTH_YEARS`, percent."""
    totals: dict[int, float] = {}
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            totals[int(row["year"])] = totals.get(int(row["year"]), 0.0) + float(
                row["imports_value"]
            )
    first, last = GROWTH_YEARS
    return 100 * ((totals[last] / totals[first]) ** (1 / (last - first)) - 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = parser.parse_args()
    root = args.data or shared_data_dir()
    require_dataset("us_households", root)
    niot = require_dataset("oecd_niot_2022", root)
    require_dataset("observed_2025", root)
    dist = households.read_distribution(root / DISTRIBUTION)
    tables = sorted(niot.glob("*2022ttl.csv"))
    by_country = {}
    for table in tables:
        margin, hfce = households.margins_from_niot(table)
        by_country[table.name[:3]] = {"margin": round(margin, 6), "hfce_usd_bn": round(hfce, 3)}
    growth = import_growth(root / DUTIES)
    data = {
        "built_by": "scripts/build_households.py",
        "pce": {
            "year": 2023,
            "source": "BEA, distribution of personal consumption expenditures by household "
            "income decile, 2023 (prototype statistics), via us_households/",
            "unit": "USD bn a year",
            "products": [
                {"pce_mp": mp, "title": title, "usd_bn_by_decile": [round(v, 6) for v in row]}
                for mp, title, row in zip(dist.pce_mp, dist.titles, dist.spending, strict=True)
            ],
        },
        "margins": {
            "year": 2022,
            "source": "OECD national input-output tables 2022 (ttl), oecd_niot_2022/",
            "rule": "households' purchases of wholesale and retail trade (G), warehousing (H52) "
            "and postal and courier services (H53) over those plus their goods purchases "
            "(A, B, C), basic prices",
            "by_country": by_country,
        },
        "import_growth": {
            "pct": round(growth, 4),
            "years": list(GROWTH_YEARS),
            "source": "US imports for consumption, Treasury Monthly Statement series in "
            "observed_2025/, compound growth 2014-2024",
        },
        "inputs_sha256": checksums(
            root, [DISTRIBUTION, DUTIES, *[f"oecd_niot_2022/{t.name}" for t in tables]]
        ),
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    us = by_country["USA"]
    print(f"US margin {us['margin']:.3f}, household consumption USD {us['hfce_usd_bn']:,.0f} bn")
    print(f"US imports grew {growth:.2f}% a year {GROWTH_YEARS[0]}-{GROWTH_YEARS[1]}")
    print(f"wrote {OUT} ({len(by_country)} economies)")


if __name__ == "__main__":
    main()
