"""Optimal tariffs in the multi-sector (Caliendo-Parro) model, with exact gradients.

The equilibrium ``F(ln w, theta) = 0`` is solved with inner fixed points (prices,
spending), which reverse-mode autodiff cannot cross; gradients therefore use forward
mode and the implicit function theorem:
``dW/dtheta = dW/dtheta|_w + dW/dw . dw/dtheta`` with ``dw/dtheta = -J^-1 dF/dtheta``.
That costs N + 2K forward passes through the inner loops (N unknowns, K tariffs), so it
suits few instruments: a uniform tariff, one per partner or one per sector.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
from scipy import optimize

from tradewar.errors import SolverError, TradewarError
from tradewar.games.ossa import Cells, apply
from tradewar.jit import jit
from tradewar.model import MultiSectorModel
from tradewar.models import multisector as ms
from tradewar.policy import Policy

STRUCTURES = ("uniform", "bilateral", "sector")


def cells_for(model: MultiSectorModel, country: str, structure: str) -> tuple[Cells, int]:
    """Tariffs of ``country`` on all partners: one ``uniform`` rate, one per partner
    (``bilateral``) or one per ``sector``; returns the cells and their number K."""
    b = model.baseline
    j, n, s = b.index(country), b.n_countries, b.n_sectors
    partners = [i for i in range(n) if i != j]
    exp = np.repeat(partners, s)
    sec = np.tile(np.arange(s), len(partners))
    if structure == "uniform":
        index, k = np.zeros(len(exp), int), 1
    elif structure == "bilateral":
        index, k = np.repeat(np.arange(len(partners)), s), len(partners)
    elif structure == "sector":
        index, k = sec, s
    else:
        raise TradewarError(f"unknown structure {structure!r}; choose from {', '.join(STRUCTURES)}")
    cells = Cells(jnp.asarray(exp), jnp.full(len(exp), j), jnp.asarray(sec), jnp.asarray(index))
    return cells, k


def welfare_and_gradient(
    model: MultiSectorModel, base: Policy, cells: Cells, theta, country: str
) -> tuple[float, np.ndarray]:
    """Welfare change of ``country`` (percent) at tariffs ``theta`` (K,) in ``cells``
    (others as in ``base``) and its exact gradient (K,)."""
    cal = model.calibration
    theta = jnp.asarray(theta, float)
    policy = Policy(
        base.baseline,
        np.asarray(apply(theta, jnp.asarray(base.tariffs), cells)),
        base.export_taxes,
        "optimal tariff search",
    )
    res = model.solve(policy)
    lw = jnp.asarray(res.unknowns)
    k = model.baseline.index(country)
    value, grad = _value_and_gradient(
        theta, jnp.asarray(base.tariffs), jnp.asarray(base.export_taxes), cells, cal, k, lw
    )
    return float(value), np.asarray(grad, float)


@jit
def _value_and_gradient(theta, tariffs, taxes, cells, cal, k, lw):
    tol = ms.JACOBIAN_INNER_TOL

    def shock(th):
        return ms.prepare(apply(th, tariffs, cells), cal, taxes)

    def residual(w, th):
        return ms.residuals(w, (shock(th), cal), tol)

    def welfare(w, th):
        return ms.outcomes(w, shock(th), cal)["welfare"][k]

    jac = ms.jacobian(lw, (shock(theta), cal))  # forward mode, same inner tolerance
    d_res = jax.jacfwd(residual, argnums=1)(lw, theta)  # (N, K)
    d_w = -jnp.linalg.solve(jac, d_res)  # (N, K)
    basis = jnp.eye(theta.shape[0])
    grad = jax.vmap(lambda dw, e: jax.jvp(welfare, (lw, theta), (dw, e))[1], in_axes=(1, 0))(
        d_w, basis
    )
    return welfare(lw, theta), grad


@dataclass(frozen=True)
class MultiSectorOptimum:
    """Optimal tariffs of ``country``: ``rates`` (K,) in the order of ``labels``,
    ``welfare`` (percent), ``gradient`` at the optimum, ``policy`` with the rates in force
    and ``evaluations`` (equilibrium solves)."""

    country: str
    structure: str
    labels: tuple[str, ...]
    rates: np.ndarray
    welfare: float
    gradient: np.ndarray
    policy: Policy
    evaluations: int


def optimal_tariffs(
    model: MultiSectorModel,
    country: str,
    structure: str = "uniform",
    base: Policy | None = None,
    bounds: tuple[float, float] = (0.0, 1.5),
    start: float = 0.2,
) -> MultiSectorOptimum:
    """Tariffs of ``country`` that maximise its welfare given everyone else's (``base``,
    default the baseline's), by L-BFGS-B with exact gradients (see the module docstring)."""
    b = model.baseline
    base = base or Policy.from_baseline(b)
    if base.controls:
        raise TradewarError("optimal tariffs with export controls in force are not supported")
    cells, k = cells_for(model, country, structure)
    calls = {"n": 0}

    def loss(theta):
        calls["n"] += 1
        value, grad = welfare_and_gradient(model, base, cells, theta, country)
        if not np.all(np.isfinite(grad)):
            raise SolverError(f"optimal tariffs of {country}", float("nan"), calls["n"])
        return -value, -grad

    res = optimize.minimize(
        loss,
        np.full(k, start),
        jac=True,
        method="L-BFGS-B",
        bounds=[bounds] * k,
        options={"ftol": 1e-12, "gtol": 1e-7, "maxiter": 200},
    )
    value, grad = welfare_and_gradient(model, base, cells, res.x, country)
    j = b.index(country)
    labels = (
        ("all partners",)
        if structure == "uniform"
        else tuple(c for i, c in enumerate(b.countries) if i != j)
        if structure == "bilateral"
        else b.sectors
    )
    policy = Policy(
        b,
        np.asarray(apply(jnp.asarray(res.x), jnp.asarray(base.tariffs), cells)),
        base.export_taxes,
        f"{country} optimal {structure} tariffs",
    )
    return MultiSectorOptimum(
        country, structure, labels, res.x, value, grad, policy, calls["n"] + 1
    )


