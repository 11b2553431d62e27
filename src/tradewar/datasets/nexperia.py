"""Nexperia's chips split out of computers and electronics (ICIO C26): the second
chokepoint of 2025.

On 4 October 2025 China barred Nexperia China and its subcontractors from exporting the
chips they finish (discretes, logic, MOSFETs), after the Dutch government took control of
the company on 30 September. The chips are made on wafers from Europe and China and
finished ("back-end": assembly and test) mostly in Dongguan; car makers' control units
use them everywhere. The split sizes one sector, :data:`SECTOR` (Nexperia's chips for
vehicles), from public figures (USD mn of 2024; our design where marked):

* **Output**: Nexperia's revenue, :data:`REVENUE_USD_MN` (2024), times the share sold
  for vehicles, :data:`AUTOMOTIVE` (our assumption: automotive is Nexperia's largest
  market, as Semicast Research judged in 2017, and no split is published).
* **Where it is finished**: :data:`CHINA_BACK_END` of its end-product capacity in mainland
  China (70% in Dongguan alone), the rest in its back-end plants in Malaysia and the
  Philippines, half each (our assumption: no split published).
* **Where it is sold**: :data:`CHINA_SALES` of revenue in mainland China, all of it from
  the Chinese back-end (our assumption). The rest goes to every other economy in
  proportion to its car makers' purchases of C26 inputs (our design); China, Malaysia and the
  Philippines share each market as their C26 exports do, scaled so that each sells what
  it has left (biproportional fitting, :func:`tradewar.datasets.rebase.ras`; our design).
* **Users**: each economy's purchases are bought by its car makers (:data:`USERS`, C29;
  :func:`tradewar.datasets.magnets.reassign_users`), none by households or other sectors
  (our design: a packaged discrete for a control unit is a car maker's input).

The shares are applied to the C26 flows of the three producers; no other economy makes
the sector, so substitutes (other vendors' parts, which need the control unit requalified)
come only through the critical-input nest of its users.
"""

from __future__ import annotations

import numpy as np

from tradewar.core.baseline import Baseline, usd_per_unit
from tradewar.core.errors import DataError
from tradewar.datasets import magnets
from tradewar.datasets.aggregate import floor_final_demand, split_sector
from tradewar.datasets.rebase import ras

SECTOR = "Nexperia chips"
PARENT = "C26"
#: The rest keeps the parent's name, so that everything sized on C26 (the US chip
#: controls, the enacted schedules, the nests' users) still finds it.
REST = PARENT
#: Who buys the chips as inputs: car makers.
USERS = ("C29",)
#: Nexperia's revenue in 2024, USD mn (Wingtech's reports, as quoted in October 2025:
#: USD 2.36 bn in 2022, 2.15 bn in 2023, 2.06 bn in 2024).
REVENUE_USD_MN = 2_060.0
#: Share of it sold for vehicles (our assumption; module docstring).
AUTOMOTIVE = 0.6
#: Share of Nexperia's end-product capacity in mainland China, mid-2025 (Wingtech's chair,
#: quoted by S&P Global Mobility, October 2025: about 80% in mainland China, 70% in
#: Dongguan).
CHINA_BACK_END = 0.80
#: Share of Nexperia's revenue from mainland China (same source: 48%).
CHINA_SALES = 0.48
#: The back-ends outside China and their shares of that capacity (our assumption).
OTHER_BACK_ENDS = {"MYS": 0.5, "PHL": 0.5}
#: Cap on the sector's share of a C26 flow (a guard: the shares are far below it).
MAX_SHARE = 0.5
#: Least weight of an economy in the chips' sales abroad, per unit of its C26 purchases.
FLOOR = 1e-5
#: The October 2025 ban as a quota: a quota must be positive, so 2% of the baseline
#: quantity stands for the shipments already under way (our assumption).
BAN_QUOTA = 0.02


def chip_flows(baseline: Baseline) -> np.ndarray:
    """Nexperia chip flows [exporter, importer] in the baseline's unit (module docstring)."""
    if PARENT not in baseline.sectors:
        raise DataError(f"the baseline has no sector {PARENT!r} to split Nexperia's chips from")
    unit = usd_per_unit(baseline.unit)
    missing = [c for c in ("CHN", *OTHER_BACK_ENDS) if c not in baseline.countries]
    if missing:
        raise DataError(f"Nexperia's back-ends {missing} are not in the baseline")
    N = baseline.n_countries
    chn = baseline.index("CHN")
    made = {"CHN": CHINA_BACK_END} | {
        c: (1 - CHINA_BACK_END) * share for c, share in OTHER_BACK_ENDS.items()
    }
    size = AUTOMOTIVE * REVENUE_USD_MN
    left = {c: share * size for c, share in made.items()}
    home = CHINA_SALES * size
    left["CHN"] -= home
    if left["CHN"] < 0:
        raise DataError("China's Nexperia sales exceed what its back-end makes")
    flows = np.zeros((N, N))
    weights = np.where(np.arange(N) == chn, 0.0, users_c26(baseline))
    demand = sum(left.values()) * weights / weights.sum()  # [n], every importer but China
    rows = [baseline.index(code) for code in left]
    supply = np.array(list(left.values()))
    c26 = baseline.flows[rows][:, :, baseline.sectors.index(PARENT)]  # [producer, n]
    seed = np.where(demand[None, :] > 0, c26, 0.0)
    flows[rows] = ras(seed, supply, demand)
    flows[chn, chn] = home
    return flows * 1e6 / unit


def users_c26(baseline: Baseline) -> np.ndarray:
    """Each economy's purchases of C26 inputs by :data:`USERS`, (N,), at least
    :data:`FLOOR` of its purchases of C26 (an economy without car makers still buys a
    little, so that every economy has the spending the model's shares need)."""
    names = list(baseline.sectors)
    cols = [names.index(u) for u in USERS]
    c26 = names.index(PARENT)
    beta = np.asarray(baseline.value_added_share)
    cost = (1 - beta) * baseline.flows.sum(axis=1)  # intermediate cost [n, j]
    use = (np.asarray(baseline.io_shares)[:, c26, :] * cost)[:, cols].sum(axis=1)
    return np.maximum(use, FLOOR * baseline.flows[:, :, c26].sum(axis=0))


def split(baseline: Baseline) -> Baseline:
    """``baseline`` with :data:`SECTOR` and :data:`REST` in place of :data:`PARENT`, the
    chips bought by :data:`USERS` (needs IO links)."""
    if not baseline.has_io:
        raise DataError("splitting Nexperia's chips needs a baseline with input-output links")
    flows = chip_flows(baseline)
    c26 = baseline.flows[:, :, baseline.sectors.index(PARENT)]
    share = np.divide(flows, c26, out=np.zeros_like(flows), where=c26 > 0)
    if (share > MAX_SHARE).any():
        raise DataError(f"Nexperia's chips exceed {MAX_SHARE:.0%} of a C26 flow")
    out = split_sector(baseline, PARENT, {SECTOR: share, REST: 1.0 - share})
    out, _, _ = floor_final_demand(magnets.reassign_users(out, USERS, SECTOR, REST))
    note = (
        f"; {PARENT} split into {SECTOR!r} (Nexperia's 2024 revenue for vehicles, its "
        f"Chinese back-end and sales; users {', '.join(USERS)}) and {REST!r}"
    )
    return out.replace(source=out.source + note)
