"""Benchmark of uncertainty bands: draws per second, and what a local cluster costs.

``python benchmarks/uncertainty.py --json`` prints one JSON object:

* ``onesector_draws_per_s``: draws of (epsilon, kappa) for the USTR "Liberation Day"
  tariffs on the 194-country default, each draw a calibration and a solve, in-process;
  ``onesector_solve_ms`` is one point solve in the same process (the reference) and
  ``onesector_draw_over_solve`` the ratio of a draw's time to it;
* ``multisector_draws_per_s``: draws of the 28 sector elasticities for a US-China tariff
  war (145% / 125%) on the ICIO 2022 default with IO links, in-process, with
  ``multisector_solve_ms`` and ``multisector_draw_over_solve`` the same way;
* ``scenario_draws_per_s``: draws of the main job's first 12 months
  (``scenarios/us_china_2025.yaml``: elasticities, dynamics), in-process;
* ``cluster_overhead_ratio``: the same one-sector draws on a local Dask cluster of two
  worker processes (one thread each) over in-process, after a warm-up run on each.

All in one process on the machine at hand (2 cores here); the first draws of each part
are a warm-up (compiling) and are not timed.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import _timing  # noqa: F401 (turns the compile cache off: compile times are measured)
from _timing import median_time

from tradewar import datasets, uncertainty
from tradewar.core.policy import Policy
from tradewar.models import model_for
from tradewar.paths.scenario import load

ROOT = Path(__file__).resolve().parents[1]


def _rate(fn, n: int) -> float:
    start = time.perf_counter()
    fn(n)
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--onesector", type=int, default=300, help="one-sector draws timed")
    parser.add_argument("--multisector", type=int, default=20, help="multi-sector draws timed")
    parser.add_argument("--scenario", type=int, default=3, help="scenario draws timed")
    args = parser.parse_args()
    out: dict[str, float | int] = {}

    default = datasets.load("default")
    ustr = Policy.from_baseline(default, "USTR").tariff(
        "USA", on="ALL", rate=default.schedules["ustr_2025"], floor=0.10
    )

    def one(n, where="inprocess"):
        return uncertainty.policy_bands(ustr, n, seed=1, where=where, workers=2)

    one(5)  # compile
    model = model_for(default)
    solve = median_time(lambda: model.solve(ustr), 10)
    rate = _rate(one, args.onesector)
    out["onesector_draws_per_s"] = round(rate, 1)
    out["onesector_solve_ms"] = round(1000 * solve, 2)
    out["onesector_draw_over_solve"] = round(1 / rate / solve, 2)

    icio = datasets.load("default-multisector")
    war = (
        Policy.from_baseline(icio, "US-China war")
        .tariff("USA", on="CHN", rate=1.45, additional=True)
        .tariff("CHN", on="USA", rate=1.25, additional=True)
    )

    def multi(n):
        return uncertainty.policy_bands(war, n, seed=1, where="inprocess")

    multi(2)
    cp = model_for(icio)
    solve = median_time(lambda: cp.solve(war), 3)
    rate = _rate(multi, args.multisector)
    out["multisector_draws_per_s"] = round(rate, 2)
    out["multisector_solve_ms"] = round(1000 * solve, 1)
    out["multisector_draw_over_solve"] = round(1 / rate / solve, 2)

    spec = load(ROOT / "scenarios" / "us_china_2025.yaml")
    base = datasets.load(spec.baseline)

    def paths(n):
        return uncertainty.scenario_bands(
            spec, n, seed=1, baseline=base, months=12, where="inprocess"
        )

    paths(1)
    out["scenario_draws_per_s"] = round(_rate(paths, args.scenario), 3)

    from distributed import LocalCluster

    n = 200
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        one(20, address)  # warm-up: each worker compiles
        start = time.perf_counter()
        one(n, address)
        remote = time.perf_counter() - start
    start = time.perf_counter()
    one(n)
    local = time.perf_counter() - start
    out["cluster_overhead_ratio"] = round(remote / local, 2)
    out["cluster_draws"] = n
    print(json.dumps(out) if args.json else out)


if __name__ == "__main__":
    main()
