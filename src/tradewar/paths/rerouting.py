"""Rerouting through third countries: goods of a high-tariff origin that reach the importer
through a hub and enter as the hub's (docs/model.md J.4; our design, parameters and
sources in :class:`RoutingParams`).

* **Hubs** come from the baseline by a stated rule (:func:`hubs`): for an origin o, an
  importer d and a sector s, the countries h (not o, not d, not an aggregate such as ROW)
  that take at least ``min_share`` of o's exports of s and supply at least ``min_share``
  of d's imports of s, the ``hubs_per_route`` with the largest product of the two shares.
* **The gain** of routing a dollar of o's goods through h is the tariff it saves less
  what routing costs: ``tau_od - tau_hd - freight(o -> h) - processing - p x penalty``,
  with the penalty on goods found to be transshipped (40% from 7 August 2025 for the US,
  EO 14326) weighted by the chance ``p`` of being caught.
* **The routed share** of o's sales of s to d through h is ``elasticity x`` (the rise
  of the gain over its baseline value, when positive) ``x`` h's baseline exports of s to
  d over o's, at most ``max_share`` over all hubs (:func:`shares`).
* **Records.** A routed dollar leaves o's records of o -> d and enters o's exports to h
  (and h's imports from o); h's exports to d and d's imports from h gain it with the
  hub's processing added (:mod:`tradewar.paths.mirror`).
* **Demand** (``recording: {rerouting: equilibrium}``): buyers in d pay on o's goods
  the tariff less the routed share times the duty it saves (routed goods pay the hub's
  rate and the expected penalty), plus the routed share's freight and processing as a
  trade cost (:meth:`Shares.effective`; the timeline applies it to every month's rates,
  so the lagged demand sees it too). With ``rerouting: records`` the layer moves records
  only, and o's sales to d are the equilibrium's as without it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from tradewar.core import shipping
from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError
from tradewar.core.months import share_on_or_after

#: Baseline regions that are aggregates, never hubs.
AGGREGATES = ("ROW", "EU27")


@dataclass(frozen=True)
class RoutingParams:
    """Parameters of rerouting (our design unless a source is given).

    elasticity: routed trade, as a share of the hub's exports of the sector to the
        importer, per unit of gain (fraction). Iyoha, Malesky, Wen & Wu (2025, CITP
        Working Paper 022, "Exports in Disguise?"): for the average product-level tariff
        increase of the 2018-19 war, firm-level rerouting through Vietnam rose by 1.4
        points of Vietnam's exports to the US (3.6 at the country level). We read that
        average increase as the rise of the average US tariff on Chinese goods, 3.1% to
        21.0% (Bown 2021, PIIE, Sep 2019): 1.4 / 18 = 0.078.
    processing: value added by the hub's light processing to meet origin rules (share of
        value; ours).
    penalty, penalty_from, penalty_importer: the additional duty on goods found to be
        transshipped, from when, by which importer (EO 14326, 31 July 2025: 40% from
        7 August 2025).
    catch_probability: chance that a routed shipment is found (ours; no estimate found).
    hubs_per_route, min_share: the hub rule (:func:`hubs`).
    max_share: at most this share of the origin's sales of a sector to the importer is
        routed (ours).
    hubs: hubs named by origin (ISO3 -> hubs), replacing the rule for that origin.
    """

    elasticity: float = 0.078
    processing: float = 0.05
    penalty: float = 0.40
    penalty_from: dt.date = dt.date(2025, 8, 7)
    penalty_importer: str = "USA"
    catch_probability: float = 0.25
    hubs_per_route: int = 3
    min_share: float = 0.01
    max_share: float = 0.5
    hubs: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checks = {
            "elasticity": self.elasticity >= 0,
            "processing": 0 <= self.processing < 1,
            "penalty": self.penalty >= 0,
            "catch_probability": 0 <= self.catch_probability <= 1,
            "hubs_per_route": self.hubs_per_route >= 1,
            "min_share": 0 <= self.min_share < 1,
            "max_share": 0 <= self.max_share <= 1,
        }
        for name, ok in checks.items():
            if not ok:
                raise DataError(
                    f"rerouting parameter {name} = {getattr(self, name)!r} is out of range"
                )
        for origin, named in self.hubs.items():
            for hub in named:
                if hub == origin:
                    raise DataError(f"rerouting: hub {hub} of origin {origin} is the origin itself")


def freight_margin(codes: tuple[str, ...], land: float, sea: float) -> np.ndarray:
    """(N, N) freight and insurance over FOB value by route [exporter, importer]: ``land``
    between land neighbours and within the EU, ``sea`` otherwise, 0 on the diagonal."""
    out = np.where(shipping.nearby(codes), land, sea)
    np.fill_diagonal(out, 0.0)
    return out


@dataclass(frozen=True)
class Routes:
    """Candidate hubs: ``hub[o, d, s, k]`` the k-th hub of origin o to importer d in
    sector s (-1: none)."""

    hub: np.ndarray


def hubs(baseline: Baseline, params: RoutingParams) -> Routes:
    """The hubs of every route by the rule of the module docstring (or ``params.hubs``)."""
    codes = baseline.countries
    for origin, named in params.hubs.items():
        for code in (origin, *named):
            if code not in codes:
                raise DataError(f"rerouting: {code} is not a country of the baseline")
    flows = np.array(baseline.flows, float)
    N, _, S = flows.shape
    foreign = flows * ~np.eye(N, dtype=bool)[:, :, None]
    out_share = foreign / np.maximum(foreign.sum(axis=1, keepdims=True), 1e-300)  # [o, h, s]
    in_share = foreign / np.maximum(foreign.sum(axis=0, keepdims=True), 1e-300)  # [h, d, s]
    usable = np.array([c not in AGGREGATES for c in codes])
    a = np.where(out_share >= params.min_share, out_share, 0.0) * usable[None, :, None]
    b = np.where(in_share >= params.min_share, in_share, 0.0)
    k = min(params.hubs_per_route, N)
    hub = np.full((N, N, S, k), -1)
    idx = np.arange(N)
    for o in range(N):
        score = a[o][:, None, :] * b  # [h, d, s]
        if codes[o] in params.hubs:
            keep = np.isin(codes, params.hubs[codes[o]])
            score = np.where(keep[:, None, None], np.maximum(score, 1e-300), 0.0)
        score[o] = 0.0  # the origin itself
        score[idx, idx] = 0.0  # the importer itself
        order = np.argsort(-score, axis=0, kind="stable")[:k]  # [k, d, s]
        top = np.take_along_axis(score, order, axis=0)
        hub[o] = np.moveaxis(np.where(top > 0, order, -1), 0, 2)
    return Routes(hub)


def add_by_month(out: np.ndarray, cells: tuple[np.ndarray, ...], values: np.ndarray) -> None:
    """``out[m][cells] += values[m]`` for every month m, a cell named several times getting
    the sum (as :func:`numpy.add.at` month by month, in one :func:`numpy.bincount`).

    ``out`` (M, ...) is changed in place; ``cells`` index its trailing axes, (E,) each;
    ``values`` (M, E), or (E,) for every month alike."""
    months = out.shape[0]
    size = int(np.prod(out.shape[1:]))
    flat = np.ravel_multi_index(cells, out.shape[1:])
    index = (np.arange(months)[:, None] * size + flat[None, :]).ravel()
    weights = np.broadcast_to(values, (months, len(flat))).ravel()
    out += np.bincount(index, weights=weights, minlength=months * size).reshape(out.shape)


@dataclass(frozen=True)
class Routed:
    """Routed trade as a list of routes e: ``origin``, ``hub``, ``importer``, ``sector``
    (E,) and ``value`` (M, E), USD per month of the origin's goods."""

    origin: np.ndarray
    hub: np.ndarray
    importer: np.ndarray
    sector: np.ndarray
    value: np.ndarray

    def moved(self, shape: tuple[int, ...], processing: float) -> np.ndarray:
        """The change of recorded flows (M, N, N, S): less on o -> d, more on o -> h and,
        with the hub's processing, on h -> d."""
        out = np.zeros(shape)
        add_by_month(out, (self.origin, self.importer, self.sector), -self.value)
        add_by_month(out, (self.origin, self.hub, self.sector), self.value)
        add_by_month(out, (self.hub, self.importer, self.sector), self.value * (1 + processing))
        return out


