"""Tariff games in the Ossa (2014) model (MODEL.md §C.6-C.8), with exact gradients.

Every objective is a function of the regions' (government) welfare G_hat (N,), and its
gradient with respect to the chosen tariffs comes from implicit differentiation of the
equilibrium (adjoint method: one factorisation of the 2N x 2N Jacobian, N right-hand
sides), never from finite differences or grids.

* :func:`optimal_tariffs` — one region's best response (C.6), MFN or by partner;
* :func:`nash_tariffs` — simultaneous best responses (Gauss-Jacobi) to a fixed point (C.7);
* :func:`cooperative_tariffs` — efficient tariffs with equal proportional gains (C.8),
  by an augmented Lagrangian around L-BFGS-B.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import jax
import jax.numpy as jnp
import numpy as np
from scipy import optimize

from tradewar.errors import SolverError, TradewarError
from tradewar.jit import jit
from tradewar.models import ossa
from tradewar.models.interface import TariffCells, apply_cells, read_cells
from tradewar.models.ossa_model import (
    equilibrium,
    solve_tariffs,
    welfare_and_jacobian,
)

#: Tariff bounds of Ossa's optimisations ("restricted": no import subsidies).
BOUNDS = (0.0, 10.0)


def region_cells(importer: int, n: int, s: int, mfn: bool) -> TariffCells:
    """The import tariffs of one region on all partners: one per industry (``mfn``) or
    one per (partner, industry), partner-major."""
    partners = [i for i in range(n) if i != importer]
    exp = np.repeat(partners, s)
    sec = np.tile(np.arange(s), len(partners))
    index = sec if mfn else np.arange(len(exp))
    return TariffCells(
        jnp.asarray(exp), jnp.full(len(exp), importer), jnp.asarray(sec), jnp.asarray(index)
    )


def all_cells(n: int, s: int, mfn: bool) -> TariffCells:
    """Every region's import tariffs (importer-major blocks of :func:`region_cells`)."""
    blocks = [region_cells(j, n, s, mfn) for j in range(n)]
    width = s if mfn else (n - 1) * s
    return TariffCells(
        *(
            jnp.concatenate([getattr(b, f) for b in blocks])
            for f in ("exporters", "importers", "sectors")
        ),
        jnp.concatenate([b.index + k * width for k, b in enumerate(blocks)]),
    )


class _Evaluator:
    """Warm-started, checked calls of :func:`welfare_and_jacobian` for one problem."""

    def __init__(self, cal, base, cells, government, name):
        self.cal, self.base, self.cells = cal, jnp.asarray(base), cells
        self.government, self.name = government, name
        self.x = ossa.initial_guess(cal)
        self.calls = 0

    def __call__(self, theta) -> tuple[np.ndarray, np.ndarray]:
        values, jac, sol = welfare_and_jacobian(
            jnp.asarray(theta, float), self.base, self.cells, self.cal, self.x, self.government
        )
        self.calls += 1
        if not bool(sol.converged):
            values, jac, sol = welfare_and_jacobian(
                jnp.asarray(theta, float),
                self.base,
                self.cells,
                self.cal,
                ossa.initial_guess(self.cal),
                self.government,
            )
            if not bool(sol.converged):
                raise SolverError(self.name, float(sol.max_residual), int(sol.iterations))
        self.x = sol.x
        return np.asarray(values), np.asarray(jac)


@dataclass(frozen=True)
class GameSolution:
    """Tariffs from a game and the equilibrium they lead to.

    tariffs: the full tariff cube [exporter, importer, sector] (fractions); x: the
    equilibrium unknowns; rounds: best-response rounds (Nash) or outer iterations;
    evaluations: equilibrium solves; converged: whether the stopping rule was met;
    history: convergence measure per round.
    """

    tariffs: np.ndarray
    x: np.ndarray
    rounds: int
    evaluations: int
    converged: bool
    history: tuple[float, ...] = field(default=())


