"""The US tariff measures of 2025-26 as enacted: dated rates by authority, and how they stack.

Everything here is *additional* to the MFN rates and to the Section 301 duties of 2018-19
on China, which are in the 2024 tariffs of every baseline (so nothing is counted twice).
A rate applies to goods entered (or, under the in-transit rules, loaded) on or after its
date; each measure is a list of ``(first day, rate)`` steps, rate 0 once it ends.

Stacking (per product line and partner), as the orders say:

* **Section 232** (steel, aluminium, copper, autos and parts) takes precedence: a line
  under 232 pays no IEEPA reciprocal duty and no Section 122 surcharge (EO 14257 s.3(b);
  Section 122 proclamation, Annex I (aa)(iii)).
* **EO 14289** (29 Apr 2025, retroactive to 4 Mar): autos/parts 232 > the Canada/Mexico
  IEEPA duties > steel/aluminium 232; steel and aluminium stack with each other.
* The **IEEPA duty on China** ("fentanyl") stacks on everything, 232 included.
* **USMCA**: goods of Canada and Mexico that claim USMCA pay no IEEPA duty and no Section
  122 surcharge; USMCA-qualifying vehicles pay the autos 232 rate on their non-US content
  only, USMCA-qualifying parts pay none. Rates by partner blend the two flows with
  :data:`USMCA_SHARE`.
* **Exemption lists** remove lines from the reciprocal duty (Annex II from 5 Apr 2025, the
  electronics of the 11 Apr memorandum, retroactive to 5 Apr; farm products from 13 Nov
  2025) and from the Section 122 surcharge (its Annex I).
* **Deals with a floor** (EU, Japan, Korea, Switzerland): the reciprocal duty tops the MFN
  rate up to 15% (0 where MFN is already 15% or more).

* **2026, after Section 122 lapses** (last day 23 Jul 2026): Section 301 on Brazil from
  22 Jul 2026, 25% on every good but the listed exemptions and 232 goods; Section 301 on
  forced labour from 24 Jul 2026, 12.5% on the goods of the tradewartracker's partners,
  10% on those of 18 named ones, USMCA goods, 232 goods and the textiles and apparel of
  the six CAFTA-DR partners (chapters 50-63) exempt; Section 338 on Canada
  from 19 Aug 2026, 50% on three lists less civil aircraft. Our assumptions where the data
  are silent: the forced-labour action's own exemption list (about 2,100 codes) is not
  shipped, so the Section 122 product exemptions stand in for it; every tracked partner
  off the 10% list pays 12.5% (33 partners where the action names 32: we could not tell
  which one it leaves out); Section 338 applies whether or not a good claims USMCA and
  stacks on every other duty.

Not modelled, for want of product lists in the data (the docs list them): trucks and buses
232 (1 Nov 2025), semiconductors 232 (Jan 2026), lumber/furniture 232 (14 Oct 2025),
metal content of derivatives (the whole value is charged), the 2025 Section 301 actions
(cranes, ships).
The schedule ends on :data:`LAST_DAY` (the last legal change in the data).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

D = dt.date

#: The schedule runs to the day it was last brought up to date; the last legal change in
#: the data is Section 338 on Canada, 19 Aug 2026 (tradewartracker snapshot of 23 Jul
#: 2026, scheduled actions included).
FIRST_DAY = D(2025, 1, 1)
LAST_DAY = D(2026, 12, 6)

AUTHORITIES = (
    "ieepa_fentanyl",
    "ieepa_reciprocal",
    "ieepa_country",  # Brazil (EO 14323) and India (EO 14329) add-ons
    "section_232",
    "section_122",
    "section_301",  # 2026: Brazil, forced labour
    "section_338",  # 2026: Canada
)

#: Share of 2024 imports that claim USMCA (exempt from the IEEPA duties and the Section
#: 122 surcharge). Source: the tradewartracker's effective rates of the 6 Mar 2025 USMCA
#: carve-out (Canada 8.75%, Mexico 4.5% of 25%), i.e. 65% and 82% of imports compliant.
USMCA_SHARE = {"CAN": 0.65, "MEX": 0.82}
#: Non-US content of USMCA-qualifying vehicles (the autos 232 rate applies to it only):
#: 60%, so 25% becomes 15% (the tradewartracker's treatment of Canada/Mexico autos).
USMCA_VEHICLE_NON_US_CONTENT = 0.60

Steps = tuple[tuple[dt.date, float], ...]


def rate_on(steps: Steps, day: dt.date) -> float:
    """The rate of a stepwise measure on ``day`` (0 before its first step)."""
    value = 0.0
    for first, rate in steps:
        if day >= first:
            value = rate
    return value


SCOTUS_END = D(2026, 2, 24)  # Learning Resources v. Trump (20 Feb 2026): collection ends
S122_START, S122_END = D(2026, 2, 24), D(2026, 7, 24)  # 150 days: last day 23 Jul 2026

#: IEEPA "fentanyl" duties: EO 14195 / 14228 (China and Hong Kong), EO 14193 / 14325
#: (Canada), EO 14194 (Mexico); EO 14357 of 4 Nov 2025 halves China's to 10% from 10 Nov.
FENTANYL: dict[str, Steps] = {
    "CHN": (
        (D(2025, 2, 4), 0.10),
        (D(2025, 3, 4), 0.20),
        (D(2025, 11, 10), 0.10),
        (SCOTUS_END, 0.0),
    ),
    "CAN": ((D(2025, 3, 4), 0.25), (D(2025, 8, 1), 0.35), (SCOTUS_END, 0.0)),
    "MEX": ((D(2025, 3, 4), 0.25), (SCOTUS_END, 0.0)),
}
#: Canada's energy and potash, Mexico's potash: 10% instead of 25% (EO 14231, 14232).
FENTANYL_ENERGY_RATE = 0.10
#: USMCA goods exempt from the Canada / Mexico IEEPA duties from 7 Mar 2025 (EO 14231/14232).
USMCA_IEEPA_EXEMPT_FROM = D(2025, 3, 7)

#: Short names of the days the US schedule changes (for timelines; dates as above).
MILESTONES = {
    D(2025, 2, 4): "fentanyl duty on China 10%",
    D(2025, 3, 4): "fentanyl duties: China 20%, Canada and Mexico 25%",
    D(2025, 3, 7): "USMCA goods exempt from the fentanyl duties",
    D(2025, 3, 12): "steel and aluminium 25% (Section 232)",
    D(2025, 4, 3): "cars 25% (Section 232)",
    D(2025, 4, 5): "reciprocal duty 10% on all",
    D(2025, 4, 9): "reciprocal country rates; China 84%",
    D(2025, 4, 10): "China 125%, the others paused at 10%",
    D(2025, 5, 3): "car parts 25% (Section 232)",
    D(2025, 5, 14): "Geneva truce: China 10%",
    D(2025, 6, 4): "steel and aluminium 50% (Section 232)",
    D(2025, 8, 7): "country rates of 7 August",
    D(2025, 11, 10): "Busan: fentanyl duty on China 10%",
    D(2026, 2, 24): "IEEPA duties end; Section 122 10%",
    D(2026, 7, 22): "Section 301 on Brazil 25%",
    D(2026, 7, 24): "Section 122 lapses; Section 301 on forced labour 12.5% / 10%",
    D(2026, 8, 19): "Section 338 on Canada 50% on three lists",
}
#: Milestones that suspend duties for a while (truces): Geneva, 14 May 2025 (EO 14298,
#: 24 points of the reciprocal duty on China suspended for 90 days).
TRUCES = frozenset({D(2025, 5, 14)})

#: Reciprocal duties (EO 14257): 10% on all from 5 Apr 2025; Annex I rates on 9 Apr only
#: (paused from 10 Apr, EO 14266); China 84% on 9 Apr (EO 14259), 125% from 10 Apr
#: (EO 14266), 10% from 14 May (Geneva, EO 14298); 7 Aug 2025 rates (EO 14326) from
#: 7 Aug; all end with the Supreme Court's ruling.
RECIPROCAL_START = D(2025, 4, 5)
ANNEX_I_DAY = D(2025, 4, 9)
AUGUST_RATES_DAY = D(2025, 8, 7)
CHINA_RECIPROCAL: Steps = (
    (D(2025, 4, 5), 0.10),
    (D(2025, 4, 9), 0.84),
    (D(2025, 4, 10), 1.25),
    (D(2025, 5, 14), 0.10),
    (SCOTUS_END, 0.0),
)
#: Partners treated as China by the China orders.
CHINA_ORDERS = ("CHN", "HKG", "MAC")
#: Deals where the reciprocal duty becomes "15% all-in" (MFN + duty = max(MFN, 15%)):
#: EU (EO 14326 Annex, 7 Aug), Japan (EO 14345, retroactive to 7 Aug), Korea (joint fact
#: sheet, from 1 Nov 2025), Switzerland and Liechtenstein (joint statement, 14 Nov 2025).
FLOOR_RATE = 0.15
#: Deals that take civil aircraft and parts out of the reciprocal duty (MFN only):
#: the UK (EO 14309 implementing the Economic Prosperity Deal, from 30 Jun 2025) and the
#: EU (joint statement of 21 Aug 2025, from 1 Sep 2025). The product list is the civil
#: aircraft annex of the Section 122 proclamation (General Note 6 products).
AIRCRAFT_EXEMPT_FROM = {"GBR": D(2025, 6, 30), "EU27": D(2025, 9, 1)}
FLOOR_FROM = {
    "EU27": D(2025, 8, 7),
    "JPN": D(2025, 8, 7),
    "KOR": D(2025, 11, 1),
    "CHE": D(2025, 11, 14),
    "LIE": D(2025, 11, 14),
}
#: Rate changes by deal after 7 Aug (EO 14329 s.? and the US-India framework of 6 Feb
#: 2026: reciprocal 25% -> 18% from 7 Feb 2026).
RECIPROCAL_CHANGES: dict[str, Steps] = {"IND": ((D(2026, 2, 7), 0.18),)}
#: Country add-ons: Brazil +40% (EO 14323, from 6 Aug 2025; farm products exempted from
#: 20 Nov 2025), India +25% for Russian oil (EO 14329, 27 Aug 2025 - 6 Feb 2026).
COUNTRY_ADDON: dict[str, Steps] = {
    "BRA": ((D(2025, 8, 6), 0.40), (SCOTUS_END, 0.0)),
    "IND": ((D(2025, 8, 27), 0.25), (D(2026, 2, 7), 0.0)),
}
BRAZIL_FARM_EXEMPT_FROM = D(2025, 11, 20)
ANNEX_II_FROM = RECIPROCAL_START
ELECTRONICS_FROM = RECIPROCAL_START  # memorandum of 11 Apr 2025, retroactive to 5 Apr
FARM_EXEMPT_FROM = D(2025, 11, 13)  # EO 14360
BULLION_FROM = D(2025, 9, 8)  # EO 14346 (5 Sep 2025)

#: CAFTA-DR partners whose textiles and apparel (HS chapters 50-63) the 2026 forced-labour
#: action leaves out (its carve-out of duty-free CAFTA-DR textiles). Applied to the whole
#: chapters, as the tradewartracker applies it (README of tradewartracker/
#: trade-war-redux-2025, July 2026): that over-exempts what enters under MFN instead.
CAFTA_DR = frozenset({"CRI", "DOM", "SLV", "GTM", "HND", "NIC"})
TEXTILE_CHAPTERS = tuple(range(50, 64))

#: Section 232: steel and aluminium 25% from 12 Mar 2025 (Procl. 10895/10896), 50% from
#: 4 Jun (Procl. 10947; UK stays at 25%); copper 50% from 1 Aug (Procl. 10962); cars and
#: light trucks 25% from 3 Apr, parts from 3 May (Procl. 10908); deals: UK cars 10% from
#: 30 Jun, EU 15% all-in from 1 Aug, Japan from 16 Sep, Korea from 1 Nov 2025; metals
#: annexes from 6 Apr 2026 (I-A 50%, I-B 25%, III 15%, II out of scope; UK 25/15%).
STEEL_ALU: Steps = ((D(2025, 3, 12), 0.25), (D(2025, 6, 4), 0.50))
STEEL_ALU_UK: Steps = ((D(2025, 3, 12), 0.25),)
COPPER: Steps = ((D(2025, 8, 1), 0.50),)
VEHICLES_FROM, PARTS_FROM = D(2025, 4, 3), D(2025, 5, 3)
AUTO_RATE = 0.25
AUTO_DEALS: dict[str, tuple[dt.date, float, bool]] = {  # from, rate, all-in (floor)?
    "GBR": (D(2025, 6, 30), 0.10, False),
    "EU27": (D(2025, 8, 1), 0.15, True),
    "JPN": (D(2025, 9, 16), 0.15, True),
    "KOR": (D(2025, 11, 1), 0.15, True),
}


@dataclass(frozen=True)
class Dating:
    """The days on which the measures that two readings of the record date differently
    start or end. :data:`LAW_DATING` holds the orders' days (the constants above);
    :data:`TRACKER_DATING` the tradewartracker's revision dates, for
    :mod:`tradewar.enacted.compare` only."""

    fentanyl: dict[str, Steps]
    country_addon: dict[str, Steps]
    #: ISO3 or EU27 -> (first day, rate, all-in?), as :data:`AUTO_DEALS`
    auto_deals: dict[str, tuple[dt.date, float, bool]]
    aircraft_exempt_from: dict[str, dt.date]
    bullion_from: dt.date
    #: first day without any IEEPA duty
    ieepa_end: dt.date

    def days(self) -> set[dt.date]:
        """Every day on which one of these measures changes."""
        steps = [*self.fentanyl.values(), *self.country_addon.values()]
        return (
            {first for s in steps for first, _ in s}
            | {first for first, _, _ in self.auto_deals.values()}
            | set(self.aircraft_exempt_from.values())
            | {self.bullion_from, self.ieepa_end}
        )


LAW_DATING = Dating(
    fentanyl=FENTANYL,
    country_addon=COUNTRY_ADDON,
    auto_deals=AUTO_DEALS,
    aircraft_exempt_from=AIRCRAFT_EXEMPT_FROM,
    bullion_from=BULLION_FROM,
    ieepa_end=SCOTUS_END,
)
#: The tradewartracker's dating (its README, July 2026, and its series): China's fentanyl
#: duty 20% from 4 Feb 2025 and 10% from 1 Nov; India's Russian-oil add-on from 7 Aug; the
#: car deals of Japan and Korea from 7 Aug, the UK's from 20 Feb 2026 (none before); no
#: aircraft exemptions; bullion out of Annex II with the farm list of 14 Nov 2025 (read
#: here from 13 Nov, when the farm list takes effect); the IEEPA duties end on the
#: ruling day, 20 Feb 2026.
TRACKER_DATING = Dating(
    fentanyl={
        **FENTANYL,
        "CHN": ((D(2025, 2, 4), 0.20), (D(2025, 11, 1), 0.10), (SCOTUS_END, 0.0)),
    },
    country_addon={**COUNTRY_ADDON, "IND": ((D(2025, 8, 7), 0.25), (D(2026, 2, 7), 0.0))},
    auto_deals={
        **AUTO_DEALS,
        "JPN": (D(2025, 8, 7), 0.15, True),
        "KOR": (D(2025, 8, 7), 0.15, True),
        "GBR": (D(2026, 2, 20), 0.10, False),
    },
    aircraft_exempt_from={},
    bullion_from=FARM_EXEMPT_FROM,
    ieepa_end=D(2026, 2, 20),
)
#: Steel and aluminium articles themselves (Proclamations 9705 / 9704 as amended): the
#: tracker's lists hold the derivatives only. Steel: headings 7206-7229, 7301-7302,
#: 7304-7306; aluminium: 7601, 7604-7609.
STEEL_HEADINGS = (*(str(h) for h in range(7206, 7230)), "7301", "7302", "7304", "7305", "7306")
ALUMINIUM_HEADINGS = ("7601", "7604", "7605", "7606", "7607", "7608", "7609")
METALS_ANNEXES_FROM = D(2026, 4, 6)
METALS_TIERS = {"metals_ia": 0.50, "metals_ib": 0.25, "metals_iii": 0.15}
METALS_TIERS_UK = {"metals_ia": 0.25, "metals_ib": 0.15, "metals_iii": 0.15}
S122_RATE = 0.10

#: 2026 actions after Section 122 (see the module docstring).
S301_BRAZIL_FROM, S301_BRAZIL_RATE = D(2026, 7, 22), 0.25
FORCED_LABOUR_FROM = D(2026, 7, 24)
FORCED_LABOUR_RATE, FORCED_LABOUR_LOW_RATE = 0.125, 0.10
#: The 18 partners of the 10% rate (the EU as EU27).
FORCED_LABOUR_LOW = frozenset(
    {
        "ARG",
        "BGD",
        "KHM",
        "CAN",
        "ECU",
        "SLV",
        "EU27",
        "GTM",
        "HND",
        "IND",
        "IDN",
        "MYS",
        "MEX",
        "PAK",
        "LKA",
        "TWN",
        "TTO",
        "GBR",
    }
)
S338_CANADA_FROM, S338_RATE = D(2026, 8, 19), 0.50

#: In-transit rules: goods loaded before ``loaded_before`` and entered by ``entered_by``
#: keep the earlier rate. The schedule is dated by *loading* date, which is what these
#: rules make decisive; tradewar's monthly paths collect duties on arrival at the rate of
#: the loading date (recorded_trade), so the grace periods follow from the shipping lag.
IN_TRANSIT = (
    ("EO 14257 (10% baseline)", D(2025, 4, 5), D(2025, 5, 27)),
    ("EO 14257 (Annex I rates)", D(2025, 4, 9), D(2025, 5, 27)),
    ("EO 14326 (7 Aug rates)", D(2025, 8, 7), D(2025, 10, 5)),
    ("Section 122", D(2026, 2, 24), D(2026, 2, 28)),
)


#: When the measures taking effect on a change day were announced (importers could order
#: ahead of them; recorded_trade's stock-building): the day of the post, letter or order.
ANNOUNCED: dict[dt.date, dt.date] = {
    D(2025, 2, 4): D(2024, 11, 25),  # post of 25 Nov 2024: +10% on China "on day one"
    D(2025, 3, 4): D(2025, 2, 27),  # post of 27 Feb: Canada/Mexico 25% and China +10%
    D(2025, 3, 12): D(2025, 2, 10),  # Proclamations 10895/10896 signed 10 Feb
    D(2025, 4, 3): D(2025, 3, 26),  # Proclamation 10908 signed 26 Mar
    D(2025, 4, 5): D(2025, 2, 13),  # Memorandum "Reciprocal Trade and Tariffs", 13 Feb
    D(2025, 4, 9): D(2025, 4, 2),  # EO 14257, 2 Apr
    D(2025, 4, 10): D(2025, 4, 9),  # EO 14266, 9 Apr
    D(2025, 5, 3): D(2025, 3, 26),  # auto parts: Proclamation 10908
    D(2025, 6, 4): D(2025, 5, 30),  # 50% steel announced at the Pittsburgh rally, 30 May
    D(2025, 8, 1): D(2025, 7, 9),  # copper 50% (8-9 Jul) and Canada 35% (letter, 10 Jul)
    D(2025, 8, 6): D(2025, 7, 9),  # letter to Brazil, 9 Jul
    D(2025, 8, 7): D(2025, 7, 7),  # letters of 7 Jul onwards; EO 14326 of 31 Jul
    D(2025, 8, 27): D(2025, 8, 6),  # EO 14329, 6 Aug
    D(2026, 2, 24): D(2026, 2, 20),  # Section 122 proclamation, 20 Feb 2026
    D(2026, 4, 6): D(2026, 4, 2),  # metals proclamation, 2 Apr 2026
}


@dataclass(frozen=True)
class LineClasses:
    """Product lines grouped into classes that every measure treats alike.

    ``flags[name]`` (C,) bool for each list of :data:`tradewar.enacted.lines.LISTS` plus
    ``vehicles`` (cars and light trucks, headings 8703-8704 of the autos list), ``parts``
    (the rest of it) and ``energy`` (chapter 27 and potash 3104); ``chapter`` (C,) int.
    """

    flags: dict[str, np.ndarray]
    chapter: np.ndarray

    def __len__(self) -> int:
        return len(self.chapter)

    def subset(self, index: np.ndarray) -> LineClasses:
        """The classes at ``index`` (an int array), in that order."""
        return LineClasses({k: v[index] for k, v in self.flags.items()}, self.chapter[index])


@dataclass(frozen=True)
class Partner:
    """What the measures need to know of one partner: its ISO3 ``code``, whether it is in
    the EU, its Annex I (2 Apr) and 7 Aug reciprocal rates (fractions; None = 10%), and
    whether it is one of the tradewartracker's 51 partners (the 2026 forced-labour
    action covers those)."""

    code: str
    in_eu: bool = False
    annex_i: float | None = None
    august: float | None = None
    tracked: bool = False


def reciprocal_rate(partner: Partner, day: dt.date) -> float:
    """The partner's reciprocal rate on ``day`` before exemptions and floors."""
    if partner.code in CHINA_ORDERS:
        return rate_on(CHINA_RECIPROCAL, day)
    if partner.code in USMCA_SHARE or day < RECIPROCAL_START or day >= SCOTUS_END:
        return 0.0
    if day == ANNEX_I_DAY and partner.annex_i is not None:
        rate = partner.annex_i
    elif day >= AUGUST_RATES_DAY:
        rate = 0.10 if partner.august is None else partner.august
    else:
        rate = 0.10
    for first, value in RECIPROCAL_CHANGES.get(partner.code, ()):
        if day >= first:
            rate = value
    return rate


