"""Optimal tariffs and Nash trade wars for every model family, with exact gradients.

Games talk only to the model interface (:class:`tradewar.models.interface.Model`): a
choice of tariffs is a :class:`~tradewar.models.interface.TariffCells` and welfare with
its gradient comes from :meth:`Model.welfare_and_gradient` (implicit differentiation).

* :func:`optimal_tariffs` — the tariffs (uniform, one per partner, or one per sector) that
  maximise a country's welfare given everyone else's. One rate: every root of the exact
  gradient on a grid of brackets over the bounds, keeping the best (a global search in
  one dimension); several rates: L-BFGS-B from several starts, keeping the best.
* :func:`nash_war` — every player sets a uniform tariff as a best response to the
  others' current ones, in turn (Gauss-Seidel), until no rate moves.

Both return a :class:`TariffGame`: the rates, each player's welfare, the first-order
conditions at the solution (projected gradients: zero at interior rates, of the right
sign at a bound) and the policy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from tradewar.core.errors import SolverError, TradewarError
from tradewar.core.policy import Policy
from tradewar.models.interface import (
    Model,
    TariffCells,
    WarmStart,
    tariff_cells,
)

#: Default bounds of a tariff choice (fractions; 0 rules out import subsidies).
BOUNDS = (0.0, 1.5)
#: Brackets of the global search over one rate (grid points over the bounds).
GRID_POINTS = 9


@dataclass(frozen=True, kw_only=True)
class TariffGame:
    """Result of a tariff game (every game of :mod:`tradewar.games` returns one).

    players: who chose (one country for :func:`optimal_tariffs`); labels: what each rate
    is (``"all partners"``, partner codes, sector names, the players of a Nash war, or
    ``"country: partner sector"`` when several countries choose many rates); rates: the
    chosen tariffs (fractions), in ``labels`` order; welfare: each player's welfare change
    at the solution (percent; in talks, relative to the disagreement point); gradients:
    the first-order conditions projected on the bounds (zero at a solution): for best
    responses and wars d welfare of the rate's chooser (percent) / d rate, for talks the
    gradient of their objective (the Lagrangian or the log Nash product); policy: the
    full policy with the rates in force; rounds: best-response rounds (1 for one country)
    or outer iterations; max_change: the largest rate change in the last round;
    evaluations: welfare-and-gradient evaluations (each one equilibrium solve);
    converged: whether the game's stopping rule was met; history: its convergence
    measure per round.
    """

    players: tuple[str, ...]
    labels: tuple[str, ...]
    rates: np.ndarray
    welfare: np.ndarray
    gradients: np.ndarray
    policy: Policy
    rounds: int
    max_change: float
    evaluations: int
    converged: bool = True
    history: tuple[float, ...] = ()

    @property
    def max_foc(self) -> float:
        """Largest |first-order condition| (percent welfare per unit of tariff)."""
        return float(np.max(np.abs(self.gradients)))


def projected(gradient: np.ndarray, rates: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    """The gradient with the components that push against an active bound set to 0: the
    first-order (complementarity) conditions of a box-constrained maximum."""
    lo, hi = bounds
    at_bound = (rates <= lo) & (gradient < 0) | (rates >= hi) & (gradient > 0)
    return np.where(at_bound, 0.0, gradient)


class _Objective:
    """Checked, warm-started welfare-and-gradient calls for one country's choice."""

    def __init__(self, model: Model, in_force: Policy, cells: TariffCells, country: str):
        self.model, self.in_force, self.cells, self.country = model, in_force, cells, country
        self.warm: WarmStart | None = None
        self.calls = 0

    def __call__(self, theta) -> tuple[float, np.ndarray]:
        self.calls += 1
        try:
            out = self.model.welfare_and_gradient(
                self.in_force, self.cells, np.asarray(theta, float), self.country, self.warm
            )
        except SolverError:
            if self.warm is None:
                raise
            self.warm = None  # a far-away warm start can fail where a cold one does not
            out = self.model.welfare_and_gradient(
                self.in_force, self.cells, np.asarray(theta, float), self.country
            )
        if not np.all(np.isfinite(out.gradient)):
            raise SolverError(f"welfare gradient of {self.country}", float("nan"), self.calls)
        self.warm = out.warm
        return out.value, out.gradient


