"""A rare-earth sector split out of metal-ore mining (docs/model.md D.3), for export controls.

**Stage split (our design).** ICIO's ``B07`` (mining of metal ores) holds rare-earth
ores and concentrates; processed compounds and metals (HS 2846, 2805.30) sit in
chemicals (``C20``) and magnets (HS 8505.11) in electrical equipment (``C27``), which are
not split. The new sector stands for the upstream rare-earth supply that China's 2025
licensing targets.

**Data.** Rare-earth output of each producer = USGS *Mineral Commodity Summaries 2025*
mine production in 2024 (t of rare-earth oxide, REO) x a value per tonne of REO from a
basket of USGS 2024 oxide prices (:data:`BASKET`, our assumption of the composition of
world output, light rare earths dominating). ``scripts/build_rare_earth_data.py`` writes
these values with the SHA-256 of its inputs to ``datasets/data/rare_earths.json``.

**Split.** Each producer's share of its ``B07`` flows (to every destination, domestic
sales included) is its rare-earth output over its ``B07`` gross output, capped at
:data:`MAX_SHARE`; producers absent from the baseline go to ``ROW``. Shares are by
exporter only (no bilateral rare-earth trade data at world scale here: BACI by HS6 is not
in the shared data), so the split's destinations mirror mining's. The rare-earth trade
elasticity is set low (default 2: few substitutes in the short run) and is a user choice;
results are sensitive to it (D.3).
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

import numpy as np

from tradewar.core.baseline import Baseline, usd_per_unit
from tradewar.core.errors import DataError
from tradewar.datasets.aggregate import floor_final_demand, split_sector

SECTOR = "Rare earths"
REST = "Other metal ores"
PARENT = "B07"
MAX_SHARE = 0.9
#: composition of world REO output (mass shares) priced with USGS 2024 oxide prices
#: (USD/kg); the rest (Pr, Sm, Gd, Y, ...) is valued at 0: a conservative basket.
BASKET = {
    "lanthanum oxide 99.5%": 0.25,
    "cerium oxide 99.5%": 0.45,
    "neodymium oxide 99.5%": 0.18,
    "dysprosium oxide 99.5%": 0.005,
    "terbium oxide 99.99%": 0.001,
}
DATA_FILE = "rare_earths.json"
PRODUCTION = "usgs_mcs2025_rare_earths_world_mine_production_reserves.csv"
STATISTICS = "usgs_mcs2025_rare_earths_us_salient_statistics.csv"


def basket_price(folder: Path, year: str = "2024e") -> float:
    """USD per tonne of REO of :data:`BASKET` at USGS prices of ``year``."""
    prices = {}
    with open(folder / STATISTICS, newline="") as f:
        for row in csv.DictReader(f):
            item = row["item"]
            if item.startswith("Price: "):
                prices[item.removeprefix("Price: ").split(" (")[0]] = float(row[year])
    missing = [k for k in BASKET if k not in prices]
    if missing:
        raise DataError(f"{STATISTICS} lacks prices for {missing}")
    return 1000.0 * sum(share * prices[k] for k, share in BASKET.items())


def production_values(folder: Path) -> dict[str, float]:
    """Rare-earth mine output in 2024 by producer (ISO3 -> USD): tonnes x basket price."""
    from tradewar.core.countries import to_iso3

    price = basket_price(folder)
    out: dict[str, float] = {}
    with open(folder / PRODUCTION, newline="") as f:
        for row in csv.DictReader(f):
            name = row["country"]
            if name.startswith(("World", "Other")):
                continue
            tonnes = float(row["mine_production_2024e_t_REO"] or 0)
            if tonnes > 0:
                out[to_iso3(name)] = tonnes * price
    return out


def shipped_values() -> dict:
    """The values shipped with the package (see the module docstring)."""
    text = resources.files("tradewar.datasets").joinpath("data", DATA_FILE).read_text()
    return json.loads(text)


def shares(baseline: Baseline, values_usd: dict[str, float], parent: str = PARENT) -> np.ndarray:
    """Rare-earth share of each exporter's ``parent`` flows (N,), capped at MAX_SHARE."""
    if parent not in baseline.sectors:
        raise DataError(f"the baseline has no sector {parent!r} to split rare earths from")
    unit = usd_per_unit(baseline.unit)
    output = baseline.flows[:, :, baseline.sectors.index(parent)].sum(axis=1) * unit
    value = np.zeros(baseline.n_countries)
    for code, usd in values_usd.items():
        k = code if code in baseline.countries else "ROW"
        if k not in baseline.countries:
            raise DataError(f"producer {code} is not in the baseline and it has no ROW")
        value[baseline.index(k)] += usd
    return np.minimum(
        np.divide(value, output, out=np.zeros_like(value), where=output > 0), MAX_SHARE
    )


def split(baseline: Baseline, elasticity: float = 2.0, values_usd: dict | None = None) -> Baseline:
    """``baseline`` with :data:`SECTOR` and :data:`REST` in place of :data:`PARENT`."""
    values = values_usd if values_usd is not None else shipped_values()["production_value_usd"]
    s = shares(baseline, values)[:, None]
    out = split_sector(
        baseline, PARENT, {SECTOR: s, REST: 1.0 - s}, elasticities={SECTOR: elasticity}
    )
    out, _, _ = floor_final_demand(out)  # the split's IO shares can leave a few cells < 0
    note = (
        f"; {PARENT} split into {SECTOR!r} (USGS MCS 2025 mine output x oxide basket) and "
        f"{REST!r}, rare-earth trade elasticity {elasticity:g}"
    )
    return out.replace(source=out.source + note)
