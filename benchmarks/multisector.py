"""Benchmark of the multi-sector (Caliendo-Parro) solver.

``python benchmarks/multisector.py --json`` prints one JSON object:

* ``cp2015_solve_ms``: the NAFTA counterfactual (31 x 40 with IO links), steady state;
* ``icio2022_solve_ms``: US 145% on China and China 125% on the US on the embedded
  ICIO 2022 default (81 x 28, input-output links from the OECD national tables), steady
  state; ``icio2022_noio_solve_ms``: the same on the default without IO links (the cost
  of the links is the ratio ``io_over_noio``); ``icio2022_nest_solve_ms``: the same war on
  ``default-rare-earths`` (81 x 30, magnets split out) with the magnet nest at 0.2;
* ``compile_s``: first CP solve minus steady state (jit compile);
* ``reference_nested_ms``: CP's own nested algorithm (damped wage tatonnement around
  the same inner price and spending loops, docs/model.md B.3) on the NAFTA case, in this
  process — ``speedup_vs_nested`` is the ratio.
"""

from __future__ import annotations

import argparse
import json
import time

import jax
import jax.numpy as jnp
from _timing import median_time

from tradewar import datasets
from tradewar.core.policy import Policy
from tradewar.datasets.magnets import NEST_ELASTICITY
from tradewar.datasets.magnets import SECTOR as MAGNETS
from tradewar.datasets.magnets import USERS as MAGNET_USERS
from tradewar.datasets.paths import require_dataset
from tradewar.models import MultiSectorModel
from tradewar.models import multisector as ms
from tradewar.replication.caliendo_parro2015 import nafta_policy


@jax.jit
def _nested(tau, cal):
    """CP's algorithm: w <- w (1 - 0.5 residual / wL) until the wage change is < 1e-7."""
    shock = ms.prepare(tau, cal)

    def cond(state):
        _, change, k = state
        return (change > 1e-7) & (k < 5000)

    def body(state):
        lw, _, k = state
        s = ms.state(lw, shock, cal)
        imbalance = s.flows.sum(axis=(0, 2)) - s.deficit - s.flows.sum(axis=(1, 2))
        new = lw + jnp.log1p(-0.5 * imbalance / cal.wL)
        return new, jnp.linalg.norm(jnp.exp(new) - jnp.exp(lw)), k + 1

    return jax.lax.while_loop(cond, body, (jnp.zeros_like(cal.wL), jnp.inf, 0))


def _war(baseline) -> Policy:
    """US 145% on China and China 125% on the US, on top of the applied tariffs."""
    return (
        Policy.from_baseline(baseline, "US-China 145/125")
        .tariff("USA", on="CHN", rate=1.45, additional=True)
        .tariff("CHN", on="USA", rate=1.25, additional=True)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    from tradewar.datasets import caliendo_parro

    cp = caliendo_parro.load(require_dataset(caliendo_parro.FOLDER))
    model = MultiSectorModel(cp, elasticities="cp2015", deficits="zero")
    policy = nafta_policy(cp)
    start = time.perf_counter()
    model.solve(policy)
    first = time.perf_counter() - start
    cp_s = median_time(lambda: model.solve(policy), args.repeats)

    tau = jnp.asarray(policy.tariffs)
    jax.block_until_ready(_nested(tau, model.calibration))
    nested_s = median_time(lambda: jax.block_until_ready(_nested(tau, model.calibration)), 3)

    timings = {}
    for name in ("default-multisector", "default-multisector-noio"):
        icio = datasets.load(name)
        icio_model = MultiSectorModel(icio, deficits="fixed")
        war = _war(icio)
        icio_model.solve(war)
        timings[name] = median_time(lambda m=icio_model, p=war: m.solve(p), args.repeats)
    icio_s, noio_s = timings["default-multisector"], timings["default-multisector-noio"]
    magnets = datasets.load("default-rare-earths")
    nested = MultiSectorModel(
        magnets,
        deficits="fixed",
        critical_input={
            "sector": MAGNETS,
            "elasticity": NEST_ELASTICITY,
            "users": list(MAGNET_USERS),
        },
    )
    war = _war(magnets)
    nested.solve(war)
    nest_s = median_time(lambda: nested.solve(war), args.repeats)

    out = {
        "cp2015_solve_ms": 1e3 * cp_s,
        "icio2022_solve_ms": 1e3 * icio_s,
        "icio2022_noio_solve_ms": 1e3 * noio_s,
        "io_over_noio": icio_s / noio_s,
        "icio2022_nest_solve_ms": 1e3 * nest_s,
        "compile_s": first - cp_s,
        "reference_nested_ms": 1e3 * nested_s,
        "speedup_vs_nested": nested_s / cp_s,
    }
    if args.json:
        print(json.dumps(out))
    else:
        for key, value in out.items():
            print(f"{key:>22}: {value:.4g}")


if __name__ == "__main__":
    main()
