"""Optimal tariffs and Nash trade wars in the one-sector model, with exact gradients.

* :func:`optimal_tariffs`: the tariffs (uniform, or one per partner) that maximise a
  country's welfare given everyone else's, by L-BFGS-B with gradients from
  :mod:`tradewar.games.gradients` (implicit differentiation, not grid search or finite
  differences).
* :func:`nash_war`: every player sets a uniform tariff as a best response to the others'
  current tariffs, simultaneously (Gauss-Jacobi, as Ossa 2014), until no one moves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import jax.numpy as jnp
import numpy as np
from scipy import optimize

from tradewar.errors import SolverError, TradewarError
from tradewar.games.gradients import (
    TariffCells,
    apply,
    bilateral_cells,
    checked_welfare_and_grad,
    uniform_cells,
    welfare_value_and_grad,
)
from tradewar.model import OneSectorModel
from tradewar.models import onesector as eq
from tradewar.policy import Policy


@dataclass(frozen=True)
class OptimalTariff:
    """Result of :func:`optimal_tariffs`.

    country: who optimises; rates: chosen tariffs (fractions), one (uniform) or one per
    partner in ``partners`` order; welfare: its welfare change at the optimum (percent);
    gradient: welfare gradient at the optimum (percent per unit of tariff; ~0 inside the
    bounds); policy: the full policy with the optimal tariffs; iterations: optimiser steps
    (1 for the uniform case, solved as a root of the exact gradient).
    """

    country: str
    partners: tuple[str, ...]
    rates: np.ndarray
    welfare: float
    gradient: np.ndarray
    policy: Policy
    iterations: int


def _maximise(
    cal: eq.Calibration,
    ins: eq.Instruments,
    cells: TariffCells,
    country: int,
    start: np.ndarray,
    bounds: tuple[float, float],
    name: str,
    gtol: float,
):
    """L-BFGS-B on minus welfare, each equilibrium warm-started from the last one."""
    warm = {"x": None}

    def loss(theta):
        value, grad, warm["x"] = checked_welfare_and_grad(
            theta, ins, cells, cal, country, name, warm["x"]
        )
        return -value, -grad

    res = optimize.minimize(
        loss,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[bounds] * len(start),
        options={"ftol": 1e-12, "gtol": gtol, "maxiter": 1000},
    )
    lo, hi = bounds
    projected = np.where(
        (res.x <= lo) & (res.jac > 0) | (res.x >= hi) & (res.jac < 0), 0.0, res.jac
    )
    # L-BFGS-B may stop "abnormally" in its line search right at the optimum
    if not res.success and np.max(np.abs(projected)) > 100 * gtol:
        raise TradewarError(f"{name} did not converge: {res.message}")
    return res


def _best_uniform(
    cal: eq.Calibration,
    ins: eq.Instruments,
    country: int,
    bounds: tuple[float, float],
    name: str,
    n_countries: int,
) -> float:
    """One uniform tariff: root of the exact welfare gradient, or a bound (corner)."""
    cells = uniform_cells([country], n_countries)

    def slope(rate: float) -> float:
        return checked_welfare_and_grad([rate], ins, cells, cal, country, name)[1][0]

    lo, hi = bounds
    g_lo = slope(lo)
    if g_lo <= 0:
        return lo
    if slope(hi) >= 0:
        return hi
    return float(optimize.brentq(slope, lo, hi, xtol=1e-12))


def optimal_tariffs(
    model: OneSectorModel,
    country: str,
    structure: str = "uniform",
    base: Policy | None = None,
    bounds: tuple[float, float] = (0.0, 1.0),
    start: float = 0.2,
) -> OptimalTariff:
    """Welfare-maximising import tariffs of ``country`` given the others' tariffs in ``base``.

    Args:
        structure: ``"uniform"`` (one rate on all partners) or ``"bilateral"`` (one per
            partner).
        base: policy in force (default: the baseline's tariffs).
        bounds: bounds on each rate (fractions); 0 rules out import subsidies.
    """
    b = model.baseline
    base = base or Policy.from_baseline(b)
    k = b.index(country)
    partners = tuple(c for c in b.countries if c != country)
    ins = model._instruments(base)
    cal = model.calibration
    name = f"optimal {structure} tariff of {country}"
    if structure == "uniform":
        cells = uniform_cells([k], b.n_countries)
        rates = np.array([_best_uniform(cal, ins, k, bounds, name, b.n_countries)])
        iterations = 1
    elif structure == "bilateral":
        cells = bilateral_cells(k, range(b.n_countries))
        res = _maximise(cal, ins, cells, k, np.full(len(partners), start), bounds, name, gtol=1e-6)
        rates, iterations = np.asarray(res.x), int(res.nit)
    else:
        raise TradewarError("structure must be 'uniform' or 'bilateral'")
    value, grad, _ = welfare_value_and_grad(jnp.asarray(rates), ins, cells, cal, jnp.asarray(k))
    full = np.array(base.tariffs)
    full[:, :, 0] = np.asarray(apply(jnp.asarray(rates), ins.tariffs, cells))
    policy = Policy(b, full, base.export_taxes, f"{country} optimal {structure} tariff")
    return OptimalTariff(
        country, partners, rates, float(value), np.asarray(grad), policy, iterations
    )


@dataclass(frozen=True)
class NashEquilibrium:
    """Result of :func:`nash_war`.

    players: who sets tariffs; rates: their uniform Nash tariffs (fractions);
    policy: the Nash policy; rounds: best-response rounds; max_change: largest tariff
    change in the last round; gradients: each player's welfare gradient w.r.t. its own
    tariff at the equilibrium (first-order conditions, ~0 for interior rates).
    """

    players: tuple[str, ...]
    rates: np.ndarray
    policy: Policy
    rounds: int
    max_change: float
    gradients: np.ndarray


def nash_war(
    model: OneSectorModel,
    players: Sequence[str],
    base: Policy | None = None,
    start: float = 0.2,
    tol: float = 1e-6,
    max_rounds: int = 50,
    bounds: tuple[float, float] = (0.0, 1.0),
) -> NashEquilibrium:
    """Uniform-tariff Nash equilibrium among ``players`` (others keep ``base`` tariffs).

    Simultaneous best responses until the largest change is below ``tol``; raises
    :class:`SolverError` if the rounds run out (equilibria need not be unique or exist in
    pure strategies: try another ``start``).
    """
    b = model.baseline
    base = base or Policy.from_baseline(b)
    idx = [b.index(p) for p in players]
    if len(set(idx)) != len(idx) or len(idx) < 2:
        raise TradewarError("a trade war needs at least two distinct players")
    cells = uniform_cells(idx, b.n_countries)
    ins = model._instruments(base)
    cal = model.calibration
    rates = np.full(len(idx), start)
    change = np.inf
    for rounds in range(1, max_rounds + 1):  # noqa: B007 (reported below)
        profile = np.asarray(apply(jnp.asarray(rates), ins.tariffs, cells))
        current = eq.Instruments(jnp.asarray(profile), ins.export_taxes)
        new = rates.copy()
        for p, k in enumerate(idx):
            new[p] = _best_uniform(
                cal, current, k, bounds, f"best response of {b.countries[k]}", b.n_countries
            )
        change = float(np.max(np.abs(new - rates)))
        rates = new
        if change < tol:
            break
    else:
        raise SolverError(
            "Nash trade war",
            change,
            max_rounds,
            hint="best responses kept moving; try another start",
        )
    profile = np.asarray(apply(jnp.asarray(rates), ins.tariffs, cells))
    gradients = np.array(
        [
            float(
                welfare_value_and_grad(
                    jnp.asarray([rates[p]]),
                    eq.Instruments(jnp.asarray(profile), ins.export_taxes),
                    uniform_cells([k], b.n_countries),
                    cal,
                    jnp.asarray(k),
                )[1][0]
            )
            for p, k in enumerate(idx)
        ]
    )
    full = np.array(base.tariffs)
    full[:, :, 0] = profile
    policy = Policy(b, full, base.export_taxes, "Nash trade war")
    return NashEquilibrium(
        tuple(b.countries[k] for k in idx), rates, policy, rounds, change, gradients
    )
