"""User-facing model objects: calibrate on a :class:`Baseline`, solve :class:`Policy` objects.

``OneSectorModel`` wraps the pure equations of :mod:`tradewar.models.onesector` with
labels, validation, a jit-compiled Newton solver and batching by ``vmap``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from tradewar import solve as solver
from tradewar.baseline import Baseline
from tradewar.errors import PolicyError
from tradewar.models import onesector as eq
from tradewar.policy import Policy
from tradewar.results import Diagnostics, Results


def _newton(instruments: eq.Instruments, cal: eq.Calibration, tol: float, max_iter: int):
    shock = eq.prepare(instruments, cal)
    return solver.newton(
        eq.residuals,
        eq.initial_guess(cal),
        (shock, cal),
        jacobian=eq.jacobian,
        tol=tol,
        max_iter=max_iter,
    )


@partial(jax.jit, static_argnames=("tol", "max_iter"))
def _solve_one(instruments, cal, tol=1e-10, max_iter=60):
    return _newton(instruments, cal, tol, max_iter)


@partial(jax.jit, static_argnames=("tol", "max_iter"))
def _solve_batch(instruments, cal, tol=1e-10, max_iter=60):
    return jax.vmap(lambda ins: _newton(ins, cal, tol, max_iter))(instruments)


@jax.jit
def _outcomes(x, instruments, cal):
    return eq.outcomes(x, eq.prepare(instruments, cal), cal)


class OneSectorModel:
    """The IMLS (2025) one-sector model calibrated on a one-sector baseline.

    Args:
        baseline: a one-sector :class:`Baseline` (flows incl. domestic sales).
        params: model parameters (defaults: the paper's baseline).
        transfers: optional override of the calibrated transfers T (N,), e.g. the
            balanced-trade closure of :func:`tradewar.models.onesector.balanced_transfers`.
        tol: convergence tolerance on the max scaled residual.
    """

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

    def _instruments(self, policy: Policy) -> eq.Instruments:
        if policy.baseline.countries != self.baseline.countries:
            raise PolicyError("the policy was built on a different baseline (other countries)")
        return eq.Instruments(
            jnp.asarray(policy.tariffs[:, :, 0]), jnp.asarray(policy.export_taxes[:, :, 0])
        )

    def solve(self, policy: Policy) -> Results:
        """Equilibrium under ``policy``; raises :class:`SolverError` if it does not converge."""
        ins = self._instruments(policy)
        sol = _solve_one(ins, self.calibration, tol=self.tol, max_iter=self.max_iter)
        solver.check(sol, policy.name)
        return self._results(policy.name, sol.x, ins, sol)

    def solve_many(self, policies: Sequence[Policy]) -> list[Results]:
        """Solve a batch of policies in one vectorised (``vmap``) call."""
        if not policies:
            return []
        batch = [self._instruments(p) for p in policies]
        stacked = jax.tree.map(lambda *a: jnp.stack(a), *batch)
        sol = _solve_batch(stacked, self.calibration, tol=self.tol, max_iter=self.max_iter)
        solver.check(sol, [p.name for p in policies])
        out = []
        for k, (p, ins) in enumerate(zip(policies, batch, strict=True)):
            lane = jax.tree.map(lambda a, k=k: a[k], sol)
            out.append(self._results(p.name, lane.x, ins, lane))
        return out

    def _results(self, name: str, x, ins: eq.Instruments, sol: solver.Solution) -> Results:
        o = {k: np.asarray(v) for k, v in _outcomes(x, ins, self.calibration).items()}
        cal = self.calibration
        diag = Diagnostics(
            iterations=int(sol.iterations),
            max_residual=float(sol.max_residual),
            walras_residual=float(o.pop("walras_residual")),
            converged=bool(sol.converged),
        )
        world = {k: float(o.pop(k)) for k in ("world_trade_to_gdp", "world_employment")}
        flows_after = o.pop("flows")
        return Results(
            scenario=name,
            countries=self.baseline.countries,
            outcomes=o,
            flows_before=np.asarray(cal.X),
            flows_after=flows_after,
            expenditure=np.asarray(cal.E),
            income=np.asarray(cal.Y),
            world=world,
            diagnostics=diag,
            model=self.describe(),
            unit=self.baseline.unit,
        )
