"""Ossa's own games (docs/model.md §C.6-C.8) on the model interface, with exact gradients.

Each game is played by an :class:`~tradewar.models.ossa_model.OssaModel` (its
calibration and whether welfare is the government's G_hat) and returns the shared
:class:`~tradewar.games.best_response.TariffGame`. Welfare and its gradient come from
:meth:`Model.welfare_and_gradients` (one adjoint for every region); what is specific
here is Ossa's procedure: many rates per region (one per partner and industry, or one
per industry under MFN) optimised in scaled variables from his starting points,
simultaneous (Gauss-Jacobi) best responses, talks by an augmented Lagrangian, and the
analytic first-order conditions of uniform-tariff wars.

* :func:`optimal_tariffs` — one region's best response (C.6), MFN or by partner;
* :func:`nash_tariffs` — simultaneous best responses to a fixed point (C.7);
* :func:`cooperative_tariffs` — efficient tariffs with equal proportional gains (C.8);
* :func:`efficient_tariffs` — joint weighted welfare with participation constraints;
* :func:`nash_bargain` — the Nash bargain among parties (the maximiser of
  :mod:`tradewar.games.talks`);
* :func:`uniform_nash` — uniform-tariff wars on large baselines, all conditions at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import jax
import jax.numpy as jnp
import numpy as np

from tradewar.core.errors import SolverError, TradewarError
from tradewar.core.policy import Policy
from tradewar.games.best_response import TariffGame, best_of_starts, minimise_scaled, projected
from tradewar.games.talks import bargaining_weights, maximise_nash_product
from tradewar.models import implicit, ossa
from tradewar.models.interface import (
    TariffCells,
    WarmStart,
    apply_cells,
    read_cells,
    stacked_cells,
    tariff_cells,
    uniform_cells,
)
from tradewar.models.ossa_model import OssaModel, equilibrium
from tradewar.runtime.jit import jit

#: Tariff bounds of Ossa's optimisations ("restricted": no import subsidies).
BOUNDS = (0.0, 10.0)
#: Gradient tolerance of a best response (L-BFGS-B, scaled variables, d ln G).
BEST_RESPONSE_GTOL = 1e-10
#: L-BFGS-B settings of Ossa's searches (hundreds of rates per region).
_STRICT = {"ftol": 1e-15, "maxiter": 3000, "maxcor": 30}


def _structure(mfn: bool) -> str:
    return "sector" if mfn else "bilateral_sector"


class _Evaluator:
    """Warm-started calls of :meth:`OssaModel.welfare_and_gradients` for one choice:
    every region's welfare as a ratio (N,) and its Jacobian w.r.t. ``theta`` (N, K)."""

    def __init__(self, model: OssaModel, policy: Policy, cells: TariffCells):
        self.model, self.policy, self.cells = model, policy, cells
        self.warm: WarmStart | None = None
        self.calls = 0

    def __call__(self, theta) -> tuple[np.ndarray, np.ndarray]:
        values, grads, self.warm = self.model.welfare_and_gradients(
            self.policy,
            self.cells,
            np.asarray(theta, float),
            self.model.baseline.countries,
            self.warm,
        )
        self.calls += 1
        return 1.0 + values / 100.0, grads / 100.0

    def cube(self, theta) -> np.ndarray:
        """The tariff cube with ``theta`` in the cells."""
        return np.asarray(
            apply_cells(jnp.asarray(theta, float), jnp.asarray(self.policy.tariffs), self.cells)
        )


def _scales(model: OssaModel, cells: TariffCells, size: int) -> np.ndarray:
    """Per-choice scale 1/sqrt(weight) with weight = the cells' share of the importer's
    spending: the welfare Hessian is roughly diagonal in these weights, so optimising
    ``u = theta * sqrt(weight)`` is well conditioned even for tariffs on tiny flows."""
    cal = model.calibration
    X, t = np.asarray(cal.X), np.asarray(cal.t)
    e, n, s = (np.asarray(a) for a in (cells.exporters, cells.importers, cells.sectors))
    share = (1 + t[e, n, s]) * X[e, n, s] / np.asarray(cal.E)[n]
    weight = np.bincount(np.asarray(cells.index), share, size)
    return 1.0 / np.sqrt(np.maximum(weight, 1e-12))