def _scales(cal: ossa.Calibration, cells: TariffCells, size: int) -> np.ndarray:
    """Per-choice scale 1/sqrt(weight) with weight = the cells' share of the importer's
    spending: the welfare Hessian is roughly diagonal in these weights, so optimising
    ``u = theta * sqrt(weight)`` is well conditioned even for tariffs on tiny flows."""
    X, t = np.asarray(cal.X), np.asarray(cal.t)
    e, n, s = (np.asarray(a) for a in (cells.exporters, cells.importers, cells.sectors))
    share = (1 + t[e, n, s]) * X[e, n, s] / np.asarray(cal.E)[n]
    weight = np.bincount(np.asarray(cells.index), share, size)
    return 1.0 / np.sqrt(np.maximum(weight, 1e-12))


def _maximise(loss, theta0, scale, bounds, gtol):
    """L-BFGS-B on ``loss(theta) -> (f, grad)`` in the scaled variables theta / scale."""

    def scaled(u):
        f, g = loss(u * scale)
        return f, g * scale

    res = optimize.minimize(
        scaled,
        np.clip(theta0, *bounds) / scale,
        jac=True,
        method="L-BFGS-B",
        bounds=list(zip(bounds[0] / scale, bounds[1] / scale, strict=True)),
        options={"ftol": 1e-15, "gtol": gtol, "maxiter": 3000, "maxcor": 30},
    )
    return res.x * scale


def _best_response(cal, current, importer, mfn, government, starts=(None,), gtol=1e-10):
    """Best response of ``importer`` to the tariff cube ``current``: the best of local
    optima from each start (None = its current tariffs); the problem is not concave
    (prohibitive tariffs flatten welfare), so several starts guard against poor optima."""
    n, _, s = cal.X.shape
    cells = region_cells(importer, n, s, mfn)
    size = s if mfn else (n - 1) * s
    ev = _Evaluator(cal, current, cells, government, f"optimal tariffs of region {importer}")
    scale = _scales(cal, cells, size)

    def loss(theta):
        values, jac = ev(theta)
        return -np.log(values[importer]), -jac[importer] / values[importer]

    best, best_value = None, -np.inf
    for start in starts:
        theta0 = read_cells(current, cells, size) if start is None else np.broadcast_to(start, size)
        theta = _maximise(loss, np.asarray(theta0, float), scale, BOUNDS, gtol)
        value = -loss(theta)[0]
        if value > best_value:
            best, best_value = theta, value
    ev(best)  # leave the evaluator at the chosen optimum
    return best, np.asarray(apply_cells(jnp.asarray(best), jnp.asarray(current), cells)), ev


def default_starts(cal: ossa.Calibration, mfn: bool) -> tuple[np.ndarray, ...]:
    """Ossa's starting points for a best response: 0.1 everywhere and 1/(sigma_s - 1)."""
    n = cal.X.shape[0]
    inverse = 1.0 / (np.asarray(cal.sigma) - 1.0)
    return (np.array([0.1]), inverse if mfn else np.tile(inverse, n - 1))


def optimal_tariffs(
    cal: ossa.Calibration,
    importer: int,
    mfn: bool = False,
    government: bool = True,
    starts: tuple[np.ndarray, ...] | None = None,
) -> GameSolution:
    """Tariffs of ``importer`` maximising its (government) welfare, others' at ``cal.t``.

    ``mfn``: one tariff per industry on all partners (S choices) instead of one per
    (partner, industry). ``starts``: starting points of the local searches (the best
    optimum is kept); default: Ossa's 0.1 and 1/(sigma - 1), plus the MFN optimum
    replicated across partners for the non-MFN problem.
    """
    n, _, s = cal.X.shape
    if starts is None:
        starts = default_starts(cal, mfn)
        if not mfn:
            mfn_cube = optimal_tariffs(cal, importer, True, government).tariffs
            starts += (read_cells(mfn_cube, region_cells(importer, n, s, False), (n - 1) * s),)
    _, cube, ev = _best_response(cal, np.asarray(cal.t), importer, mfn, government, starts)
    return GameSolution(cube, np.asarray(ev.x), 1, ev.calls, True)


