"""Benchmark of the work a user waits on: the main job, its bands, the talks, Ossa's Table 5.

``python benchmarks/path.py --json [--only KEY,KEY]`` prints one JSON object:

* ``main_job_s``: ``tradewar run scenarios/us_china_2025.yaml`` in a fresh process with a
  warm compilation cache, median of ``--repeats`` (3);
* ``main_job_first_s``: the same with an empty compilation cache and an empty user cache
  (a first run);
* ``path_solve_s``: the monthly solves alone (:func:`tradewar.paths.simulate.simulate`),
  in this process after a first path that compiles; ``report_s``: writing its report
  folder (tables, figures, summary);
* ``main_job_draws_per_s``: 20 draws of the main job on the local process pool
  (``tradewar run --draws 20``, fresh process, warm cache), draws per second of the whole
  command;
* ``talks_five_levers_s``: the talks over the five original levers, as
  ``benchmarks/talks.py`` times them (after a first run that compiles);
* ``ossa_table5_s``: ``tradewar replicate ossa2014 --table 5`` (needs the shared data).

The keys take minutes each (the draws and Ossa's Table 5 the longest): ``--only`` picks
some. Figures depend on the machine: compare them only with a run on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAIN = ROOT / "scenarios" / "us_china_2025.yaml"
KEYS = (
    "main_job_s",
    "main_job_first_s",
    "path_solve_s",
    "report_s",
    "main_job_draws_per_s",
    "talks_five_levers_s",
    "ossa_table5_s",
)


def _tradewar(args: list[str], env: dict | None = None) -> float:
    """Wall time of one ``tradewar`` command in a fresh process (its output is dropped)."""
    command = [sys.executable, "-m", "tradewar", *args]
    start = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, **(env or {})}, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise SystemExit(f"tradewar {' '.join(args)} failed: {tail}")
    return elapsed


def _run_main(folder: Path, k: int, extra: list[str] | None = None, env=None) -> float:
    return _tradewar(["run", str(MAIN), "--out", str(folder / f"run{k}"), *(extra or [])], env)


def main_job(repeats: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _run_main(folder, 0)  # fills the compilation cache
        times = [_run_main(folder, k + 1) for k in range(repeats)]
    return {"main_job_s": round(statistics.median(times), 2)}


def main_job_first() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        empty = {"TRADEWAR_COMPILE_CACHE": str(Path(tmp) / "xla")}
        empty["TRADEWAR_CACHE"] = str(Path(tmp) / "cache")  # the ISO3 list, the map's shapes
        seconds = _run_main(Path(tmp), 0, env=empty)
    return {"main_job_first_s": round(seconds, 2)}


def path_and_report() -> dict[str, float]:
    from tradewar.paths.scenario import load
    from tradewar.paths.simulate import simulate
    from tradewar.reports import scenario as scenario_report

    spec = load(MAIN)
    simulate(spec)  # compiles
    start = time.perf_counter()
    path = simulate(spec)
    solve = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        scenario_report.write(path, Path(tmp))
        report = time.perf_counter() - start
    return {"path_solve_s": round(solve, 2), "report_s": round(report, 2)}


def draws(n: int = 20) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        seconds = _run_main(Path(tmp), 0, ["--draws", str(n), "--seed", "1"])
    return {"main_job_draws_per_s": round(n / seconds, 4)}


def talks_five() -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import talks as bench  # benchmarks/talks.py

    from tradewar import datasets
    from tradewar.paths import timeline
    from tradewar.paths.scenario import load
    from tradewar.paths.simulate import scenario_model

    spec = load(bench.SCENARIO)
    baseline = datasets.load(spec.baseline)
    model = scenario_model(spec, baseline).long_run_model()
    import datetime as dt

    policy = timeline.Timeline(spec, baseline).policy_on(dt.date.fromisoformat(bench.ON))
    bench.talks(model, policy)  # compiles
    start = time.perf_counter()
    bench.talks(model, policy)
    return {"talks_five_levers_s": round(time.perf_counter() - start, 2)}


def ossa_table5() -> dict[str, float]:
    return {"ossa_table5_s": round(_tradewar(["replicate", "ossa2014", "--table", "5"]), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", default=",".join(KEYS), help="comma-separated keys")
    args = parser.parse_args()
    wanted = [k for k in args.only.split(",") if k]
    unknown = [k for k in wanted if k not in KEYS]
    if unknown:
        raise SystemExit(f"unknown key {unknown[0]!r}; keys: {', '.join(KEYS)}")
    out: dict[str, float] = {}
    if "main_job_s" in wanted:
        out |= main_job(args.repeats)
    if "main_job_first_s" in wanted:
        out |= main_job_first()
    if {"path_solve_s", "report_s"} & set(wanted):
        out |= {k: v for k, v in path_and_report().items() if k in wanted}
    if "main_job_draws_per_s" in wanted:
        out |= draws()
    if "talks_five_levers_s" in wanted:
        out |= talks_five()
    if "ossa_table5_s" in wanted:
        out |= ossa_table5()
    print(json.dumps(out) if args.json else "\n".join(f"{k}: {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
