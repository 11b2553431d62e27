"""Where the main job's time goes, phase by phase, in one fresh process (warm compilation
cache): ``python benchmarks/phases.py --json``.

Keys (seconds): ``import_s`` (tradewar's modules), ``load_s`` (the scenario file and the
baseline), ``setup_s`` (the model, the timeline's wedges and controls, up to the first
month), ``solve_uncontrolled_s`` and ``solve_controlled_s`` (the monthly solves of months
without and with export controls, as a second path in the same process solves them),
``compile_s`` (what the first path took more than the second: tracing, compiling or
loading compiled code from the cache), ``long_run_s``, ``recording_s`` (each side's
customs records and the recorded trade), ``tables_s`` and ``figures_s`` (the report's
files by kind, in this process: for figures, their data and the hand-over to the helper
process that draws them, :mod:`tradewar.reports.drawing`, started at the beginning as
``tradewar run`` starts it), ``figures_wait_s`` (waiting at the end for the helper's
last figures), ``total_s`` (the sum, close to ``tradewar run`` without start-up).
Figures depend on the machine: compare them only with a run on the same machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAIN = ROOT / "scenarios" / "us_china_2025.yaml"


def _timed_path(simulate, spec, baseline):
    """A path with the wall time of each month (and of the set-up before the first)."""
    marks = []
    started = time.perf_counter()
    path = simulate(spec, baseline, on_month=lambda label: marks.append(time.perf_counter()))
    marks.append(time.perf_counter())
    setup = marks[0] - started
    months = [b - a for a, b in itertools.pairwise(marks)]
    return path, setup, months[:-1], months[-1]


def measure() -> dict[str, float]:
    """The phases of one main job (run in a fresh process by :func:`main`)."""
    t0 = time.perf_counter()
    from tradewar import datasets
    from tradewar.paths import scenario
    from tradewar.paths.simulate import simulate
    from tradewar.reports import drawing
    from tradewar.reports import scenario as report

    drawing.start()  # as tradewar run does
    t1 = time.perf_counter()
    spec = scenario.load(MAIN)
    baseline = datasets.load(spec.baseline)
    t2 = time.perf_counter()
    _first, setup, first_months, first_long = _timed_path(simulate, spec, baseline)
    path, _, months, long_run = _timed_path(simulate, spec, baseline)
    controlled = [bool(r.controls) for r in path.results]
    t3 = time.perf_counter()
    _ = path.records, path.recorded
    t4 = time.perf_counter()
    steps, waits = [], []
    finish = drawing.Drawer.finish

    def timed_finish(drawer):
        started = time.perf_counter()
        finish(drawer)
        waits.append(time.perf_counter() - started)

    drawing.Drawer.finish = timed_finish
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "report"
        target.mkdir()
        report.write(path, target, on_step=lambda name: steps.append((name, time.perf_counter())))
        steps.append(("end", time.perf_counter()))
    kinds = {"tables": 0.0, "figures": 0.0}
    for (name, start), (_, end) in itertools.pairwise(steps):
        kinds["figures" if name.endswith(".png") else "tables"] += end - start
    kinds["tables"] -= sum(waits)  # the wait falls in the last file's step
    out = {
        "import_s": t1 - t0,
        "load_s": t2 - t1,
        "setup_s": setup,
        "solve_uncontrolled_s": sum(s for s, c in zip(months, controlled, strict=True) if not c),
        "solve_controlled_s": sum(s for s, c in zip(months, controlled, strict=True) if c),
        "compile_s": sum(first_months) + first_long - sum(months) - long_run,
        "long_run_s": long_run,
        "recording_s": t4 - t3,
        "tables_s": kinds["tables"],
        "figures_s": kinds["figures"],
        "figures_wait_s": sum(waits),
        "months_controlled": sum(controlled),
        "months_uncontrolled": len(controlled) - sum(controlled),
    }
    out["total_s"] = sum(v for k, v in out.items() if k.endswith("_s"))
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        print(json.dumps(measure()))
        return
    done = subprocess.run(
        [sys.executable, __file__, "--inside"], capture_output=True, text=True, env=os.environ
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr.strip().splitlines()[-1:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:24s} {value}")


if __name__ == "__main__":
    main()