def nash_tariffs(
    cal: ossa.Calibration,
    mfn: bool = False,
    government: bool = True,
    start: np.ndarray | None = None,
    tol: float = 1e-2,
    max_rounds: int = 24,
    progress=None,
    restarts: bool = True,
) -> GameSolution:
    """Nash equilibrium of the tariff war by simultaneous best responses (C.7).

    Every round each region solves its best response to the others' current tariffs;
    all are replaced at once. Stops when the mean absolute change over the cube is below
    ``tol`` (Ossa: 0.01) or after ``max_rounds``. ``start``: a tariff cube (default:
    ``cal.t``; Ossa starts the MFN war at the MFN optimal tariffs and the non-MFN war at
    the MFN Nash tariffs). ``restarts``: besides the current tariffs, also search each
    best response from :func:`default_starts` (slower, guards against poor local optima).
    """
    n = cal.X.shape[0]
    starts = (None, *default_starts(cal, mfn)) if restarts else (None,)
    current = np.asarray(cal.t if start is None else start, float)
    history: list[float] = []
    evaluations = 0
    for _ in range(max_rounds):
        new = current.copy()
        for j in range(n):
            _, cube, ev = _best_response(cal, current, j, mfn, government, starts)
            new[:, j, :] = cube[:, j, :]
            evaluations += ev.calls
        change = float(np.abs(new - current).mean())
        history.append(change)
        current = new
        if progress is not None:
            progress(len(history), change)
        if change < tol:
            break
    x = solve_tariffs(cal, current)
    return GameSolution(current, x, len(history), evaluations, history[-1] < tol, tuple(history))


def party_cells(parties, n: int, s: int) -> TariffCells:
    """The tariffs the ``parties`` levy on each other (by partner and industry)."""
    exp, imp, sec = [], [], []
    for j in parties:
        for i in parties:
            if i != j:
                exp += [i] * s
                imp += [j] * s
                sec += list(range(s))
    return TariffCells(jnp.asarray(exp), jnp.asarray(imp), jnp.asarray(sec), jnp.arange(len(exp)))


def talks_cells(cal: ossa.Calibration, parties=None, mfn: bool = False):
    """``(members, cells, size)`` of talks among ``parties`` (indices; default all): the
    tariffs they levy on each other, by partner and industry, or (all parties only) one
    per importer and industry under ``mfn``."""
    n, _, s = cal.X.shape
    if parties is None:
        size = n * (s if mfn else (n - 1) * s)
        return np.arange(n), all_cells(n, s, mfn), size
    if mfn:
        raise TradewarError("talks among some parties choose bilateral tariffs (mfn=False)")
    members = np.asarray(parties)
    return members, party_cells(members, n, s), len(members) * (len(members) - 1) * s


def cooperative_tariffs(
    cal: ossa.Calibration,
    mfn: bool = False,
    government: bool = True,
    bounds: tuple[float, float] = BOUNDS,
    tol: float = 1e-8,
    max_rounds: int = 40,
    parties=None,
) -> GameSolution:
    """Efficient tariffs with equal proportional gains for all regions (C.8).

    Maximises ln G_1 subject to ln G_j = ln G_1 for all j over every region's tariffs,
    by an augmented Lagrangian whose inner problems are L-BFGS-B with exact gradients.
    Gains are relative to ``cal`` (re-base it with :func:`rebase` for Ossa's starting
    points). ``bounds``: (0, 10) is Ossa's "restricted" case. ``parties``: talks among
    these regions only (indices; their tariffs on each other are chosen, equal gains among
    them, everyone else's tariffs fixed); default all, as Ossa's multilateral talks.
    """
    members, cells, size = talks_cells(cal, parties, mfn)
    ev = _Evaluator(cal, cal.t, cells, government, "cooperative tariffs")
    theta = np.clip(read_cells(np.asarray(cal.t), cells, size), *bounds)
    scale = _scales(cal, cells, size)
    mult = np.zeros(len(members) - 1)
    rho = 1e3
    history: list[float] = []
    for _ in range(max_rounds):

        def loss(th, mult=mult, rho=rho):
            values, jac = ev(th)
            logs, dlogs = np.log(values[members]), jac[members] / values[members, None]
            gap = logs[1:] - logs[0]
            dgap = dlogs[1:] - dlogs[0]
            f = -logs[0] - mult @ gap + 0.5 * rho * gap @ gap
            g = -dlogs[0] - mult @ dgap + rho * gap @ dgap
            return f, g

        theta = _maximise(loss, theta, scale, bounds, 1e-11)
        values, _ = ev(theta)
        gap = np.log(values[members[1:]]) - np.log(values[members[0]])
        history.append(float(np.abs(gap).max()))
        if history[-1] < tol:
            break
        mult = mult - rho * gap
        if len(history) > 1 and history[-1] > 0.25 * history[-2]:
            rho *= 10.0
    tariffs = np.asarray(apply_cells(jnp.asarray(theta), jnp.asarray(cal.t), cells))
    return GameSolution(
        tariffs, np.asarray(ev.x), len(history), ev.calls, history[-1] < tol, tuple(history)
    )


