"""Benchmark of the talks over five levers (tradewar.cases.us_china_2025.levers and games.bargain).

``python benchmarks/talks.py --json`` prints ``five_levers_s``: on the disagreement point
of ``scenarios/us_china_2025_truce_expires.yaml`` on 15 Dec 2025 (81 x 30 multi-sector
baseline with rare earths, export controls and a capacity limit binding, the model in
its long run), sizing the levers (tariffs, rare earths, chips, students, purchases), the
table of releasing each alone, and the bargain over all of them with the three real
deals placed, after a first run that compiles; ``reference_solve_s``: one solve of the
disagreement point from a cold start in the same process, and the ratio
``five_levers_over_solve``; ``solves``: how many equilibria the bargain solved.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import _timing  # noqa: F401 (turns the compile cache off: compile times are measured)

from tradewar import datasets
from tradewar.cases.us_china_2025 import levers as cards
from tradewar.cases.us_china_2025.bargain import bargain, real_deals
from tradewar.paths import timeline
from tradewar.paths.scenario import load
from tradewar.paths.simulate import scenario_model

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "us_china_2025_truce_expires.yaml"
#: The five levers the benchmark has always timed (the July relief and the Nexperia ban,
#: added later, are left out so that its figures stay comparable).
FIVE = ("tariffs", "rare_earths", "chips", "students", "purchases")
ON = "2025-12-15"


def talks(model, policy) -> int:
    """Levers sized, the lever table and the bargain; returns the number of solves."""
    calls = {"n": 0}
    solve_warm = model.solve_warm

    def counted(*args, **kwargs):
        calls["n"] += 1
        return solve_warm(*args, **kwargs)

    model.solve_warm = counted
    try:
        levers = cards.standard_levers("USA", "CHN", FIVE)
        policy = cards.with_status_quo(policy, levers)
        starts = cards.WarmStarts(model)
        levers = cards.resolve_all(levers, model, policy, starts)
        cards.lever_table(model, policy, levers, starts=starts)
        deals = real_deals(policy, levers, fentanyl_halved=True)
        bargain(model, "USA", "CHN", policy, levers, deals=deals, starts=starts)
    finally:
        del model.solve_warm
    return calls["n"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    spec = load(SCENARIO)
    base = datasets.load(spec.baseline)
    model = scenario_model(spec, base).long_run_model()
    policy = timeline.policy_at(base, spec, ON, "talks fail")
    start = time.perf_counter()
    talks(model, policy)
    first = time.perf_counter() - start
    start = time.perf_counter()
    solves = talks(model, policy)
    run = time.perf_counter() - start
    start = time.perf_counter()
    model.solve(policy)
    solve = time.perf_counter() - start
    out = {
        "five_levers_s": round(run, 2),
        "first_run_s": round(first, 2),
        "reference_solve_s": round(solve, 3),
        "five_levers_over_solve": round(run / solve, 1),
        "solves": solves,
    }
    print(json.dumps(out) if args.json else "\n".join(f"{k}: {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
