"""User-facing model objects: calibrate on a :class:`Baseline`, solve :class:`Policy` objects.

Two model families share one interface (``solve``, ``solve_many`` -> :class:`Results`):

* :class:`OneSectorModel` — IMLS (2025), :mod:`tradewar.models.onesector`;
* :class:`MultiSectorModel` — Caliendo & Parro (2015), :mod:`tradewar.models.multisector`.

Each wraps pure JAX equations with labels, validation, a jit-compiled Newton solve and
batching by ``vmap``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from tradewar import solve as solver
from tradewar.baseline import Baseline
from tradewar.errors import PolicyError, TradewarError
from tradewar.jit import jit
from tradewar.models import has_export_taxes
from tradewar.models import multisector as ms
from tradewar.models import onesector as eq
from tradewar.models import onesector_newton as eq_newton
from tradewar.policy import Policy
from tradewar.results import Diagnostics, Results


def bucket_size(n: int) -> int:
    """The batch size a batch of ``n`` is padded to: the next power of two (1, 2, 4, ...),
    so that ``vmap`` batches of nearby sizes share one compiled function."""
    return 1 << max(0, (n - 1).bit_length())


class _Model:
    """Shared solve / batch / labeling logic; subclasses supply the equations."""

    baseline: Baseline
    calibration: Any
    tol: float
    max_iter: int

    def describe(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _instruments(self, policy: Policy) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def _solve_single(self, ins):  # pragma: no cover - overridden
        raise NotImplementedError

    def _solve_batch(self, ins):  # pragma: no cover - overridden
        raise NotImplementedError

    def _results(self, name: str, x, ins, sol: solver.Solution) -> Results:  # pragma: no cover
        raise NotImplementedError

    def _check_policy(self, policy: Policy) -> None:
        if policy.baseline.countries != self.baseline.countries or (
            policy.baseline.sectors != self.baseline.sectors
        ):
            raise PolicyError("the policy was built on a different baseline (other labels)")

    def solve(self, policy: Policy) -> Results:
        """Equilibrium under ``policy``; raises :class:`SolverError` if it does not converge."""
        self._check_policy(policy)
        return self._solve_instruments(policy.name, self._instruments(policy))

    def _solve_instruments(self, name: str, ins) -> Results:
        sol = self._solve_single(ins)
        solver.check(sol, name)
        return self._results(name, sol.x, ins, sol)

    def solve_many(
        self, policies: Sequence[Policy], vectorise: bool | None = None
    ) -> list[Results]:
        """Solve a list of policies.

        ``vectorise``: one ``vmap`` call (True) or a loop of single solves (False). By
        default (None) a loop on a CPU, where it measures faster per solve (one-sector
        USTR x 100: 0.40 s against 0.82 s; the ICIO US-China war x 8: 1.8 s against 15 s;
        single solves keep their factorisation, a batch runs every lane to the slowest),
        and ``vmap`` on an accelerator. Batches are padded to the next power of two so a
        new batch size reuses a compiled function.
        """
        if not policies:
            return []
        for p in policies:
            self._check_policy(p)
        if vectorise is None:
            vectorise = jax.default_backend() != "cpu"
        if not vectorise:
            return [self.solve(p) for p in policies]
        batch = [self._instruments(p) for p in policies]
        padded = batch + [batch[-1]] * (bucket_size(len(batch)) - len(batch))
        stacked = jax.tree.map(lambda *a: jnp.stack(a), *padded)
        sol = self._solve_batch(stacked)
        sol = jax.tree.map(lambda a: a[: len(batch)], sol)
        solver.check(sol, [p.name for p in policies])
        out = []
        for k, (p, ins) in enumerate(zip(policies, batch, strict=True)):
            lane = jax.tree.map(lambda a, k=k: a[k], sol)
            out.append(self._results(p.name, lane.x, ins, lane))
        return out


# ---------------------------------------------------------------------------------------
# One sector (IMLS 2025)
# ---------------------------------------------------------------------------------------
def _equilibrium(instruments, cal, tol, max_iter, taxes, chord):
    args = (eq.prepare(instruments, cal), cal)
    return eq_newton.solve(
        args, eq.initial_guess(cal), taxes=taxes, tol=tol, max_iter=max_iter, chord=chord
    )


@jit(static_argnames=("tol", "max_iter", "taxes"))
def _solve_one(instruments, cal, tol=1e-10, max_iter=60, taxes=True):
    """Single solves: Newton with chord steps (USTR: 5 steps, 2 factorisations; about
    0.5-0.7 of the time of pure Newton).
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


