"""Build the embedded default baselines from the shared public data.

Usage: ``python scripts/build_default_baseline.py [--data DIR]``

* ``imls2025_onesector``: ``liberation_day_2025/`` (BACI 2023 trade, WDI GDP, USTR
  tariffs), domestic sales completed as the authors' code does;
* ``icio2022_multisector``: ``oecd_icio_2023_tariffwar/ICIO2022.npz`` (81 economies x 28
  sectors, flows incl. domestic sales, Teti tariffs, eight elasticity sets);
* ``icio2022_multisector_io``: the same with input-output links from
  ``oecd_niot_2022/`` (:mod:`tradewar.datasets.niot`; the identity checks are recorded).

Each is written to ``src/tradewar/datasets/data/<name>.{npz,json}``; the JSON records the
source and the SHA-256 of every input file so the build can be checked.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tradewar.datasets import embedded, liberation_day, niot, tariffwar_cubes
from tradewar.datasets.paths import checksums, require_dataset, shared_data_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = parser.parse_args()
    root = args.data or shared_data_dir()

    folder = require_dataset(liberation_day.FOLDER, root)
    provenance = {
        "built_by": "scripts/build_default_baseline.py",
        "dataset": "shared/data/liberation_day_2025 (JoeLoera/liberation-day-replication, "
        "commit e1f26fd, data/base_data/)",
        "inputs_sha256": checksums(
            folder, ("trade_cepii.csv", "gdp.csv", "tariffs.csv", "country_labels.csv")
        ),
    }
    path = embedded.save(liberation_day.load(folder), embedded.DEFAULT, provenance)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")

    cube_folder = require_dataset("oecd_icio_2023_tariffwar", root)
    provenance = {
        "built_by": "scripts/build_default_baseline.py",
        "dataset": "shared/data/oecd_icio_2023_tariffwar/ICIO2022.npz (ahmadlp/tariffwar, "
        "commit 9863698, mat/)",
        "inputs_sha256": checksums(cube_folder, ("ICIO2022.npz",)),
    }
    icio = tariffwar_cubes.load("icio", 2022, cube_folder)
    path = embedded.save(icio, embedded.MULTISECTOR, provenance)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")

    niot_folder = require_dataset(niot.FOLDER, root)
    with_io, checks = niot.with_io(icio, niot_folder)
    provenance = {
        **provenance,
        "dataset": provenance["dataset"] + " with shared/data/oecd_niot_2022 (OECD national "
        "IO tables 2022, total use; micomrkaic/ghosh-icio commit 2f9cd66)",
        "inputs_sha256": {
            **provenance["inputs_sha256"],
            **checksums(niot_folder, sorted(p.name for p in niot_folder.glob("*2022ttl.csv"))),
        },
        **checks,
    }
    path = embedded.save(with_io, embedded.MULTISECTOR_IO, provenance)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
