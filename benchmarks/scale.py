"""How solve times grow with the number of countries and sectors, and hold under load.

``python benchmarks/scale.py --json`` prints one JSON object (medians of repeated runs
in this process, after compiling each size):

* ``onesector_solve_ms_by_n``: the IMLS model on the default (194 countries) aggregated to
  N = 25, 50, 100 (the N - 1 largest by GDP and the rest) and 194;
* ``multisector_solve_s_by_n``: Caliendo-Parro on the IO default at N = 10, 20, 40, 81
  (28 sectors); ``multisector_solve_s_by_s``: at S = 7, 14, 28 (81 countries; sectors
  merged in consecutive groups); ``fitted_exponent_n`` / ``_s``: the least-squares slope
  of log time on log N (S);
* ``gtap_size_solve_s``: a synthetic 141 x 65 baseline, the IO default with its 60
  largest economies split in two regions (``aggregate.split_country``, 60/40) and its
  sectors split to 65 (``aggregate.split_sector``: 9 in three, 19 in two, equal shares);
* ``batch_vs_loop_ratio``: per-solve time of ``solve_many`` on 100 one-sector policies
  over a loop of single solves (medians of ``--repeats`` interleaved runs);
* ``second_process_start_s``: seconds from launching a fresh process to its first
  one-sector solve being done (it imports tradewar, loads the default and solves, with
  the compilation cache warmed by an earlier process; its exit is not counted), median
  of ``--repeats`` processes;
* ``onesector_factorize_ms``, ``lu_same_size_ms``, ``factorize_over_lu`` and
  ``factorize_over_lu_and_product``: one block factorisation of the one-sector Jacobian
  (194 countries, 3N unknowns) against an LU of an N x N matrix, and against that LU plus
  one N x N product (the floor of the block scheme: its Schur complement needs both);
* ``onesector_solve_ms_busy`` and ``busy_over_quiet``: the 194-country one-sector solve
  (median of ``40 x --repeats`` solves) while a CPU-heavy process (a NumPy matrix loop
  on every core, started and stopped here, at most 60 s) runs beside it, against the
  same number of quiet solves measured just before.

Every solve is the same shock: each importer's tariffs 10 points higher on everything.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from functools import partial

import _timing
import numpy as np

from tradewar import datasets
from tradewar.core.baseline import Baseline
from tradewar.core.policy import Policy
from tradewar.datasets.aggregate import (
    aggregate_countries,
    aggregate_sectors,
    split_country,
    split_sector,
)
from tradewar.models import model_for

BUSY = "import numpy as np, time\nx = np.random.rand(500, 500)\nt = time.time()\n"
BUSY += "while time.time() - t < 60:\n    y = x @ x\n    x = y / np.abs(y).max()\n"
START = (
    "import time\n"
    "from tradewar import datasets; from tradewar.models import model_for\n"
    "from tradewar.core.policy import Policy\n"
    "b = datasets.load('default'); m = model_for(b)\n"
    "m.solve(Policy.from_baseline(b).tariff('USA', rate=0.1, additional=True))\n"
    "print(time.time(), flush=True)\n"
)


def second_process_start(cache: str, repeats: int) -> float:
    """Median seconds from launching a fresh Python process to its first solve being done
    (interpreter start, imports, loading the default, calibration, the solve with the
    compilation cache in ``cache`` warmed by an earlier process); the process's exit
    afterwards is not counted."""
    env = {**os.environ, "TRADEWAR_COMPILE_CACHE": cache}
    run = [sys.executable, "-c", START]
    subprocess.run(run, env=env, check=True, capture_output=True)  # fills the cache
    times = []
    for _ in range(repeats):
        launched = time.time()
        child = subprocess.Popen(run, env=env, stdout=subprocess.PIPE, text=True)
        line = child.stdout.readline() if child.stdout else ""
        if child.wait() != 0 or not line:
            raise RuntimeError("the second process failed")
        times.append(float(line) - launched)
    return float(np.median(times))


def shock(baseline: Baseline) -> Policy:
    return Policy.from_baseline(baseline).tariff(
        list(baseline.countries), on="ALL", rate=0.10, additional=True
    )


def largest(baseline: Baseline, n: int) -> Baseline:
    """The ``n - 1`` largest economies by GDP and the rest merged (``RST``)."""
    order = np.argsort(-np.asarray(baseline.gdp))
    keep = [baseline.countries[k] for k in order if baseline.countries[k] != "ROW"][: n - 1]
    return aggregate_countries(baseline, {c: [c] for c in keep}, rest="RST")


def timed(baseline: Baseline, repeats: int) -> float:
    model = model_for(baseline, **({} if baseline.n_sectors == 1 else {"elasticities": "CP"}))
    policy = shock(baseline)
    model.solve(policy)
    return _timing.median_time(lambda: model.solve(policy), repeats)


def factorisation_vs_lu(baseline: Baseline, repeats: int) -> dict[str, float]:
    """One block factorisation of the one-sector Jacobian (3N unknowns) at the solution of
    the shock, against an LU and a product of N x N matrices, in ms (medians)."""
    import jax
    from jax.scipy.linalg import lu_factor

    from tradewar.models import onesector as eq
    from tradewar.models import onesector_newton

    model = model_for(baseline)
    ins, cal = model._instruments(shock(baseline)), model.calibration
    args = (eq.prepare(ins, cal), cal)
    x = model.solve_warm(shock(baseline))[1].unknowns
    factorize = jax.jit(partial(onesector_newton.factorize, export_taxes=False))
    n = baseline.n_countries
    square = jax.numpy.asarray(np.random.default_rng(0).random((n, n)))
    lu, product = jax.jit(lu_factor), jax.jit(lambda a: a @ a)

    def ms(fn, *a) -> float:
        jax.block_until_ready(fn(*a))
        return 1e3 * _timing.median_time(lambda: jax.block_until_ready(fn(*a)), repeats)

    out = {
        "factorize": ms(factorize, x, args),
        "lu": ms(lu, square),
        "product": ms(product, square),
    }
    return {
        "onesector_factorize_ms": out["factorize"],
        "lu_same_size_ms": out["lu"],
        "factorize_over_lu": out["factorize"] / out["lu"],
        "factorize_over_lu_and_product": out["factorize"] / (out["lu"] + out["product"]),
    }


def gtap_size(baseline: Baseline) -> Baseline:
    order = np.argsort(-np.asarray(baseline.gdp))
    big = [baseline.countries[k] for k in order if baseline.countries[k] != "ROW"][:60]
    for code in big:
        baseline = split_country(baseline, code, {f"{code}-1": 0.6, f"{code}-2": 0.4})
    sectors = list(baseline.sectors)
    for k, name in enumerate(sectors[:28]):
        parts = 3 if k < 9 else 2
        baseline = split_sector(baseline, name, {f"{name} {p}": 1.0 / parts for p in range(parts)})
    return baseline


def slope(sizes: list[int], seconds: list[float]) -> float:
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    out: dict[str, object] = {}

    one = datasets.load("default")
    out["onesector_solve_ms_by_n"] = {
        n: 1e3 * timed(one if n == one.n_countries else largest(one, n), 3 * args.repeats)
        for n in (25, 50, 100, 194)
    }
    multi = datasets.load("default-multisector")
    by_n = {
        n: timed(multi if n == 81 else largest(multi, n), args.repeats) for n in (10, 20, 40, 81)
    }
    groups = {
        7: {f"G{g}": list(multi.sectors[4 * g : 4 * g + 4]) for g in range(7)},
        14: {f"G{g}": list(multi.sectors[2 * g : 2 * g + 2]) for g in range(14)},
    }
    by_s = {s: timed(aggregate_sectors(multi, groups[s]), args.repeats) for s in (7, 14)}
    by_s[28] = by_n[81]
    out["multisector_solve_s_by_n"] = by_n
    out["multisector_solve_s_by_s"] = by_s
    out["fitted_exponent_n"] = slope(list(by_n), list(by_n.values()))
    out["fitted_exponent_s"] = slope(list(by_s), list(by_s.values()))
    big = gtap_size(multi)
    out["gtap_size"] = f"{big.n_countries} x {big.n_sectors}"
    out["gtap_size_solve_s"] = timed(big, 1)

    model = model_for(one)
    batch = [
        Policy.from_baseline(one).tariff("USA", on="CHN", rate=r) for r in np.linspace(0, 2, 100)
    ]
    model.solve_many(batch)
    many, loop = [], []
    for _ in range(args.repeats):  # interleaved, so that drift in load hits both alike
        many.append(_timing.median_time(lambda: model.solve_many(batch), 1))
        loop.append(_timing.median_time(lambda: [model.solve(p) for p in batch], 1))
    out["batch_vs_loop_ratio"] = float(np.median(many) / np.median(loop))

    with tempfile.TemporaryDirectory() as cache:
        out["second_process_start_s"] = second_process_start(cache, args.repeats)

    out.update(factorisation_vs_lu(one, 20 * args.repeats))

    solves = 40 * args.repeats  # about half a second of solves each way
    quiet = 1e3 * timed(one, solves)  # measured next to the busy run, with as many solves
    busy = subprocess.Popen([sys.executable, "-c", BUSY])
    try:
        time.sleep(1.0)
        out["onesector_solve_ms_busy"] = 1e3 * timed(one, solves)
    finally:
        busy.kill()
        busy.wait()
    out["busy_over_quiet"] = out["onesector_solve_ms_busy"] / quiet
    print(json.dumps(out) if args.json else "\n".join(f"{k}: {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
