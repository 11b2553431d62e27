"""Prices along the chain, from a finished monthly path (docs/model.md M.1-M.2).

All prices are log changes from the baseline, in the model's numeraire (world value
added), computed from the months' equilibria without solving anything again:

* **factory**: the exporter's unit cost, ``ln c_hat[i, s]``;
* **FOB** (at the exporter's border): the factory price times one plus the export tax
  and the licence price of an export control in force (its shadow tax, whoever holds the
  rent), ``[i, n, s]``;
* **landed** (at the importer's border, before duty): FOB times the change of the
  trade cost (non-tariff barriers, the routing costs of goods sent through hubs);
* **duty paid**: landed times ``(1 + t) / (1 + t0)``, the tariffs customs charge that
  month (:attr:`tradewar.paths.path.ScenarioPath.tariffs`).

The **border pass-through** of a group of flows is ``sum w dln(FOB (1 + t)) / sum w
dln(1 + t)`` over the flows whose tariff changed, ``w`` their baseline value: 1 when
exporters absorb nothing, below 1 when their prices fall (trade-cost changes, such as
the routing costs of rerouted goods, are in the landed price, not in this ratio).

**Shop prices** (our design, docs/model.md M.2), against the buyer's country's wage: a
good's shop price is its basic price (the sector price index buyers pay) for a share
``1 - margin`` and the distribution margin, priced as services, for the rest; shops reset
prices at a monthly frequency ``f`` (:class:`RetailParams`), so h months after a change
of the basic price a share ``1 - (1 - f)^(h + 1)`` of it has reached the shelf.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tradewar.core.baseline import Baseline, goods_sectors
from tradewar.core.errors import TradewarError
from tradewar.datasets import households as household_data

#: Tariff changes smaller than this (in ln(1 + t)) are left out of a pass-through ratio.
MIN_TARIFF_CHANGE = 1e-3


@dataclass(frozen=True)
class RetailParams:
    """The shop layer (our design, docs/model.md M.2).

    frequency: share of shop prices reset each month. Nakamura & Steinsson (2008, QJE
        123(4), "Five Facts about Prices"): the median frequency of regular (non-sale)
        price changes in the US CPI microdata is about 9-12% a month; 0.10.
    margins: distribution margin on households' goods purchases by country (fraction of
        the shop price); None: the OECD national tables' (``households.json``), the
        median of those for economies they do not cover.
    """

    frequency: float = 0.10
    margins: dict[str, float] | None = None

    def __post_init__(self) -> None:
        if not 0.0 < self.frequency <= 1.0:
            raise TradewarError(
                f"retail price-change frequency {self.frequency:g} is not in (0, 1]"
            )
        for code, margin in (self.margins or {}).items():
            problem = margin_problem(code, margin)
            if problem:
                raise TradewarError(problem)

    def margin_array(self, countries) -> np.ndarray:
        """Margins by country (N,)."""
        out = household_data.margins(countries)
        for code, margin in (self.margins or {}).items():
            if code in countries:
                out[list(countries).index(code)] = margin
        return out


def margin_problem(code: str, margin: float) -> str | None:
    """What is wrong with ``code``'s distribution margin (a fraction of the shop price in
    [0, 1)), or None; the scenario schema and :class:`RetailParams` both check it so."""
    if not 0.0 <= margin < 1.0:
        return f"retail margin of {code} is {margin:g}; it must be in [0, 1)"
    return None


def retail_params(scenario) -> RetailParams:
    """The shop layer a scenario asks for (its ``retail:`` block)."""
    spec = scenario.retail
    return RetailParams(spec.frequency, dict(spec.margins) or None)


def reached(months: int, frequency: float) -> np.ndarray:
    """Share of a basic-price change on the shelf h = 0 .. months-1 months after it, (M,)."""
    return 1.0 - (1.0 - frequency) ** (np.arange(months) + 1.0)


def sticky(changes: np.ndarray, frequency: float) -> np.ndarray:
    """Shop-price log changes (M, ...) from basic-price log changes ``changes`` (M, ...)
    of a path that starts at the baseline: each month's change of the basic price reaches
    the shelf as :func:`reached` says."""
    M = changes.shape[0]
    steps = np.diff(changes, axis=0, prepend=np.zeros((1, *changes.shape[1:])))
    share = reached(M, frequency)
    lags = np.arange(M)[:, None] - np.arange(M)[None, :]
    weights = np.where(lags >= 0, share[np.clip(lags, 0, None)], 0.0)  # (m, k)
    return np.tensordot(weights, steps, axes=(1, 0))


def shop_prices(basic: np.ndarray, baseline: Baseline, margins: np.ndarray) -> np.ndarray:
    """Shop prices with every change passed through (the long run), (..., N, S) log
    changes, from basic prices (..., N, S): goods ``(1 - margin) basic + margin
    services``, services at their basic price; ``services`` is the final-demand weighted
    mean of the service sectors' (0 when the baseline has none)."""
    goods = goods_sectors(baseline)
    service = [k for k in range(baseline.n_sectors) if k not in goods]
    out = np.array(basic, dtype=float)
    if not service:
        margin_price = np.zeros(basic.shape[:-1])
    else:
        weights = np.clip(baseline.final_demand()[:, service], 0.0, None) + 1e-12
        weights = weights / weights.sum(axis=1, keepdims=True)
        margin_price = (basic[..., service] * weights).sum(axis=-1)
    m = margins[:, None]
    out[..., goods] = (1 - m) * basic[..., goods] + m * margin_price[..., None]
    return out


