"""Users' stocks of an export-controlled input, month by month (docs/model.md D.5; our
design).

Users in each destination hold a stock of what the controlled exporter sells them, in
months of use at the baseline rate. While a licence pool binds, its users draw on their
stocks before they go without: the month's solve lets the pool's users use the licensed
quantity plus what their stock can give (at most what they used in the baseline), and
what they drew is what the solve says they used above the licensed quantity. When the
stock is gone the quota binds on use. Where licences flow again (no control, a pool with
headroom, or a pool approving the whole baseline quantity, whose licences then cover the
rebuilding too) users rebuild their stocks to the target over ``rebuild_months``; the
rebuilding is bought on top of use.

What the path carries from month to month is the stock, (N, S) months of use for each
destination n and controlled sector s. The equilibrium sees use; customs see purchases,
``use - drawn + rebuilt`` (:meth:`StockPath.purchases`), which is what
:mod:`tradewar.paths.recorded_trade` records.

A destination's cover of an input is the use-weighted mean of its users' cover (the
``cover`` months of each using sector; ``default`` for every other user and for final
demand), from the baseline's input coefficients.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.errors import TradewarError
from tradewar.core.policy import ExportControl


def stock_problem(what: str, months: float) -> str | None:
    """Why ``months`` of use cannot be a stock (``what`` names it: "stock of C29:",
    "default stock"), or None."""
    if np.isfinite(months) and months >= 0:
        return None
    return f"{what} {months:g} months of use; a stock is 0 months or more"


def rebuild_problem(months: float) -> str | None:
    """Why ``months`` cannot be the months over which a stock is rebuilt, or None."""
    return None if months > 0 else f"rebuild_months {months:g} must be positive"


@dataclass(frozen=True)
class StockParams:
    """Months of use users hold (``cover`` by using sector, ``default`` for the others)
    and the months over which a drawn stock is rebuilt."""

    cover: Mapping[str, float]
    default: float
    rebuild_months: float

    def __post_init__(self) -> None:
        problems = [stock_problem(f"stock of {s}:", m) for s, m in self.cover.items()]
        problems += [stock_problem("default stock", self.default)]
        problems += [rebuild_problem(self.rebuild_months)]
        for problem in problems:
            if problem:
                raise TradewarError(problem)


def cover_of_inputs(baseline: Baseline, inputs: Sequence[int], params: StockParams) -> np.ndarray:
    """Months of use each destination holds of each input, (N, len(inputs)): its users'
    cover weighted by their baseline purchases of the input (final demand at
    ``params.default``)."""
    unknown = [s for s in params.cover if s not in baseline.sectors]
    if unknown:
        raise TradewarError(
            f"inventories: unknown using sectors {unknown}; sectors: {list(baseline.sectors)}"
        )
    if not baseline.has_io:
        return np.full((baseline.n_countries, len(inputs)), params.default)
    cover = np.array([params.cover.get(s, params.default) for s in baseline.sectors])
    spending = (baseline.flows * (1 + baseline.tariffs)).sum(axis=0)  # [n, k]
    io = baseline.input_coefficients()  # [n, k, j]
    output = baseline.flows.sum(axis=1)  # [n, j]
    out = np.empty((baseline.n_countries, len(inputs)))
    for col, k in enumerate(inputs):
        by_user = io[:, k, :] * output  # [n, j]
        final = np.maximum(spending[:, k] - by_user.sum(axis=1), 0.0)
        total = by_user.sum(axis=1) + final
        held = by_user @ cover + final * params.default
        out[:, col] = np.divide(
            held, total, out=np.full(total.shape, params.default), where=total > 0
        )
    return out


@dataclass(frozen=True)
class StockPath:
    """The stocks of a path: ``exporter`` (index), ``sectors`` (indices of the stocked
    inputs), and by month (M, N, S) in months of baseline use of exporter -> n in s:
    ``start`` (the stock at the start of the month), ``drawn`` and ``rebuilt``;
    ``target`` (N, S) the cover users hold; ``pools``: for each month, for each quantity
    limit in force (in the order of the month's ``Results.controls``), its users' stock at
    the start of the month (months of use) and what they bought (relative to the
    baseline), or (NaN, the quantity used) where the limit's flows are not stocked."""

    exporter: int
    sectors: tuple[int, ...]
    target: np.ndarray
    start: np.ndarray
    drawn: np.ndarray
    rebuilt: np.ndarray
    pools: tuple[tuple[tuple[float, float], ...], ...]

    def purchases(self, baseline: Baseline, unit_costs: np.ndarray) -> np.ndarray:
        """What buyers bought above (+) or below (-) their use, [month, i, n, s] in the
        baseline's unit per year at the month's producer prices (``unit_costs`` (M, N, S),
        the exporter's unit-cost change): ``(rebuilt - drawn) x the baseline flow``."""
        M = self.start.shape[0]
        out = np.zeros((M, *baseline.flows.shape))
        i = self.exporter
        for col, s in enumerate(self.sectors):
            change = self.rebuilt[:, :, col] - self.drawn[:, :, col]  # [m, n]
            out[:, i, :, s] = change * baseline.flows[i, :, s][None, :] * unit_costs[:, i, s, None]
        out[:, i, i, :] = 0.0
        return out


class Ledger:
    """The stocks carried along a path while it is solved (:func:`tradewar.paths.simulate`):
    :meth:`relax` the month's controls by what stocks can give, solve, then
    :meth:`book` what was used."""

    def __init__(
        self,
        baseline: Baseline,
        params: StockParams,
        exporter: str,
        sectors: Sequence[str],
        months: int,
    ):
        self.baseline = baseline
        self.params = params
        self.exporter = baseline.index(exporter)
        self.sectors = tuple(baseline.sectors.index(s) for s in sectors)
        self.target = cover_of_inputs(baseline, self.sectors, params)
        self.target[self.exporter] = 0.0  # no stock of one's own exports
        shape = (months, baseline.n_countries, len(self.sectors))
        self.start, self.drawn, self.rebuilt = np.zeros(shape), np.zeros(shape), np.zeros(shape)
        self.pools: list[tuple[tuple[float, float], ...]] = []
        self.stock = self.target.copy()
        flows = baseline.flows[self.exporter][:, list(self.sectors)]  # [n, s]
        self.shipments = flows

    def _pool(self, control: ExportControl) -> tuple[np.ndarray, int] | None:
        """Destination weights (N,) of a control of the stocked exporter on one stocked
        sector, and the sector's column; None for other limits."""
        if control.capacity:
            return None
        cells = control.cells[self.exporter]  # [n, s]
        if not cells.any() or control.cells.sum() != cells.sum():
            return None
        covered = [col for col, s in enumerate(self.sectors) if cells[:, s].any()]
        if len(covered) != 1 or cells.any(axis=0).sum() != 1:
            return None
        col = covered[0]
        w = np.where(cells[:, self.sectors[col]], self.shipments[:, col], 0.0)
        return (w / w.sum(), col) if w.sum() > 0 else None

    def relax(self, controls: Sequence[ExportControl]) -> tuple[ExportControl, ...]:
        """The month's controls with each pool's quota raised by what its users' stocks
        can give (at most up to their baseline use)."""
        out = []
        for c in controls:
            pool = self._pool(c)
            if pool is None or c.quota >= 1:
                out.append(c)
                continue
            w, col = pool
            stock = float(w @ self.stock[:, col])
            out.append(replace(c, quota=c.quota + min(stock, 1.0 - c.quota)))
        return tuple(out)

    def book(self, k: int, controls: Sequence[ExportControl], used: Sequence[float]) -> None:
        """Month ``k``: the stocks drawn by each pool of ``controls`` (as written, before
        :meth:`relax`), which used ``used`` (quantity relative to the baseline, one per
        control), and rebuilt where licences flow freely."""
        self.start[k] = self.stock
        limited = np.zeros(self.stock.shape, bool)
        pools = []
        for c, u in zip(controls, used, strict=True):
            pool = self._pool(c)
            if pool is None:
                pools.append((np.nan, u))
                continue
            w, col = pool
            dest = w > 0
            limited[dest, col] = True
            have = float(w @ self.stock[:, col])
            draw = min(max(u - c.quota, 0.0), have)
            if draw > 0:  # each destination draws the same share of its stock
                taken = self.stock[dest, col] * (draw / have)
                self.drawn[k, dest, col] = taken
                self.stock[dest, col] -= taken
                pools.append((have, u - draw))
            else:  # headroom in the pool: rebuild with it (all of it at a rate of 1)
                room = np.inf if c.quota >= 1 else max(c.quota - u, 0.0)
                want = self._rebuild_want(dest, col)
                need = float(w[dest] @ want)
                scale = min(1.0, room / need) if need > 0 else 0.0
                self.rebuilt[k, dest, col] = want * scale
                self.stock[dest, col] += want * scale
                pools.append((have, u + scale * need))
        self.pools.append(tuple(pools))
        free = ~limited
        want = np.where(free, self._rebuild_want(slice(None), slice(None)), 0.0)
        self.rebuilt[k] += want
        self.stock += want

    def _rebuild_want(self, rows, cols) -> np.ndarray:
        gap = np.maximum(self.target[rows, cols] - self.stock[rows, cols], 0.0)
        return np.minimum(gap, self.target[rows, cols] / self.params.rebuild_months)

    def path(self) -> StockPath:
        """The stocks, draws and purchases booked so far, as a :class:`StockPath`."""
        return StockPath(
            self.exporter,
            self.sectors,
            self.target,
            self.start,
            self.drawn,
            self.rebuilt,
            tuple(self.pools),
        )
