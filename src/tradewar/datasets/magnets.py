"""Rare-earth permanent magnets (HS 8505.11) split out of electrical equipment (ICIO C27).

The downstream stage of the rare-earth chain, the one China's 2025 licensing bit hardest
(its magnet exports fell 74% year on year in May 2025). Values are USD of 2024, built by
``scripts/build_magnet_data.py`` into ``datasets/data/magnets.json`` from
``critical_minerals/``:

* **China's exports by destination**: China's customs' rare-earth exports by partner in
  2024 (eight partners in the data: Germany, the US, Vietnam, Japan, Korea, Thailand,
  Italy, Taiwan) times the magnet share of China's rare-earth exports that year (87%);
  the rest of China's magnet exports (USD 3.05 bn in all) goes to the other destinations
  in proportion to China's C27 exports to them (our design).
* **Other exporters**: to the US, US imports of HS 8505.11 in 2024 by partner (the EU's
  split over members by their C27 exports to the US); to every other destination, the
  same share of their C27 exports as to the US (our design).
* **Home sales** (our design, to be replaced by sourced output data): China sells at home
  :data:`CHINA_HOME_OVER_EXPORTS` times what it exports (China exported about a third of
  its sintered NdFeB output in 2024); every other producer the magnet share of its C27
  exports to the US of its home C27 sales.

**Users**: magnets go to motor vehicles (C29), electrical equipment (the rest of C27),
computers and electronics (C26), machinery (C28) and other transport (C301, C302T309,
defence included): after the split each country's purchases of magnets are bought by
these users in proportion to their use of C27 inputs, none by households (our design:
HS 8505.11 is an input), the rest of C27 taking their place (users' costs unchanged).
With the critical-input nest of :class:`tradewar.models.multisector.Nest` they cannot
easily do without them.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np

from tradewar.core import countries
from tradewar.core.baseline import Baseline, usd_per_unit
from tradewar.core.errors import DataError
from tradewar.datasets.aggregate import floor_final_demand, split_sector
from tradewar.datasets.paths import read_rows

SECTOR = "Magnets"
REST = "Other electrical equipment"
PARENT = "C27"
USERS = ("C29", REST, "C26", "C28", "C301", "C302T309")
DATA_FILE = "magnets.json"
#: Inputs in ``critical_minerals/`` and the year read from them.
INPUTS = (
    "china_critical_minerals_country_monthly_stats.csv",
    "china_critical_minerals_composition_subgroup.csv",
    "us_imports_2024_critical_minerals_hs10_by_partner.csv",
)
YEAR = "2024"
CHINA_HOME_OVER_EXPORTS = 2.0
MAX_SHARE = 0.5
#: Cap on the magnet share of other exporters' C27 flows (a few report HS 8505.11
#: imports to the US that are large next to their C27 exports there).
OTHER_MAX_SHARE = 0.1
#: Elasticity of substitution between magnets and the rest of their users' inputs, for
#: the critical-input nest (our design): 0.05 in the first month of a shortage, rising
#: linearly to 0.2 over 6 months. Boehm, Flaaen & Pandalai-Nayar (2019, REStat 101(1)):
#: after the 2011 Tohoku earthquake US affiliates of Japanese firms cut output roughly
#: one for one with their Japanese inputs in the months after the shock ("consistent
#: with a Leontief relationship"), and their production-function estimates put the
#: elasticity between imported and other inputs near 0.2.
NEST_ELASTICITY = 0.05
NEST_LONG_RUN_ELASTICITY = 0.2
NEST_MONTHS = 6
#: Short-run capacity of magnet makers outside China, output relative to the baseline
#: (our design; no source in the data): at most 10% more within the months a shortage
#: lasts (README "Rare earths" shows 1.0 to 1.25).
CAPACITY_OUTSIDE_CHINA = 1.1
#: Observed series (``observed_2025/monthly_reported_2024_2025-05.csv``) giving China's
#: average monthly magnet exports to the US in 2024, in tonnes: with the value of those
#: exports it gives the unit value of magnets (:func:`unit_values`).
US_TONNES_SERIES = "CHN_RE_magnet_exports_USA_2024avg"
OBSERVED_FILE = "monthly_reported_2024_2025-05.csv"
UPSTREAM = "Rare earths"


def values_from_data(folder: Path) -> dict:
    """The magnet values of the module docstring from ``critical_minerals/`` (USD)."""
    by_partner_file, composition_file, us_file = (folder / name for name in INPUTS)
    magnet = [
        r
        for r in read_rows(composition_file)
        if r["subgroup"] == "Rare Earths (Magnet)" and r["period_dt"].startswith(YEAR)
    ]
    total = sum(float(r["val"]) for r in magnet)
    share = total / sum(float(r["val_tot"]) for r in magnet)
    by_partner: dict[str, float] = {}
    for r in read_rows(by_partner_file):
        if r["broad_group"] == "Rare Earths" and r["period_dt"].startswith(YEAR):
            code = countries.to_iso3(r["partner_name"])
            by_partner[code] = by_partner.get(code, 0.0) + float(r["val"]) * share
    us: dict[str, float] = {}
    for r in read_rows(us_file):
        if r["HS10"].startswith("850511"):
            name = r["CTY_NAME"]
            code = "EU27" if name == "EUROPEAN UNION" else countries.to_iso3(name)
            us[code] = us.get(code, 0.0) + float(r["imports_usd_2024"])
    return {
        "year": YEAR,
        "magnet_share_of_china_rare_earth_exports": share,
        "china_exports_total_usd": total,
        "china_exports_usd": by_partner,
        "us_imports_usd": us,
        "eu_members": list(countries.eu27()),
    }


def unit_values(folder: Path, observed: Path, values: dict) -> dict[str, float]:
    """USD per tonne of China's 2024 exports of magnets and of the upstream stage (oxides
    and metals), for reports in tonnes: magnets from the value of China's magnet exports
    to the US (``values``, :func:`values_from_data`) over their tonnage
    (:data:`US_TONNES_SERIES`, 12 months); the upstream stage from China's 2024
    rare-earth exports (value and tonnes, ``..._overview_monthly.csv``) less the magnets
    (their world value over the magnet unit value)."""
    rows = [r for r in read_rows(observed / OBSERVED_FILE) if r["series"] == US_TONNES_SERIES]
    if len(rows) != 1:
        raise DataError(f"{OBSERVED_FILE} has no single {US_TONNES_SERIES} row")
    magnet = values["china_exports_usd"]["USA"] / (12 * float(rows[0]["value"]))
    overview = [
        r
        for r in read_rows(folder / "china_critical_minerals_overview_monthly.csv")
        if r["broad_group"] == "Rare Earths" and r["period_dt"].startswith(YEAR)
    ]
    value = sum(float(r["total_value"]) for r in overview)
    tonnes = sum(float(r["total_qty"]) for r in overview) / 1e3  # kg -> t
    magnet_tonnes = values["china_exports_total_usd"] / magnet
    upstream = (value - values["china_exports_total_usd"]) / (tonnes - magnet_tonnes)
    return {SECTOR: magnet, UPSTREAM: upstream}


def shipped_values() -> dict:
    """The values shipped with the package (see the module docstring)."""
    text = resources.files("tradewar.datasets").joinpath("data", DATA_FILE).read_text()
    return json.loads(text)


def magnet_flows(baseline: Baseline, values: dict | None = None) -> np.ndarray:
    """Magnet flows [exporter, importer] in the baseline's unit (see module docstring)."""
    values = values if values is not None else shipped_values()
    if PARENT not in baseline.sectors:
        raise DataError(f"the baseline has no sector {PARENT!r} to split magnets from")
    unit = usd_per_unit(baseline.unit)
    c27 = baseline.flows[:, :, baseline.sectors.index(PARENT)] * unit  # USD
    N = baseline.n_countries
    countries = list(baseline.countries)

    def row(code: str) -> int:
        k = code if code in countries else "ROW"
        if k not in countries:
            raise DataError(f"{code} is not in the baseline and it has no ROW")
        return countries.index(k)

    flows = np.zeros((N, N))
    chn = row("CHN")
    known = np.zeros(N, bool)
    for code, usd in values["china_exports_usd"].items():
        flows[chn, row(code)] += usd
        known[row(code)] = True
    rest = values["china_exports_total_usd"] - flows[chn].sum()
    other = ~known & (np.arange(N) != chn)
    weights = np.where(other, c27[chn], 0.0)
    flows[chn] += max(rest, 0.0) * weights / weights.sum()
    flows[chn, chn] = CHINA_HOME_OVER_EXPORTS * flows[chn].sum()

    usa = row("USA")
    eu = [k for k, c in enumerate(countries) if c in values["eu_members"]]
    to_us = np.zeros(N)
    for code, usd in values["us_imports_usd"].items():
        if code == "EU27":
            w = c27[eu, usa]
            to_us[eu] += usd * w / w.sum()
        elif code != "CHN":
            to_us[row(code)] += usd
    share = np.divide(to_us, c27[:, usa], out=np.zeros(N), where=c27[:, usa] > 0)
    share = np.minimum(share, OTHER_MAX_SHARE)
    for i in range(N):
        if i != chn:
            flows[i] = share[i] * c27[i]
    return flows / unit


