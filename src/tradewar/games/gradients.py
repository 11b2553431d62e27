"""Welfare gradients through the equilibrium by implicit differentiation (adjoint method).

For equilibrium conditions F(x, theta) = 0 and an objective W(x, theta), the total
derivative is ``dW/dtheta = dW/dtheta|_x - v^T dF/dtheta`` with the adjoint ``v`` solving
``J^T v = dW/dx`` (J = dF/dx at the solution). One linear solve with the model's exact
(analytic) Jacobian gives the whole gradient, whatever the number of tariffs, and no
derivative goes through the Newton iterations.

Tariff instruments are parametrised by :class:`TariffCells`: entry k of ``theta`` sets the
tariff of every cell (exporter, importer) whose ``index`` is k; other cells keep the base.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from tradewar.errors import SolverError
from tradewar.jit import jit
from tradewar.models import has_export_taxes
from tradewar.models import onesector as eq
from tradewar.models import onesector_newton as eq_newton


class TariffCells(NamedTuple):
    """Which tariffs the choice vector sets: cell m is ``t[exporters[m], importers[m]]``,
    set to ``theta[index[m]]``. Int arrays of equal length M."""

    exporters: jax.Array
    importers: jax.Array
    index: jax.Array


def uniform_cells(importers: Sequence[int], n_countries: int) -> TariffCells:
    """One uniform import tariff per importer (theta[k] for importers[k]) on all partners."""
    exp, imp, idx = [], [], []
    for k, n in enumerate(importers):
        for i in range(n_countries):
            if i != n:
                exp.append(i)
                imp.append(n)
                idx.append(k)
    return TariffCells(jnp.asarray(exp), jnp.asarray(imp), jnp.asarray(idx))


def bilateral_cells(importer: int, exporters: Sequence[int]) -> TariffCells:
    """One tariff per partner of ``importer`` (theta[k] on exporters[k])."""
    exporters = [i for i in exporters if i != importer]
    return TariffCells(
        jnp.asarray(exporters), jnp.full(len(exporters), importer), jnp.arange(len(exporters))
    )


def apply(theta: jax.Array, base: jax.Array, cells: TariffCells) -> jax.Array:
    """Tariff matrix t[i, n]: ``base`` with the chosen cells set from ``theta``."""
    return base.at[cells.exporters, cells.importers].set(theta[cells.index])


@jit(static_argnames=("tol", "max_iter", "taxes"))
def welfare_value_and_grad(
    theta: jax.Array,
    base: eq.Instruments,
    cells: TariffCells,
    cal: eq.Calibration,
    country: jax.Array,
    x0: jax.Array | None = None,
    tol: float = 1e-10,
    max_iter: int = 100,
    taxes: bool = True,
):
    """Welfare change of ``country`` (percent) and its gradient w.r.t. ``theta``.

    Args:
        theta: chosen tariffs (K,), fractions.
        base: instruments in force for every cell not in ``cells``.
        cells: the parametrisation.
        cal: one-sector calibration.
        country: index of the country whose welfare is the objective.
        x0: starting point of the equilibrium solve (default: the baseline, all hats 1);
            a nearby earlier solution makes searches over large tariffs robust.
        taxes: False promises that ``base`` has no export taxes (a cheaper factorisation,
            see :func:`tradewar.models.onesector_newton.factorize`).

    Returns ``(welfare, gradient (K,), solution)``; check ``solution.converged``.
    """

    def instruments(th):
        return eq.Instruments(apply(th, base.tariffs, cells), base.export_taxes)

    def residual(x, th):
        return eq.residuals(x, (eq.prepare(instruments(th), cal), cal))

    def objective(x, th):
        return eq.outcomes(x, eq.prepare(instruments(th), cal), cal)["welfare"][country]

    shock = eq.prepare(instruments(theta), cal)
    start = eq.initial_guess(cal) if x0 is None else x0
    sol = eq_newton.solve((shock, cal), start, taxes=taxes, tol=tol, max_iter=max_iter)
    x = sol.x
    value, (g_x, g_theta) = jax.value_and_grad(objective, argnums=(0, 1))(x, theta)
    adjoint = jnp.linalg.solve(eq_newton.jacobian(x, (shock, cal)).T, g_x)
    _, pullback = jax.vjp(lambda th: residual(x, th), theta)
    return value, g_theta - pullback(adjoint)[0], sol


def checked_welfare_and_grad(
    theta,
    base: eq.Instruments,
    cells: TariffCells,
    cal: eq.Calibration,
    country: int,
    name: str,
    x0: jax.Array | None = None,
) -> tuple[float, np.ndarray, jax.Array]:
    """:func:`welfare_value_and_grad` as NumPy values plus the equilibrium (for warm
    starts); raises :class:`SolverError` naming ``name`` if the equilibrium failed."""
    value, grad, sol = welfare_value_and_grad(
        jnp.asarray(theta),
        base,
        cells,
        cal,
        jnp.asarray(country),
        x0,
        taxes=has_export_taxes(base),
    )
    if not bool(sol.converged):
        raise SolverError(
            name, float(sol.max_residual), int(sol.iterations), hint="narrow the tariff bounds"
        )
    return float(value), np.asarray(grad, dtype=float), sol.x
