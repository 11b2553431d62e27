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
from functools import partial
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
from scipy import optimize

from tradewar import solve as solver
from tradewar.errors import SolverError
from tradewar.models import ossa

#: Tariff bounds of Ossa's optimisations ("restricted": no import subsidies).
BOUNDS = (0.0, 10.0)


class Cells(NamedTuple):
    """Tariffs set by the choice vector: cell m is ``t[exporter[m], importer[m],
    sector[m]] = theta[index[m]]``. Int arrays of length M."""

    exporter: jax.Array
    importer: jax.Array
    sector: jax.Array
    index: jax.Array


def region_cells(importer: int, n: int, s: int, mfn: bool) -> Cells:
    """The import tariffs of one region on all partners: one per industry (``mfn``) or
    one per (partner, industry), partner-major."""
    partners = [i for i in range(n) if i != importer]
    exp = np.repeat(partners, s)
    sec = np.tile(np.arange(s), len(partners))
    index = sec if mfn else np.arange(len(exp))
    return Cells(
        jnp.asarray(exp), jnp.full(len(exp), importer), jnp.asarray(sec), jnp.asarray(index)
    )


def all_cells(n: int, s: int, mfn: bool) -> Cells:
    """Every region's import tariffs (importer-major blocks of :func:`region_cells`)."""
    blocks = [region_cells(j, n, s, mfn) for j in range(n)]
    width = s if mfn else (n - 1) * s
    return Cells(
        *(
            jnp.concatenate([getattr(b, f) for b in blocks])
            for f in ("exporter", "importer", "sector")
        ),
        jnp.concatenate([b.index + k * width for k, b in enumerate(blocks)]),
    )


def apply(theta: jax.Array, base: jax.Array, cells: Cells) -> jax.Array:
    """Tariff cube: ``base`` with the chosen cells set from ``theta``."""
    return base.at[cells.exporter, cells.importer, cells.sector].set(theta[cells.index])


def read(tariffs: np.ndarray, cells: Cells, size: int) -> np.ndarray:
    """The choice vector (size,) that :func:`apply` would need to reproduce ``tariffs``
    (the mean over cells sharing an index)."""
    vals = np.asarray(tariffs)[
        np.asarray(cells.exporter), np.asarray(cells.importer), np.asarray(cells.sector)
    ]
    idx = np.asarray(cells.index)
    return np.bincount(idx, vals, size) / np.maximum(np.bincount(idx, minlength=size), 1)


@partial(jax.jit, static_argnames=("government",))
def welfare_and_jacobian(theta, base, cells: Cells, cal: ossa.Calibration, x0, government=True):
    """Welfare of every region (ratios, (N,)) and its Jacobian w.r.t. ``theta`` (N, K).

    ``government``: G_hat (political-economy weights of ``cal``) rather than W_hat.
    Returns ``(values, jacobian, solution)``; check ``solution.converged``.
    """
    key = "government" if government else "welfare"

    def tariffs(th):
        return apply(th, base, cells)

    def objective(x, th):
        return ossa.welfare_objects(x, tariffs(th), cal)[key]

    sol = solver.newton(
        ossa.residuals, x0, (tariffs(theta), cal), jacobian=ossa.jacobian, tol=1e-12, max_iter=60
    )
    x = sol.x
    values = objective(x, theta)
    d_x, d_theta = jax.jacrev(objective, argnums=(0, 1))(x, theta)
    adjoints = jnp.linalg.solve(ossa.jacobian(x, (tariffs(theta), cal)).T, d_x.T)  # (2N, N)
    _, pullback = jax.vjp(lambda th: ossa.residuals(x, (tariffs(th), cal)), theta)
    indirect = jax.vmap(lambda v: pullback(v)[0])(adjoints.T)
    return values, d_theta - indirect, sol


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