# ---------------------------------------------------------------------------------------
# Uniform-tariff wars on large baselines (WIOD, ICIO): all first-order conditions at once
# ---------------------------------------------------------------------------------------
def uniform_cells(players, n: int, s: int) -> TariffCells:
    """One uniform import tariff per player (theta[k] for importer players[k]) on every
    partner and industry."""
    blocks = [region_cells(j, n, s, mfn=True) for j in players]
    return TariffCells(
        *(
            jnp.concatenate([getattr(b, f) for b in blocks])
            for f in ("exporters", "importers", "sectors")
        ),
        jnp.concatenate([jnp.full(b.index.shape, k) for k, b in enumerate(blocks)]),
    )


@jit
def uniform_focs(theta, cells: TariffCells, players, cal: ossa.Calibration, x0):
    """The players' first-order conditions ``d ln W_p / d theta_p`` (K,) for uniform
    tariffs ``theta`` (K,) (cells from :func:`uniform_cells`), with W_p's values (N,)
    and the equilibrium solution.

    Exact and analytic: a uniform tariff of p moves only p's column of the flows, so the
    tariff derivatives of the residuals and of ln W_p = ln E_hat_p - sum_s mu ln P_hat
    cost N S per player; the adjoint needs one factorisation with K right-hand sides.
    """
    n = cal.E.shape[0]
    t_new = apply_cells(theta, cal.t, cells)
    sol = equilibrium(t_new, cal, x0)
    x = sol.x
    st = ossa.state(x, t_new, cal)
    k = 1.0 - cal.sigma
    tau_hat = (1.0 + t_new) / (1.0 + cal.t)
    cost = (st["w_hat"][:, None, None] * tau_hat) ** k
    share = cal.gamma * cost / (cal.gamma * cost).sum(axis=0, keepdims=True)  # (N, N, S)
    # columns of the players: [p, i, s]
    sh = jnp.moveaxis(share, 1, 0)[players]
    x_hat = jnp.moveaxis(st["X_hat"], 1, 0)[players]
    alpha = jnp.moveaxis(cal.alpha, 1, 0)[players]
    flows = jnp.moveaxis(cal.X, 1, 0)[players]
    t_col = jnp.moveaxis(t_new, 1, 0)[players]
    foreign = 1.0 - jax.nn.one_hot(players, n)  # (K, N): i != p
    u = 1.0 / (1.0 + theta)  # d ln tau_hat / d theta_p on foreign cells
    own_share = jnp.take_along_axis(sh, players[:, None, None], axis=1)[:, 0, :]  # (K, S)
    d_log_x = (
        -(cal.sigma * foreign[:, :, None]) * u[:, None, None]
        - (k * (1.0 - own_share) * u[:, None])[:, None, :]
    )  # (K, N, S)
    d_sales = alpha * x_hat * d_log_x  # d Pi_hat[i, s] for player p, (K, N, S)
    d_revenue = (flows * x_hat * foreign[:, :, None]).sum(axis=(1, 2)) + (
        t_col * flows * x_hat * d_log_x
    ).sum(axis=(1, 2))
    level = (cal.delta * st["sales_hat"]).sum(axis=1)
    d_exp = (cal.profits[None] * d_sales).sum(axis=2) / cal.E
    d_exp = d_exp + jax.nn.one_hot(players, n) * (d_revenue / cal.E[players])[:, None]
    d_wage = ((cal.delta / level[:, None])[None] * d_sales).sum(axis=2).at[:, 0].set(0.0)
    d_res = jnp.concatenate([d_exp, d_wage], axis=1)  # (K, 2N)

    mu = cal.mu[players]  # (K, S)
    g_e = jax.nn.one_hot(players, n)
    g_w = -jnp.einsum("ps,pis->pi", mu, sh)
    g_x = jnp.concatenate([g_e, g_w], axis=1)  # (K, 2N)
    g_theta = -(mu * (1.0 - own_share)).sum(axis=1) * u
    adjoint = jnp.linalg.solve(ossa.jacobian(x, (t_new, cal)).T, g_x.T)  # (2N, K)
    focs = g_theta - jnp.einsum("mp,pm->p", adjoint, d_res)
    price = jnp.exp((cal.mu * jnp.log(st["price_hat"])).sum(axis=1))
    return focs, st["E_hat"] / price, sol


