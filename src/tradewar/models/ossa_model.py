"""The Ossa (2014) model as a :class:`~tradewar.models.interface.Model`, and the
equilibrium solve, re-basing and welfare gradients its games use.

The model works on a calibration with trade imbalances purged (Ossa's first step,
:func:`balanced_calibration`), so its welfare changes are relative to that balanced
world, not to the baseline's data; :meth:`OssaModel.describe` says so. Welfare is
``W_hat`` (or the government's ``G_hat`` with political-economy weights); gradients come
in reverse mode (:mod:`tradewar.models.implicit`) with the analytic Jacobian of
:mod:`tradewar.models.ossa`.
"""

from __future__ import annotations

import copy
from typing import ClassVar

import jax.numpy as jnp
import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError, PolicyError, SolverError
from tradewar.core.policy import Policy
from tradewar.core.results import Diagnostics, Results
from tradewar.models import implicit, ossa, solver
from tradewar.models.interface import (
    GradientAnswer,
    GradientQuery,
    Model,
    TariffCells,
    WarmStart,
    apply_cells,
)
from tradewar.runtime.jit import jit


def equilibrium(tariffs, cal: ossa.Calibration, x0) -> solver.Solution:
    """The Ossa equilibrium at ``tariffs`` [i, j, s] from ``x0``: Newton with the analytic
    Jacobian to a max scaled residual of 1e-12."""
    return solver.newton(
        ossa.residuals, x0, (tariffs, cal), jacobian=ossa.jacobian, tol=1e-12, max_iter=60
    )


@jit
def _newton(tariffs, cal, x0):
    return equilibrium(tariffs, cal, x0)


def solve_tariffs(
    cal: ossa.Calibration, tariffs: np.ndarray, x0: np.ndarray | None = None
) -> np.ndarray:
    """Unknowns ``[ln E_hat, ln w_hat]`` (2N,) of the equilibrium at ``tariffs``;
    :class:`SolverError` if it does not converge."""
    start = ossa.initial_guess(cal) if x0 is None else jnp.asarray(x0)
    sol = _newton(jnp.asarray(tariffs), cal, start)
    solver.check(sol, "tariff equilibrium")
    return np.asarray(sol.x)


@jit(static_argnames=("government",))
def welfare_and_jacobian(
    theta, tariffs_in_force, cells: TariffCells, cal: ossa.Calibration, x0, government=True
):
    """Welfare of every region (ratios, (N,)) at the tariffs ``tariffs_in_force`` with ``cells`` set
    to ``theta`` (K,), and its Jacobian w.r.t. ``theta`` (N, K), in reverse mode
    (:mod:`~tradewar.models.implicit`).

    ``government``: G_hat (political-economy weights of ``cal``) rather than W_hat.
    Returns ``(values, jacobian, solution)``; check ``solution.converged``.
    """
    key = "government" if government else "welfare"

    def tariffs(th):
        return apply_cells(th, tariffs_in_force, cells)

    def residual(x, th):
        return ossa.residuals(x, (tariffs(th), cal))

    def objective(x, th):
        return ossa.welfare_objects(x, tariffs(th), cal)[key]

    sol = equilibrium(tariffs(theta), cal, x0)
    jacobian = ossa.jacobian(sol.x, (tariffs(theta), cal))
    out = implicit.reverse(residual, objective, sol.x, theta, jacobian)
    return out.value, out.jacobian, sol


def rebase(cal: ossa.Calibration, tariffs: np.ndarray) -> ossa.Calibration:
    """A calibration whose data are the equilibrium at ``tariffs`` (C.8's starting points):
    flows become the counterfactual flows and ``tariffs`` the factual ones."""
    x = solve_tariffs(cal, tariffs)
    flows = np.asarray(ossa.welfare_objects(jnp.asarray(x), jnp.asarray(tariffs), cal)["flows"])
    return ossa.calibrate(flows, tariffs, cal.sigma, cal.weights, cal.NX_new)


def balanced_calibration(
    baseline: Baseline, elasticities: str | np.ndarray | None = None
) -> ossa.Calibration:
    """Ossa-model calibration of a multi-sector :class:`~tradewar.core.baseline.Baseline` with
    trade imbalances purged (Ossa's first step): sigma = 1 + trade elasticity (a named set
    of the baseline, default its first, or an array)."""
    _, epsilon = baseline.elasticity_set(elasticities)
    if np.any(epsilon <= 0):
        raise DataError("trade elasticities must be positive (sigma > 1)")
    cal = ossa.calibrate(baseline.flows, baseline.tariffs, epsilon + 1.0)
    return rebase(cal, np.asarray(baseline.tariffs))


@jit
def _outcomes(x, tariffs, cal):
    return ossa.outcomes(x, tariffs, cal)