def _one_rate(
    objective: Callable[[float], tuple[float, float]],
    bounds: tuple[float, float],
    start: float | None,
) -> float:
    """The best single rate in ``bounds``: roots of the slope where it turns from + to -,
    and the bounds where the slope points out. ``start`` None: search brackets over a grid
    of the whole range (global); a number: only the bracket found by stepping from it
    (local, for the rounds of a Nash war)."""
    lo, hi = bounds
    cache: dict[float, tuple[float, float]] = {}

    def at(rate: float) -> tuple[float, float]:
        if rate not in cache:
            cache[rate] = objective(rate)
        return cache[rate]

    def slope(rate: float) -> float:
        return at(rate)[1]

    def root(a: float, b: float) -> float:
        return float(optimize.brentq(slope, a, b, xtol=1e-12, rtol=1e-13))

    candidates = []
    if start is None:
        grid = np.linspace(lo, hi, GRID_POINTS)
        slopes = [slope(float(r)) for r in grid]
        if slopes[0] <= 0:
            candidates.append(lo)
        if slopes[-1] >= 0:
            candidates.append(hi)
        for a, b, sa, sb in zip(grid[:-1], grid[1:], slopes[:-1], slopes[1:], strict=True):
            if sa > 0 > sb:
                candidates.append(root(float(a), float(b)))
    else:
        a = float(np.clip(start, lo, hi))
        step = 0.05 * (hi - lo)
        direction = 1.0 if slope(a) > 0 else -1.0
        while True:
            b = float(np.clip(a + direction * step, lo, hi))
            if b == a:  # reached a bound with the slope pointing out
                candidates.append(a)
                break
            if np.sign(slope(b)) != direction:
                candidates.append(root(min(a, b), max(a, b)))
                break
            a, step = b, 2 * step
    return max(candidates, key=lambda r: at(r)[0])


def minimise_scaled(
    loss: Callable[[np.ndarray], tuple[float, np.ndarray]],
    theta0: np.ndarray,
    bounds: tuple[float, float],
    scale: np.ndarray | None = None,
    gtol: float = 1e-7,
    ftol: float = 1e-14,
    maxiter: int = 1000,
    maxcor: int = 10,
) -> tuple[np.ndarray, float]:
    """L-BFGS-B on ``loss(theta) -> (f, grad)`` within ``bounds`` (every rate), from
    ``theta0``, in the variables ``theta / scale`` (default 1: unscaled); scaling each rate
    by 1/sqrt(its flow's weight) keeps rates on tiny flows well conditioned. ``gtol`` is
    in those variables. Returns the rates and the loss there. The one local optimiser of
    the games."""
    scale = np.ones(len(theta0)) if scale is None else np.asarray(scale, float)

    def scaled(u):
        f, g = loss(u * scale)
        return f, np.asarray(g) * scale

    res = optimize.minimize(
        scaled,
        np.clip(theta0, *bounds) / scale,
        jac=True,
        method="L-BFGS-B",
        bounds=list(zip(bounds[0] / scale, bounds[1] / scale, strict=True)),
        options={"ftol": ftol, "gtol": gtol, "maxiter": maxiter, "maxcor": maxcor},
    )
    return np.asarray(res.x * scale), float(res.fun)


def best_of_starts(
    loss: Callable[[np.ndarray], tuple[float, np.ndarray]],
    starts: Sequence[np.ndarray],
    bounds: tuple[float, float],
    **options,
) -> np.ndarray:
    """:func:`minimise_scaled` from each start (``options`` passed on); the rates with the
    lowest loss. The problems are not concave (prohibitive tariffs flatten welfare), so
    several starts guard against poor local optima."""
    best, best_loss = None, np.inf
    for start in starts:
        theta, value = minimise_scaled(loss, np.asarray(start, float), bounds, **options)
        if best is None or value < best_loss:
            best, best_loss = theta, value
    return np.asarray(best)