@dataclass(frozen=True, eq=False)
class ChainPrices:
    """Log price changes along the chain by month (see the module): ``factory`` (M, N, S);
    ``fob``, ``landed``, ``duty_paid`` and ``tariff`` = ``ln((1 + t) / (1 + t0))``,
    [month, exporter, importer, sector] (M, N, N, S), all in the model's numeraire (world
    value added); ``basic`` (M, N, S), the sector price index buyers pay, and ``shop``
    (M, N, S), shop prices with the retail lag, both against the buyer's country's wage
    (what buyers whose earnings did not change pay); ``long_run_basic`` and
    ``long_run_shop`` (N, S), the same in the long run; ``frequency``: the retail layer's
    monthly frequency of price changes (:class:`RetailParams`)."""

    months: list[str]
    factory: np.ndarray
    fob: np.ndarray
    landed: np.ndarray
    duty_paid: np.ndarray
    tariff: np.ndarray
    basic: np.ndarray
    shop: np.ndarray
    long_run_basic: np.ndarray
    long_run_shop: np.ndarray
    frequency: float


def _licence_wedges(path) -> np.ndarray:
    """ln(1 + shadow tax) of the controls in force by month, (M, N, N, S)."""
    shape = (len(path.months), *path.baseline.flows.shape)
    out = np.zeros(shape)
    for m, res in enumerate(path.results):
        for written, solved in zip(path.timeline.controls[m], res.controls, strict=True):
            out[m] += written.cells * solved["shadow_tax"]
    return np.log1p(out)


def chain_prices(path, retail: RetailParams | None = None) -> ChainPrices:
    """The chain of prices of a finished :class:`~tradewar.paths.path.ScenarioPath`
    (multi-sector families: their results carry each producer's unit cost)."""
    if "unit_cost_hat" not in path.results[0].sector_outcomes:
        raise TradewarError(
            "prices along the chain need a multi-sector baseline (unit costs by sector)"
        )
    retail = retail or retail_params(path.scenario)
    b = path.baseline
    wedges = path.timeline.wedges
    factory = np.log(np.array([r.sector_outcomes["unit_cost_hat"] for r in path.results]))
    fob = factory[:, :, None, :] + np.log1p(wedges.export_taxes) + _licence_wedges(path)
    landed = fob + np.log(wedges.trade_costs)
    tariff = np.log1p(path.tariffs) - np.log1p(b.tariffs)[None]
    wage = np.log1p(np.array([r.outcomes["wage"] for r in path.results]) / 100)
    basic = np.log1p(np.array([r.sector_outcomes["prices"] for r in path.results]) / 100)
    basic = basic - wage[:, :, None]
    margins = retail.margin_array(b.countries)
    shop = shop_prices(sticky(basic, retail.frequency), b, margins)
    long_basic = np.log1p(path.long_run.sector_outcomes["prices"] / 100)
    long_basic = long_basic - np.log1p(path.long_run.outcomes["wage"] / 100)[:, None]
    return ChainPrices(
        list(path.months),
        factory,
        fob.astype(np.float32),
        landed.astype(np.float32),
        (landed + tariff).astype(np.float32),
        tariff.astype(np.float32),
        basic,
        shop,
        long_basic,
        shop_prices(long_basic, b, margins),
        retail.frequency,
    )


