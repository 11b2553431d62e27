"""The US export controls on China of late May 2025, lifted in early July: the US side of
the London framework, sized from public figures.

Between 23 May and 2 June 2025 the US Commerce Department (BIS) required licences for
three kinds of exports to China, or suspended the licences it had granted: chip-design
(EDA) software, ethane, and jet engines and their parts for COMAC. After the London talks
(10-11 Jun 2025) the requirements were withdrawn in the first days of July. Each is an
export control on the baseline sector that holds the product: the US quantity to China in
that sector at most ``1 - value / baseline flow`` (:func:`quotas`). The licences were
refused, not rationed, so the rent is nobody's (docs/model.md D.4).

The same sizes make the US card ``july_relief`` of ``talks --levers``
(:mod:`tradewar.cases.us_china_2025.levers`). Values are USD mn a year.
"""

from __future__ import annotations

from typing import NamedTuple

from tradewar.core.baseline import Baseline, usd_per_unit
from tradewar.core.errors import TradewarError


class Restriction(NamedTuple):
    """One product the US restricted: the baseline ``sector`` holding it, its exports to
    China (``usd_mn`` a year) and where that figure comes from."""

    product: str
    sector: str
    usd_mn: float
    source: str


#: China's imports from the US in 2017 of turbofan engines over 25 kN (HS 84111210,
#: USD 1,731.7 mn) and parts of turbojets and turbopropellers (HS 84119100, USD 1,699.9
#: mn): Bown, Jung & Zhang (2019), ``us_china_tariffs_2018_2020/
#: bjz_china_imports_from_us_2017_hs8.csv``. HS 8411 is ISIC 2811 (engines and turbines,
#: ICIO C28; ``concordances/hs_isic4.csv``). An upper bound: the 2025 suspensions named
#: COMAC's engines (LEAP-1C, CF34) and parts, a part of these imports.
JET_ENGINE_CODES = ("84111210", "84119100")
JET_ENGINES_USD_MN = 1_731.721 + 1_699.928
#: Ethane: US exports about 490,000 barrels a day in 2024 (EIA, Today in Energy, 12 Jun
#: 2023: "nearly 500,000 b/d by the end of 2024"), nearly half of them to China (EIA,
#: Short-Term Energy Outlook, May 2025), at about USD 0.20 a gallon (the Mont Belvieu
#: price of 2023-24; our reading). HS 2711 is ISIC 1920 (refined petroleum, C19).
ETHANE_USD_MN = 0.5 * 490_000 * 365 * 42 * 0.20 / 1e6
#: EDA software: the China revenue of the two US vendors in 2024, about 16% of Synopsys'
#: USD 6.13 bn (fiscal 2024) and 12% of Cadence's USD 4.64 bn (Forms 10-K, revenue by
#: geography); Siemens EDA (German-owned, US-developed tools) has no published figure and
#: is left out. Software licences are services (the ICIO services aggregate).
EDA_USD_MN = 0.16 * 6_127.0 + 0.12 * 4_641.0

RESTRICTIONS = (
    Restriction("jet engines and parts", "C28", JET_ENGINES_USD_MN, "BJZ (2019), China 2017"),
    Restriction("ethane", "C19", ETHANE_USD_MN, "EIA 2023, 2025; our price"),
    Restriction("EDA software", "Services (aggregate)", EDA_USD_MN, "Synopsys, Cadence 10-Ks"),
)
#: The sectors the restrictions fall on, in :data:`RESTRICTIONS` order.
SECTORS = tuple(r.sector for r in RESTRICTIONS)
#: When they came and went (the public statements the scenario events cite).
IMPOSED = "2025-05-29"
LIFTED = "2025-07-03"


def quotas(baseline: Baseline) -> dict[str, float]:
    """Sector -> the quantity of US exports to China the restrictions allow, relative to
    the baseline: ``1 - value / flow`` (the value in the baseline's units)."""
    missing = [s for s in SECTORS if s not in baseline.sectors]
    if missing:
        raise TradewarError(
            f"the US restrictions of May 2025 fall on {missing}, which this baseline lacks "
            "(use default-rare-earths or default-multisector)"
        )
    u, c = baseline.index("USA"), baseline.index("CHN")
    per_mn = 1e6 / usd_per_unit(baseline.unit)
    out = {}
    for r in RESTRICTIONS:
        flow = float(baseline.flows[u, c, baseline.sectors.index(r.sector)])
        if flow <= r.usd_mn * per_mn:
            raise TradewarError(
                f"{r.product}: USD {r.usd_mn:,.0f} mn exceeds the baseline's US exports to "
                f"China in {r.sector}"
            )
        out[r.sector] = 1 - r.usd_mn * per_mn / flow
    return out
