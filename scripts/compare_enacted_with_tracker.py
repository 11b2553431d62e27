"""Print how the built-in US schedule compares with the tradewartracker's series.

Usage: ``python scripts/compare_enacted_with_tracker.py [--data DIR] [--json]``

Partners within 1 point on each of the tracker's dates (our rate read 7 days later), for
the law as we read it and with the tracker's readings of the lists switched on one by one;
the partners more than a point off, each with its reason where one is known; the days on
which the overall average differs by more than 1 point, on the law as we read it and on
the tracker's readings and dating (:mod:`tradewar.enacted.compare`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from tradewar.enacted import compare, schedule
from tradewar.reports.results import markdown_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    args = parser.parse_args()
    table = schedule.load("us_enacted")
    gaps = compare.partner_gaps(table, args.data)
    schedules = compare.reading_schedules(args.data)
    readings = compare.reading_gaps(args.data, schedules)
    days = compare.average_gaps(table, args.data)
    dated_days = compare.average_gaps(schedules["dating"], args.data)
    dated_within = int((dated_days["gap"].abs() <= 1).sum())
    counts = pd.concat(
        [compare.within(gaps).rename("the law as we read it")]
        + [compare.within(g).rename(f"+ the tracker's {name}") for name, g in readings.items()],
        axis=1,
    )
    off_days = days[days["gap"].abs() > 1]
    explained = compare.explain(gaps, readings)
    if args.json:
        print(
            json.dumps(
                {
                    "partners": int(gaps.groupby("date").size().iloc[0]),
                    "within_1pp_by_date": counts.astype(int).to_dict(orient="index"),
                    "off_unexplained": int((explained["reason"] == "").sum()),
                    "days_average_within_1pt": int(len(days) - len(off_days)),
                    "days_average_within_1pt_tracker_dating": dated_within,
                    "days": len(days),
                },
                indent=1,
            )
        )
        return
    print("Partners (of 51) within 1 point of the tracker, by its dates\n")
    print(markdown_table(counts))
    print("\nPartners more than 1 point off (ours - tracker, points), by reason\n")
    for why, group in explained.groupby("reason", sort=False):
        print(f"- {why or 'not explained'}:")
        for date, rows in group.groupby("date"):
            items = ", ".join(
                f"{p} {g:+.1f}" for p, g in zip(rows["partner"], rows["gap"], strict=True)
            )
            print(f"  - {date}: {items}")
    print(f"\nOverall average: within 1 point on {len(days) - len(off_days)} of {len(days)} days")
    for _, run in off_days.groupby((off_days.index.to_series().diff() != 1).cumsum()):
        print(
            f"- {run['day'].iloc[0]} to {run['day'].iloc[-1]}: ours - tracker "
            f"{run['gap'].min():+.1f} to {run['gap'].max():+.1f}"
        )
    print(
        f"On the tracker's readings and dating: within 1 point on {dated_within} of "
        f"{len(dated_days)} days"
    )


if __name__ == "__main__":
    main()