def _best_response(model, policy, country, mfn, starts=(None,), gtol=BEST_RESPONSE_GTOL):
    """Best response of ``country`` to ``policy``: the best of local optima from each start
    (None = its current tariffs). Returns the rates and the evaluator."""
    cells, labels = tariff_cells(model.baseline, country, _structure(mfn))
    size, k = len(labels), model.baseline.index(country)
    ev = _Evaluator(model, policy, cells)

    def loss(theta):
        values, jac = ev(theta)
        return -np.log(values[k]), -jac[k] / values[k]

    current = read_cells(policy.tariffs, cells, size)
    points = [np.broadcast_to(current if s is None else s, size) for s in starts]
    best = best_of_starts(
        loss, points, BOUNDS, scale=_scales(model, cells, size), gtol=gtol, **_STRICT
    )
    return best, ev


def default_starts(model: OssaModel, mfn: bool) -> tuple[np.ndarray, ...]:
    """Ossa's starting points for a best response: 0.1 everywhere and 1/(sigma_s - 1)."""
    n = model.baseline.n_countries
    inverse = 1.0 / (np.asarray(model.calibration.sigma) - 1.0)
    return (np.array([0.1]), inverse if mfn else np.tile(inverse, n - 1))


def own_conditions(
    model: OssaModel, policy: Policy, mfn: bool, countries: Sequence[str] | None = None
) -> tuple[np.ndarray, np.ndarray, float]:
    """Each country's first-order conditions for its own rates at ``policy`` (one
    evaluation a country). Returns the welfare (percent) of each (C,); the projected
    gradients d welfare / d own rate (percent per unit of tariff), concatenated country by
    country; and the largest of them in a best response's scaled variables,
    |d ln G / d u| with ``u = t sqrt(spending share)`` (comparable across big and tiny
    flows: about the tariff's distance from its best response times the flow's share)."""
    countries = model.baseline.countries if countries is None else tuple(countries)
    welfare, conditions, scaled = [], [], 0.0
    for c in countries:
        cells, labels = tariff_cells(model.baseline, c, _structure(mfn))
        theta = read_cells(policy.tariffs, cells, len(labels))
        values, grads, _ = model.welfare_and_gradients(policy, cells, theta, [c])
        condition = projected(grads[0], theta, BOUNDS)
        welfare.append(values[0])
        conditions.append(condition)
        log_condition = condition / (100 + values[0])
        scaled = max(
            scaled, float(np.abs(log_condition * _scales(model, cells, len(labels))).max())
        )
    return np.asarray(welfare), np.concatenate(conditions), scaled


def optimal_tariffs(
    model: OssaModel,
    country: str,
    mfn: bool = False,
    starts: tuple[np.ndarray, ...] | None = None,
) -> TariffGame:
    """Tariffs of ``country`` maximising its (government) welfare, others' at the
    calibration's tariffs.

    ``mfn``: one tariff per industry on all partners instead of one per (partner,
    industry). ``starts``: starting points of the local searches (the best optimum is
    kept); default: Ossa's 0.1 and 1/(sigma - 1), plus the MFN optimum replicated across
    partners for the non-MFN problem.
    """
    b = model.baseline
    reference = model.reference_policy()
    cells, labels = tariff_cells(b, country, _structure(mfn))
    if starts is None:
        starts = default_starts(model, mfn)
        if not mfn:
            mfn_cube = optimal_tariffs(model, country, True).policy.tariffs
            starts += (read_cells(mfn_cube, cells, len(labels)),)
    theta, ev = _best_response(model, reference, country, mfn, starts)
    values, jac = ev(theta)
    k = b.index(country)
    policy = reference.with_tariffs(ev.cube(theta), f"{country} optimal tariffs (Ossa)")
    return TariffGame(
        players=(country,),
        labels=labels,
        rates=theta,
        welfare=np.array([100 * (values[k] - 1)]),
        gradients=projected(100 * jac[k], theta, BOUNDS),
        policy=policy,
        rounds=1,
        max_change=0.0,
        evaluations=ev.calls,
    )