@dataclass(frozen=True)
class Shares:
    """Routing shares of the routes e (``origin``, ``hub``, ``importer``, ``sector``, (E,)):
    ``share`` (M, E), the part of the origin's sales of the sector to the importer routed
    through the hub; ``saving`` (M, E), the duty a routed dollar saves net of the expected
    penalty (fraction of value); ``cost`` (E,), what routing costs (freight of the extra
    leg and processing, fraction of value)."""

    origin: np.ndarray
    hub: np.ndarray
    importer: np.ndarray
    sector: np.ndarray
    share: np.ndarray
    saving: np.ndarray
    cost: np.ndarray

    def routed(self, flows: np.ndarray) -> Routed:
        """The routed trade of ``flows`` (M, N, N, S), the origins' sales (USD a month)."""
        value = self.share * flows[:, self.origin, self.importer, self.sector]
        return Routed(self.origin, self.hub, self.importer, self.sector, value)

    def effective(self, tariffs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """What buyers pay on the origin's goods once a share goes through hubs, (M, N, N,
        S) each: the tariff (the duty saved taken off: routed goods pay the hub's rate and
        the expected penalty) and the extra trade cost (freight and processing of the
        routed share, as a fraction of value)."""
        tariffs = np.array(tariffs, float)
        costs = np.zeros_like(tariffs)
        cells = (self.origin, self.importer, self.sector)
        add_by_month(tariffs, cells, -self.share * self.saving)
        add_by_month(costs, cells, self.share * self.cost)
        return tariffs, costs


#: A rate that moves by less than this from the baseline's counts as unchanged.
CHANGE_TOL = 1e-12


def shares(
    baseline: Baseline,
    months: list[str],
    tariffs: np.ndarray,
    params: RoutingParams,
    freight: np.ndarray,
) -> Shares:
    """Routing shares by month for the rates ``tariffs`` (M, N, N, S) a path charges,
    ``freight`` (N, N) the freight margin of a leg: through hub h, ``elasticity x`` the
    rise of the gain over the baseline's ``x`` h's baseline exports of the sector to the
    importer over the origin's, at most ``max_share`` over all hubs."""
    routes = hubs(baseline, params).hub  # (N, N, S, K)
    o, d, s, k = np.nonzero(routes >= 0)
    h = routes[o, d, s, k]
    flows = np.asarray(baseline.flows, float)
    base = np.asarray(baseline.tariffs, float)
    # a route gains nothing over the baseline unless the path changes the rate on the
    # origin's or the hub's goods (the saving is then at most the baseline's): only those
    # are computed (the main job's routes fall from ~600,000). A change below 1e-12 (the
    # rounding of rates stacked in logs) counts as none: its share would be ~1e-12 x
    # the elasticity, nothing a record shows.
    changed = np.any(np.abs(np.asarray(tariffs) - base[None]) > CHANGE_TOL, axis=0)
    keep = changed[o, d, s] | changed[h, d, s]
    o, d, s, h = o[keep], d[keep], s[keep], h[keep]
    cost = freight[o, h] + params.processing
    policed = np.array([c == params.penalty_importer for c in baseline.countries])[d]
    after = share_on_or_after(months, params.penalty_from)[:, None]
    expected = after * params.catch_probability * params.penalty * policed  # (M, E)
    saving = tariffs[:, o, d, s] - tariffs[:, h, d, s] - expected
    rise = np.maximum(saving - cost, 0.0) - np.maximum(base[o, d, s] - base[h, d, s] - cost, 0.0)
    own = flows[o, d, s]
    relative = np.divide(flows[h, d, s], own, out=np.zeros(len(o)), where=own > 0)
    share = params.elasticity * np.maximum(rise, 0.0) * relative
    # each origin's share routed through all its hubs, by cell (origin, importer, sector)
    cells, cell = np.unique(np.ravel_multi_index((o, d, s), flows.shape), return_inverse=True)
    total = np.zeros((len(months), len(cells)))
    add_by_month(total, (cell,), share)
    over = total > params.max_share
    cap = np.divide(params.max_share, total, out=np.ones_like(total), where=over)
    share = share * cap[:, cell]
    used = share.max(axis=0, initial=0.0) > 0
    return Shares(o[used], h[used], d[used], s[used], share[:, used], saving[:, used], cost[used])


def params_for(recording) -> RoutingParams | None:
    """The routing parameters of a scenario's ``recording:`` (None: rerouting off)."""
    if recording.rerouting == "off":
        return None
    return RoutingParams(hubs={o: tuple(h) for o, h in recording.hubs.items()})


def in_equilibrium(recording) -> bool:
    """Whether the equilibrium sees rerouting (``rerouting: equilibrium``)."""
    return recording.rerouting == "equilibrium"
