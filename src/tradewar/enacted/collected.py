"""From the rates on paper to the duties collected: the US ladder by partner and month.

The statutory schedule (:mod:`~tradewar.enacted.us_law`) says what a line owes; customs
collect less. Following the Budget Lab at Yale's decomposition, each step is a mechanism
on 2024 HS10 line weights (:mod:`~tradewar.enacted.weights`), partner by partner, month
by month (our design; parameters and sources in :class:`CollectionParams`):

1. **statutory**: the 2024 duty rate of each line plus the additional rates in force
   when the goods were loaded (entry day minus the transit time), nobody claiming a
   preference against the 2025-26 duties;
2. **after claims**: a Canadian or Mexican shipment claims USMCA when the duty it saves
   exceeds its cost of proving origin (a lognormal share of its value), within the share
   of trade that can qualify; claims catch up with the incentive at ``claim_speed`` a
   month;
3. **after shifting**: within each model sector, a partner's lines move towards lower
   rates with their Broda-Weinstein elasticities, on the time profile of trade;
4. **assessed**: duties are charged on declared values, which fall below true values as
   the additional rate rises (``undervaluation``, a semi-elasticity); parcels under USD
   800 enter free and unrecorded until de minimis ends (2 May 2025 for China and Hong
   Kong, 29 Aug 2025 for all) and pay duty after;
5. **collected**: assessed duties are paid ``payment_months`` later; after the Supreme
   Court's ruling the IEEPA duties already paid come back as **refunds**, their own line.

:func:`ladder` returns the steps as USD per month on the 2024 monthly import base, so
that any import level (observed or a model path's) can be put under the rates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.special import ndtr  # the standard normal CDF (scipy.stats loads 0.5 s more)

from tradewar.core import shipping
from tradewar.core.errors import DataError
from tradewar.core.months import month_days, month_range, share_on_or_after
from tradewar.datasets.paths import dataset_folder, require_dataset
from tradewar.enacted import us_law
from tradewar.enacted.build import Inputs, change_days
from tradewar.enacted.schedule import Schedule
from tradewar.enacted.us_law import AUTHORITIES, LineClasses

IEEPA = tuple(k for k, a in enumerate(AUTHORITIES) if a.startswith("ieepa"))
USMCA = ("CAN", "MEX")
#: Partners of the US without a trade agreement (beyond the WTO): their 2024 duty rate of a
#: line is its general MFN rate, the rate a Canadian or Mexican good pays without a claim.
MFN_PARTNERS = ("EU27", "JPN", "TWN", "VNM", "IND", "THA", "MYS", "IDN", "GBR", "CHE", "BRA")
#: End of de minimis entry (duty-free, unrecorded parcels under USD 800): EO 14256 for
#: China and Hong Kong (2 May 2025), EO 14324 for every other country (29 Aug 2025).
DE_MINIMIS_END = {"CHN": dt.date(2025, 5, 2), "HKG": dt.date(2025, 5, 2)}
DE_MINIMIS_END_ALL = dt.date(2025, 8, 29)
DE_MINIMIS_LIMIT_USD = 800.0


@dataclass(frozen=True)
class CollectionParams:
    """Parameters of the ladder (our design unless a source is given).

    claim_cost_median, claim_cost_sigma: cost of proving USMCA origin, lognormal, as a
        share of the shipment's value (the spread is ours). Anson, Cadot, Estevadeordal,
        de Melo, Suwa-Eisenmann & Tumurchudur (2005, Review of International Economics
        13(3)) put NAFTA's compliance costs near 6% of the value of Mexico's exports; the
        dutiable shares of Canada and Mexico in January-May 2025 want almost none
        (:func:`calibrate_claims`: 0.2%, and a 6% median leaves Canada's share at 25-31%
        against 9-13% observed): once IEEPA duties of 25% were at stake, nearly all
        trade that could claim did, within a month.
    qualifying: share of a partner's 2024 non-claiming trade that can qualify for USMCA
        (rules of origin met); fitted with the median (1.0 for both).
    claim_speed: share of the gap between claims and their new optimum closed each
        month (certificates take time); fitted with the median (0.95).
    sigma_cap: Broda-Weinstein elasticities above this are capped (the estimates run to
        4,300; the median is 3.1).
    shifting_per_year: share of the long-run shift reached after 12 months.
        Boehm, Levchenko & Pandalai-Nayar (2023, AER): short-run trade elasticity -0.76,
        long-run -1.75 to -2.25 (``headline_aggregate_trade_elasticities.csv``): 0.38.
    undervaluation: semi-elasticity of declared to true value with respect to the
        additional rate paid (declared = true x exp(-u x rate)). Fitted to the fall of US
        imports from China (Census) relative to China's exports to the US (GACC),
        March-May 2025 against 2024 (:func:`calibrate_undervaluation`); Fisman & Wei
        (2004, JPE) find 3 for China's imports from Hong Kong; the fit is 0.16.
    de_minimis_usd: value of parcels entered under de minimis a year (USD). CBP, FY 2023
        fact sheet (June 2024): over 1 billion shipments worth over USD 50 bn.
    de_minimis_china_share: share of it from China and Hong Kong (ours: 60%).
    parcel_elasticity: price elasticity of parcel purchases once duty is due
        (Simonovska & Waugh's trade elasticity of 4).
    payment_months: months from entry to payment (the periodic monthly statement).
    refund_months: months from entry to the refund of an IEEPA duty, once the ruling
        allows it: entries liquidate 314 days after entry (19 CFR 159.11; CBP's
        practice), and duties are refunded on liquidation.
    """

    claim_cost_median: float = 0.002
    claim_cost_sigma: float = 1.0
    qualifying: dict[str, float] = field(default_factory=lambda: {"CAN": 1.0, "MEX": 1.0})
    claim_speed: float = 0.95
    sigma_cap: float = 20.0
    shifting_per_year: float = 0.38
    undervaluation: float = 0.16
    de_minimis_usd: float = 50e9
    de_minimis_china_share: float = 0.6
    parcel_elasticity: float = 4.0
    payment_months: int = 1
    refund_months: int = 10

    def __post_init__(self) -> None:
        checks = {
            "claim_cost_median": self.claim_cost_median > 0,
            "claim_cost_sigma": self.claim_cost_sigma > 0,
            "claim_speed": 0 < self.claim_speed <= 1,
            "sigma_cap": self.sigma_cap >= 1,
            "shifting_per_year": 0 <= self.shifting_per_year < 1,
            "undervaluation": self.undervaluation >= 0,
            "de_minimis_usd": self.de_minimis_usd >= 0,
            "de_minimis_china_share": 0 <= self.de_minimis_china_share <= 1,
            "parcel_elasticity": self.parcel_elasticity >= 0,
            "payment_months": self.payment_months >= 0,
            "refund_months": self.refund_months >= 0,
        }
        for name, ok in checks.items():
            if not ok:
                raise DataError(
                    f"collection parameter {name} = {getattr(self, name)!r} is out of range"
                )
        for code, share in self.qualifying.items():
            if not 0 <= share <= 1:
                raise DataError(f"qualifying share of {code} = {share!r} must lie in [0, 1]")


@dataclass(frozen=True)
class LadderInputs:
    """What the ladder needs beyond the schedule's :class:`~.build.Inputs`: the general
    MFN rate (L,), each line's Broda-Weinstein elasticity (L,) and model sector (L,)."""

    inputs: Inputs
    general_mfn: np.ndarray
    sigma: np.ndarray
    sector: np.ndarray

    @cached_property
    def days(self) -> list[dt.date]:
        return change_days(self.inputs.dating)

    @property
    def sector_share_columns(self) -> int:
        """Number of model sectors (S) the lines map to."""
        return self.inputs.sector_share.shape[1]


def general_mfn(inputs: Inputs) -> np.ndarray:
    """(L,) 2024 duties / imports of each line over :data:`MFN_PARTNERS` (fraction)."""
    w = inputs.weights
    pick = [
        k
        for k, c in enumerate(w.partners)
        if c in MFN_PARTNERS or (w.eu[k] and "EU27" in MFN_PARTNERS)
    ]
    value = w.by_line[pick].sum(axis=0)
    duty = (w.by_line[pick] * w.mfn_by_line[pick]).sum(axis=0)
    return np.divide(duty, value, out=np.zeros_like(value), where=value > 0)


def line_sigmas(inputs: Inputs, table: pd.DataFrame, cap: float) -> np.ndarray:
    """(L,) Broda-Weinstein elasticity of each line: its own HTS10 estimate, else the
    median of its HS6, HS4 or HS2 group, else the overall median; capped at ``cap``."""
    codes = table["hts"].astype(str).str.zfill(10)
    sigma = table.iloc[:, 1].to_numpy(float)
    own = dict(zip(codes, sigma, strict=True))
    groups = {
        d: pd.Series(sigma).groupby(codes.str[:d].to_numpy()).median().to_dict() for d in (6, 4, 2)
    }
    overall = float(np.median(sigma))
    out = np.empty(len(inputs.lines))
    for k, code in enumerate(inputs.lines.codes):
        value = own.get(code)
        for d in (6, 4, 2):
            if value is None:
                value = groups[d].get(code[:d])
        out[k] = overall if value is None else value
    return np.minimum(out, cap)


#: Transit from loading to entry, (share of value, days), from :mod:`tradewar.core.shipping`:
#: overland from the US's land neighbours; from the rest by air or by sea.
OVERLAND: tuple[tuple[float, int], ...] = ((1.0, round(7 * shipping.LAND_WEEKS)),)
OVERSEAS: tuple[tuple[float, int], ...] = (
    (shipping.AIR_SHARE, shipping.AIR_DAYS),
    (1.0 - shipping.AIR_SHARE, round(7 * shipping.SEA_WEEKS)),
)
TRANSIT = dict.fromkeys(shipping.overland_to("USA"), OVERLAND)
#: The month in which the Supreme Court's ruling ended IEEPA collection.
RULING_MONTH = us_law.SCOTUS_END.strftime("%Y-%m")

STEPS = (
    "value_usd",
    "imports_usd",
    "dutiable_usd",
    "statutory_usd",
    "after_claims_usd",
    "after_shifting_usd",
    "assessed_usd",
    "collected_usd",
    "refunds_usd",
)


def read_ladder_inputs(inputs: Inputs, params: CollectionParams, data=None) -> LadderInputs:
    """The general MFN rates, line elasticities and sectors for :func:`ladder`."""
    root = None if data is None else Path(data) / "trade_elasticities"
    folder = dataset_folder("trade_elasticities", root)
    table = pd.read_csv(
        folder / "broda_weinstein" / "sigma_us_hts10_1990_2001.csv", dtype={"hts": str}
    )
    return LadderInputs(
        inputs,
        general_mfn(inputs),
        line_sigmas(inputs, table, params.sigma_cap),
        np.argmax(inputs.sector_share, axis=1),
    )


def _loading_weights(
    months: list[str], days: list[dt.date], transit: tuple[tuple[float, int], ...]
) -> np.ndarray:
    """(M, D) share of each month's entries (by value) loaded under change day d, for
    ``transit`` modes of (share, days from loading to entry)."""
    keys = np.array([d.toordinal() for d in days])
    out = np.zeros((len(months), len(days)))
    for m, month in enumerate(months):
        entry = month_days(month)
        for share, lag in transit:
            loaded = np.array([(d - dt.timedelta(days=lag)).toordinal() for d in entry])
            # goods loaded before the schedule's first day go under it (no measures)
            step = np.clip(np.searchsorted(keys, loaded, side="right") - 1, 0, len(days) - 1)
            np.add.at(out[m], step, share / len(entry))
    return out


def _claim_cdf(saving: np.ndarray, params: CollectionParams) -> np.ndarray:
    """Share of shipments whose cost of proving origin is below ``saving``."""
    z = (
        np.log(np.maximum(saving, 1e-12)) - np.log(params.claim_cost_median)
    ) / params.claim_cost_sigma
    return np.where(saving > 0, ndtr(z), 0.0)


def _smooth(values: np.ndarray, speed: float) -> np.ndarray:
    """Partial adjustment along axis 0: x_m = x_{m-1} + speed (values_m - x_{m-1})."""
    out = np.empty_like(values)
    out[0] = values[0]
    for m in range(1, len(values)):
        out[m] = out[m - 1] + speed * (values[m] - out[m - 1])
    return out


def declared_share(additional_rate: np.ndarray, params: CollectionParams) -> np.ndarray:
    """Declared over true value of goods paying ``additional_rate`` (fraction, above the
    2024 rate): ``exp(-undervaluation x rate)`` (docs/model.md K.5). The ladder and the
    importer's records of a path (:mod:`tradewar.paths.mirror`) both use it."""
    return np.exp(-params.undervaluation * additional_rate)


def parcel_shares(totals: dict[str, float], params: CollectionParams) -> dict[str, float]:
    """Each partner's share of the de minimis parcels (docs/model.md K.6): China and Hong
    Kong share ``de_minimis_china_share`` by their imports ``totals`` (any unit), the
    rest the remainder by theirs."""
    china = {c for c in totals if c in DE_MINIMIS_END}
    china_total = sum(totals[c] for c in china)
    rest_total = sum(v for c, v in totals.items() if c not in china)
    out = {}
    for code, value in totals.items():
        if code in china:
            share = params.de_minimis_china_share * value / china_total if china_total else 0.0
        else:
            share = (1 - params.de_minimis_china_share) * value / rest_total if rest_total else 0.0
        out[code] = share
    return out


def parcels_bought(parcels: np.ndarray, average_rate: np.ndarray, params: CollectionParams):
    """Parcels bought once duty is due at ``average_rate`` (fraction) on them: purchases
    fall with ``parcel_elasticity`` (docs/model.md K.6)."""
    return parcels * (1 + average_rate) ** (-params.parcel_elasticity)


class SectorSteps(NamedTuple):
    """One partner's ladder before parcels, by month and model sector, (M, S) USD a month
    on its 2024 monthly base: ``value`` (true, 2024 mix), ``statutory``, ``after_claims``,
    ``moved`` (true value after shifting), ``after_shifting``, ``declared``, ``duties``
    (assessed on declared values), ``ieepa_duties`` (their IEEPA part), ``dutiable``
    (declared value of the lines that pay a duty) and ``base`` (2024 duties)."""

    value: np.ndarray
    statutory: np.ndarray
    after_claims: np.ndarray
    moved: np.ndarray
    after_shifting: np.ndarray
    declared: np.ndarray
    duties: np.ndarray
    ieepa_duties: np.ndarray
    dutiable: np.ndarray
    base: np.ndarray


def _sector_steps(
    ladder_inputs: LadderInputs,
    p: int,
    months: list[str],
    params: CollectionParams,
    transit: tuple[tuple[float, int], ...] | None = None,
    shares: bool = False,
) -> SectorSteps:
    """The ladder of partner ``p`` by month and sector before parcels; ``months`` are months
    of entry, the rates those of the loading days (``transit``: the partner's own, by
    default; ``((1.0, 0),)`` makes them months of loading). Lines count in the sector
    they shift within (the largest of their ISIC split), or with ``shares`` over the
    sectors as the schedule splits them (lines without a goods sector then drop out)."""
    inputs = ladder_inputs.inputs
    w = inputs.weights
    code = str(w.partners[p])
    shipped = np.flatnonzero(w.by_line[p] > 0)
    value = w.by_line[p, shipped] / 12.0
    lines: LineClasses = inputs.flags.subset(shipped)
    mfn0 = w.mfn_by_line[p, shipped]
    partner = inputs.partners[p]
    days = ladder_inputs.days
    transit = TRANSIT.get(code, OVERSEAS) if transit is None else transit
    weights = _loading_weights(months, days, transit)  # (M, D)
    in_use = np.flatnonzero(weights.sum(axis=0) > 0)
    usmca = code in USMCA

    def monthly(claim: bool, base: np.ndarray) -> tuple[np.ndarray, ...]:
        """Month averages over loading days, (M, L) each: additional rate, its IEEPA part,
        the share of days on which ``base`` plus it is positive, and on which it is."""
        total = np.zeros((len(in_use), len(shipped)))
        ieepa = np.zeros_like(total)
        for j, d in enumerate(in_use):
            lay = us_law.layers(partner, lines, mfn0, days[d], usmca=claim, dating=inputs.dating)
            total[j] = lay.sum(axis=0)
            ieepa[j] = lay[list(IEEPA)].sum(axis=0)
        shares = weights[:, in_use]
        return (
            shares @ total,
            shares @ ieepa,
            shares @ ((base[None] + total) > 0),
            shares @ (total > 0),
        )

    # a line's 2024 duty over its general MFN rate: the share of it that paid MFN (the rest
    # claimed a preference or an exclusion); lines with no general MFN rate are free
    mfn_gen = ladder_inputs.general_mfn[shipped]
    has_mfn = mfn_gen > 0
    paid_mfn = np.clip(mfn0 / np.where(has_mfn, mfn_gen, 1.0), 0, 1)
    if usmca:
        add_n, ieepa_n, dutiable_n, _ = monthly(False, mfn_gen)  # (M, L)
        add_c, ieepa_c, _, dutiable_c = monthly(True, mfn_gen)
        nonclaim = np.where(has_mfn, paid_mfn, 1.0)
        base_cdf = _claim_cdf(mfn_gen, params)
        target = (
            params.qualifying.get(code, 0.0)
            * np.maximum(_claim_cdf(mfn_gen[None] + add_n - add_c, params) - base_cdf, 0.0)
            / np.maximum(1.0 - base_cdf, 1e-9)
        )
        claims = _smooth(target, params.claim_speed)
        unclaimed = nonclaim[None] * (1.0 - claims)  # share paying the non-claim rates
        rate = unclaimed * (mfn_gen[None] + add_n) + (1 - unclaimed) * add_c
        ieepa = unclaimed * ieepa_n + (1 - unclaimed) * ieepa_c
        dutiable = unclaimed * dutiable_n + (1 - unclaimed) * dutiable_c
    else:
        # the share that entered under a preference pays the additional rates only
        paid = np.where(has_mfn, paid_mfn, mfn0 > 0)[None]
        add_n, ieepa, dutiable_all, dutiable_add = monthly(False, mfn0)
        dutiable = paid * dutiable_all + (1 - paid) * dutiable_add
        rate = mfn0[None] + add_n

    # product shifting within each model sector, towards lines with lower rates
    sector = ladder_inputs.sector[shipped]
    n_sectors = ladder_inputs.sector_share_columns
    to_sector = np.zeros((len(shipped), n_sectors))
    to_sector[np.arange(len(shipped)), sector] = 1.0  # (L, S)
    rho = 1.0 - (1.0 - params.shifting_per_year) ** (1 / 12)
    log_price = _smooth(np.log1p(rate) - np.log1p(mfn0)[None], rho)
    moved = value * np.exp(-ladder_inputs.sigma[shipped] * log_price)
    before = value @ to_sector
    after = moved @ to_sector
    moved *= (before / np.where(after > 0, after, 1.0))[:, sector]
    if shares:
        to_sector = inputs.sector_share[shipped]

    # declared values: below true values as the additional rate rises
    declared = moved * declared_share(rate - mfn0[None], params)
    return SectorSteps(
        value=np.broadcast_to(value @ to_sector, (len(months), n_sectors)),
        statutory=(value * (mfn0[None] + add_n)) @ to_sector,
        after_claims=(value * rate) @ to_sector,
        moved=moved @ to_sector,
        after_shifting=(moved * rate) @ to_sector,
        declared=declared @ to_sector,
        duties=(declared * rate) @ to_sector,
        ieepa_duties=(declared * ieepa) @ to_sector,
        dutiable=(declared * dutiable) @ to_sector,
        base=np.broadcast_to((value * mfn0) @ to_sector, (len(months), n_sectors)),
    )


def _partner_ladder(
    ladder_inputs: LadderInputs,
    p: int,
    months: list[str],
    params: CollectionParams,
    parcels: np.ndarray,
) -> np.ndarray:
    """(M, len(STEPS) + 1) USD a month for partner ``p`` on its 2024 monthly base (the
    columns of :data:`STEPS`, collected and refunds left 0), and the IEEPA part of its
    assessed duties as the last column."""
    steps = _sector_steps(ladder_inputs, p, months, params)
    declared_total = np.maximum(steps.declared.sum(axis=1), 1e-300)
    duties = steps.duties.sum(axis=1)
    ieepa_duties = steps.ieepa_duties.sum(axis=1)
    # de minimis parcels pay the partner's average rate (and its IEEPA part) on what they
    # declare
    average_rate = duties / declared_total
    parcel_value = parcels_bought(parcels, average_rate, params)
    out = np.zeros((len(months), len(STEPS) + 1))
    out[:, 0] = steps.value.sum(axis=1)
    out[:, 1] = steps.declared.sum(axis=1) + parcel_value
    out[:, 2] = steps.dutiable.sum(axis=1) + parcel_value * (average_rate > 0)
    out[:, 3] = steps.statutory.sum(axis=1)
    out[:, 4] = steps.after_claims.sum(axis=1)
    out[:, 5] = steps.after_shifting.sum(axis=1)
    out[:, 6] = duties + parcel_value * average_rate
    out[:, -1] = ieepa_duties + parcel_value * ieepa_duties / declared_total
    return out


#: Loading without transit: the paths charge a shipment the rate of its loading day.
AT_LOADING: tuple[tuple[float, int], ...] = ((1.0, 0),)


def paid_rates(
    ladder_inputs: LadderInputs, months: list[str], params: CollectionParams | None = None
) -> np.ndarray:
    """(M, P, S + 1) additional duties as assessed per dollar of true value, by month of
    loading, partner (of the weights) and model sector (last: all goods; lines split over
    sectors as in the schedule): after USMCA claims, product shifting and declared values,
    less the 2024 duty rate (parcels left out: they are not in a baseline)."""
    params = params or CollectionParams()
    w = ladder_inputs.inputs.weights
    n_sectors = ladder_inputs.sector_share_columns
    out = np.zeros((len(months), len(w.partners), n_sectors + 1))
    for p in range(len(w.partners)):
        steps = _sector_steps(ladder_inputs, p, months, params, AT_LOADING, shares=True)
        value, moved, duties, base = (
            np.concatenate([x, x.sum(axis=1, keepdims=True)], axis=1)
            for x in (steps.value, steps.moved, steps.duties, steps.base)
        )
        base_rate = np.divide(base, value, out=np.zeros_like(base), where=value > 0)
        paid = np.divide(duties, moved, out=np.zeros_like(base), where=moved > 0)
        out[:, p] = np.where(value > 0, paid - base_rate, 0.0)
    return out


def paid_schedule(
    ladder_inputs: LadderInputs, statutory: Schedule, params: CollectionParams | None = None
) -> Schedule:
    """``us_paid``: the additional rates of ``statutory`` (``us_enacted``, built on the
    same inputs) scaled, by partner, sector and month of loading, so that each month's
    average is the rate paid (:func:`paid_rates`); the scale is at least 0 and 1 where
    nothing is due (our design). It changes on the statutory change days and on the first
    of every month."""
    first, last = statutory.first, statutory.last
    months = month_range(first.strftime("%Y-%m"), last.strftime("%Y-%m"))
    paid = paid_rates(ladder_inputs, months, params)
    due = statutory.month_averages(months)
    scale = np.maximum(np.divide(paid, due, out=np.ones_like(due), where=due > 1e-6), 0.0)
    starts = {dt.date.fromisoformat(m + "-01") for m in months}
    days = sorted({dt.date.fromisoformat(str(d)) for d in statutory.days} | starts)
    days = [d for d in days if first <= d <= last]
    rates = np.empty((len(days), *statutory.rates.shape[1:]), np.float32)
    by_authority = np.empty((len(days), *statutory.by_authority.shape[1:]), np.float32)
    for k, day in enumerate(days):
        step, m = statutory.step(day), months.index(day.strftime("%Y-%m"))
        rates[k] = statutory.rates[step] * scale[m]
        by_authority[k] = statutory.by_authority[step] * scale[m, :, -1:]
    return replace(
        statutory,
        days=np.array([d.isoformat() for d in days]),
        rates=rates,
        by_authority=by_authority,
    )


def ladder(
    ladder_inputs: LadderInputs,
    months: list[str],
    params: CollectionParams | None = None,
    partners: list[str] | None = None,
) -> pd.DataFrame:
    """The ladder by ``month`` and ``partner`` (ISO3) on the 2024 monthly import base, USD
    a month: the columns of :data:`STEPS` (see the module docstring; ``value_usd`` is the
    2024 monthly base at true values, ``imports_usd`` the imports recorded at declared
    values, parcels included). ``months``:
    consecutive ``YYYY-MM`` from January 2025 or later; payments and refunds reach back
    to entries of the months before the first (computed, not shown)."""
    params = params or CollectionParams()
    if not months or months[0] < "2025-01":
        raise DataError("the ladder starts in 2025-01 or later (give YYYY-MM months)")
    lead = max(params.payment_months, params.refund_months) + 1
    first = dt.date.fromisoformat(months[0] + "-01")
    for _ in range(lead):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    span = month_range(first.strftime("%Y-%m"), months[-1])
    if span[lead:] != months:
        raise DataError("the ladder's months must be consecutive YYYY-MM months")
    w = ladder_inputs.inputs.weights
    wanted = list(map(str, w.partners)) if partners is None else [p.upper() for p in partners]
    index = [w.index(code) for code in wanted]
    shares = parcel_shares(
        dict(zip(map(str, w.partners), w.by_line.sum(axis=1), strict=True)), params
    )
    # share of each month's days after de minimis ends, by end date
    after_end = {
        end: share_on_or_after(span, end) for end in {*DE_MINIMIS_END.values(), DE_MINIMIS_END_ALL}
    }
    rows = []
    for p, code in zip(index, wanted, strict=True):
        parcels = params.de_minimis_usd / 12 * shares[code] * after_end[de_minimis_ends(code)]
        steps = _partner_ladder(ladder_inputs, p, span, params, parcels)
        assessed, ieepa = steps[:, 6], steps[:, -1]
        collected = np.concatenate([np.full(params.payment_months, assessed[0]), assessed])[
            : len(span)
        ]
        refunds = np.zeros(len(span))
        ruling = span.index(RULING_MONTH) if RULING_MONTH in span else None
        for e, month in enumerate(span):
            if month > RULING_MONTH:
                break
            # IEEPA duties paid on entries of month e come back on liquidation, from the
            # month after the ruling at the earliest
            when = max(e + params.refund_months, (ruling if ruling is not None else len(span)) + 1)
            if when < len(span):
                refunds[when] += ieepa[e]
        steps[:, 7] = collected
        steps[:, 8] = refunds
        for m in range(lead, len(span)):
            rows.append((span[m], code, *steps[m, : len(STEPS)]))
    return pd.DataFrame(rows, columns=["month", "partner", *STEPS])


#: Partner groups of the observed dutiable shares and imports (Census, via the Budget Lab
#: at Yale's tariff-impact-tracker): column suffix -> ISO3 codes (None: the rest).
OBSERVED_GROUPS: dict[str, tuple[str, ...] | None] = {
    "canada": ("CAN",),
    "mexico": ("MEX",),
    "china": ("CHN",),
    "eu": ("EU27",),
    "row": None,
}
OBSERVED_SHARES = "observed_2025/us_imports_and_dutiable_value_by_partner_monthly_2002_2025-05.csv"
OBSERVED_REVENUE = "observed_2025/us_customs_duties_and_imports_monthly_1982_2025-05.csv"


def group_of(weights, code: str) -> str:
    """The observed group (:data:`OBSERVED_GROUPS`) of a partner."""
    k = weights.index(code)
    if weights.eu[k]:
        return "eu"
    for group, members in OBSERVED_GROUPS.items():
        if members and code in members:
            return group
    return "row"


def observed_csv(name: str, data=None) -> pd.DataFrame:
    """A file of ``observed_2025/`` (``name`` from the shared data folder), read; a
    one-line error naming the dataset where it is absent."""
    return pd.read_csv(require_dataset("observed_2025", data).parent / name)


def observed_by_group(data=None) -> pd.DataFrame:
    """``month, group, imports_usd, dutiable_usd``: observed US imports and dutiable value
    by partner group, 2024-01 to 2025-05 (USD a month)."""
    frame = observed_csv(OBSERVED_SHARES, data)
    frame = frame[frame["date"] >= "2024-01-01"]
    rows = []
    for _, row in frame.iterrows():
        for group in OBSERVED_GROUPS:
            rows.append((row["date"][:7], group, row[f"m_{group}"] * 1e6, row[f"dv_{group}"] * 1e3))
    return pd.DataFrame(rows, columns=["month", "group", "imports_usd", "dutiable_usd"])


def observed_revenue(data=None) -> pd.DataFrame:
    """``month, duties_usd, imports_usd``: Treasury customs duties and Census imports by
    month (USD), 1982-01 to 2025-05."""
    frame = observed_csv(OBSERVED_REVENUE, data)
    return pd.DataFrame(
        {
            "month": frame["date"].str[:7],
            "duties_usd": frame["customs_duties"] * 1e6,
            "imports_usd": frame["imports_value"] * 1e6,
        }
    )


def by_group(frame: pd.DataFrame, weights) -> pd.DataFrame:
    """The ladder summed over the observed partner groups: ``month, group, *STEPS``."""
    groups = {code: group_of(weights, code) for code in frame["partner"].unique()}
    out = frame.assign(group=frame["partner"].map(groups))
    return out.groupby(["month", "group"], as_index=False)[list(STEPS)].sum()


def against_observed(frame: pd.DataFrame, weights, data=None) -> pd.DataFrame:
    """The ladder's rates put on the observed imports of each group, month by month,
    against what was observed (to May 2025): ``month, imports_usd, collected_usd,
    observed_duties_usd, collected_rate, observed_rate`` (rates in %) and each group's
    ``dutiable_<group>`` and ``observed_dutiable_<group>`` (%).

    Duties collected in a month are those assessed on the previous month's entries: the
    ladder's assessed rate of each group times that group's observed imports then."""
    groups = by_group(frame, weights).set_index(["month", "group"])
    seen = observed_by_group(data).set_index(["month", "group"])
    revenue = observed_revenue(data).set_index("month")
    months = sorted(set(frame["month"]) & set(revenue.index))
    rows = []
    for month in months:
        entry = (dt.date.fromisoformat(month + "-01") - dt.timedelta(days=1)).strftime("%Y-%m")
        if entry not in set(frame["month"]) or (entry, "row") not in seen.index:
            continue
        collected = 0.0
        row = {"month": month}
        for group in OBSERVED_GROUPS:
            model = groups.loc[(entry, group)]
            collected += (
                model["assessed_usd"]
                / model["imports_usd"]
                * seen.loc[(entry, group), "imports_usd"]
            )
            now = groups.loc[(month, group)]
            row[f"dutiable_{group}"] = 100 * now["dutiable_usd"] / now["imports_usd"]
            observed = seen.loc[(month, group)]
            row[f"observed_dutiable_{group}"] = (
                100 * observed["dutiable_usd"] / observed["imports_usd"]
            )
        imports = revenue.loc[month, "imports_usd"]
        row |= {
            "imports_usd": imports,
            "collected_usd": collected,
            "observed_duties_usd": revenue.loc[month, "duties_usd"],
            "collected_rate": 100 * collected / imports,
            "observed_rate": 100 * revenue.loc[month, "duties_usd"] / imports,
        }
        rows.append(row)
    return pd.DataFrame(rows)


def calibrate_claims(
    ladder_inputs: LadderInputs,
    data=None,
    months: tuple[str, str] = ("2025-01", "2025-05"),
    start: CollectionParams | None = None,
) -> tuple[CollectionParams, float]:
    """Fit ``claim_cost_median``, ``qualifying`` (Canada, Mexico) and ``claim_speed`` to
    the observed dutiable shares of Canada and Mexico over ``months`` (least squares in
    percentage points, Nelder-Mead on transformed parameters). Returns the fitted
    parameters and the root-mean-square error (points)."""
    from dataclasses import replace

    from scipy.optimize import minimize

    start = start or CollectionParams()
    span = month_range(*months)
    if span[-1] > "2025-05":
        raise DataError("claims are fitted on observed months, to 2025-05 at the latest")
    seen = observed_by_group(data).set_index(["month", "group"])
    target = np.array(
        [
            100 * seen.loc[(m, g), "dutiable_usd"] / seen.loc[(m, g), "imports_usd"]
            for g in ("canada", "mexico")
            for m in span
        ]
    )

    def params_of(x: np.ndarray) -> CollectionParams:
        q = 1 / (1 + np.exp(-x[1:3]))
        return replace(
            start,
            claim_cost_median=float(np.exp(x[0])),
            qualifying={"CAN": float(q[0]), "MEX": float(q[1])},
            claim_speed=float(1 / (1 + np.exp(-x[3]))),
        )

    def error(x: np.ndarray) -> float:
        frame = ladder(ladder_inputs, span, params_of(x), partners=["CAN", "MEX"])
        model = 100 * frame["dutiable_usd"] / frame["imports_usd"]
        return float(np.mean((model.to_numpy() - target) ** 2))

    logit = lambda v: np.log(v / (1 - v))  # noqa: E731
    x0 = np.array(
        [
            np.log(start.claim_cost_median),
            logit(min(max(start.qualifying.get("CAN", 0.9), 0.01), 0.99)),
            logit(min(max(start.qualifying.get("MEX", 0.9), 0.01), 0.99)),
            logit(min(max(start.claim_speed, 0.01), 0.99)),
        ]
    )
    fit = minimize(
        error, x0, method="Nelder-Mead", options={"xatol": 1e-3, "fatol": 1e-3, "maxiter": 400}
    )
    return params_of(fit.x), float(np.sqrt(fit.fun))


MIRROR = "observed_2025/monthly_reported_2024_2025-05.csv"


def calibrate_undervaluation(
    ladder_inputs: LadderInputs, params: CollectionParams | None = None, data=None
) -> tuple[float, pd.DataFrame]:
    """Fit ``undervaluation`` to the mirror gap with China: the log of US imports from
    China (Census) over China's exports to the US (GACC) in the same month, March-May
    2025, minus its 2024 mean, against the additional rate the ladder puts on China's
    goods entering in that month (least squares through the origin; both sides are
    observed to May 2025 only). The gap also moves with shipping times and rerouting
    through Hong Kong: the fit is an upper bound on undervaluation's share of it.
    Returns the semi-elasticity and the frame of points."""
    from dataclasses import replace

    params = replace(params or CollectionParams(), undervaluation=0.0)
    frame = observed_csv(MIRROR, data)
    gacc = frame[frame["series"] == "CHN_exports_to_USA"].set_index("month")["value"] * 1e9
    census = (
        frame[frame["series"] == "US_imports_from_CHN_census"].set_index("month")["value"] * 1e6
    )
    both = sorted(set(gacc.index) & set(census.index))
    gap = pd.Series({m: np.log(census[m] / gacc[m]) for m in both})
    base = gap[[m for m in both if m < "2025-01"]].mean()
    points = [m for m in both if m >= "2025-03"]
    span = month_range("2025-01", max(points))
    china = ladder(ladder_inputs, span, params, partners=["CHN"]).set_index("month")
    rate = china["after_shifting_usd"] / china["imports_usd"]
    extra = rate - rate.loc["2025-01"]
    table = pd.DataFrame({"gap_change": gap[points] - base, "additional_rate": extra[points]})
    x, y = table["additional_rate"].to_numpy(), table["gap_change"].to_numpy()
    return float(max(-(x @ y) / (x @ x), 0.0)), table


def de_minimis_ends(partner: str) -> dt.date:
    """The first day a parcel of ``partner`` under USD 800 pays duty."""
    return DE_MINIMIS_END.get(partner.upper(), DE_MINIMIS_END_ALL)


def parcel_rates(
    inputs: Inputs, partner: str, product: str, day: dt.date, value_usd: float
) -> dict[str, float]:
    """Additional rates by authority on a parcel (a courier entry of one line): nothing
    while de minimis lets it in (value up to USD 800, before :func:`de_minimis_ends`), the
    line's rates after. Postal items had specific-duty options (EO 14256) not modelled."""
    from tradewar.enacted.build import line_rates

    if not np.isfinite(value_usd) or value_usd <= 0:
        raise DataError(f"parcel value {value_usd!r} must be a positive number of USD")
    rates = line_rates(inputs, partner, product, day)
    if value_usd <= DE_MINIMIS_LIMIT_USD and day < de_minimis_ends(partner):
        return dict.fromkeys(rates, 0.0)
    return rates


def rates_by_month(frame: pd.DataFrame, weights, partner: str | None = None) -> pd.DataFrame:
    """The ladder as rates (% of imports at customs value) by month, for all partners or
    one (ISO3, or ``EU27`` for the EU's members): ``imports_bn``, ``dutiable_share``,
    ``statutory``, ``after_claims``, ``after_shifting``, ``assessed``, ``collected``
    (collected over the month's imports, as Treasury receipts over Census imports) and
    ``collected_bn``, ``refunds_bn`` (USD bn a month, on the 2024 monthly base)."""
    if partner is not None:
        code = partner.strip().upper()
        members = (
            [str(c) for c, eu in zip(weights.partners, weights.eu, strict=True) if eu]
            if code == "EU27"
            else [weights.partners[weights.index(code)]]
        )
        frame = frame[frame["partner"].isin(members)]
    total = frame.groupby("month")[list(STEPS)].sum()
    imports = total["imports_usd"]
    out = pd.DataFrame({"imports_bn": imports / 1e9})
    out["dutiable_share"] = 100 * total["dutiable_usd"] / imports
    for step in ("statutory", "after_claims", "after_shifting", "assessed", "collected"):
        out[step] = 100 * total[f"{step}_usd"] / imports
    out["collected_bn"] = total["collected_usd"] / 1e9
    out["refunds_bn"] = total["refunds_usd"] / 1e9
    return out


SHIPPED = "collection_ladder_2025_2027"
#: The months of the ladder built into the package.
SHIPPED_MONTHS = ("2025-01", "2027-12")


def save(frame: pd.DataFrame, path, provenance: dict) -> None:
    """Write a ladder to ``path``.npz (months, partners, steps (M, P, K)) and ``.json``."""
    import json

    months = sorted(frame["month"].unique())
    partners = list(dict.fromkeys(frame["partner"]))
    cube = (
        frame.set_index(["month", "partner"])[list(STEPS)]
        .reindex(pd.MultiIndex.from_product([months, partners]))
        .to_numpy()
        .reshape(len(months), len(partners), len(STEPS))
    )
    np.savez_compressed(
        path.with_suffix(".npz"),
        months=np.array(months),
        partners=np.array(partners),
        steps=cube.astype(np.float32),
    )
    meta = {"steps": list(STEPS), "provenance": provenance}
    path.with_suffix(".json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")


def shipped() -> pd.DataFrame:
    """The ladder built into the package (default parameters, every partner, 2025-01 to
    2027-12; ``scripts/build_enacted_schedule.py``): the frame of :func:`ladder`."""
    import json
    import zipfile
    from importlib import resources

    folder = resources.files("tradewar.datasets") / "data"
    try:
        meta = json.loads((folder / f"{SHIPPED}.json").read_text())
        with (folder / f"{SHIPPED}.npz").open("rb") as f, np.load(f) as z:
            months, partners, cube = z["months"], z["partners"], z["steps"]
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DataError(
            f"the built-in ladder {SHIPPED} is missing or corrupted ({exc}); rebuild it with "
            "`python scripts/build_enacted_schedule.py`"
        ) from None
    index = pd.MultiIndex.from_product([months.astype(str), partners.astype(str)])
    frame = pd.DataFrame(cube.reshape(-1, cube.shape[-1]), index=index, columns=meta["steps"])
    return frame.rename_axis(["month", "partner"]).reset_index()
