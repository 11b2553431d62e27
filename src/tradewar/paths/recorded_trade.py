"""From monthly equilibria to trade as customs record it: shipments, arrivals, duties,
stock-building ahead of announced tariffs, and the no-war path.

Our design (README "Monthly trade as recorded"; parameters in :class:`RecordingParams`):

* **Shipped** (exporter-recorded, f.o.b., e.g. China's customs): each month's
  tariff-exclusive equilibrium flows (annual / 12) plus the importers' stock-building.
* **Stock-building**: an event may carry ``announced:`` before its ``date``. In a month
  when an increase of the buyer's wedge is announced but not yet in force (``delta``, in
  logs), it is worth buying ahead the purchases of up to ``delta / carrying_cost`` months
  (storage costs about ``carrying_cost`` of the value per month and saves the increase),
  at most ``stock_months`` months. Importers build that extra stock at most
  ``build_rate`` of a month's purchases per month and, once nothing more is pending, run
  it down, serving ``drawdown_rate`` of each month's purchases from stock; with less than
  a month's notice only that share of ``build_rate`` can be ordered. Purchases are
  moved in time, not created: over a long horizon the extra shipments sum to zero. The
  equilibria (prices, welfare) are those of the months' static solves.
* **Arrivals** (importer-recorded, e.g. the US Census): shipments arrive after a transit
  time by route (:func:`transit_months`). Months before the path (from an announcement
  made before it starts, at most a year) are followed for stock-building with the first
  month's purchases; earlier shipments are taken to be the first month's.
* **Duties** are charged at the rate in force when the goods were loaded (the in-transit
  rule of the 2025 executive orders: goods loaded before an effective date enter at the
  old rate) and assessed on arrival; they are paid (``collected``) ``payment_months``
  later, as on CBP's periodic monthly statement (a month's entries paid in the next).
* **No-war path**: the same months without any of the scenario's events, i.e. the
  baseline flows (the baseline has no seasons; :mod:`tradewar.reports.validation` takes the
  seasonal pattern of observed series from their 2024 months).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from tradewar.core import shipping
from tradewar.core.baseline import USD_PER_UNIT, Baseline
from tradewar.core.baseline import goods_sectors as goods_sectors  # moved to core; kept here
from tradewar.paths.timeline import Timeline, month_spells, policies_on

DAYS_PER_MONTH = 365.25 / 12

#: Neighbours that trade overland (truck and rail take about a week).
LAND_NEIGHBOURS = shipping.LAND_NEIGHBOURS


@dataclass(frozen=True)
class RecordingParams:
    """Parameters of shipping and stock-building (our design; sources in the README).

    sea_weeks: transit time of sea freight (China to the US west coast 2-3 weeks, east
        coast 4-5 weeks: 4 weeks as a trade-weighted middle).
    land_weeks: transit time between land neighbours and within the EU.
    carrying_cost: cost of holding stock, fraction of its value per month (inventory
        carrying costs of 20-30% a year are the usual logistics rule of thumb: 0.02).
    stock_months, build_rate: the most extra stock (months of purchases) and the most
        bought ahead in a month (fraction of a month's purchases). Cook, Dzholos &
        Matschke (2025, Federal Reserve Bank of Kansas City Economic Bulletin, "Did
        importers try to front-run recent tariffs on China?"): after the May 2024
        announcement of a 7.5% -> 25% tariff effective four months later, US imports of
        EV batteries from China rose by about 15%: 0.15 a month for four months, 0.6
        months of purchases in all.
    drawdown_rate: share of a month's purchases served from stock once nothing more is
        pending (symmetric with the build-up).
    payment_months: months from a good's arrival to the payment of its duty. US importers
        on CBP's periodic monthly statement pay the duties of a month's entries on the
        15th working day of the next month (19 CFR 24.25; ACE "Periodic Monthly
        Statement"), interest-free: 1.0 takes every importer to use it (our design; the
        share paying by daily statement, within days of entry, is not in the data).
    """

    sea_weeks: float = shipping.SEA_WEEKS
    land_weeks: float = shipping.LAND_WEEKS
    carrying_cost: float = 0.02
    stock_months: float = 0.6
    build_rate: float = 0.15
    drawdown_rate: float = 0.15
    payment_months: float = 1.0


def transit_months(baseline: Baseline, params: RecordingParams) -> np.ndarray:
    """Transit time by route [exporter i, importer n] in months (0 on the diagonal)."""
    weeks = np.where(shipping.nearby(baseline.countries), params.land_weeks, params.sea_weeks)
    np.fill_diagonal(weeks, 0.0)
    return weeks * 7 / DAYS_PER_MONTH


def arrive(shipped: np.ndarray, transit: np.ndarray, before: np.ndarray) -> np.ndarray:
    """Arrivals by month (M, N, N, S) of ``shipped`` (M, N, N, S) after ``transit``
    months (N, N): a shipment of month k arrives in months k + floor(L) and
    k + floor(L) + 1 in the shares (1 - frac(L), frac(L)); every month before the path
    shipped ``before`` (N, N, S)."""
    whole = np.floor(transit).astype(int)
    frac = (transit - whole)[:, :, None]
    lead = int(whole.max()) + 1
    padded = np.concatenate([np.broadcast_to(before, (lead, *before.shape)), shipped])
    rows, cols = np.indices(whole.shape, sparse=True)
    k0 = lead + np.arange(shipped.shape[0])[:, None, None] - whole[None]  # (M, N, N)
    now = padded[k0, rows, cols]  # shipped floor(L) months before, (M, N, N, S)
    earlier = padded[k0 - 1, rows, cols]
    return (1 - frac) * now + frac * earlier


#: At most this many months before a scenario starts are followed for stock-building
#: ahead of increases announced before the start.
HISTORY_MONTHS = 12


def months_before(timeline: Timeline) -> list[str]:
    """Months from the earliest announcement before the scenario's start (at most
    :data:`HISTORY_MONTHS`) to the month before the start."""
    start = dt.date(*map(int, timeline.scenario.start.split("-")), 1)
    first = min([e.announced for e in timeline.changes if e.announced < start], default=start)
    count = min((start.year - first.year) * 12 + start.month - first.month, HISTORY_MONTHS)
    out = []
    y, m = start.year, start.month
    for _ in range(count):
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        out.insert(0, f"{y:04d}-{m:02d}")
    return out


def stock_targets(
    timeline: Timeline, months: list[str], params: RecordingParams
) -> tuple[np.ndarray, np.ndarray]:
    """Extra stock importers aim for and the time they have to build it, by month.

    Returns ``(targets, window)``, both (M, N, N, S): ``targets`` in months of purchases,
    the day-weighted mean over the month of ``min(delta / carrying_cost,
    stock_months)``, with ``delta`` the log increase of the buyer's wedge announced but
    not yet in force (the policy with every event in force from its announcement minus the
    policy in force); ``window`` the share of the month during which an increase was
    pending (a week's notice allows a week of extra orders)."""
    shape = (len(months), *timeline.baseline.flows.shape)
    targets, window = np.zeros(shape), np.zeros(shape)
    events = timeline.changes
    if all(e.announced == e.date for e in events):
        return targets, window
    changes = sorted(
        {e.date for e in events}
        | {e.announced for e in events}
        | {e.expires for e in events if e.expires}
    )
    segments = month_spells(months, changes)
    days = [day for _, day, _ in segments]
    known = policies_on(timeline.baseline, list(timeline.announced_early), days)
    now = timeline.policies_on(days)
    for (k, _, weight), p_known, p_now in zip(segments, known, now, strict=True):
        delta = np.log(p_known.demand_wedge()) - np.log(p_now.demand_wedge())
        targets[k] += weight * np.clip(delta / params.carrying_cost, 0.0, params.stock_months)
        window[k] += weight * (delta > 1e-12)
    return targets, window


def stock_building(
    purchases: np.ndarray, targets: np.ndarray, window: np.ndarray, params: RecordingParams
) -> np.ndarray:
    """Extra shipments by month (M, N, N, S) from importers' stock-building, given
    monthly purchases (M, N, N, S), the targeted extra stock in months of purchases and
    the share of each month an increase was pending (:func:`stock_targets`)."""
    stock = np.zeros(purchases.shape[1:])
    extra = np.zeros_like(purchases)
    for m in range(purchases.shape[0]):
        gap = targets[m] * purchases[m] - stock
        low = -params.drawdown_rate * purchases[m]
        high = params.build_rate * window[m] * purchases[m]
        step = np.clip(gap, low, high)
        extra[m] = step
        stock = stock + step
    return extra


@dataclass(frozen=True)
class RecordedTrade:
    """Trade by month as recorded, USD per month, [month, exporter, importer, sector].

    shipped: exporter-recorded shipments (tariff-exclusive), incl. stock-building.
    arrived: importer-recorded arrivals.
    duties: import duties assessed on arrival (rate at loading x value).
    collected: the same duties when paid (``RecordingParams.payment_months`` after
        arrival): what a government's monthly receipts show.
    no_war: the baseline flows, the same months without any event.
    stock_building: the part of ``shipped`` that is stock-building (sums to ~0).
    """

    months: list[str]
    shipped: np.ndarray
    arrived: np.ndarray
    duties: np.ndarray
    collected: np.ndarray
    no_war: np.ndarray
    stock_building: np.ndarray


def record(path, params: RecordingParams | None = None) -> RecordedTrade:
    """Recorded trade of a :class:`tradewar.paths.simulate.ScenarioPath`."""
    params = params or RecordingParams()
    b = path.baseline
    scale = USD_PER_UNIT.get(b.unit, 1.0) / 12
    path_purchases = np.array([r.flows_after for r in path.results]) * scale
    if path.stocks is not None:  # users draw on stocks and rebuild them (inventories.py)
        costs = np.array([r.sector_outcomes["unit_cost_hat"] for r in path.results])
        path_purchases += path.stocks.purchases(b, costs) * scale
    history = months_before(path.timeline)
    H = len(history)
    purchases = np.concatenate(
        [np.broadcast_to(path_purchases[0], (H, *b.flows.shape)), path_purchases]
    )
    targets, window = stock_targets(path.timeline, [*history, *path.months], params)
    extra = stock_building(purchases, targets, window, params)
    tariffs = np.concatenate([np.broadcast_to(path.tariffs[0], (H, *b.flows.shape)), path.tariffs])
    domestic = np.eye(b.n_countries, dtype=bool)[None, :, :, None]
    extra = np.where(domestic, 0.0, extra)
    shipped = purchases + extra
    transit = transit_months(b, params)
    duties = np.where(domestic, 0.0, tariffs * shipped)
    duties_before = np.where(domestic[0], 0.0, tariffs[0] * purchases[0])
    assessed = arrive(duties, transit, duties_before)
    payment = np.full(transit.shape, params.payment_months)
    return RecordedTrade(
        months=list(path.months),
        shipped=shipped[H:],
        arrived=arrive(shipped, transit, purchases[0])[H:],
        duties=assessed[H:],
        collected=arrive(assessed, payment, duties_before)[H:],
        no_war=np.broadcast_to(b.flows * scale, path_purchases.shape),
        stock_building=extra[H:],
    )