def pass_through(
    chain: ChainPrices, weights: np.ndarray, cells: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Border pass-through of a group of flows by month: ``(ratio, dln(FOB (1 + t)),
    dln(1 + t))``, each (M,), the price and tariff changes weighted by ``weights`` (N, N, S,
    baseline values) over the flows in ``cells`` (bool, N, N, S) whose tariff changed by
    more than :data:`MIN_TARIFF_CHANGE`; the ratio is NaN in a month without such a
    change."""
    changed = (np.abs(chain.tariff) > MIN_TARIFF_CHANGE) & cells[None]
    w = np.where(changed, weights[None], 0.0)
    total = w.sum(axis=(1, 2, 3))
    safe = np.where(total > 0, total, 1.0)
    price = (w * (chain.fob + chain.tariff)).sum(axis=(1, 2, 3)) / safe
    tariff = (w * chain.tariff).sum(axis=(1, 2, 3)) / safe
    ratio = np.where(
        (total > 0) & (np.abs(tariff) > 0), price / np.where(tariff, tariff, 1), np.nan
    )
    return ratio, price, tariff


def importer_means(
    chain: ChainPrices,
    weights: np.ndarray,
    importer: int,
    groups: dict[str, list[int]],
    sectors: dict[str, list[int]],
) -> dict[str, np.ndarray]:
    """One importer's chain prices by partner group and sector group, each (M, G, K):
    ``fob``, ``landed``, ``duty_paid`` and ``tariff``, log changes averaged with
    ``weights`` [i, n, s] (baseline values), and ``pass_through`` (:func:`pass_through`
    for each group; NaN where no tariff changed). The importer itself is left out of
    every partner group."""
    w = np.asarray(weights, float)[:, importer, :]  # (N, S)
    members = np.zeros((len(groups), w.shape[0]))
    for g, rows in enumerate(groups.values()):
        members[g, [k for k in rows if k != importer]] = 1.0
    cols = np.zeros((len(sectors), w.shape[1]))
    for k, idx in enumerate(sectors.values()):
        cols[k, idx] = 1.0

    def total(values):  # (M, N, S) -> (M, G, K)
        return np.einsum("gi,mis,ks->mgk", members, values, cols, optimize=True)

    den = members @ w @ cols.T  # (G, K)
    safe = np.where(den > 0, den, np.nan)
    out = {}
    for name in ("fob", "landed", "duty_paid", "tariff"):
        out[name] = total(w[None] * getattr(chain, name)[:, :, importer, :]) / safe
    tariff = chain.tariff[:, :, importer, :]
    changed = w[None] * (np.abs(tariff) > MIN_TARIFF_CHANGE)
    moved = total(changed * tariff)
    paid = total(changed * (chain.fob[:, :, importer, :] + tariff))
    out["pass_through"] = np.where(np.abs(moved) > 0, paid / np.where(moved, moved, 1.0), np.nan)
    return out


def partner_groups(path) -> dict[str, list[int]]:
    """Partner groups of the price tables: each focus country, the EU's members together
    (when the baseline has them) and the rest of the world."""
    b = path.baseline
    groups = {code: [b.index(code)] for code in path.scenario.focus}
    named = {k for v in groups.values() for k in v}
    if "EU27" not in b.countries:
        eu = [k for k in b.indices("EU27") if k not in named]
        if len(eu) > 1:
            groups["EU27"] = eu
            named |= set(eu)
    groups["rest of world"] = [k for k in range(b.n_countries) if k not in named]
    return groups