class OssaModel(Model):
    """Ossa (2014): multi-industry Krugman model with profit-shifting tariffs, on a
    baseline with trade imbalances purged.

    Args:
        baseline: a multi-sector baseline (its flows and tariffs).
        elasticities: a named elasticity set of the baseline or an array (S,); sigma is
            1 + the trade elasticity.
        government: welfare for games is the government's G_hat (political-economy
            weights of the calibration; 1 unless given) rather than W_hat.
        calibration: use this :class:`tradewar.models.ossa.Calibration` instead of
            :func:`balanced_calibration` (e.g. Ossa's own data).
    """

    family: ClassVar[str] = "ossa"  # its entry in tradewar.models.families

    def __init__(
        self,
        baseline: Baseline,
        elasticities: str | np.ndarray | None = None,
        government: bool = False,
        calibration: ossa.Calibration | None = None,
    ):
        self.baseline = baseline
        self.elasticity_source = baseline.elasticity_set(elasticities)[0]
        self.calibration = calibration or balanced_calibration(baseline, elasticities)
        self.government = government

    def rebased(self, tariffs: np.ndarray) -> OssaModel:
        """The same model with its reference point moved to the equilibrium at ``tariffs``
        [i, n, s] (C.8's starting points, :func:`rebase`): welfare changes are then
        relative to that equilibrium, e.g. a disagreement point."""
        other = copy.copy(self)
        other.calibration = rebase(self.calibration, np.asarray(tariffs))
        return other

    def reference_policy(self, name: str = "reference") -> Policy:
        """The policy at the calibration's tariffs (where every welfare change is 0)."""
        return Policy.from_baseline(self.baseline).with_tariffs(
            np.asarray(self.calibration.t), name
        )

    def describe(self) -> str:
        return (
            f"Ossa (2014) multi-industry, {self.baseline.n_sectors} industries, sigma = 1 + "
            f"elasticities {self.elasticity_source}, trade imbalances purged (changes are "
            "relative to the balanced world)"
        )

    def demand_elasticity(self) -> np.ndarray:
        """sigma - 1 by sector, (1, 1, S)."""
        return np.asarray(self.calibration.sigma - 1.0)[None, None, :]

    def _check(self, policy: Policy, felt) -> None:
        """Refuse what the Ossa model does not have (the labels are checked by Model)."""
        if policy.controls or np.any(policy.export_taxes) or policy.trade_costs is not None:
            raise PolicyError("the Ossa model takes import tariffs only")
        if felt is not None:
            raise PolicyError("the Ossa model has no lagged (felt) demand")

    def _solve_warm(
        self, policy: Policy, felt: np.ndarray | None, warm: WarmStart | None
    ) -> tuple[Results, WarmStart]:
        """See :meth:`Model.solve_warm` (import tariffs only)."""
        self._check(policy, felt)
        cal = self.calibration
        x0 = ossa.initial_guess(cal) if warm is None else jnp.asarray(warm.unknowns)
        tariffs = jnp.asarray(policy.tariffs)
        sol = _newton(tariffs, cal, x0)
        solver.check(sol, policy.name)
        o = {k: np.asarray(v) for k, v in _outcomes(sol.x, tariffs, cal).items()}
        flows_after = o.pop("flows")
        revenue = o.pop("revenue")
        res = Results(
            scenario=policy.name,
            countries=self.baseline.countries,
            outcomes=o,
            flows_before=np.asarray(cal.X),
            flows_after=flows_after,
            expenditure=np.asarray(cal.E),
            income=np.asarray(cal.LI),
            world={},
            diagnostics=Diagnostics(
                int(sol.iterations), float(sol.max_residual), None, bool(sol.converged)
            ),
            model=self.describe(),
            unit=self.baseline.unit,
            sectors=self.baseline.sectors,
            levels={"tariff_revenue": revenue},
        )
        return res, WarmStart(np.asarray(sol.x))

    def _welfare_and_gradients(self, query: GradientQuery) -> GradientAnswer:
        """See :meth:`Model.welfare_and_gradients`: one solve and one adjoint for all
        ``countries``; welfare in percent (W_hat, or G_hat with ``government``)."""
        self._check(query.policy, None)
        if query.chooses_quotas:
            raise PolicyError("the Ossa model has no export controls to choose quotas of")
        if query.taxes is not None:
            raise PolicyError("the Ossa model takes import tariffs only (no export taxes)")
        warm, countries = query.warm, query.countries
        cal = self.calibration
        x0 = ossa.initial_guess(cal) if warm is None else jnp.asarray(warm.unknowns)
        values, jac, sol = welfare_and_jacobian(
            jnp.asarray(query.theta),
            jnp.asarray(query.policy.tariffs),
            query.cells,
            cal,
            x0,
            self.government,
        )
        if not bool(sol.converged):
            if warm is not None:  # a far-away warm start can fail where a cold one does not
                return self._welfare_and_gradients(query._replace(warm=None))
            who = ", ".join(countries)
            raise SolverError(f"welfare of {who}", float(sol.max_residual), int(sol.iterations))
        ks = [self.baseline.index(c) for c in countries]
        return (
            100.0 * (np.asarray(values, float)[ks] - 1.0),
            100.0 * np.asarray(jac, float)[ks],
            WarmStart(np.asarray(sol.x)),
        )
