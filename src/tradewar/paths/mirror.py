"""Trade as each side records it: the exporter's customs (FOB, at shipment) and the
importer's (customs value at arrival, as declared), and the gap between them split into
its parts (docs/model.md J.3; our design, parameters and sources in :class:`MirrorParams`).

For every flow o -> d, sector and month, with F the true value shipped (the recorded
layer's shipments after rerouting, :mod:`tradewar.paths.rerouting`):

* exporter-recorded ``E = F - hong_kong_out + parcels_shipped + residual``;
* importer-recorded ``I = (A - U) x (1 + freight) + parcels_entered``, with A the
  arrivals of F (the shipping layer's transit times) and U the part of them declared
  away (``1 - declared_share`` of the additional rate paid: the undervaluation of the
  collection ladder, docs/model.md K.5, one mechanism);

so that ``E - I`` is the sum of the parts of :data:`PARTS`:

* ``freight_insurance``: ``-freight x (A - U)``, for importers that value CIF
  (:data:`tradewar.core.shipping.FOB_IMPORTERS` value FOB);
* ``timing``: ``F - A``, goods shipped but not yet arrived;
* ``undervaluation``: ``U``;
* ``de_minimis``: parcels the exporter records and the importer does not, before the
  exemption ends for that exporter (K.6; only US imports, only in paths with a US import
  tariff event; the no-war path keeps the exemption);
* ``hong_kong``: goods of o re-exported through Hong Kong: o records them as exports to
  HKG (and HKG's customs as imports from o, and its exports to d), d as imports from o;
* ``residual``: the base-year gap no part explains, a share of F, fitted where both sides
  are observed (China -> US: :func:`calibrate_residual`).

Rerouted goods leave both records of o -> d and enter those of o -> h and h -> d: they
change both sides of the pair alike and no part of its gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from tradewar.core import shipping
from tradewar.core.baseline import USD_PER_UNIT, Baseline, goods_sectors
from tradewar.core.errors import DataError
from tradewar.core.months import share_on_or_after
from tradewar.enacted import collected
from tradewar.paths.recorded_trade import RecordingParams, arrive, transit_months
from tradewar.paths.rerouting import RoutingParams, freight_margin, shares
from tradewar.paths.rerouting import params_for as routing_params

PARTS = (
    "freight_insurance",
    "timing",
    "undervaluation",
    "de_minimis",
    "hong_kong",
    "residual",
)


@dataclass(frozen=True)
class MirrorParams:
    """Parameters of the two records (our design unless a source is given).

    freight_land, freight_sea: freight and insurance over FOB value by route
        (:mod:`tradewar.core.shipping`: OECD ITIC).
    fob_importers: importers whose customs value leaves freight and insurance out.
    hong_kong: share of the importer-recorded flow CHN -> d that left China for Hong Kong
        and was re-exported, by importer. For the US: Hong Kong's re-exports of mainland
        origin to other places were about HKD 1,190 bn in 2023 (Census and Statistics
        Department: HKD 175.8 bn produced through outward processing in Q4 2023, 59.2% of
        them), of which the US took about 6%, as of Hong Kong's exports (our reading):
        HKD 71 bn, USD 9.1 bn, 2.1% of the US's 2024 imports from China (Census, USD
        438.9 bn).
    residual: share of F by (exporter, importer) that the exporter records and no part
        explains (:func:`calibrate_residual`; Ferrantino & Wang 2007, USITC, find an
        unexplained China-US gap near 20% of the true value in 2005).
    collection: the ladder's parameters (undervaluation, de minimis parcels).
    parts: the parts of :data:`PARTS` switched on.
    rerouting: parameters of rerouting; None switches it off.
    """

    freight_land: float = shipping.FREIGHT_LAND
    freight_sea: float = shipping.FREIGHT_SEA
    fob_importers: tuple[str, ...] = shipping.FOB_IMPORTERS
    hong_kong: dict[str, float] = field(default_factory=lambda: {"USA": 0.021})
    residual: dict[tuple[str, str], float] = field(default_factory=lambda: {("CHN", "USA"): 0.146})
    collection: collected.CollectionParams = field(default_factory=collected.CollectionParams)
    parts: tuple[str, ...] = PARTS
    rerouting: RoutingParams | None = field(default_factory=RoutingParams)

    def __post_init__(self) -> None:
        for name in ("freight_land", "freight_sea"):
            value = getattr(self, name)
            if not (np.isfinite(value) and 0 <= value < 1):
                raise DataError(f"freight share {name} = {value!r} must lie in [0, 1)")
        for code, share in self.hong_kong.items():
            if not 0 <= share < 1:
                raise DataError(f"Hong Kong share of {code} = {share!r} must lie in [0, 1)")
        for pair, share in self.residual.items():
            if not -1 < share < 1:
                raise DataError(f"residual of {'->'.join(pair)} = {share!r} must lie in (-1, 1)")
        unknown = set(self.parts) - set(PARTS)
        if unknown:
            raise DataError(
                f"unknown part(s) of the gap {sorted(unknown)}; known: {', '.join(PARTS)}"
            )

    def without_parts(self) -> MirrorParams:
        """The same with every part switched off (the two records then agree)."""
        return replace(self, parts=())


@dataclass(frozen=True)
class Records:
    """The two records of every flow, USD per month, [month, exporter, importer, sector]:
    ``exporter`` (FOB, at shipment), ``importer`` (customs value at arrival, declared),
    ``parts`` (name -> the part of ``exporter - importer``), ``routed`` (the change of the
    recorded flows from rerouting, in ``exporter``), and the same two records of the
    no-war path (``no_war_exporter``, ``no_war_importer``)."""

    months: list[str]
    exporter: np.ndarray
    importer: np.ndarray
    parts: dict[str, np.ndarray]
    routed: np.ndarray
    no_war_exporter: np.ndarray
    no_war_importer: np.ndarray


def _on(params: MirrorParams, part: str) -> bool:
    return part in params.parts


def _parcels(baseline, months, flows, tariffs, params: MirrorParams, ends: bool):
    """(shipped, entered) parcels (M, N, N, S), USD a month, into the US: each partner's
    share (:func:`tradewar.enacted.collected.parcel_shares` on the baseline's US imports)
    spread over its goods sectors like its flows; after the exemption ends (``ends``)
    they pay the partner's average rate that month and are bought less, and the US
    records them."""
    shape = flows.shape
    shipped, entered = np.zeros(shape), np.zeros(shape)
    codes = baseline.countries
    if not _on(params, "de_minimis") or "USA" not in codes:
        return shipped, entered
    us = codes.index("USA")
    scale = USD_PER_UNIT.get(baseline.unit, 1.0) / 12
    base = np.zeros((len(codes), flows.shape[-1]))
    goods = goods_sectors(baseline)
    base[:, goods] = np.array(baseline.flows, float)[:, us, goods] * scale  # (N, S)
    base[us] = 0.0
    totals = dict(zip(codes, base.sum(axis=1), strict=True))
    shares = collected.parcel_shares(totals, params.collection)
    cp = params.collection
    for i, code in enumerate(codes):
        total = base[i].sum()
        if i == us or total <= 0:
            continue
        mix = base[i] / total
        parcels = cp.de_minimis_usd / 12 * shares[code]
        if ends:
            after = share_on_or_after(months, collected.de_minimis_ends(code))
        else:
            after = np.zeros(len(months))
        value = flows[:, i, us].sum(axis=1)
        rate = np.divide(
            (tariffs[:, i, us] * flows[:, i, us]).sum(axis=1),
            value,
            out=np.zeros(len(months)),
            where=value > 0,
        )
        bought = collected.parcels_bought(parcels, rate, cp)
        shipped[:, i, us] = ((1 - after) * parcels + after * bought)[:, None] * mix
        entered[:, i, us] = (after * bought)[:, None] * mix
    return shipped, entered


def _hong_kong(codes, flows, params: MirrorParams) -> np.ndarray:
    """(M, N, N, S) change of the exporters' records from re-exports through Hong Kong:
    China's exports to d less, to HKG more; HKG's exports to d more."""
    out = np.zeros_like(flows)
    if not _on(params, "hong_kong") or "CHN" not in codes or "HKG" not in codes:
        return out
    c, h = codes.index("CHN"), codes.index("HKG")
    for code, share in params.hong_kong.items():
        if code in codes and code not in ("CHN", "HKG"):
            d = codes.index(code)
            moved = share * flows[:, c, d]
            out[:, c, d] -= moved
            out[:, c, h] += moved
            out[:, h, d] += moved
    return out


def _side(
    b: Baseline,
    months: list[str],
    transit: np.ndarray,
    flows: np.ndarray,
    arrived: np.ndarray,
    tariffs: np.ndarray,
    params: MirrorParams,
    war: bool,
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Exporter and importer records and the parts of their gap for ``flows`` shipped
    in ``months`` on baseline ``b``, ``arrived`` (their arrivals after ``transit``, (N,
    N) months), at ``tariffs`` (M, N, N, S)."""
    codes = b.countries
    if not _on(params, "timing"):
        arrived = flows
    base = np.asarray(b.tariffs, float)
    if _on(params, "undervaluation"):
        extra = np.maximum(tariffs - base[None], 0.0)
        hidden = flows * (1 - collected.declared_share(extra, params.collection))
        declared_away = arrive(hidden, transit, hidden[0]) if _on(params, "timing") else hidden
    else:
        declared_away = np.zeros_like(flows)
    freight = np.zeros((len(codes), len(codes)))
    if _on(params, "freight_insurance"):
        freight = freight_margin(codes, params.freight_land, params.freight_sea)
        fob = [k for k, c in enumerate(codes) if c in params.fob_importers]
        freight[:, fob] = 0.0
    freight = freight[None, :, :, None]
    parcels_shipped, parcels_entered = _parcels(b, months, flows, tariffs, params, ends=war)
    hong_kong = _hong_kong(codes, flows, params)
    residual = np.zeros_like(flows)
    if _on(params, "residual"):
        for (o, d), share in params.residual.items():
            if o in codes and d in codes:
                residual[:, codes.index(o), codes.index(d)] = (
                    share * flows[:, codes.index(o), codes.index(d)]
                )
    landed = arrived - declared_away
    exporter = flows + hong_kong + parcels_shipped + residual
    importer = landed * (1 + freight) + parcels_entered
    # Hong Kong's customs record its imports from China of goods for re-export
    if hong_kong.any():
        c, h = codes.index("CHN"), codes.index("HKG")
        importer[:, c, h] += hong_kong[:, c, h]
        hong_kong = hong_kong.copy()
        hong_kong[:, c, h] = 0.0  # both sides record these
    parts = {
        "freight_insurance": -freight * landed,
        "timing": flows - arrived,
        "undervaluation": declared_away,
        "de_minimis": parcels_shipped - parcels_entered,
        "hong_kong": hong_kong,
        "residual": residual,
    }
    return exporter, importer, parts


def params_for(scenario) -> MirrorParams:
    """The parameters a scenario's ``recording:`` asks for (defaults otherwise)."""
    rec = scenario.recording
    return MirrorParams(
        freight_land=rec.freight_land,
        freight_sea=rec.freight_sea,
        parts=PARTS if rec.parts is None else tuple(rec.parts),
        rerouting=routing_params(rec),
    )


def _routing_inputs(params: MirrorParams) -> tuple:
    """What the routing shares depend on besides the path: the routing parameters and
    the freight margins."""
    return params.rerouting, params.freight_land, params.freight_sea


def records(path, params: MirrorParams | None = None) -> Records:
    """Both records of a :class:`tradewar.paths.path.ScenarioPath` and of its no-war path
    (``params``: by default those of the path's scenario, :func:`params_for`)."""
    params = params or params_for(path.scenario)
    recorded = path.recorded
    b = path.baseline
    shipped, arrived = recorded.shipped, recorded.arrived
    transit = transit_months(b, RecordingParams())
    moved = np.zeros_like(shipped)
    if params.rerouting is not None:
        own = params_for(path.scenario)
        if _routing_inputs(params) == _routing_inputs(own):  # the timeline's, computed once
            routing = path.timeline.routing
        else:
            freight = freight_margin(b.countries, params.freight_land, params.freight_sea)
            law = path.timeline.law_tariffs
            routing = shares(b, path.months, law, params.rerouting, freight)
        routed = routing.routed(shipped)
        if routed.value.size:
            moved = routed.moved(shipped.shape, params.rerouting.processing)
            shipped = shipped + moved
            arrived = arrived + arrive(moved, transit, np.zeros_like(moved[0]))
    war = any(e.instrument == "import_tariff" and e.actor == "USA" for e in path.scenario.events)
    months = list(path.months)
    exporter, importer, parts = _side(
        b, months, transit, shipped, arrived, path.tariffs, params, war
    )
    # the no-war path is the same every month (and keeps the de minimis exemption): its
    # records are those of one month, repeated
    no_war = recorded.no_war[:1]
    base = np.asarray(b.tariffs, float)[None]
    no_war_sides = _side(b, months[:1], transit, no_war, no_war, base, params, False)[:2]
    no_war_exporter, no_war_importer = (
        np.broadcast_to(side, shipped.shape) for side in no_war_sides
    )
    return Records(
        months=months,
        exporter=exporter,
        importer=importer,
        parts=parts,
        routed=moved,
        no_war_exporter=no_war_exporter,
        no_war_importer=no_war_importer,
    )


def calibrate_residual(baseline, params: MirrorParams | None = None, data=None) -> dict:
    """The base-year residual of China -> US: China's customs over the Census in the 2024
    months both observe (``observed_2025/``; the Census months shifted by the model's
    transit time), less what the other parts explain in the no-war path (de minimis
    parcels that China records, re-exports through Hong Kong), as a share of the true
    flow. Returns ``ratio`` (observed), ``parcels`` and ``hong_kong`` (shares of the
    flow) and ``residual``."""
    params = params or MirrorParams()
    frame = collected.observed_csv(collected.MIRROR, data)
    series = {
        name: frame[frame["series"] == name].set_index("month")["value"]
        for name in ("CHN_exports_to_USA", "US_imports_from_CHN_census")
    }
    china = series["CHN_exports_to_USA"] * 1e9
    census = series["US_imports_from_CHN_census"] * 1e6
    c, u = baseline.index("CHN"), baseline.index("USA")
    lag = transit_months(baseline, RecordingParams())[c, u]
    whole, frac = int(np.floor(lag)), lag - np.floor(lag)

    def later(month: str, k: int) -> str:
        y, m = map(int, month.split("-"))
        m += k
        return f"{y + (m - 1) // 12:04d}-{(m - 1) % 12 + 1:02d}"

    months = [
        m
        for m in china.index
        if m < "2025-01" and later(m, whole) in census.index and later(m, whole + 1) in census.index
    ]
    if not months:
        raise DataError("no 2024 month with both China's customs and the Census observed")
    arrived = sum(
        (1 - frac) * census[later(m, whole)] + frac * census[later(m, whole + 1)] for m in months
    )
    ratio = float(china[months].sum() / arrived)
    goods = goods_sectors(baseline)
    monthly = np.asarray(baseline.flows, float)[None] * USD_PER_UNIT.get(baseline.unit, 1.0) / 12
    flow = float(monthly[0, c, u, goods].sum())
    tariffs = np.asarray(baseline.tariffs, float)[None]
    shipped, _ = _parcels(baseline, ["2024-01"], monthly, tariffs, params, ends=False)
    parcels = float(shipped[0, c, u].sum()) / flow
    hong_kong = params.hong_kong.get("USA", 0.0) if "hong_kong" in params.parts else 0.0
    return {
        "ratio": ratio,
        "parcels": parcels,
        "hong_kong": hong_kong,
        "residual": ratio - 1 + hong_kong - parcels,
        "months": months,
    }
