"""Benchmark of the IMLS one-sector solver on the embedded 194-country baseline.

``python benchmarks/onesector.py --json`` prints one JSON object:

* ``solve_ms``: one USTR counterfactual, steady state (median of repeats, after compile);
* ``compile_s``: first call minus steady state (jit compile);
* ``batch100_s``: 100 scenarios (US tariff on China from 0 to 200%) in one vmap call,
  steady state; ``batch100_compile_s`` its compile time;
* ``optimal_ms``: closed-form optimal US tariff plus its equilibrium (Table 1 case 3);
* ``best_uniform_ms``: full-equilibrium search for the best uniform US tariff;
* ``reference_fsolve_ms``: the same USTR solve by ``scipy.optimize.fsolve`` with a
  finite-difference Jacobian on the same (jitted) residuals, in this process — the
  reference the ratios in ``speedup_vs_fsolve`` are taken against.
"""

from __future__ import annotations

import argparse
import json
import time

import jax
import jax.numpy as jnp
import numpy as np
from _timing import median_time
from scipy import optimize

from tradewar.core.policy import Policy
from tradewar.datasets import load
from tradewar.games.optimal_tariff import best_uniform_tariff, optimal_tariff
from tradewar.models import OneSectorModel
from tradewar.models import onesector as eq
from tradewar.models.onesector_model import solve_equilibrium


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--no-reference", action="store_true", help="skip the fsolve run")
    args = parser.parse_args()

    baseline = load("default")
    model = OneSectorModel(baseline)
    cal = model.calibration
    ustr = Policy.from_baseline(baseline, "USTR").tariff(
        "USA", on="ALL", rate=baseline.schedules["ustr_2025"], floor=0.10
    )
    ins = model._instruments(ustr)

    def one():
        jax.block_until_ready(solve_equilibrium(ins, cal, taxes=False))

    start = time.perf_counter()
    one()
    first = time.perf_counter() - start
    solve_s = median_time(one, args.repeats)

    base = Policy.from_baseline(baseline)
    batch = [
        base.tariff("USA", on="CHN", rate=r).named(f"{r:.2f}") for r in np.linspace(0.0, 2.0, 100)
    ]
    start = time.perf_counter()
    model.solve_many(batch)
    batch_first = time.perf_counter() - start
    batch_s = median_time(lambda: model.solve_many(batch), 3)

    us = baseline.index("USA")

    def optimal():
        rate = optimal_tariff(cal, us)
        model.solve(base.tariff("USA", on="ALL", rate=rate))

    optimal_s = median_time(optimal, args.repeats)
    best_s = median_time(lambda: best_uniform_tariff(model, "USA", bounds=(0.0, 0.6)), 3)

    out = {
        "solve_ms": 1e3 * solve_s,
        "compile_s": first - solve_s,
        "batch100_s": batch_s,
        "batch100_compile_s": batch_first - batch_s,
        "optimal_ms": 1e3 * optimal_s,
        "best_uniform_ms": 1e3 * best_s,
        "countries": baseline.n_countries,
        "devices": str(jax.devices()),
    }
    if not args.no_reference:
        shock = eq.prepare(ins, cal)
        residual = jax.jit(eq.residuals)
        fun = lambda x: np.asarray(residual(jnp.asarray(x), (shock, cal)))  # noqa: E731
        fun(np.zeros(3 * baseline.n_countries))

        def reference():
            _, _, ier, msg = optimize.fsolve(
                fun, np.zeros(3 * baseline.n_countries), full_output=True, xtol=1e-10
            )
            if ier != 1:
                raise RuntimeError(f"fsolve reference failed: {msg}")

        ref_s = median_time(reference, 3)
        out["reference_fsolve_ms"] = 1e3 * ref_s
        out["speedup_vs_fsolve"] = ref_s / solve_s
    if args.json:
        print(json.dumps(out))
    else:
        for key, value in out.items():
            print(f"{key:>22}: {value:.4g}" if isinstance(value, float) else f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
