"""Benchmark of a 12-month scenario run end to end (timeline, 12 solves, report).

``python benchmarks/scenario.py --json`` prints ``run12_s`` (steady state, after a first
run that compiles), ``first_run_s``, ``report_s`` (writing the report folder) and
``reference_static_ms`` (one static solve of the same model in this process) with the
ratio ``run12_over_static``, all on the one-sector default; and ``rare_earths_run12_s``:
the first 12 months (2025) of the main job ``scenarios/us_china_2025.yaml`` (81 x 29
multi-sector baseline, China's rare-earth export controls binding from April), steady
state, with ``rare_earths_static_ms`` (one multi-sector solve without controls) and
``rare_earths_over_static``; ``rare_earths_records_s``: both customs records of that path
with the parts of their gap and rerouting (:func:`tradewar.paths.mirror.records`, the
shipping layer already computed), with ``records_over_run12`` (target: under 0.5, so that
the main job with both records takes at most 1.5 times as long).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import _timing  # turns the compile cache off: compile times are measured

from tradewar import datasets
from tradewar.core.policy import Policy
from tradewar.models import MultiSectorModel, OneSectorModel
from tradewar.paths.mirror import records
from tradewar.paths.scenario import Event, Scenario, load
from tradewar.paths.simulate import simulate
from tradewar.reports import scenario as scenario_report

EVENTS = [
    Event(date="2025-02-04", actor="USA", target="CHN", rate=0.20),
    Event(date="2025-04-10", actor="USA", target="CHN", rate=1.25),
    Event(date="2025-04-10", actor="CHN", target="USA", rate=1.25),
    Event(
        date="2025-05-14",
        expires="2025-08-12",
        actor="USA",
        target="CHN",
        rate=0.30,
        mode="absolute",
    ),
    Event(
        date="2025-05-14",
        expires="2025-08-12",
        actor="CHN",
        target="USA",
        rate=0.10,
        mode="absolute",
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    spec = Scenario(name="bench", start="2025-01", end="2025-12", events=EVENTS)
    baseline = datasets.load("default")
    start = time.perf_counter()
    simulate(spec, baseline)
    first = time.perf_counter() - start
    start = time.perf_counter()
    path = simulate(spec, baseline)
    run = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        scenario_report.write(path, Path(tmp))
        report = time.perf_counter() - start
    model = OneSectorModel(baseline)
    policy = Policy.from_baseline(baseline).tariff("USA", on="CHN", rate=1.45)
    model.solve(policy)
    start = time.perf_counter()
    model.solve(policy)
    static = time.perf_counter() - start
    main_job = load(Path(__file__).resolve().parents[1] / "scenarios" / "us_china_2025.yaml")
    main_job = main_job.model_copy(update={"end": "2025-12"})
    rare = datasets.load(main_job.baseline)
    simulate(main_job, rare)
    start = time.perf_counter()
    rare_path = simulate(main_job, rare)
    rare_run = time.perf_counter() - start
    _ = rare_path.recorded  # the shipping layer, computed once
    rare_records = _timing.median_time(lambda: records(rare_path), 3)
    multi = MultiSectorModel(rare, elasticities="CP", deficits="fixed")
    war = Policy.from_baseline(rare).tariff("USA", on="CHN", rate=1.45)
    multi.solve(war)
    start = time.perf_counter()
    multi.solve(war)
    rare_static = time.perf_counter() - start
    out = {
        "rare_earths_run12_s": rare_run,
        "rare_earths_static_ms": 1e3 * rare_static,
        "rare_earths_over_static": rare_run / rare_static,
        "rare_earths_records_s": rare_records,
        "records_over_run12": rare_records / rare_run,
        "run12_s": run,
        "first_run_s": first,
        "report_s": report,
        "reference_static_ms": 1e3 * static,
        "run12_over_static": run / static,
    }
    print(json.dumps(out) if args.json else "\n".join(f"{k}: {v:.4g}" for k, v in out.items()))


if __name__ == "__main__":
    main()
