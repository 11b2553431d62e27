"""The IMLS (2025) one-sector model as a :class:`~tradewar.models.interface.Model`.

Wraps the pure equations of :mod:`tradewar.models.onesector` with labels, validation, a
jit-compiled Newton solve (:mod:`tradewar.models.onesector_newton`), ``vmap`` batches and
welfare gradients in reverse mode (:mod:`tradewar.models.implicit`, with the analytic
Jacobian: one factorisation whatever the number of tariffs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import jax
import jax.numpy as jnp
import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.errors import PolicyError, SolverError
from tradewar.core.policy import Policy
from tradewar.core.results import Diagnostics, Results
from tradewar.models import has_export_taxes, implicit, solver
from tradewar.models import onesector as eq
from tradewar.models import onesector_newton as eq_newton
from tradewar.models.interface import (
    GradientAnswer,
    GradientQuery,
    Model,
    WarmStart,
    apply_cells,
)
from tradewar.runtime.jit import jit


def _equilibrium(instruments, cal, tol, max_iter, taxes, chord, x0=None):
    args = (eq.prepare(instruments, cal), cal)
    start = eq.initial_guess(cal) if x0 is None else x0
    return eq_newton.solve(args, start, taxes=taxes, tol=tol, max_iter=max_iter, chord=chord)


@jit(static_argnames=("tol", "max_iter", "taxes"))
def solve_equilibrium(instruments, cal, tol=1e-10, max_iter=60, taxes=True):
    """The equilibrium (:class:`tradewar.models.solver.Solution`) of ``instruments`` on the
    calibration ``cal``: Newton with chord steps (fewer factorisations than pure Newton).
    ``taxes=False`` promises that ``instruments`` has no export taxes."""
    return _equilibrium(instruments, cal, tol, max_iter, taxes, chord=True)


@jit(static_argnames=("tol", "max_iter", "taxes"))
def _solve_one_batch(instruments, cal, tol=1e-10, max_iter=60, taxes=True):
    """Batches: pure Newton (chord refreshes would run in every lane under vmap)."""
    return jax.vmap(lambda ins: _equilibrium(ins, cal, tol, max_iter, taxes, chord=False))(
        instruments
    )


@jit
def _one_outcomes(x, instruments, cal, felt_over_paid=None):
    return eq.outcomes(x, eq.prepare(instruments, cal), cal, felt_over_paid)


@jit(static_argnames=("tol", "max_iter", "taxes"))
def _welfare_value_and_grad(
    theta,
    tariffs,
    export_taxes,
    costs,
    cells,
    cal,
    countries,
    x0,
    tax_cells=None,
    tol=1e-10,
    max_iter=100,
    taxes=True,
):
    """Welfare change of ``countries`` (C,) (percent) at ``theta`` (K,) and its gradient
    (C, K) (reverse mode, :mod:`~tradewar.models.implicit`); ``tariffs``,
    ``export_taxes``, ``costs`` (N, N) of the policy in force; ``tax_cells``: the export
    taxes ``theta`` also sets, or None. Returns ``(values, gradients, solution)``."""

    def instruments(th):
        t = apply_cells(th, tariffs[:, :, None], cells)[:, :, 0]
        x = export_taxes
        if tax_cells is not None:
            x = apply_cells(th, export_taxes[:, :, None], tax_cells)[:, :, 0]
        return eq.Instruments(t, x, (1 + t) * (1 + x) * costs)

    def residual(x, th):
        return eq.residuals(x, (eq.prepare(instruments(th), cal), cal))

    def objective(x, th):
        return eq.outcomes(x, eq.prepare(instruments(th), cal), cal)["welfare"][countries]

    shock = eq.prepare(instruments(theta), cal)
    sol = eq_newton.solve((shock, cal), x0, taxes=taxes, tol=tol, max_iter=max_iter)
    jacobian = eq_newton.jacobian(sol.x, (shock, cal))
    out = implicit.reverse(residual, objective, sol.x, theta, jacobian)
    return out.value, out.jacobian, sol


class OneSectorModel(Model):
    """The IMLS (2025) one-sector model calibrated on a one-sector baseline.

    Args:
        baseline: a one-sector :class:`Baseline` (flows incl. domestic sales).
        params: model parameters (defaults: the paper's baseline).
        transfers: optional override of the calibrated transfers T (N,), e.g. the
            balanced-trade closure of :func:`tradewar.models.onesector.balanced_transfers`.
        tol: convergence tolerance on the max scaled residual.
        max_iter: most Newton steps.
    """

    family: ClassVar[str] = "imls"  # its entry in tradewar.models.families

    def __init__(
        self,
        baseline: Baseline,
        params: eq.OneSectorParams | None = None,
        transfers: np.ndarray | None = None,
        tol: float = 1e-10,
        max_iter: int = 60,
    ):
        self.baseline = baseline
        self.params = params or eq.OneSectorParams()
        cal = eq.calibrate(baseline, self.params)
        if transfers is not None:
            cal = cal._replace(T=jnp.asarray(transfers, dtype=float))
        self.calibration = cal
        self.tol = tol
        self.max_iter = max_iter

    def describe(self) -> str:
        p = self.params
        return (
            f"IMLS one-sector: eps={p.trade_elasticity:g}, psi={p.scale_elasticity:.4g}, "
            f"kappa={p.labor_supply_elasticity:g}, pass-through={p.pass_through:g}, "
            f"nu={p.overhead_shares}, revenue={p.revenue_recycling}"
        )

    def demand_elasticity(self) -> np.ndarray:
        """Elasticity theta of demand shares with respect to the buyer's wedge, (1, N, 1):
        eps * phi_n by importer (tariff-exclusive flows respond with -(theta + 1))."""
        cal = self.calibration
        return np.asarray(cal.eps * cal.phi)[None, :, None]

    def _instruments(self, policy: Policy, felt: np.ndarray | None = None) -> eq.Instruments:
        if policy.controls:
            raise PolicyError(
                "export controls need a multi-sector baseline with the controlled sector "
                "(e.g. default-rare-earths): the one-sector model has no sector to control"
            )
        wedge = policy.demand_wedge() if felt is None else np.asarray(felt)
        return eq.Instruments(
            jax.device_put(policy.tariffs[:, :, 0]),  # no compiled lax.stage (calibrate)
            jax.device_put(policy.export_taxes[:, :, 0]),
            jax.device_put(wedge.reshape(wedge.shape[:2])),  # incl. trade-cost shocks
        )

    def _solve_warm(
        self, policy: Policy, felt: np.ndarray | None, warm: WarmStart | None
    ) -> tuple[Results, WarmStart]:
        """See :meth:`Model.solve_warm`; ``felt`` is (N, N, 1) or (N, N). One-sector solves
        start from the baseline (``warm`` is not needed: they take a few steps)."""
        del warm  # (the policy is checked by Model.solve_warm)
        ins = self._instruments(policy, felt)
        sol = solve_equilibrium(
            ins, self.calibration, self.tol, self.max_iter, taxes=has_export_taxes(ins)
        )
        solver.check(sol, policy.name)
        lag = None
        if felt is not None:
            lag = ins.effective_wedge / jax.device_put(policy.demand_wedge()[:, :, 0])
        return self._results(policy.name, sol, ins, lag), WarmStart(np.asarray(sol.x))

    def _welfare_and_gradients(self, query: GradientQuery) -> GradientAnswer:
        """See :meth:`Model.welfare_and_gradients`: one solve and one factorisation for
        all ``countries`` (welfare in percent)."""
        policy, warm, countries = query.policy, query.warm, query.countries
        if query.chooses_quotas:
            raise PolicyError("the IMLS model has no export controls to choose quotas of")
        ins = self._instruments(policy)
        costs = 1.0 if policy.trade_costs is None else policy.trade_costs[:, :, 0]
        x0 = eq.initial_guess(self.calibration) if warm is None else jax.device_put(warm.unknowns)
        values, grads, sol = _welfare_value_and_grad(
            jnp.asarray(query.theta),
            ins.tariffs,
            ins.export_taxes,
            jnp.asarray(costs, float) * jnp.ones_like(ins.tariffs),
            query.cells,
            self.calibration,
            jnp.asarray([self.baseline.index(c) for c in countries], int),
            x0,
            query.taxes,
            taxes=has_export_taxes(ins) or query.taxes is not None,
        )
        if not bool(sol.converged):
            raise SolverError(
                f"welfare of {', '.join(countries)}",
                float(sol.max_residual),
                int(sol.iterations),
                hint="narrow the tariff bounds",
            )
        return (
            np.asarray(values, float),
            np.asarray(grads, float),
            WarmStart(np.asarray(sol.x)),
        )

    def _batchable(self, policies: Sequence[Policy]) -> bool:
        return True

    def _solve_batch(self, ins):
        return _solve_one_batch(
            ins, self.calibration, self.tol, self.max_iter, taxes=has_export_taxes(ins)
        )

    def _batch_results(self, name: str, ins, lane: solver.Solution) -> Results:
        return self._results(name, lane, ins)

    def _results(
        self, name: str, sol: solver.Solution, ins: eq.Instruments, felt_over_paid=None
    ) -> Results:
        outcomes = _one_outcomes(sol.x, ins, self.calibration, felt_over_paid)
        o = {k: np.asarray(v) for k, v in outcomes.items()}
        cal = self.calibration
        diag = Diagnostics(
            iterations=int(sol.iterations),
            max_residual=float(sol.max_residual),
            walras_residual=float(o.pop("walras_residual")),
            converged=bool(sol.converged),
        )
        world = {k: float(o.pop(k)) for k in ("world_trade_to_gdp", "world_employment")}
        flows_after = o.pop("flows")[:, :, None]
        return Results(
            scenario=name,
            countries=self.baseline.countries,
            outcomes=o,
            flows_before=np.asarray(cal.X)[:, :, None],
            flows_after=flows_after,
            expenditure=np.asarray(cal.E),
            income=np.asarray(cal.Y),
            world=world,
            diagnostics=diag,
            model=self.describe(),
            unit=self.baseline.unit,
            sectors=self.baseline.sectors,
        )
