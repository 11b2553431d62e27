"""Canada's counter-tariffs on US goods, 2025, by ICIO sector (``canada_enacted``).

All rates are on top of Canada's applied 2022 tariffs in the baselines.

* 4 Mar 2025: 25% on the first list (C$30 bn, ``tariff-lists/canada-march-list.csv``),
  with the US export values of each HS6 code (``data/canada-US-exports-030425.csv``).
* 13 Mar 2025: 25% on US steel and aluminium products and other goods
  (``tariff-lists/canada-steel-list.csv``, no values). Our reading: the list covered C$29.8
  bn (Department of Finance Canada, 12 Mar 2025), USD 21.8 bn at the 2024 average rate
  of 0.73, spread over the list's HS6 codes equally within each code's sectors, and never
  more than the sector's US exports to Canada.
* 9 Apr 2025: 25% on US vehicles that do not comply with CUSMA and on the non-Canadian,
  non-Mexican content of those that do. No list in the data: our reading puts 25% on
  half of motor vehicles (C29), as for China's February list.
* 1 Sep 2025: the counter-tariffs on CUSMA-compliant US goods are removed, those on
  steel, aluminium and autos kept (public record): the March list goes (our reading: all
  of it), the steel list and the autos stay.

The C$125 bn second list (``canada-125b-list.csv``) was announced and never applied.
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

D = dt.date
#: Short names of the days Canada's schedule changes (for timelines).
MILESTONES = {
    D(2025, 3, 4): "Canada 25% on C$30 bn of US goods",
    D(2025, 3, 13): "Canada 25% on US steel, aluminium and other goods",
    D(2025, 4, 9): "Canada 25% on non-CUSMA US vehicles",
    D(2025, 9, 1): "Canada lifts its tariffs on CUSMA goods (steel, aluminium, autos stay)",
}
TRUCES: frozenset[dt.date] = frozenset()
AUTHORITIES = ("march_list", "steel_aluminium", "autos")
RATE = 0.25
MARCH_FROM, MARCH_UNTIL = D(2025, 3, 4), D(2025, 9, 1)
STEEL_FROM = D(2025, 3, 13)
STEEL_LIST_USD = 29.8e9 * 0.73
AUTOS_FROM = D(2025, 4, 9)
AUTOS_SHARE = {"C29": 0.5}


def change_days() -> list[dt.date]:
    """The days Canada's tariffs on US goods change, in order."""
    return sorted({us_law.FIRST_DAY, MARCH_FROM, STEEL_FROM, AUTOS_FROM, MARCH_UNTIL})


def _hs6_of_list(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as f:
        return [row[0].replace(".", "").strip()[:6] for row in csv.reader(f) if row and row[0]]


def lists(data: str | Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """US exports to Canada under the March list and the steel list by ICIO goods sector
    (USD, each (len(ICIO_GOODS),)): the March list from its export values, the steel list
    from its total spread over its HS6 codes (see the module docstring)."""
    root = None if data is None else Path(data)
    tracker = dataset_folder(lines_mod.TRACKER, None if root is None else root / lines_mod.TRACKER)
    codes, values = [], []
    with (tracker / "data" / "canada-US-exports-030425.csv").open(
        newline="", encoding="utf-8"
    ) as f:
        for row in csv.DictReader(f):
            codes.append(row["hs-code"].zfill(6))
            values.append(float(row["exports"] or 0))
    march = (np.array(values)[:, None] * hs6_sectors(np.array(codes), data)).sum(axis=0)
    steel_codes = sorted(set(_hs6_of_list(tracker / "tariff-lists" / "canada-steel-list.csv")))
    shares = hs6_sectors(np.array(steel_codes), data)
    steel = STEEL_LIST_USD * shares.sum(axis=0) / max(shares.sum(), 1e-300)
    return march, steel


def build(us_exports_to_canada: np.ndarray, data: str | Path | None = None) -> Schedule:
    """Canada's schedule on US goods; ``us_exports_to_canada`` (len(ICIO_GOODS),) USD
    weights (the ICIO 2022 flows)."""
    march, steel = lists(data)
    flows = np.where(us_exports_to_canada > 0, us_exports_to_canada, np.inf)
    march_share = np.minimum(march / flows, 1.0)
    steel_share = np.minimum(steel / flows, 1.0 - march_share)
    autos = np.array([AUTOS_SHARE.get(s, 0.0) for s in ICIO_GOODS])
    days = change_days()
    layers = np.zeros((len(days), len(AUTHORITIES), len(ICIO_GOODS)))
    for d, day in enumerate(days):
        layers[d, 0] = RATE * march_share if MARCH_FROM <= day < MARCH_UNTIL else 0.0
        layers[d, 1] = RATE * steel_share if day >= STEEL_FROM else 0.0
        layers[d, 2] = RATE * autos if day >= AUTOS_FROM else 0.0
    return on_us_goods(
        days, layers, us_exports_to_canada, AUTHORITIES, "CAN", us_law.LAST_DAY.isoformat()
    )
