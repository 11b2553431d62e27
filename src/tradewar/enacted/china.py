"""China's additional tariffs on US goods, 2025-26, by ICIO sector.

All rates are on top of China's applied 2022 tariffs in the baselines, which already hold
its 2018-19 retaliation against Section 301 (so nothing is counted twice).

* 10 Feb 2025 (Customs Tariff Commission announcement of 4 Feb): 15% on coal and LNG,
  10% on crude oil, farm machinery, large-engine cars and pickups. No product values in
  the data: *our reading* puts 15% on all of coal (B05), 12.5% on oil and gas (B06), and
  10% on the shares of motor vehicles (C29, 50%) and machinery (C28, 5%) the list covers.
* 10 Mar 2025 (announcement of 4 Mar): the 10% and 15% farm lists, with the US export
  values of each HS6 code (``data/china-1{0,5}-percent-US-exports-030425.csv``).
* 10 Apr 2025: +84% on all US goods (the 34% of 4 Apr raised before it took effect);
  12 Apr: +125%; 14 May (Geneva): +10% (24 points suspended); 10 Nov 2025 (announcement
  of 5 Nov): the March farm lists lifted, the 10% and the February list kept, the 24
  points suspended for a year.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

from tradewar.datasets.paths import dataset_folder
from tradewar.enacted import lines as lines_mod
from tradewar.enacted import us_law
from tradewar.enacted.schedule import Schedule, on_us_goods
from tradewar.enacted.sectors import ICIO_GOODS, hs6_sectors

#: Short names of the days China's schedule changes (for timelines; see the docstring).
MILESTONES = {
    dt.date(2025, 2, 10): "China's first answer: coal, LNG, oil, cars",
    dt.date(2025, 3, 10): "China's farm tariffs",
    dt.date(2025, 4, 10): "China 84% on US goods",
    dt.date(2025, 4, 12): "China 125% on US goods",
    dt.date(2025, 5, 14): "Geneva truce: China 10%",
    dt.date(2025, 11, 10): "Busan: farm tariffs lifted, 24 points suspended",
}
#: Milestones that suspend duties for a while (truces): Geneva, 14 May 2025 (Customs
#: Tariff Commission announcement of 12 May: 24 points suspended for 90 days).
TRUCES = frozenset({dt.date(2025, 5, 14)})

D = dt.date
AUTHORITIES = ("across_the_board", "february_list", "march_lists")
ACROSS_THE_BOARD: us_law.Steps = (
    (D(2025, 4, 10), 0.84),
    (D(2025, 4, 12), 1.25),
    (D(2025, 5, 14), 0.10),
)
FEBRUARY_FROM = D(2025, 2, 10)
#: Our reading of the February list by sector: rate x share of the sector's US exports.
FEBRUARY_BY_SECTOR = {"B05": 0.15, "B06": 0.125, "C29": 0.10 * 0.5, "C28": 0.10 * 0.05}
MARCH_FROM, MARCH_UNTIL = D(2025, 3, 10), D(2025, 11, 10)
MARCH_FILES = ("china-10-percent-US-exports-030425.csv", "china-15-percent-US-exports-030425.csv")


def change_days() -> list[dt.date]:
    """The days China's tariffs on US goods change, in order."""
    days = {us_law.FIRST_DAY, FEBRUARY_FROM, MARCH_FROM, MARCH_UNTIL}
    days |= {d for d, _ in ACROSS_THE_BOARD}
    return sorted(days)


def march_lists(data: str | Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(US exports to China of the March lists by ICIO goods sector (USD), their mean
    rate by sector): both (len(ICIO_GOODS),)."""
    root = None if data is None else Path(data)
    tracker = dataset_folder(lines_mod.TRACKER, None if root is None else root / lines_mod.TRACKER)
    codes, values, rates = [], [], []
    for name in MARCH_FILES:
        with (tracker / "data" / name).open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                codes.append(row["hs-code"].zfill(6))
                values.append(float(row["exports"] or 0))
                rates.append(float(row["tariff"]) / 100)
    shares = hs6_sectors(np.array(codes), data)
    value = np.array(values)[:, None] * shares
    exports = value.sum(axis=0)
    mean_rate = np.divide(
        (value * np.array(rates)[:, None]).sum(axis=0),
        exports,
        out=np.zeros(len(ICIO_GOODS)),
        where=exports > 0,
    )
    return exports, mean_rate


def build(us_exports_to_china: np.ndarray, data: str | Path | None = None) -> Schedule:
    """China's schedule on US goods; ``us_exports_to_china`` (len(ICIO_GOODS),) USD weights
    (the ICIO 2022 flows)."""
    listed, march_rate = march_lists(data)
    covered = np.minimum(
        listed / np.where(us_exports_to_china > 0, us_exports_to_china, np.inf), 1.0
    )
    february = np.array([FEBRUARY_BY_SECTOR.get(s, 0.0) for s in ICIO_GOODS])
    days = change_days()
    layers = np.zeros((len(days), len(AUTHORITIES), len(ICIO_GOODS)))
    for d, day in enumerate(days):
        layers[d, 0] = us_law.rate_on(ACROSS_THE_BOARD, day)
        layers[d, 1] = february if day >= FEBRUARY_FROM else 0.0
        layers[d, 2] = covered * march_rate if MARCH_FROM <= day < MARCH_UNTIL else 0.0
    return on_us_goods(
        days, layers, us_exports_to_china, AUTHORITIES, "CHN", us_law.LAST_DAY.isoformat()
    )
