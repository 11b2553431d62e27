"""Build the catalogue of the public datasets that ``tradewar data`` lists and fetches.

Usage: ``python scripts/build_data_catalogue.py [--data DIR]``

Reads every file of the shared data folder and writes
``src/tradewar/datasets/data/catalogue.json``: for each dataset its title, where it comes
from (the public repositories and snapshot commits named in the data folder's
README.md), its licence, and every file with its size and SHA-256 (what
``tradewar data fetch`` checks). It also copies the observed series compiled from news
reports (no public repository holds them) into the package, with their checksum.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from tradewar.datasets.paths import file_sha256, shared_data_dir

PACKAGE_DATA = Path(__file__).resolve().parents[1] / "src/tradewar/datasets/data"
OUT = PACKAGE_DATA / "catalogue.json"

#: dataset folder -> (title, where it comes from, licence); facts from shared/data/README.md
SOURCES: dict[str, tuple[str, list[str], str]] = {
    "liberation_day_2025": (
        "Ignatenko, Macedoni, Lashkaripour & Simonovska (2025) base data: BACI 2023 trade, "
        "GDP, the USTR Liberation Day tariffs (194 countries)",
        ["JoeLoera/liberation-day-replication@e1f26fd data/base_data/"],
        "not stated; cite the paper, BACI (Etalab 2.0), WDI (CC BY 4.0)",
    ),
    "caliendo_parro_2015": (
        "Caliendo & Parro (2015) NAFTA data: trade, tariffs 1993/2005, IO, VA shares (31 x 40)",
        ["paulofelipe/cp2015-jax@102f210 original_data/"],
        "not stated; CP's public replication files",
    ),
    "ossa_2014": (
        "Ossa (2014) trade, tariffs, sigma, political-economy weights (7 regions x 33 goods)",
        ["adamsconchallos/trade@17a67ae Data/CSV files/, Tables/RAWDATA.mat, Tables/DATA.mat"],
        "not stated; cite Ossa (2014) and GTAP",
    ),
    "wiod_2013": (
        "World Input-Output Database, 2013 release (41 countries x 35 industries)",
        ["bquast/wiod@59a28ac data/wiot_YYYY.RData (converted to .npz)"],
        "GPL-3 (R package); cite Timmer et al. (2015)",
    ),
    "wiod_2016_tariffwar": (
        "WIOD 2016 release as 44 x 44 x 16 cubes with Teti tariffs and 8 elasticity sets",
        ["ahmadlp/tariffwar@9863698 mat/ (converted to .npz)", "bquast/wiod (classifications)"],
        "not stated; cite WIOD, Teti (2024) and the elasticity papers",
    ),
    "oecd_icio_2023_tariffwar": (
        "OECD ICIO 2023 edition as 81 x 81 x 28 cubes with Teti tariffs and 8 elasticity sets",
        ["ahmadlp/tariffwar@9863698 mat/ (converted to .npz)"],
        "not stated; cite the OECD ICIO, Teti (2024) and the elasticity papers",
    ),
    "gegravity_sample": (
        "USITC gegravity sample gravity panel (30 x 30, 2006)",
        ["peter-herman/gegravity@358cba1 examples/sample_data_set.dlm"],
        "MIT",
    ),
    "us_tariffs_2025_tradewartracker": (
        "US tariff actions 2025-26 by partner and date, HS2 tables, tariff lists, 2024 HS10 "
        "import weights of the top 50 partners and the EU",
        ["tradewartracker/trade-war-redux-2025@726c595 (parquet files converted to CSV)"],
        "MIT",
    ),
    "us_china_tariffs_2018_2020": (
        "The 2018-19 US-China trade war: Section 301 and China's tariffs by HS6/HS10 and date",
        [
            "mwaugh0328/consumption_and_tradewar@82c38f5 data/",
            "mwaugh0328/tradewar-tracker@753b351",
        ],
        "MIT (repositories); PIIE data: cite Bown, Jung & Zhang (2019)",
    ),
    "trade_elasticities": (
        "Broda-Weinstein sigmas, sector trade elasticities of 7 papers, headline estimates",
        [
            "insongkim/concordance@201c812 data-raw/ (Broda-Weinstein, converted to CSV)",
            "ahmadlp/tariffwar (sector values transcribed from the papers)",
        ],
        "MIT (repositories); cite the papers",
    ),
    "critical_minerals": (
        "USGS Mineral Commodity Summaries 2025 rare-earth tables; US 2024 imports of critical "
        "minerals by HS10 and partner; China's monthly exports from UN Comtrade",
        [
            "NSSAC/dpi.RAG (USGS tables transcribed from OCR text)",
            "tradewartracker/trade-war-redux-2025 (HS10 imports)",
            "qennis/ChinaCriticalMineralComtrade@44040f4 data_output/tables/",
        ],
        "USGS: public domain; others as their repositories",
    ),
    "oecd_niot_2022": (
        "OECD national input-output tables 2022 (total use), 80 economies x 50 industries",
        ["micomrkaic/ghosh-icio@2f9cd66 data/"],
        "OECD terms of use (attribution: OECD ICIO tables, 2023 edition)",
    ),
    "us_tariffs_2025_yale": (
        "Yale Budget Lab tariff-rate tracker resources: every legal change to US tariffs, "
        "HS10 -> GTAP crosswalk",
        ["Budget-Lab-Yale/tariff-rate-tracker@8315fff", "Budget-Lab-Yale/tariff-etr-eval@5c53e39"],
        "MIT (c) The Budget Lab at Yale",
    ),
    "concordances": (
        "HS6 -> ISIC Rev.4 concordance",
        ["insongkim/concordance@201c812 data/hs_isic4.RData (converted to CSV)"],
        "MIT",
    ),
    "observed_2025": (
        "Observed monthly series to May 2025: China's customs, the US Census and Treasury, "
        "rare-earth magnet exports",
        [
            "monthly_reported_2024_2025-05.csv: compiled from news reports (each row names its "
            "report); no public repository holds it, so it ships with the package",
            "Budget-Lab-Yale/tariff-etr-eval resources/treasury_revenue.csv",
            "Budget-Lab-Yale/tariff-impact-tracker output/import_shares.csv",
        ],
        "figures of public agencies; MIT (Budget Lab repositories)",
    ),
    "us_households": (
        "BEA distribution of US personal consumption by income decile, 2023 (16 x 10)",
        ["Budget-Lab-Yale/Tariff-Model@82cfad3 resources/distribution/"],
        "US government statistics (public domain)",
    ),
}

#: files no public repository holds: shipped inside the package (dataset, file)
SHIPPED = [("observed_2025", "monthly_reported_2024_2025-05.csv")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = parser.parse_args()
    root = args.data or shared_data_dir()
    if root is None or not root.is_dir():
        raise SystemExit("no shared data folder: give --data DIR or set TRADEWAR_DATA")
    folders = sorted(p.name for p in root.iterdir() if p.is_dir())
    unknown = sorted(set(folders) - set(SOURCES))
    if unknown:
        raise SystemExit(f"datasets without a source entry here: {', '.join(unknown)}")
    datasets = {}
    for name in folders:
        title, sources, licence = SOURCES[name]
        files = [
            {
                "path": p.relative_to(root / name).as_posix(),
                "bytes": p.stat().st_size,
                "sha256": file_sha256(p),
            }
            for p in sorted((root / name).rglob("*"))
            if p.is_file()
        ]
        datasets[name] = {"title": title, "sources": sources, "licence": licence, "files": files}
    shipped = []
    for name, file in SHIPPED:
        shutil.copyfile(root / name / file, PACKAGE_DATA / file)
        shipped.append({"dataset": name, "path": file, "sha256": file_sha256(root / name / file)})
    record = {
        "built_by": "scripts/build_data_catalogue.py",
        "from": "shared/data (see its README.md for orientation, units and sources)",
        "datasets": datasets,
        "shipped_with_the_package": shipped,
    }
    OUT.write_text(json.dumps(record, indent=1) + "\n")
    total = sum(f["bytes"] for d in datasets.values() for f in d["files"])
    print(
        f"wrote {OUT}: {len(datasets)} datasets, "
        f"{sum(len(d['files']) for d in datasets.values())} files, {total / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
