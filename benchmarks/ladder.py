"""Benchmark of the collection ladder (statutory rate to duties collected).

``python benchmarks/ladder.py --json`` prints

* ``ladder_51_partners_16_months_s``: the ladder (:func:`tradewar.enacted.collected.ladder`)
  for the tradewartracker's 51 partners (its top 50 and the EU, as the EU's 27 members)
  over the 16 months 2025-01 to 2026-04 (the lines and lists already read); target 5 s;
* ``ladder_all_partners_s``: the same for all 223 partners;
* ``reference_schedule_build_s``: building the US schedule from the same inputs
  (:func:`tradewar.enacted.build.build`), measured in the same process, with the ratio
  ``ladder_51_over_build``.
"""

from __future__ import annotations

import argparse
import json

import _timing

from tradewar.core.months import month_range
from tradewar.enacted import build, collected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    inputs = build.read_inputs()
    params = collected.CollectionParams()
    steps = collected.read_ladder_inputs(inputs, params)
    months = month_range("2025-01", "2026-04")
    w = inputs.weights
    tracker = [str(c) for c, d, eu in zip(w.partners, w.donor, w.eu, strict=True) if not d or eu]
    reference = _timing.median_time(lambda: build.build(inputs), 3)
    ladder_51 = _timing.median_time(lambda: collected.ladder(steps, months, params, tracker), 3)
    ladder_all = _timing.median_time(lambda: collected.ladder(steps, months, params), 1)
    out = {
        "ladder_partners": len(tracker),
        "ladder_51_partners_16_months_s": ladder_51,
        "ladder_all_partners_s": ladder_all,
        "reference_schedule_build_s": reference,
        "ladder_51_over_build": ladder_51 / reference,
    }
    print(json.dumps(out) if args.json else "\n".join(f"{k}: {v:.4g}" for k, v in out.items()))


if __name__ == "__main__":
    main()