@dataclass(frozen=True)
class UniformWar:
    """Result of :func:`uniform_nash`.

    players: indices of the players; tariffs: their uniform Nash tariffs (K,), fractions;
    welfare: every region's welfare change (ratio, (N,)) relative to the calibration;
    x: equilibrium unknowns; iterations: quasi-Newton steps; evaluations: equilibrium
    solves; max_foc: largest |d ln G_p / d t_p| at the end (the convergence measure);
    history: max_foc per step; converged: max_foc below the tolerance.
    """

    players: tuple[int, ...]
    tariffs: np.ndarray
    welfare: np.ndarray
    x: np.ndarray
    iterations: int
    evaluations: int
    max_foc: float
    history: tuple[float, ...]
    converged: bool


def uniform_nash(
    cal: ossa.Calibration,
    players=None,
    start: float = 0.3,
    tol: float = 1e-8,
    max_iter: int = 60,
) -> UniformWar:
    """Nash equilibrium in uniform import tariffs (one rate per player on all partners and
    industries), solving every player's first-order condition simultaneously.

    The conditions are exact gradients through the equilibrium; the system is solved by
    Broyden's method (its matrix is started from a diagonal secant estimate) with a
    backtracking line search on the sum of squared conditions. Non-players keep the
    tariffs of ``cal``.
    """
    n, _, s = cal.X.shape
    players = tuple(range(n)) if players is None else tuple(players)
    cells = uniform_cells(players, n, s)
    idx = jnp.asarray(players)
    x = ossa.initial_guess(cal)
    evaluations = 0

    def foc(theta):
        nonlocal x, evaluations
        f, values, sol = uniform_focs(jnp.asarray(theta), cells, idx, cal, x)
        evaluations += 1
        if not bool(sol.converged):
            raise SolverError("uniform Nash war", float(sol.max_residual), int(sol.iterations))
        x = sol.x
        return np.asarray(f), np.asarray(values)

    theta = np.full(len(players), float(start))
    f, values = foc(theta)
    h = 1e-2
    f_h, _ = foc(theta + h)
    jac = np.diag(np.minimum((f_h - f) / h, -1e-3))
    history = [float(np.abs(f).max())]
    for _ in range(max_iter):
        if history[-1] < tol:
            break
        step = np.linalg.solve(jac, -f)
        step *= min(1.0, 0.5 / max(np.abs(step).max(), 1e-12))  # at most 50 points a step
        length = 1.0
        while True:
            trial = np.maximum(theta + length * step, 0.0)
            f_new, values_new = foc(trial)
            if f_new @ f_new < (1 - 1e-4 * length) * (f @ f) or length < 1e-3:
                break
            length *= 0.5
        d_theta, d_f = trial - theta, f_new - f
        jac += np.outer(d_f - jac @ d_theta, d_theta) / max(d_theta @ d_theta, 1e-300)
        theta, f, values = trial, f_new, values_new
        history.append(float(np.abs(f).max()))
    return UniformWar(
        players,
        theta,
        values,
        np.asarray(x),
        len(history) - 1,
        evaluations,
        history[-1],
        tuple(history),
        history[-1] < tol,
    )