@dataclass(frozen=True)
class MultiSectorNash:
    """A Nash trade war in the multi-sector model: each player's uniform tariff is a best
    response to the others'. ``rates`` and ``welfare`` (percent) by player, ``gradients``
    the first-order conditions dW_p / dt_p at the equilibrium (zero at interior rates),
    ``rounds`` of best responses and the last round's largest rate change."""

    players: tuple[str, ...]
    rates: np.ndarray
    welfare: np.ndarray
    gradients: np.ndarray
    rounds: int
    max_change: float
    policy: Policy


def nash_war(
    model: MultiSectorModel,
    players: list[str] | tuple[str, ...],
    base: Policy | None = None,
    tol: float = 1e-5,
    max_rounds: int = 40,
    bounds: tuple[float, float] = (0.0, 1.5),
) -> MultiSectorNash:
    """Uniform-tariff Nash war among ``players`` by Gauss-Seidel best responses
    (:func:`optimal_tariffs`, each warm-started at the player's last rate) until no rate
    moves by more than ``tol``; :class:`SolverError` if that takes over ``max_rounds``."""
    b = model.baseline
    players = tuple(players)
    for p in players:
        b.index(p)
    if len(set(players)) < 2:
        raise TradewarError("a Nash war needs at least two different players")
    policy = base or Policy.from_baseline(b)
    rates = {p: 0.2 for p in players}
    change = np.inf
    rounds = 0
    while change > tol:
        if rounds == max_rounds:
            raise SolverError("Nash war (multi-sector)", float(change), rounds)
        rounds += 1
        change = 0.0
        for p in players:
            best = optimal_tariffs(model, p, "uniform", policy, bounds, start=rates[p])
            change = max(change, abs(float(best.rates[0]) - rates[p]))
            rates[p] = float(best.rates[0])
            policy = best.policy
    welfare, gradients = [], []
    for p in players:
        cells, _ = cells_for(model, p, "uniform")
        value, grad = welfare_and_gradient(model, policy, cells, [rates[p]], p)
        welfare.append(value)
        gradients.append(float(grad[0]))
    return MultiSectorNash(
        players,
        np.array([rates[p] for p in players]),
        np.array(welfare),
        np.array(gradients),
        rounds,
        float(change),
        policy.named(f"Nash war among {', '.join(players)}"),
    )