def reassign_users(
    baseline: Baseline, users: tuple[str, ...] = USERS, sector: str = SECTOR, rest: str = REST
) -> Baseline:
    """Each country's purchases of ``sector`` (magnets) bought as inputs by ``users``, in
    proportion to their use of the parent's inputs (``sector`` + ``rest``, C27 for
    magnets), as far as those inputs go;
    other sectors and final demand buy none (any excess over the users' C27 inputs stays
    final demand). Magnets (HS 8505.11) are bought by producers, not households: the
    split of C27 would otherwise leave most of them in final demand, where households
    would give them up at no cost to output (our design). The rest of C27 takes their
    place; every user's costs are kept."""
    names = list(baseline.sectors)
    m, r = names.index(sector), names.index(rest)
    mask = np.array([s in users for s in names])
    beta = np.asarray(baseline.value_added_share)
    G = np.array(baseline.io_shares)
    sales = baseline.flows.sum(axis=1)  # [n, j]
    cost = (1 - beta) * sales  # intermediate cost of each user [n, j]
    purchases = (baseline.flows * (1 + baseline.tariffs)).sum(axis=0)[:, m]  # [n]
    combined = G[:, m, :] + G[:, r, :]
    parent_use = combined * cost * mask[None, :]  # [n, j]
    total = parent_use.sum(axis=1)
    moved = np.minimum(purchases, total)  # what the users' C27 inputs can take
    to_users = np.divide(moved, total, out=np.zeros_like(moved), where=total > 0)
    G[:, m, :] = np.where(mask[None, :], to_users[:, None] * combined, 0.0)
    G[:, r, :] = combined - G[:, m, :]
    return baseline.replace(io_shares=G)


def split(baseline: Baseline, elasticity: float = 2.0, values: dict | None = None) -> Baseline:
    """``baseline`` with :data:`SECTOR` and :data:`REST` in place of :data:`PARENT`,
    magnets bought by :data:`USERS` (needs IO links)."""
    if not baseline.has_io:
        raise DataError("splitting magnets needs a baseline with input-output links")
    flows = magnet_flows(baseline, values)
    c27 = baseline.flows[:, :, baseline.sectors.index(PARENT)]
    s = np.minimum(np.divide(flows, c27, out=np.zeros_like(flows), where=c27 > 0), MAX_SHARE)
    out = split_sector(
        baseline, PARENT, {SECTOR: s, REST: 1.0 - s}, elasticities={SECTOR: elasticity}
    )
    out, _, _ = floor_final_demand(reassign_users(out))
    note = (
        f"; {PARENT} split into {SECTOR!r} (HS 8505.11: China's customs 2024 by partner, "
        f"US imports 2024; users {', '.join(USERS)}) and {REST!r}"
    )
    return out.replace(source=out.source + note)