def nash_bargain(
    cal: ossa.Calibration,
    parties,
    weights=None,
    government: bool = True,
    bounds: tuple[float, float] = BOUNDS,
) -> GameSolution:
    """Nash bargaining among two or more ``parties`` over the tariffs they levy on each
    other: maximise sum_j weight_j ln(G_j - 1), the (weighted) Nash product of gains over
    the disagreement point ``cal`` (re-base it at the disagreement tariffs).

    Starts from the equal-gains cooperative tariffs among the parties (a point where all
    gain); raises :class:`SolverError` if no such point exists.
    """
    members, cells, size = talks_cells(cal, parties)
    w = np.ones(len(members)) if weights is None else np.asarray(weights, float)
    start = cooperative_tariffs(cal, government=government, bounds=bounds, parties=members)
    ev = _Evaluator(cal, cal.t, cells, government, "Nash bargaining")
    first, _ = ev(read_cells(start.tariffs, cells, size))
    if np.any(first[members] <= 1.0):
        raise SolverError("Nash bargaining: no tariffs make every party gain", 0.0, 0)

    def loss(theta):
        values, jac = ev(theta)
        gains = values[members] - 1.0
        if np.any(gains <= 0):
            return 1e10, np.zeros_like(theta)
        return -(w @ np.log(gains)), -(w / gains) @ jac[members]

    theta = _maximise(
        loss, read_cells(start.tariffs, cells, size), _scales(cal, cells, size), bounds, 1e-11
    )
    ev(theta)
    tariffs = np.asarray(apply_cells(jnp.asarray(theta), jnp.asarray(cal.t), cells))
    return GameSolution(tariffs, np.asarray(ev.x), start.rounds, ev.calls + start.evaluations, True)


def efficient_tariffs(
    cal: ossa.Calibration,
    weights,
    parties=None,
    government: bool = True,
    bounds: tuple[float, float] = BOUNDS,
    tol: float = 1e-8,
    max_rounds: int = 40,
) -> GameSolution:
    """Tariffs maximising joint weighted welfare ``sum_j weight_j ln G_j`` of the parties
    subject to every party doing at least as well as at the disagreement point ``cal``
    (``ln G_j >= 0``): an augmented Lagrangian for the participation constraints around
    L-BFGS-B with exact gradients. ``parties`` as in :func:`cooperative_tariffs`.
    """
    members, cells, size = talks_cells(cal, parties)
    w = np.asarray(weights, float)
    if w.shape != members.shape or np.any(w < 0) or not w.sum() > 0:
        raise TradewarError(f"weights must be {len(members)} non-negative numbers, not all zero")
    ev = _Evaluator(cal, cal.t, cells, government, "efficient tariffs")
    theta = np.clip(read_cells(np.asarray(cal.t), cells, size), *bounds)
    scale = _scales(cal, cells, size)
    mult, rho = np.zeros(len(members)), 1e3
    history: list[float] = []
    for _ in range(max_rounds):

        def loss(th, mult=mult, rho=rho):
            values, jac = ev(th)
            logs, dlogs = np.log(values[members]), jac[members] / values[members, None]
            # constraint c = ln G >= 0: Powell-Hestenes-Rockafellar term
            active = rho * logs < mult
            pen = np.where(active, -mult * logs + 0.5 * rho * logs**2, -0.5 * mult**2 / rho)
            dpen = np.where(active, -mult + rho * logs, 0.0)
            return -(w @ logs) + pen.sum(), -(w @ dlogs) + dpen @ dlogs

        theta = _maximise(loss, theta, scale, bounds, 1e-11)
        values, _ = ev(theta)
        logs = np.log(values[members])
        violation = float(np.maximum(-logs, 0.0).max())
        history.append(violation)
        mult = np.maximum(mult - rho * logs, 0.0)
        if violation < tol and len(history) > 1 and abs(history[-1] - history[-2]) < tol:
            break
        if len(history) > 1 and violation > 0.25 * history[-2]:
            rho *= 10.0
    tariffs = np.asarray(apply_cells(jnp.asarray(theta), jnp.asarray(cal.t), cells))
    return GameSolution(
        tariffs, np.asarray(ev.x), len(history), ev.calls, history[-1] < tol, tuple(history)
    )
