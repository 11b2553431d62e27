"""Build the enacted tariff schedules built into tradewar from the shared public data.

Usage: ``python scripts/build_enacted_schedule.py [--data DIR]``

Writes ``src/tradewar/datasets/data/enacted_tariffs_2025_2026.{npz,json}``:
``us_enacted`` (US additional statutory tariffs by partner x ICIO sector x change day,
:mod:`tradewar.enacted.build`), ``us_paid`` (the same as paid, scaled by the collection
ladder: :func:`tradewar.enacted.collected.paid_schedule`), ``china_enacted`` (China's on US
goods,
:mod:`tradewar.enacted.china`) and ``canada_enacted`` (Canada's,
:mod:`tradewar.enacted.canada`). The JSON records the sources and the SHA-256 of every
input file. Also writes ``collection_ladder_2025_2027.{npz,json}``: the collection ladder
(:mod:`tradewar.enacted.collected`) for every partner and month, default parameters; and
``us_imports_2024_customs.{csv,json}``: the same 2024 US imports the schedule is weighted
with (customs value, by partner and ICIO goods sector) as import totals
(:mod:`tradewar.datasets.rebase`), on which ``default-rare-earths-us2024`` re-bases the
default's US imports.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tradewar.core.months import month_range
from tradewar.datasets import US_CUSTOMS_2024, rebase
from tradewar.datasets import load as load_baseline
from tradewar.datasets.paths import checksums, require_dataset, shared_data_dir
from tradewar.enacted import build, canada, china, collected, lines, schedule
from tradewar.enacted.sectors import ICIO_GOODS

OUT = Path(__file__).resolve().parents[1] / "src/tradewar/datasets/data" / schedule.FILE


def _sha(folder: Path) -> dict[str, str]:
    """Checksums of the CSV files (plain or gzipped) the builds read, by path from the
    shared data."""
    names = [
        p.relative_to(folder.parent)
        for p in sorted(folder.rglob("*.csv*"))
        if p.suffix in (".csv", ".gz")
        and (
            "data-hs2" in p.parts
            or "tariff-lists" in p.parts
            or p.parent == folder
            or p.parent.name in ("data", "broda_weinstein")
        )
    ]
    return checksums(folder.parent, names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = parser.parse_args()
    root = args.data or shared_data_dir()
    start = time.perf_counter()
    inputs = build.read_inputs(root)
    us = build.build(inputs)
    icio = load_baseline("default-multisector")
    usa, chn = icio.countries.index("USA"), icio.countries.index("CHN")
    weights = icio.flows[usa, chn, [icio.sectors.index(s) for s in ICIO_GOODS]] * 1e6
    cn = china.build(weights, root)
    can = icio.countries.index("CAN")
    to_canada = icio.flows[usa, can, [icio.sectors.index(s) for s in ICIO_GOODS]] * 1e6
    ca = canada.build(to_canada, root)
    params = collected.CollectionParams()
    ladder_inputs = collected.read_ladder_inputs(inputs, params, root)
    paid = collected.paid_schedule(ladder_inputs, us, params)
    inputs_sha = {}
    for name in (lines.TRACKER, lines.YALE, "concordances", "trade_elasticities"):
        inputs_sha |= _sha(require_dataset(name, root))
    schedule.save(
        {"us_enacted": us, "us_paid": paid, "china_enacted": cn, "canada_enacted": ca},
        OUT,
        {
            "built_by": "scripts/build_enacted_schedule.py",
            "sources": {
                lines.TRACKER: "tradewartracker/trade-war-redux-2025 (MIT), commit 726c595",
                lines.YALE: "Budget-Lab-Yale/tariff-rate-tracker (MIT), 8315fff",
                "concordances": "insongkim/concordance 2.1.0 (MIT), hs_isic4",
                "china_enacted weights": "ICIO 2022 USA->CHN flows (default-multisector)",
                "canada_enacted weights": "ICIO 2022 USA->CAN flows (default-multisector)",
                "us_paid": "us_enacted scaled by the collection ladder "
                "(tradewar.enacted.collected.paid_schedule, CollectionParams() defaults; "
                "Broda-Weinstein elasticities from trade_elasticities)",
            },
            "weights": "2024 US imports (tradewartracker HS10 for its 51 partners, data-hs2 "
            "for the others), see "
            "tradewar.enacted.weights",
            "inputs_sha256": inputs_sha,
        },
    )
    size = OUT.with_suffix(".npz").stat().st_size / 1024
    print(f"wrote {OUT}.npz ({size:.0f} KiB) in {time.perf_counter() - start:.1f} s")

    w = inputs.weights
    totals = rebase.ImportTotals(
        "USA",
        tuple(map(str, us.partners)),
        tuple(map(str, us.sectors[:-1])),
        us.imports[:, :-1],
        source="US imports for consumption 2024, customs value (Census, via the tracker)",
        duties=(w.by_line * w.mfn_by_line) @ inputs.sector_share,
    )
    totals_out = OUT.with_name(US_CUSTOMS_2024)
    rebase.write_totals(
        totals,
        totals_out,
        {
            "built_by": "scripts/build_enacted_schedule.py",
            "what": "US imports for consumption 2024 (USD, customs value) by partner (ISO3) "
            "and ICIO goods sector, and the duties calculated on them: the weights of "
            "us_enacted (tradewar.enacted.weights: own HS10 lines for the tracker's 51 "
            "partners, HS2 split like the most similar of them for the others; HTS10 -> "
            "GTAP (Yale crosswalk) -> ICIO, else HS6 -> ISIC Rev.4 -> ICIO, by "
            "tradewar.enacted.sectors)",
            "total_usd": float(us.imports[:, -1].sum()),
            "in_goods_sectors_usd": float(totals.values.sum()),
            "duties_usd": float(totals.duties.sum()),
            "inputs_sha256": inputs_sha,
        },
    )
    print(f"wrote {totals_out} ({us.imports[:, -1].sum() / 1e9:,.0f} USD bn)")

    start = time.perf_counter()
    months = month_range(*collected.SHIPPED_MONTHS)
    frame = collected.ladder(ladder_inputs, months, params)
    ladder_out = OUT.with_name(collected.SHIPPED)
    collected.save(
        frame,
        ladder_out,
        {
            "built_by": "scripts/build_enacted_schedule.py",
            "parameters": "tradewar.enacted.collected.CollectionParams() defaults",
            "inputs_sha256": inputs_sha,
        },
    )
    size = ladder_out.with_suffix(".npz").stat().st_size / 1024
    print(f"wrote {ladder_out}.npz ({size:.0f} KiB) in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
