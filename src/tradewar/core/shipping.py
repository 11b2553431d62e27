"""How long goods take from loading to entry: the shipping facts that both the monthly
paths (arrivals, duties) and the collection ladder use.

Sources: sea freight China to the US west coast 2-3 weeks, east coast 4-5 weeks (4 weeks
as a trade-weighted middle; our reading); truck and rail between land neighbours about a
week; air carried 35% of US overseas imports by value (BTS, Transportation Statistics
Annual Report 2016, fig. 3-9a: US imports of 2015 by air USD 557 bn, by water USD 1,052
bn), about 3 days door to door.

Freight and insurance (CIF over FOB value, less one): the OECD's International Transport
and Insurance Costs database (ITIC; Miao & Fortanier 2017, OECD Statistics Working Paper
2017/04; oecdinsights.org, 2 Nov 2016) puts the trade-weighted average at 6% over
1995-2014, with trade between continents 2-4 points dearer than comparable trade within
one. We take 4% between land neighbours and within the EU and 7% for the rest (our reading
of those figures: their mix averages about 6%). Importers value their imports CIF except
those in :data:`FOB_IMPORTERS` (the US Census's customs value leaves out freight and
insurance; Canada values imports at the point of direct shipment; Australia values them
FOB: UN, International Merchandise Trade Statistics, country practices).
"""

from __future__ import annotations

import numpy as np

#: Transit time of sea freight, weeks.
SEA_WEEKS = 4.0
#: Transit time between land neighbours and within the EU, weeks.
LAND_WEEKS = 1.0
#: Neighbours that trade overland.
LAND_NEIGHBOURS = (("USA", "CAN"), ("USA", "MEX"), ("CAN", "MEX"))
#: Share of overseas imports (by value) that fly, and their transit time in days.
AIR_SHARE = 0.35
AIR_DAYS = 3
#: Freight and insurance, fraction of the FOB value: between land neighbours and within
#: the EU, and for the rest (sea and air).
FREIGHT_LAND = 0.04
FREIGHT_SEA = 0.07
#: Importers whose customs value leaves out freight and insurance (FOB valuation).
FOB_IMPORTERS = ("USA", "CAN", "AUS")


def nearby(codes: tuple[str, ...]) -> np.ndarray:
    """(N, N) True between land neighbours and within the EU (members or ``EU27``): the
    routes of :data:`LAND_WEEKS` and :data:`FREIGHT_LAND`."""
    from tradewar.core.countries import GROUPS

    near = np.zeros((len(codes), len(codes)), bool)
    members = set(GROUPS["EU27"]()) | {"EU27"}
    eu = [k for k, c in enumerate(codes) if c in members]
    near[np.ix_(eu, eu)] = True
    for a, b in LAND_NEIGHBOURS:
        if a in codes and b in codes:
            near[codes.index(a), codes.index(b)] = near[codes.index(b), codes.index(a)] = True
    return near


def overland_to(importer: str) -> tuple[str, ...]:
    """The partners whose goods reach ``importer`` overland."""
    return tuple(b if a == importer else a for a, b in LAND_NEIGHBOURS if importer in (a, b))
