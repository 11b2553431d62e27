"""Benchmark of the tariff games.

``python benchmarks/games.py --json`` prints one JSON object:

* ``nash_wiod2014_s``: Nash war in uniform tariffs among all 44 WIOD 2016-release
  economies (2014, 16 sectors, elasticities IS), Ossa model, steady state after compile;
* ``nash_icio2022_s``: the same on OECD ICIO 2022 (81 economies x 28 sectors);
* ``optimal_tariff_s``: the US's optimal tariffs in Ossa (2014) (198 tariffs by partner
  and industry, political-economy weights, MFN start plus two restarts);
* ``*_solve_ms`` and ``*_nash_in_solves``: one equilibrium solve on the same baseline in
  this process, and the Nash war's cost as a multiple of it (machine-independent);
* ``*_iterations``: quasi-Newton steps of the war; ``compile_s``: first WIOD run minus
  the steady state.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from _timing import median_time

from tradewar import datasets
from tradewar.datasets import ossa2014
from tradewar.games import ossa as games
from tradewar.models import ossa_model
from tradewar.models.ossa_model import OssaModel
from tradewar.replication import ossa2014 as rep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    out: dict[str, float] = {}
    for key, name in (("wiod2014", "wiod2016_2014"), ("icio2022", "icio2022")):
        model = OssaModel(datasets.load(name), "IS")
        cal = model.calibration
        start = time.perf_counter()
        war = games.uniform_nash(model)
        first = time.perf_counter() - start
        assert war.converged, war.history
        steady = median_time(lambda model=model: games.uniform_nash(model), args.repeats)
        solve = median_time(
            lambda cal=cal: ossa_model.solve_tariffs(cal, np.asarray(cal.t) * 1.1), 5
        )
        out[f"nash_{key}_s"] = round(steady, 3)
        out[f"{key}_iterations"] = war.rounds
        out[f"{key}_solve_ms"] = round(1e3 * solve, 2)
        out[f"{key}_nash_in_solves"] = round(steady / solve, 1)
        if key == "wiod2014":
            out["compile_s"] = round(first - steady, 2)

    data = ossa2014.load()
    model = rep.model(data, "POL")
    games.optimal_tariffs(model, "USA")  # compile
    out["optimal_tariff_s"] = round(median_time(lambda: games.optimal_tariffs(model, "USA"), 1), 2)

    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:28s} {v}")


if __name__ == "__main__":
    main()
