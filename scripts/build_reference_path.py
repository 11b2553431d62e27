"""Store the main job's path as a reference: ``tests/paths/data/main_job_reference.npz``.

``tests/paths/test_reference_path.py`` solves the main job again and checks every month
against it to 1e-8, so a change meant to make the path faster (issue 32) cannot change
its answers unnoticed. Rebuild it only when a change is meant to move the answers, and
say so in the commit. What is stored, by month (and the long run where it applies):
every outcome of every country, each control's shadow tax, and, for each direction of
US-China trade, the goods shipped and both customs records, and the trade rerouted
through hubs over all flows (USD).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np

from tradewar.core.baseline import goods_sectors
from tradewar.paths import scenario
from tradewar.paths.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]
MAIN = ROOT / "scenarios" / "us_china_2025.yaml"
TARGET = ROOT / "tests" / "paths" / "data" / "main_job_reference.npz"


def reference_arrays(path) -> dict[str, np.ndarray]:
    """The arrays stored for ``path`` (a solved main job)."""
    runs = [*path.results, path.long_run]
    names = sorted(runs[0].outcomes)
    outcomes = np.array([[np.asarray(r.outcomes[n], float) for n in names] for r in runs])
    width = max(len(r.controls) for r in runs)
    shadow = np.zeros((len(runs), width))
    for m, r in enumerate(runs):
        shadow[m, : len(r.controls)] = [c["shadow_tax"] for c in r.controls]
    b = path.baseline
    goods = goods_sectors(b)
    records = path.records
    trade = []
    for exporter, importer in (("CHN", "USA"), ("USA", "CHN")):
        i, n = b.index(exporter), b.index(importer)
        for flows in (path.recorded.shipped, records.exporter, records.importer):
            trade.append(np.asarray(flows)[:, i, n][:, goods].sum(axis=1))
    routed = np.abs(np.asarray(records.routed)).sum(axis=(1, 2, 3))
    return {
        "months": np.array(path.months),
        "countries": np.array(b.countries),
        "outcome_names": np.array(names),
        "outcomes": outcomes,
        "shadow_taxes": shadow,
        "us_china_trade": np.array(trade),
        "rerouted": routed,
    }


def main() -> None:
    path = simulate(scenario.load(MAIN))
    arrays = reference_arrays(path)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(TARGET, **arrays)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    TARGET.with_suffix(".json").write_text(
        json.dumps(
            {
                "built_by": "scripts/build_reference_path.py",
                "scenario": "scenarios/us_china_2025.yaml",
                "code": f"tradewar at commit {commit}",
                "arrays": {k: list(v.shape) for k, v in arrays.items()},
            },
            indent=1,
        )
        + "\n"
    )
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