def nash_tariffs(
    model: OssaModel,
    mfn: bool = False,
    start: np.ndarray | None = None,
    tol: float = 1e-2,
    max_rounds: int = 24,
    progress: Callable[[int, float], None] | None = None,
    restarts: bool = True,
    foc_tol: float | None = None,
) -> TariffGame:
    """Nash equilibrium of the tariff war by simultaneous best responses (C.7).

    Every round each region solves its best response to the others' current tariffs;
    all are replaced at once. Stops when the mean absolute change over the cube is below
    ``tol`` (Ossa: 0.01) and, if ``foc_tol`` is given, every region's own first-order
    conditions in scaled variables (:func:`own_conditions`) are below it; or after
    ``max_rounds``. ``start``: a tariff cube (default: the calibration's; Ossa starts the
    MFN war at the MFN optimal tariffs and the non-MFN war at the MFN Nash tariffs).
    ``restarts``: besides the current tariffs, also search each best response from
    :func:`default_starts` (slower, guards against poor local optima). The result's
    ``gradients`` are every region's conditions for its own rates at the end;
    ``history`` the mean absolute change per round.
    """
    b = model.baseline
    reference = model.reference_policy()
    starts = (None, *default_starts(model, mfn)) if restarts else (None,)
    current = np.asarray(reference.tariffs if start is None else start, float)
    history: list[float] = []
    evaluations, largest, converged, checked = 0, 0.0, False, -1
    for _ in range(max_rounds):
        new = current.copy()
        policy = reference.with_tariffs(current)
        for c in b.countries:
            j = b.index(c)
            theta, ev = _best_response(model, policy, c, mfn, starts)
            new[:, j, :] = ev.cube(theta)[:, j, :]
            evaluations += ev.calls
        change = np.abs(new - current)
        history.append(float(change.mean()))
        largest = float(change.max())
        current = new
        if progress is not None:
            progress(len(history), history[-1])
        if history[-1] < tol:
            policy = reference.with_tariffs(current, "Nash war (Ossa)")
            welfare, conditions, scaled = own_conditions(model, policy, mfn)
            evaluations, checked = evaluations + b.n_countries, len(history)
            converged = foc_tol is None or scaled < foc_tol
            if converged:
                break
    if checked != len(history):  # the rounds ran out before the last tariffs were checked
        policy = reference.with_tariffs(current, "Nash war (Ossa)")
        welfare, conditions, _ = own_conditions(model, policy, mfn)
        evaluations += b.n_countries
    cells, labels = stacked_cells(b, b.countries, _structure(mfn))
    return TariffGame(
        players=b.countries,
        labels=labels,
        rates=read_cells(current, cells, len(labels)),
        welfare=welfare,
        gradients=conditions,
        policy=policy,
        rounds=len(history),
        max_change=largest,
        evaluations=evaluations,
        converged=converged,
        history=tuple(history),
    )


def talks_cells(
    model: OssaModel, parties: Sequence[str] | None = None, mfn: bool = False
) -> tuple[tuple[str, ...], TariffCells, tuple[str, ...]]:
    """``(members, cells, labels)`` of talks among ``parties`` (default all): the tariffs
    they levy on each other, by partner and industry, or (all parties only) one per
    importer and industry under ``mfn``."""
    b = model.baseline
    if parties is None:
        return (b.countries, *stacked_cells(b, b.countries, _structure(mfn)))
    if mfn:
        raise TradewarError("talks among some parties choose bilateral tariffs (mfn=False)")
    members = tuple(b.countries[b.index(p)] for p in parties)
    return (members, *stacked_cells(b, members, "bilateral_sector", partners=members))