def annex_ii_in_force(
    flags: dict[str, np.ndarray], day: dt.date, bullion_from: dt.date = BULLION_FROM
) -> np.ndarray:
    """Lines exempt from the reciprocal duties under Annex II as it stood on ``day``: the
    April 2025 annex; from ``bullion_from`` (8 Sep 2025) with bullion (chapter 71 of the
    amended annex, EO 14346); from 13 Nov 2025 with the whole annex as amended by EO 14360 (farm
    products and fertilisers added). Lines are only ever added (lumber and copper, listed
    in April, are Section 232 goods by the time the amended list leaves them out)."""
    if day < ANNEX_II_FROM:
        return np.zeros_like(flags["annex_ii"])
    if day >= FARM_EXEMPT_FROM:
        return flags["annex_ii"] | flags["annex_ii_nov14"]
    if day >= bullion_from:
        return flags["annex_ii"] | (flags["annex_ii_nov14"] & flags["bullion"])
    return flags["annex_ii"]


def _floor_from(partner: Partner) -> dt.date | None:
    return FLOOR_FROM.get("EU27" if partner.in_eu else partner.code)


def layers(
    partner: Partner,
    classes: LineClasses,
    mfn: np.ndarray,
    day: dt.date,
    *,
    usmca: bool = False,
    dating: Dating = LAW_DATING,
) -> np.ndarray:
    """Additional rates by authority, (len(AUTHORITIES), C): fractions on goods of
    ``partner`` entered on ``day``, for each line class.

    Args:
        mfn: (C,) the MFN rate of each class for this partner (for 15% all-in deals).
        usmca: the goods claim USMCA (Canada and Mexico only).
        dating: the days of the measures read differently by the tradewartracker.
    """
    f = classes.flags
    out = np.zeros((len(AUTHORITIES), len(classes)))
    code = partner.code
    deal_key = "EU27" if partner.in_eu else code
    is_usmca_partner = code in USMCA_SHARE
    usmca = usmca and is_usmca_partner

    # -- Section 232 ------------------------------------------------------------------
    vehicles = f["vehicles"] & (day >= VEHICLES_FROM)
    parts = f["parts"] & (day >= PARTS_FROM)
    auto = vehicles | parts
    auto_rate = np.full(len(classes), AUTO_RATE)
    deal = dating.auto_deals.get(deal_key)
    if deal is not None and day >= deal[0]:
        auto_rate[:] = np.maximum(deal[1] - mfn, 0.0) if deal[2] else deal[1]
    if usmca:
        auto_rate = np.where(f["vehicles"], AUTO_RATE * USMCA_VEHICLE_NON_US_CONTENT, 0.0)
    uk = code == "GBR"
    if day >= METALS_ANNEXES_FROM:
        tiers = METALS_TIERS_UK if uk else METALS_TIERS
        metal_rate = np.where(
            f["steel"] | f["aluminium"], rate_on(STEEL_ALU_UK if uk else STEEL_ALU, day), 0.0
        )
        metal_rate = np.where(f["copper"], rate_on(COPPER, day), metal_rate)
        for name, rate in tiers.items():
            metal_rate = np.where(f[name], rate, metal_rate)
        metal_rate = np.where(f["metals_ii_removed"], 0.0, metal_rate)
    else:
        steel_alu = rate_on(STEEL_ALU_UK if uk else STEEL_ALU, day)
        metal_rate = steel_alu * (f["steel"].astype(float) + f["aluminium"])
        metal_rate = np.where(f["copper"], np.maximum(metal_rate, rate_on(COPPER, day)), metal_rate)
    metal = metal_rate > 0
    s232 = np.where(auto, auto_rate, 0.0)
    covered_232 = auto | metal

    # -- IEEPA duties on Canada / Mexico and China ----------------------------------------
    ieepa = day < dating.ieepa_end
    china = "CHN" if code in CHINA_ORDERS else code
    fentanyl = rate_on(dating.fentanyl.get(china, ()), day) if ieepa else 0.0
    if is_usmca_partner:
        exempt = usmca and day >= USMCA_IEEPA_EXEMPT_FROM
        rate = np.where(f["energy"], min(fentanyl, FENTANYL_ENERGY_RATE), fentanyl)
        applies = ~auto & (not exempt) & (fentanyl > 0)
        out[0] = np.where(applies, rate, 0.0)
        # EO 14289: goods under the Canada/Mexico duty pay no steel/aluminium 232.
        s232 = np.where(auto, s232, np.where(applies, 0.0, metal_rate))
    else:
        out[0] = fentanyl
        s232 = np.where(auto, s232, metal_rate)
    out[3] = s232

    # -- IEEPA reciprocal and country add-ons --------------------------------------------
    exempt_recip = covered_232 | annex_ii_in_force(f, day, dating.bullion_from)
    aircraft_from = dating.aircraft_exempt_from.get(deal_key)
    if aircraft_from is not None and day >= aircraft_from:
        exempt_recip = exempt_recip | f["civil_aircraft"]
    if day >= ELECTRONICS_FROM:
        exempt_recip |= f["electronics"]
    recip = reciprocal_rate(partner, day) if ieepa else 0.0
    floor_from = _floor_from(partner)
    if floor_from is not None and day >= floor_from and recip > 0:
        recip_by_class = np.maximum(FLOOR_RATE - mfn, 0.0)
    else:
        recip_by_class = np.full(len(classes), recip)
    out[1] = np.where(exempt_recip, 0.0, recip_by_class)
    addon = rate_on(dating.country_addon.get(code, ()), day) if ieepa else 0.0
    if addon:
        # EO 14329 (India) spares what the reciprocal duty spares: Annex II as amended
        # and the electronics, which CBP enters under the same heading (9903.01.32)
        exempt_addon = covered_232 | annex_ii_in_force(f, day, dating.bullion_from)
        if day >= ELECTRONICS_FROM:
            exempt_addon |= f["electronics"]
        if code == "BRA":
            # EO 14323 has its own Annex I (aircraft, energy, orange juice...), not Annex II
            exempt_addon = covered_232 | f["brazil_aircraft"] | f["brazil_other"]
            if day >= BRAZIL_FARM_EXEMPT_FROM:
                exempt_addon |= f["annex_ii_nov14"]
        out[2] = np.where(exempt_addon, 0.0, addon)

    # -- Section 122 surcharge ---------------------------------------------------------
    exempt_122 = covered_232 | f["s122_exempt"] | f["s122_specific"]
    if S122_START <= day < S122_END and not usmca:
        out[4] = np.where(exempt_122, 0.0, S122_RATE)

    # -- 2026: Section 301 (Brazil; forced labour) and Section 338 (Canada) ---------------
    if code == "BRA" and day >= S301_BRAZIL_FROM:
        out[5] = np.where(covered_232 | f["brazil_301_exempt"], 0.0, S301_BRAZIL_RATE)
    if partner.tracked and day >= FORCED_LABOUR_FROM and not usmca:
        low = deal_key in FORCED_LABOUR_LOW
        rate = FORCED_LABOUR_LOW_RATE if low else FORCED_LABOUR_RATE
        exempt_labour = exempt_122
        if code in CAFTA_DR:
            exempt_labour = exempt_labour | np.isin(classes.chapter, TEXTILE_CHAPTERS)
        out[5] += np.where(exempt_labour, 0.0, rate)
    if code == "CAN" and day >= S338_CANADA_FROM:
        listed = f["canada_338_alcohol"] | f["canada_338_dairy"] | f["canada_338_autos"]
        out[6] = np.where(listed & ~f["canada_338_aircraft"], S338_RATE, 0.0)
    return out