def _scales(cal: ossa.Calibration, cells: Cells, size: int) -> np.ndarray:
    """Per-choice scale 1/sqrt(weight) with weight = the cells' share of the importer's
    spending: the welfare Hessian is roughly diagonal in these weights, so optimising
    ``u = theta * sqrt(weight)`` is well conditioned even for tariffs on tiny flows."""
    X, t = np.asarray(cal.X), np.asarray(cal.t)
    e, n, s = (np.asarray(a) for a in (cells.exporter, cells.importer, cells.sector))
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
        theta0 = read(current, cells, size) if start is None else np.broadcast_to(start, size)
        theta = _maximise(loss, np.asarray(theta0, float), scale, BOUNDS, gtol)
        value = -loss(theta)[0]
        if value > best_value:
            best, best_value = theta, value
    ev(best)  # leave the evaluator at the chosen optimum
    return best, np.asarray(apply(jnp.asarray(best), jnp.asarray(current), cells)), ev


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
            starts += (read(mfn_cube, region_cells(importer, n, s, False), (n - 1) * s),)
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
    x = _solve(cal, current)
    return GameSolution(current, x, len(history), evaluations, history[-1] < tol, tuple(history))


def _solve(cal: ossa.Calibration, tariffs: np.ndarray) -> np.ndarray:
    sol = _newton(jnp.asarray(tariffs), cal)
    solver.check(sol, "tariff equilibrium")
    return np.asarray(sol.x)


@jax.jit
def _newton(tariffs, cal):
    return solver.newton(
        ossa.residuals,
        ossa.initial_guess(cal),
        (tariffs, cal),
        jacobian=ossa.jacobian,
        tol=1e-12,
        max_iter=60,
    )


def rebase(cal: ossa.Calibration, tariffs: np.ndarray) -> ossa.Calibration:
    """A calibration whose data are the equilibrium at ``tariffs`` (C.8's starting points):
    flows become the counterfactual flows and ``tariffs`` the factual ones."""
    x = _solve(cal, tariffs)
    flows = np.asarray(ossa.welfare_objects(jnp.asarray(x), jnp.asarray(tariffs), cal)["flows"])
    return ossa.calibrate(flows, tariffs, cal.sigma, cal.weights, cal.NX_new)


def cooperative_tariffs(
    cal: ossa.Calibration,
    mfn: bool = False,
    government: bool = True,
    bounds: tuple[float, float] = BOUNDS,
    tol: float = 1e-8,
    max_rounds: int = 40,
) -> GameSolution:
    """Efficient tariffs with equal proportional gains for all regions (C.8).

    Maximises ln G_1 subject to ln G_j = ln G_1 for all j over every region's tariffs,
    by an augmented Lagrangian whose inner problems are L-BFGS-B with exact gradients.
    Gains are relative to ``cal`` (re-base it with :func:`rebase` for Ossa's starting
    points). ``bounds``: (0, 10) is Ossa's "restricted" case.
    """
    n, _, s = cal.X.shape
    cells = all_cells(n, s, mfn)
    size = n * (s if mfn else (n - 1) * s)
    ev = _Evaluator(cal, cal.t, cells, government, "cooperative tariffs")
    theta = np.clip(read(np.asarray(cal.t), cells, size), *bounds)
    scale = _scales(cal, cells, size)
    mult = np.zeros(n - 1)
    rho = 1e3
    history: list[float] = []
    for _ in range(max_rounds):

        def loss(th, mult=mult, rho=rho):
            values, jac = ev(th)
            logs, dlogs = np.log(values), jac / values[:, None]
            gap = logs[1:] - logs[0]
            dgap = dlogs[1:] - dlogs[0]
            f = -logs[0] - mult @ gap + 0.5 * rho * gap @ gap
            g = -dlogs[0] - mult @ dgap + rho * gap @ dgap
            return f, g

        theta = _maximise(loss, theta, scale, bounds, 1e-11)
        values, _ = ev(theta)
        gap = np.log(values[1:]) - np.log(values[0])
        history.append(float(np.abs(gap).max()))
        if history[-1] < tol:
            break
        mult = mult - rho * gap
        if len(history) > 1 and history[-1] > 0.25 * history[-2]:
            rho *= 10.0
    tariffs = np.asarray(apply(jnp.asarray(theta), jnp.asarray(cal.t), cells))
    return GameSolution(
        tariffs, np.asarray(ev.x), len(history), ev.calls, history[-1] < tol, tuple(history)
    )