def optimal_tariffs(
    model: Model,
    country: str,
    structure: str = "uniform",
    in_force: Policy | None = None,
    bounds: tuple[float, float] = BOUNDS,
    start: float | None = None,
    gtol: float = 1e-7,
) -> TariffGame:
    """Welfare-maximising import tariffs of ``country`` given the others' in ``in_force``.

    Args:
        model: any model family.
        structure: ``"uniform"`` (one rate on all partners and sectors), ``"bilateral"``
            (one per partner) or ``"sector"`` (one per sector).
        in_force: policy in force (default: the baseline's tariffs).
        bounds: bounds on each rate (fractions).
        start: None searches the whole range (uniform: every bracket of a grid; several
            rates: starts at 0.2 and at the uniform optimum); a rate starts a local
            search there.
        gtol: tolerance of the first-order conditions (several rates; percent welfare per
            unit of tariff). The result's ``gradients`` are the conditions reached.
    """
    b = model.baseline
    in_force = in_force or Policy.from_baseline(b)
    cells, labels = tariff_cells(b, country, structure)
    objective = _Objective(model, in_force, cells, country)
    if len(labels) == 1:
        rates = np.array([_one_rate(lambda r: _scalar(objective, r), bounds, start)])
    else:
        if start is None:
            uniform = optimal_tariffs(model, country, "uniform", in_force, bounds)
            starts = [np.full(len(labels), 0.2), np.full(len(labels), uniform.rates[0])]
        else:
            starts = [np.full(len(labels), start)]
        rates = best_of_starts(
            lambda th: tuple(-v for v in objective(th)), starts, bounds, gtol=gtol
        )
    value, grad = objective(rates)
    foc = projected(grad, rates, bounds)
    if len(labels) > 1 and np.max(np.abs(foc)) > 100 * gtol:
        raise TradewarError(
            f"optimal {structure} tariffs of {country} did not converge: largest first-order "
            f"condition {np.max(np.abs(foc)):.1e}"
        )
    policy = model.policy_with(in_force, cells, rates, f"{country} optimal {structure} tariffs")
    return TariffGame(
        players=(country,),
        labels=labels,
        rates=rates,
        welfare=np.array([value]),
        gradients=foc,
        policy=policy,
        rounds=1,
        max_change=0.0,
        evaluations=objective.calls,
    )


def _scalar(objective: _Objective, rate: float) -> tuple[float, float]:
    value, grad = objective([rate])
    return value, float(grad[0])


def nash_war(
    model: Model,
    players: Sequence[str],
    in_force: Policy | None = None,
    tol: float = 1e-6,
    max_rounds: int = 50,
    bounds: tuple[float, float] = BOUNDS,
) -> TariffGame:
    """Uniform-tariff Nash war among ``players`` (others keep ``in_force``'s tariffs).

    Best responses in turn (Gauss-Seidel) until no rate moves by more than ``tol``: the
    first round searches each player's whole range (:func:`optimal_tariffs` with
    ``start=None``), later ones step from the player's last rate. Raises
    :class:`SolverError` if the rounds run out (equilibria need not be unique or exist in
    pure strategies).
    """
    b = model.baseline
    players = tuple(players)
    for p in players:
        b.index(p)
    if len(set(players)) < 2:
        raise TradewarError("a trade war needs at least two distinct players")
    policy = in_force or Policy.from_baseline(b)
    rates: dict[str, float | None] = dict.fromkeys(players)
    change, rounds, evaluations = np.inf, 0, 0
    while change > tol:
        if rounds == max_rounds:
            raise SolverError(
                "Nash trade war", float(change), rounds, hint="best responses kept moving"
            )
        rounds += 1
        change = 0.0
        for p in players:
            best = optimal_tariffs(model, p, "uniform", policy, bounds, start=rates[p])
            evaluations += best.evaluations
            new = float(best.rates[0])
            change = max(change, np.inf if rates[p] is None else abs(new - rates[p]))
            rates[p] = new
            policy = best.policy
    welfare, focs = [], []
    for p in players:
        cells, _ = tariff_cells(b, p, "uniform")
        out = model.welfare_and_gradient(policy, cells, [rates[p]], p)
        welfare.append(out.value)
        focs.append(float(projected(out.gradient, np.array([rates[p]]), bounds)[0]))
    return TariffGame(
        players=players,
        labels=players,
        rates=np.array([rates[p] for p in players]),
        welfare=np.array(welfare),
        gradients=np.array(focs),
        policy=policy.named(f"Nash war among {', '.join(players)}"),
        rounds=rounds,
        max_change=float(change),
        evaluations=evaluations + len(players),
    )
