"""Benchmark of the enacted tariff schedules and the tariff-wall scenario.

``python benchmarks/enacted.py --json`` prints

* ``schedule_build_s``: building the US schedule for all partners (223) and every change
  day (2025-01 to 2026-04) from the shared data (reading the lists, weights and
  concordance, ``schedule_read_s``, then aggregating line-level rates by authority to
  partners x sectors x days);
* ``tariff_wall_s``: ``scenarios/tariff_wall_2025_2026.yaml`` end to end (timeline,
  ``tariff_wall_solves`` static solves: one per month and the long run, report folder),
  in a fresh process's first run (compiling included) and ``tariff_wall_run_s`` in steady
  state;
* ``reference_static_ms``: one static solve of the same multi-sector model (the US
  schedule of 15 May 2025 in force), with the ratio ``tariff_wall_run_over_static``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from pathlib import Path

import _timing

from tradewar import datasets
from tradewar.core.policy import Policy
from tradewar.enacted import build, schedule
from tradewar.models import MultiSectorModel
from tradewar.paths.scenario import load
from tradewar.paths.simulate import simulate
from tradewar.reports import scenario as scenario_report

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    read = _timing.median_time(build.read_inputs, 3)
    inputs = build.read_inputs()
    total = read + _timing.median_time(lambda: build.build(inputs), 3)

    wall = load(ROOT / "scenarios" / "tariff_wall_2025_2026.yaml")
    baseline = datasets.load(wall.baseline)
    start = time.perf_counter()
    path = simulate(wall, baseline)
    with tempfile.TemporaryDirectory() as tmp:
        scenario_report.write(path, Path(tmp))
    first = time.perf_counter() - start
    start = time.perf_counter()
    path = simulate(wall, baseline)
    with tempfile.TemporaryDirectory() as tmp:
        scenario_report.write(path, Path(tmp))
    steady = time.perf_counter() - start

    model = MultiSectorModel(baseline, elasticities="CP", deficits="fixed")
    additions = schedule.load("us_enacted").additions(baseline, dt.date(2025, 5, 15))
    policy = Policy.from_baseline(baseline).tariff("USA", rate=additions, additional=True)
    model.solve(policy)
    static = _timing.median_time(lambda: model.solve(policy), 3)
    out = {
        "schedule_build_s": total,
        "schedule_read_s": read,
        "tariff_wall_s": first,
        "tariff_wall_run_s": steady,
        "tariff_wall_solves": len(path.results) + 1,
        "reference_static_ms": 1e3 * static,
        "tariff_wall_run_over_static": steady / static,
    }
    print(json.dumps(out) if args.json else "\n".join(f"{k}: {v:.4g}" for k, v in out.items()))


if __name__ == "__main__":
    main()