def _log_welfare(ev: _Evaluator, theta, ks) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every region's welfare ratio (N,) at ``theta``, and the parties' (``ks``) log
    welfare and its gradient, (P,) and (P, K)."""
    values, jac = ev(theta)
    return values, np.log(values[ks]), jac[ks] / values[ks, None]


def _talks_result(ev, members, labels, theta, values, gradient, history, converged, name):
    """The result of talks at ``theta``, where every region's welfare ratio is ``values``,
    after ``len(history)`` rounds."""
    ks = [ev.model.baseline.index(m) for m in members]
    return TariffGame(
        players=members,
        labels=labels,
        rates=np.asarray(theta),
        welfare=100 * (values[ks] - 1),
        gradients=projected(gradient, theta, BOUNDS),
        policy=ev.policy.with_tariffs(ev.cube(theta), name),
        rounds=len(history),
        max_change=0.0,
        evaluations=ev.calls,
        converged=converged,
        history=tuple(history),
    )


def cooperative_tariffs(
    model: OssaModel,
    mfn: bool = False,
    bounds: tuple[float, float] = BOUNDS,
    tol: float = 1e-8,
    max_rounds: int = 40,
    parties: Sequence[str] | None = None,
) -> TariffGame:
    """Efficient tariffs with equal proportional gains for all regions (C.8).

    Maximises ln G_1 subject to ln G_j = ln G_1 for all j over every region's tariffs,
    by an augmented Lagrangian whose inner problems are L-BFGS-B with exact gradients.
    Gains are relative to the model's reference point (:meth:`OssaModel.rebased` gives
    Ossa's starting points). ``bounds``: (0, 10) is Ossa's "restricted" case.
    ``parties``: talks among these regions only (their tariffs on each other are chosen,
    equal gains among them, everyone else's tariffs fixed); default all, as Ossa's
    multilateral talks. ``gradients``: the Lagrangian's, projected.
    """
    members, cells, labels = talks_cells(model, parties, mfn)
    ks = [model.baseline.index(m) for m in members]
    ev = _Evaluator(model, model.reference_policy(), cells)
    theta = np.clip(read_cells(ev.policy.tariffs, cells, len(labels)), *bounds)
    scale = _scales(model, cells, len(labels))
    mult = np.zeros(len(members) - 1)
    rho = 1e3
    history: list[float] = []
    for _ in range(max_rounds):

        def loss(th, mult=mult, rho=rho):
            _, logs, dlogs = _log_welfare(ev, th, ks)
            gap = logs[1:] - logs[0]
            dgap = dlogs[1:] - dlogs[0]
            f = -logs[0] - mult @ gap + 0.5 * rho * gap @ gap
            g = -dlogs[0] - mult @ dgap + rho * gap @ dgap
            return f, g

        theta, _ = minimise_scaled(loss, theta, bounds, scale, gtol=1e-11, **_STRICT)
        values, logs, dlogs = _log_welfare(ev, theta, ks)
        gap = logs[1:] - logs[0]
        history.append(float(np.abs(gap).max()))
        if history[-1] < tol:
            break
        mult = mult - rho * gap
        if len(history) > 1 and history[-1] > 0.25 * history[-2]:
            rho *= 10.0
    lagrangian = dlogs[0] + mult @ (dlogs[1:] - dlogs[0])
    converged, name = history[-1] < tol, "cooperative tariffs (Ossa)"
    return _talks_result(ev, members, labels, theta, values, lagrangian, history, converged, name)


# ---------------------------------------------------------------------------------------
# Uniform-tariff wars on large baselines (WIOD, ICIO): all first-order conditions at once
# ---------------------------------------------------------------------------------------
@jit
def uniform_focs(theta, cells: TariffCells, players, cal: ossa.Calibration, x0):
    """The players' first-order conditions ``d ln W_p / d theta_p`` (K,) for uniform
    tariffs ``theta`` (K,) (cells from :func:`~tradewar.models.interface.uniform_cells`),
    with W_p's values (N,)
    and the equilibrium solution.

    Exact and analytic: a uniform tariff of p moves only p's column of the flows, so the
    tariff derivatives of the residuals and of ln W_p = ln E_hat_p - sum_s mu ln P_hat
    cost N S per player; :func:`tradewar.models.implicit.adjoint_combine` needs one
    factorisation with K right-hand sides.
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
    focs = implicit.adjoint_combine(  # each player's own direction only: the diagonal
        ossa.jacobian(x, (t_new, cal)), g_x, g_theta, lambda adj: jnp.einsum("mp,pm->p", adj, d_res)
    )
    price = jnp.exp((cal.mu * jnp.log(st["price_hat"])).sum(axis=1))
    return focs, st["E_hat"] / price, sol


def uniform_nash(
    model: OssaModel,
    players: Sequence[str] | None = None,
    start: float = 0.3,
    tol: float = 1e-8,
    max_iter: int = 60,
) -> TariffGame:
    """Nash equilibrium in uniform import tariffs (one rate per player on all partners and
    industries), solving every player's first-order condition simultaneously.

    The conditions (d ln W_p / d t_p, :func:`uniform_focs`) are exact gradients through the
    equilibrium; the system is solved by Broyden's method (its matrix is started from a
    diagonal secant estimate) with a backtracking line search on the sum of squared
    conditions, to ``tol``. Non-players keep the calibration's tariffs. ``gradients``: the
    conditions in percent welfare per unit of tariff (100 W_p d ln W_p / d t_p);
    ``history``: the largest |d ln W_p / d t_p| per step.
    """
    b = model.baseline
    players = b.countries if players is None else tuple(b.countries[b.index(p)] for p in players)
    cal = model.calibration
    cells = uniform_cells(b, players)
    idx = jnp.asarray([b.index(p) for p in players])
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
    largest = np.inf
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
        largest = float(np.abs(d_theta).max())
        theta, f, values = trial, f_new, values_new
        history.append(float(np.abs(f).max()))
    ks = np.asarray(idx)
    policy = model.reference_policy().with_tariffs(
        np.asarray(apply_cells(jnp.asarray(theta), cal.t, cells)),
        f"uniform Nash war among {', '.join(players)} (Ossa)",
    )
    return TariffGame(
        players=players,
        labels=players,
        rates=theta,
        welfare=100 * (values[ks] - 1),
        gradients=projected(100 * values[ks] * f, theta, (0.0, np.inf)),
        policy=policy,
        rounds=len(history) - 1,
        max_change=largest,
        evaluations=evaluations,
        converged=history[-1] < tol,
        history=tuple(history),
    )


def nash_bargain(
    model: OssaModel,
    parties: Sequence[str],
    weights: Sequence[float] | None = None,
    bounds: tuple[float, float] = BOUNDS,
) -> TariffGame:
    """Nash bargaining among two or more ``parties`` over the tariffs they levy on each
    other, by partner and industry: the maximiser of :mod:`tradewar.games.talks` on the
    (weighted) Nash product of the log gains over the disagreement point, the model's
    reference point (re-base it at the disagreement tariffs with
    :meth:`OssaModel.rebased`).

    Starts from the equal-gains cooperative tariffs among the parties (a point where all
    gain); raises :class:`SolverError` if no such point exists. ``gradients``: the log
    Nash product's, projected.
    """
    start = cooperative_tariffs(model, bounds=bounds, parties=parties)
    members, cells, labels = talks_cells(model, parties)
    if np.any(start.welfare <= 0):
        raise SolverError("Nash bargaining: no tariffs make every party gain", 0.0, 0)
    w = bargaining_weights(np.ones(len(members)) if weights is None else weights, len(members))
    scale = _scales(model, cells, len(labels))
    ev = _Evaluator(model, model.reference_policy(), cells)
    theta, _ = maximise_nash_product(
        model,
        members,
        ev.policy,
        cells,
        start.rates,
        np.zeros(len(members)),
        [bounds] * len(labels),
        power=w,
        scale=scale,
        gtol=1e-11,
    )
    values, logs, dlogs = _log_welfare(ev, theta, [model.baseline.index(m) for m in members])
    gradient, name = (w / logs) @ dlogs, "Nash bargain (Ossa)"
    out = _talks_result(ev, members, labels, theta, values, gradient, (), True, name)
    return replace(out, rounds=start.rounds, evaluations=out.evaluations + start.evaluations)


def efficient_tariffs(
    model: OssaModel,
    weights: Sequence[float],
    parties: Sequence[str] | None = None,
    bounds: tuple[float, float] = BOUNDS,
    tol: float = 1e-8,
    max_rounds: int = 40,
) -> TariffGame:
    """Tariffs maximising joint weighted welfare ``sum_j weight_j ln G_j`` of the parties
    subject to every party doing at least as well as at the model's reference point
    (``ln G_j >= 0``): an augmented Lagrangian for the participation constraints around
    L-BFGS-B with exact gradients. ``parties`` as in :func:`cooperative_tariffs`;
    ``gradients``: the Lagrangian's, projected.
    """
    members, cells, labels = talks_cells(model, parties)
    ks = [model.baseline.index(m) for m in members]
    w = np.asarray(weights, float)
    if w.shape != (len(members),) or np.any(w < 0) or not w.sum() > 0:
        raise TradewarError(f"weights must be {len(members)} non-negative numbers, not all zero")
    ev = _Evaluator(model, model.reference_policy(), cells)
    theta = np.clip(read_cells(ev.policy.tariffs, cells, len(labels)), *bounds)
    scale = _scales(model, cells, len(labels))
    mult, rho = np.zeros(len(members)), 1e3
    history: list[float] = []
    for _ in range(max_rounds):

        def loss(th, mult=mult, rho=rho):
            _, logs, dlogs = _log_welfare(ev, th, ks)
            # constraint c = ln G >= 0: Powell-Hestenes-Rockafellar term
            active = rho * logs < mult
            pen = np.where(active, -mult * logs + 0.5 * rho * logs**2, -0.5 * mult**2 / rho)
            dpen = np.where(active, -mult + rho * logs, 0.0)
            return -(w @ logs) + pen.sum(), -(w @ dlogs) + dpen @ dlogs

        theta, _ = minimise_scaled(loss, theta, bounds, scale, gtol=1e-11, **_STRICT)
        values, logs, dlogs = _log_welfare(ev, theta, ks)
        violation = float(np.maximum(-logs, 0.0).max())
        history.append(violation)
        mult = np.maximum(mult - rho * logs, 0.0)
        if violation < tol and len(history) > 1 and abs(history[-1] - history[-2]) < tol:
            break
        if len(history) > 1 and violation > 0.25 * history[-2]:
            rho *= 10.0
    gradient, name = (w + mult) @ dlogs, "efficient tariffs (Ossa)"
    converged = history[-1] < tol
    return _talks_result(ev, members, labels, theta, values, gradient, history, converged, name)