class OneSectorModel(_Model):
    """The IMLS (2025) one-sector model calibrated on a one-sector baseline.

    Args:
        baseline: a one-sector :class:`Baseline` (flows incl. domestic sales).
        params: model parameters (defaults: the paper's baseline).
        transfers: optional override of the calibrated transfers T (N,), e.g. the
            balanced-trade closure of :func:`tradewar.models.onesector.balanced_transfers`.
        tol: convergence tolerance on the max scaled residual.
        max_iter: most Newton steps.
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

    def demand_elasticity(self) -> np.ndarray:
        """Elasticity theta of demand shares with respect to the buyer's wedge, (1, N, 1):
        eps * phi_n by importer (tariff-exclusive flows respond with -(theta + 1))."""
        cal = self.calibration
        return np.asarray(cal.eps * cal.phi)[None, :, None]

    def _instruments(self, policy: Policy) -> eq.Instruments:
        if policy.controls:
            raise PolicyError(
                "export controls need a multi-sector baseline with the controlled sector "
                "(e.g. default-rare-earths): the one-sector model has no sector to control"
            )
        return eq.Instruments(
            jnp.asarray(policy.tariffs[:, :, 0]),
            jnp.asarray(policy.export_taxes[:, :, 0]),
            jnp.asarray(policy.demand_wedge()[:, :, 0]),  # incl. trade-cost shocks
        )

    def solve_felt(
        self, policy: Policy, felt_wedge: np.ndarray | None, warm: Results | None = None
    ) -> Results:
        """Solve ``policy`` with demand responding to ``felt_wedge`` (N, N, 1) instead of
        the statutory (1 + t)(1 + x) times any trade-cost change: the short run of a
        sluggish trade response. ``warm`` is accepted for a common signature with
        :class:`MultiSectorModel` (single one-sector solves need no warm start)."""
        del warm
        if felt_wedge is None:
            return self.solve(policy)
        felt_wedge = np.asarray(felt_wedge)
        felt_wedge = felt_wedge[:, :, 0] if felt_wedge.ndim == 3 else felt_wedge
        self._check_policy(policy)
        ins = self._instruments(policy)._replace(effective_wedge=jnp.asarray(felt_wedge))
        sol = self._solve_single(ins)
        solver.check(sol, policy.name)
        paid = policy.demand_wedge()[:, :, 0]
        return self._results(policy.name, sol.x, ins, sol, jnp.asarray(felt_wedge / paid))

    def _solve_single(self, ins):
        return _solve_one(
            ins, self.calibration, self.tol, self.max_iter, taxes=has_export_taxes(ins)
        )

    def _solve_batch(self, ins):
        return _solve_one_batch(
            ins, self.calibration, self.tol, self.max_iter, taxes=has_export_taxes(ins)
        )

    def _results(
        self, name: str, x, ins: eq.Instruments, sol: solver.Solution, felt_over_paid=None
    ) -> Results:
        outcomes = _one_outcomes(x, ins, self.calibration, felt_over_paid)
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
            unknowns=np.asarray(x),
        )


# ---------------------------------------------------------------------------------------
# Multi-sector with input-output links (Caliendo-Parro 2015)
# ---------------------------------------------------------------------------------------
class MultiInstruments(NamedTuple):
    """Policy arrays of the multi-sector model, all [i, n, j]: tariffs, export taxes,
    the wedge demand responds to (the statutory (1 + t)(1 + x) times trade costs unless
    lagged) and, in a lagged month, that wedge over the one buyers pay (None: no lag)."""

    tariffs: jax.Array
    export_taxes: jax.Array
    felt: jax.Array
    lag: jax.Array | None = None


def _newton_multi(
    ins: MultiInstruments,
    cal: ms.Calibration,
    tol: float,
    max_iter: int,
    reuse: float,
    taxes: bool,
    x0=None,
    inverse0=None,
):
    shock = ms.prepare(ins.tariffs, cal, ins.export_taxes if taxes else None, ins.felt, ins.lag)
    return solver.newton(
        ms.residuals,
        jnp.zeros_like(cal.wL) if x0 is None else x0,
        (shock, cal),
        jacobian=ms.jacobian,
        first_jacobian=ms.tatonnement_jacobian,
        tol=tol,
        max_iter=max_iter,
        reuse=reuse,
        inverse0=inverse0,
    )


@jit(static_argnames=("tol", "max_iter", "reuse", "taxes"))
def _solve_multi(ins, cal, x0, tol=1e-10, max_iter=60, reuse=0.95, inverse0=None, taxes=True):
    """``taxes=False`` promises that ``ins`` has no export taxes."""
    return _newton_multi(ins, cal, tol, max_iter, reuse, taxes, x0, inverse0)


@jit(static_argnames=("tol", "max_iter", "reuse", "taxes"))
def _solve_multi_batch(ins, cal, tol=1e-10, max_iter=60, reuse=0.95, taxes=True):
    return jax.vmap(lambda i: _newton_multi(i, cal, tol, max_iter, reuse, taxes))(ins)


@jit(static_argnames=("tol", "max_iter"))
def _solve_controlled(
    ins: MultiInstruments, controls: ms.Controls, cal, x0, tol=1e-10, max_iter=80, inverse0=None
):
    return solver.newton(
        ms.controlled_residuals,
        x0,
        (ins.tariffs, ins.export_taxes, ins.felt, ins.lag, controls, cal),
        jacobian=ms.controlled_jacobian,
        first_jacobian=ms.controlled_first_jacobian,
        cheap_refreshes=2,  # the exact Jacobian costs ~30 cheap ones
        tol=tol,
        max_iter=max_iter,
        reuse=0.95,
        inverse0=inverse0,
    )


@jit
def _multi_outcomes(lw, ins, cal, felt_over_paid=None):
    shock = ms.prepare(ins.tariffs, cal, ins.export_taxes, ins.felt, ins.lag)
    return ms.outcomes(lw, shock, cal, felt_over_paid)


class MultiSectorModel(_Model):
    """The Caliendo-Parro (2015) multi-sector model with input-output links.

    Args:
        baseline: a baseline with domestic sales; input-output shares are used when the
            baseline has them, otherwise the model runs without IO links (``io_links``
            is False and :meth:`describe` says so).
        elasticities: sector trade elasticities theta (S,), or the name of a set shipped
            with the baseline (default: the first one it ships).
        deficits: ``"zero"`` (CP's NAFTA runs: trade balanced in the counterfactual) or
            ``"fixed"`` (baseline deficits kept, scaled with world value added).
        tol, max_iter: Newton tolerance (max scaled residual) and step limit.
        reuse: Jacobian reuse factor of :func:`tradewar.solve.newton` (the Jacobian costs
            ~20 residual evaluations here).
        critical_input: ``{"sector": "Rare earths", "elasticity": 0.1, "users": [...]}``
            (users default to every other sector): the critical-input nest of
            :class:`tradewar.models.multisector.Nest` (our design); None: Cobb-Douglas.
    """

    def __init__(
        self,
        baseline: Baseline,
        elasticities: str | np.ndarray | None = None,
        deficits: ms.Deficits = "zero",
        tol: float = 1e-10,
        max_iter: int = 60,
        reuse: float = 0.95,
        critical_input: dict | None = None,
    ):
        self.baseline = baseline
        self.elasticity_source, theta = baseline.elasticity_set(elasticities)
        self.deficits = deficits
        nest = None
        if critical_input is not None:
            extra = set(critical_input) - {"sector", "elasticity", "users"}
            if extra or "sector" not in critical_input or "elasticity" not in critical_input:
                raise TradewarError(
                    "critical_input takes sector, elasticity and optionally users, got "
                    f"{sorted(critical_input)}"
                )
            users = critical_input.get("users")
            nest = (
                str(critical_input["sector"]),
                float(critical_input["elasticity"]),
                None if users is None else tuple(users),
            )
        self.critical_input = critical_input
        self.calibration = ms.calibrate(baseline, theta, deficits, nest)
        self.io_links = baseline.has_io
        self.tol, self.max_iter, self.reuse = tol, max_iter, reuse
        clipped = ms.negative_final_demand(baseline)
        self.notes: tuple[str, ...] = (
            (
                f"{clipped} (country, sector) cells have negative implied final demand; their "
                "shares are set to 0 as in Caliendo-Parro (2015), so the calibrated baseline "
                "is not an exact equilibrium (compare counterfactuals with each other)",
            )
            if clipped
            else ()
        )

    def describe(self) -> str:
        io = "with input-output links" if self.io_links else "without input-output links "
        io += "" if self.io_links else "(the baseline has no IO table)"
        nest = ""
        if self.critical_input is not None:
            c = self.critical_input
            nest = (
                f", critical input {c['sector']} at elasticity {float(c['elasticity']):g} "
                f"for {', '.join(c.get('users') or ['every other sector'])}"
            )
        return (
            f"Caliendo-Parro multi-sector, {self.baseline.n_sectors} sectors, {io}, "
            f"elasticities {self.elasticity_source}, deficits {self.deficits}{nest}"
        )

    def demand_elasticity(self) -> np.ndarray:
        """Elasticity theta of demand shares with respect to the buyer's wedge, (1, 1, J):
        the sector trade elasticities (tariff-exclusive flows respond with -(theta + 1))."""
        return np.asarray(self.calibration.theta)[None, None, :]

    def _instruments(self, policy: Policy, felt: np.ndarray | None = None) -> MultiInstruments:
        t = jnp.asarray(policy.tariffs)
        x = jnp.asarray(policy.export_taxes)
        if felt is None:
            return MultiInstruments(t, x, jnp.asarray(policy.demand_wedge(), dtype=float))
        lag = jnp.asarray(felt / policy.demand_wedge(), dtype=float)
        return MultiInstruments(t, x, jnp.asarray(felt, dtype=float), lag)

    def solve(self, policy: Policy) -> Results:
        """Equilibrium under ``policy`` (tariffs, export taxes and export controls)."""
        return self.solve_felt(policy, None)

    def solve_felt(
        self, policy: Policy, felt_wedge: np.ndarray | None, warm: Results | None = None
    ) -> Results:
        """Solve ``policy`` with demand responding to ``felt_wedge`` (N, N, S) instead of
        the statutory (1 + t)(1 + x) times any trade-cost change: the short run of a
        sluggish trade response (``felt_wedge`` includes the trade-cost changes).
        ``warm``: a nearby earlier result (e.g. last month) to start the solver from."""
        self._check_policy(policy)
        ins = self._instruments(policy, felt_wedge)
        lag = ins.lag
        n = self.baseline.n_countries
        wages = jnp.zeros(n) if warm is None else jnp.asarray(warm.unknowns[:n])
        inverse = None if warm is None else warm.solver_inverse
        if not policy.controls:
            if inverse is not None and inverse.shape != (n, n):
                inverse = None
            sol = _solve_multi(
                ins,
                self.calibration,
                wages,
                tol=self.tol,
                max_iter=self.max_iter,
                reuse=self.reuse,
                inverse0=None if inverse is None else jnp.asarray(inverse),
                taxes=has_export_taxes(ins),
            )
            solver.check(sol, policy.name)
            res = self._results(policy.name, sol.x, ins, sol, lag)
            return replace(res, solver_inverse=np.asarray(sol.inverse))
        controls = ms.controls_from(
            np.stack([c.cells for c in policy.controls]),
            [c.quota for c in policy.controls],
            self.calibration,
        )
        k = len(policy.controls)
        shadow = np.zeros(k)
        if warm is not None and len(warm.unknowns) == n + k:
            shadow = np.maximum(np.asarray(warm.unknowns[n:]), 0.0)
        x0 = jnp.concatenate([wages, jnp.asarray(shadow)])
        if inverse is not None and inverse.shape == (n, n):  # controls start this month
            padded = np.eye(n + k)
            padded[:n, :n] = inverse
            inverse = padded
        if inverse is not None and inverse.shape != (n + k, n + k):
            inverse = None
        sol = _solve_controlled(
            ins,
            controls,
            self.calibration,
            x0,
            tol=self.tol,
            inverse0=None if inverse is None else jnp.asarray(inverse),
        )
        solver.check(sol, policy.name)
        shadow = sol.x[n:]
        extra = ms.shadow_wedge(shadow, controls)
        total = MultiInstruments(
            ins.tariffs, (1 + ins.export_taxes) * extra - 1, ins.felt * extra, ins.lag
        )
        res = self._results(policy.name, sol.x[:n], total, sol, lag)
        quantities = ms.controlled_quantities(
            controls, res.flows_after, res.sector_outcomes["unit_cost_hat"]
        )
        notes = []
        for k, c in enumerate(policy.controls):
            quantity = float(quantities[k])
            tax = float(shadow[k])
            state = f"binding, shadow export tax {100 * tax:.1f}%" if tax > 1e-9 else "not binding"
            notes.append(
                f"export control {c.label or c.exporter} on {', '.join(c.sectors)} to "
                f"{len(c.destinations)} destinations: quota {c.quota:g}, quantity "
                f"{quantity:.3f} of baseline; {state}"
            )
        return replace(
            res,
            unknowns=np.asarray(sol.x),
            solver_inverse=np.asarray(sol.inverse),
            notes=(*res.notes, *notes),
            controls=tuple(
                {
                    "exporter": c.exporter,
                    "label": c.label,
                    "quota": c.quota,
                    "shadow_tax": float(shadow[k]),
                }
                for k, c in enumerate(policy.controls)
            ),
        )

    def solve_many(
        self, policies: Sequence[Policy], vectorise: bool | None = None
    ) -> list[Results]:
        """Solve a list of policies (see :meth:`_Model.solve_many`; policies with export
        controls are always solved one by one)."""
        if any(p.controls for p in policies):
            return [self.solve(p) for p in policies]
        return super().solve_many(policies, vectorise)

    def _solve_batch(self, ins):
        return _solve_multi_batch(
            ins,
            self.calibration,
            tol=self.tol,
            max_iter=self.max_iter,
            reuse=self.reuse,
            taxes=has_export_taxes(ins),
        )

    def _results(self, name: str, lw, ins, sol: solver.Solution, felt_over_paid=None) -> Results:
        outcomes = _multi_outcomes(lw, ins, self.calibration, felt_over_paid)
        o = {k: np.asarray(v) for k, v in outcomes.items()}
        cal = self.calibration
        flows_before = np.asarray(cal.pi * cal.X[None, :, :] / (1 + cal.tau))
        flows_after = o.pop("flows")
        output_before = flows_before.sum(axis=1)
        sector_outcomes = {
            "output": 100.0
            * (o.pop("sector_output") / np.where(output_before > 0, output_before, 1.0) - 1.0),
            "prices": o.pop("sector_prices"),
            "unit_cost_hat": o.pop("c_hat"),
        }
        income_after = o.pop("income")
        export_tax_revenue = o.pop("export_tax_revenue")
        base_income = income_after / (1 + o["expenditure"] / 100)
        diag = Diagnostics(int(sol.iterations), float(sol.max_residual), 0.0, bool(sol.converged))
        return Results(
            scenario=name,
            countries=self.baseline.countries,
            outcomes=o,
            flows_before=flows_before,
            flows_after=flows_after,
            expenditure=np.asarray(cal.X.sum(axis=1)),
            income=np.asarray(cal.wL),
            world={},
            diagnostics=diag,
            model=self.describe(),
            unit=self.baseline.unit,
            sectors=self.baseline.sectors,
            sector_outcomes=sector_outcomes,
            levels={
                "income": income_after,
                "income_baseline": base_income,
                "export_tax_revenue": export_tax_revenue,
            },
            notes=self.notes,
            unknowns=np.asarray(lw),
        )


def family(baseline: Baseline) -> str:
    """``"one-sector"`` (IMLS 2025) or ``"multi-sector"`` (Caliendo-Parro 2015): the model
    family :func:`model_for` uses for ``baseline``."""
    return "one-sector" if baseline.n_sectors == 1 else "multi-sector"


def model_for(baseline: Baseline, **options) -> OneSectorModel | MultiSectorModel:
    """The model of a baseline, the one place that chooses: the IMLS (2025) one-sector
    model on one-sector baselines, Caliendo-Parro (2015) on multi-sector ones.

    ``options``: one-sector: :class:`tradewar.models.onesector.OneSectorParams` fields
    and ``transfers``, ``tol``, ``max_iter``; multi-sector: ``elasticities`` (default: the
    baseline's first set), ``deficits`` (default ``"fixed"``), ``tol``, ``max_iter``,
    ``reuse``, ``critical_input`` (the nest of :class:`MultiSectorModel`). An option the
    family does not take raises :class:`TypeError`.
    """
    if family(baseline) == "one-sector":
        solver_options = {
            k: options.pop(k) for k in ("transfers", "tol", "max_iter") if k in options
        }
        return OneSectorModel(baseline, eq.OneSectorParams(**options), **solver_options)
    options.setdefault("deficits", "fixed")
    return MultiSectorModel(baseline, **options)
