"""Print how the built-in US schedule compares with the tradewartracker's series.

Usage: ``python scripts/compare_enacted_with_tracker.py [--data DIR] [--json]``

Partners within 1 point by action date (on the date; at the end of the interval it
opens), the partners outside by date, and the days on which the overall average differs
by more than 1 point (:mod:`tradewar.enacted.compare`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tradewar.enacted import compare, schedule
from tradewar.reports.results import markdown_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    args = parser.parse_args()
    table = schedule.load("us_enacted")
    gaps = compare.partner_gaps(table, args.data)
    days = compare.average_gaps(table, args.data)
    counts = (
        compare.within(gaps)
        .to_frame("on the date")
        .join(compare.within(gaps, "gap_end").to_frame("at the interval's end"))
    )
    off = days[days["gap"].abs() > 1]
    if args.json:
        print(
            json.dumps(
                {
                    "partners": int(gaps.groupby("date").size().iloc[0]),
                    "within_1pp_by_date": counts.to_dict(orient="index"),
                    "days_average_within_1pt": int(len(days) - len(off)),
                    "days": len(days),
                },
                indent=1,
            )
        )
        return
    print("Partners (of 51) within 1 point of the tracker, by action date\n")
    print(markdown_table(counts))
    print("\nPartners more than 1 point off at the interval's end (ours - tracker, points)\n")
    for date, group in gaps[gaps["gap_end"].abs() > 1].groupby("date"):
        items = ", ".join(
            f"{p} {g:+.1f}" for p, g in zip(group["partner"], group["gap_end"], strict=True)
        )
        print(f"- {date}: {items}")
    print(f"\nOverall average: within 1 point on {len(days) - len(off)} of {len(days)} days")
    for _, run in off.groupby((off.index.to_series().diff() != 1).cumsum()):
        print(
            f"- {run['day'].iloc[0]} to {run['day'].iloc[-1]}: ours - tracker "
            f"{run['gap'].min():+.1f} to {run['gap'].max():+.1f}"
        )


if __name__ == "__main__":
    main()
