"""The Caliendo-Parro (2015) multi-sector model as a :class:`~tradewar.models.interface.Model`.

Wraps the pure equations of :mod:`tradewar.models.multisector` (tariffs, export taxes,
export controls, an optional critical-input nest) with labels, a jit-compiled Newton
solve on log wages, ``vmap`` batches and exact welfare gradients.

Gradients: the equilibrium ``F(ln w, theta) = 0`` is solved with inner fixed points
(prices, spending), which reverse-mode autodiff cannot cross, so gradients use forward
mode (:func:`tradewar.models.implicit.forward`): N + 2K forward passes (N unknowns, K
tariffs), which suits few instruments (a uniform tariff, one per partner or one per
sector).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.errors import SolverError, TradewarError
from tradewar.core.policy import ExportControl, Policy
from tradewar.core.results import Diagnostics, Results
from tradewar.models import has_export_taxes, implicit, solver
from tradewar.models import multisector as ms
from tradewar.models.interface import (
    GradientAnswer,
    GradientQuery,
    Model,
    WarmStart,
    apply_cells,
)
from tradewar.runtime.jit import jit


class MultiInstruments(NamedTuple):
    """Policy arrays of the multi-sector model, all [i, n, j]: tariffs, export taxes,
    the wedge demand responds to (the statutory (1 + t)(1 + x) times trade costs unless
    lagged) and, in a lagged month, that wedge over the one buyers pay (None: no lag)."""

    tariffs: jax.Array
    export_taxes: jax.Array
    felt: jax.Array
    lag: jax.Array | None = None


#: GMRES iterations of a Newton-Krylov step (see :func:`tradewar.models.solver.newton`). Measured
#: against forming the exact Jacobian: the ICIO war (81 x 28) 0.16 s against 0.48 s, the
#: GTAP-size case (141 x 65) 2.7 s against 7.3 s; 8 iterations take a few fewer steps
#: but are slightly slower at both sizes.
KRYLOV = 5
#: Where the shadow taxes of quantity limits start (and below which a solved one is 0).
SHADOW_START = 1e-9


def _jvp(lw, args, v):
    """J v of the trade-balance residuals (inner fixed points to the Jacobian tolerance)."""
    return jax.jvp(lambda y: ms.residuals(y, args, ms.JACOBIAN_INNER_TOL), (lw,), (v,))[1]


def _newton_multi(ins, cal, tol, max_iter, reuse, taxes, x0=None, inverse0=None, krylov=KRYLOV):
    """Broyden steps from CP's wage update; a step that contracts poorly is followed by a
    Jacobian-free Newton-Krylov step (no N x N Jacobian through the inner loops), or with
    ``krylov=0`` by the exact Jacobian, whose inverse then warm-starts the next solve."""
    shock = ms.prepare(ins.tariffs, cal, ins.export_taxes if taxes else None, ins.felt, ins.lag)
    x0 = jnp.zeros_like(cal.wL) if x0 is None else x0
    return solver.newton(
        ms.warm_residuals,
        x0,
        (shock, cal),
        jacobian=ms.jacobian,
        first_jacobian=ms.tatonnement_jacobian,
        tol=tol,
        max_iter=max_iter,
        reuse=reuse,
        inverse0=inverse0,
        krylov=krylov,
        jvp=_jvp,
        inner=ms.cold_inner(x0, cal),  # each residual starts its inner loops from the last
    )


@jit(static_argnames=("tol", "max_iter", "reuse", "taxes", "krylov"))
def _solve_multi(
    ins, cal, x0, tol=1e-10, max_iter=60, reuse=0.95, inverse0=None, taxes=True, krylov=KRYLOV
):
    """``taxes=False`` promises that ``ins`` has no export taxes."""
    return _newton_multi(ins, cal, tol, max_iter, reuse, taxes, x0, inverse0, krylov)


@jit(static_argnames=("tol", "max_iter", "reuse", "taxes"))
def _solve_multi_batch(ins, cal, tol=1e-10, max_iter=60, reuse=0.95, taxes=True):
    return jax.vmap(lambda i: _newton_multi(i, cal, tol, max_iter, reuse, taxes))(ins)


#: Controls are solved padded with inert ones to at least this many (one compile for all).
MIN_CONTROLS = 8


def _controlled_jvp(z, args, v):
    """J v of the controlled residuals (inner fixed points to the Jacobian tolerance)."""
    return jax.jvp(
        lambda y: ms.controlled_residuals(y, args, ms.CONTROLLED_JACOBIAN_INNER_TOL), (z,), (v,)
    )[1]


@jit(static_argnames=("tol", "max_iter", "krylov"))
def _solve_controlled(
    ins: MultiInstruments,
    controls: ms.Controls,
    cal,
    x0,
    tol=1e-10,
    max_iter=80,
    inverse0=None,
    krylov=0,
):
    return solver.newton(
        ms.warm_controlled_residuals,
        x0,
        (ins.tariffs, ins.export_taxes, ins.felt, ins.lag, controls, cal),
        jacobian=ms.controlled_jacobian,
        first_jacobian=ms.controlled_first_jacobian,
        cheap_refreshes=2,  # the exact Jacobian costs ~30 cheap ones
        tol=tol,
        max_iter=max_iter,
        reuse=0.95,
        inverse0=inverse0,
        inner=ms.cold_inner(x0[: cal.wL.shape[0]], cal),
        krylov=krylov,
        jvp=_controlled_jvp,
    )


@jit
def _multi_outcomes(lw, ins, cal, felt_over_paid=None):
    shock = ms.prepare(ins.tariffs, cal, ins.export_taxes, ins.felt, ins.lag)
    return ms.outcomes(lw, shock, cal, felt_over_paid)


@jit
def _controlled_outcomes(z, ins, controls, cal):
    """The outcomes of a solution ``z`` = (log wages (N,), shadow export taxes (K,)) of
    :func:`_solve_controlled` (``controls`` as solved, padded): :func:`ms.outcomes` under
    the instruments with the shadow taxes (a slack control's exactly 0), welfare with the
    licence rents moved (docs/model.md D.4), and ``shadow`` (K,), ``quantities`` (K,, of
    baseline) and ``licence_rent`` (N,, baseline units a year) added."""
    n = cal.wL.shape[0]
    shadow = jnp.where(z[n:] < SHADOW_START, 0.0, z[n:])
    shock = ms.controlled_shock(
        ins.tariffs, ins.export_taxes, ins.felt, ins.lag, shadow, controls, cal
    )
    out = ms.outcomes(z[:n], shock, cal, ins.lag)
    held, moved = ms.licence_rents(shadow, controls, out["flows"], ins.export_taxes)
    out["welfare"] = ms.welfare_with_rents(out["welfare"], out["income"], moved, controls)
    out["shadow"] = shadow
    out["quantities"] = ms.controlled_quantities(controls, out["flows"], out["c_hat"])
    out["licence_rent"] = held
    return out


@jit
def _welfare_value_and_grad(theta, tariffs, taxes, costs, cells, cal, lw, tax_cells=None):
    """Welfare of every country (N,) (percent) at ``theta`` and its gradient (N, K), at
    the solved log wages ``lw`` (forward mode, :mod:`~tradewar.models.implicit`)."""
    tol = ms.JACOBIAN_INNER_TOL

    def shock(th):
        t = apply_cells(th, tariffs, cells)
        x = taxes if tax_cells is None else apply_cells(th, taxes, tax_cells)
        return ms.prepare(t, cal, x, (1 + t) * (1 + x) * costs)

    def residual(w, th):
        return ms.residuals(w, (shock(th), cal), tol)

    def welfare(w, th):
        return ms.outcomes(w, shock(th), cal)["welfare"]

    jac = ms.jacobian(lw, (shock(theta), cal))  # forward mode, same inner tolerance
    out = implicit.forward(residual, welfare, lw, theta, jac)
    return out.value, out.jacobian


#: GMRES iterations for the derivative of the equilibrium with export controls, started
#: and preconditioned by the solve's approximate inverse Jacobian; the answer is kept if
#: its relative residual is below GRADIENT_TOL, otherwise the Jacobian is formed.
GRADIENT_KRYLOV = 5
GRADIENT_TOL = 1e-9


@jit
def _controlled_welfare_value_and_grad(
    theta,
    tariffs,
    taxes,
    costs,
    cells,
    controls,
    quota_controls,
    quota_index,
    cal,
    z,
    inverse,
    tax_cells=None,
):
    """Welfare of every country (N,) (percent) at ``theta`` and its gradient (N, K), at
    the solved ``z`` = (log wages, shadow export taxes) of a policy with export controls:
    the implicit function theorem on :func:`ms.controlled_residuals` (a binding control
    keeps its quantity at the quota, a slack one its shadow tax at zero). ``theta`` sets
    the tariffs in ``cells`` and the quotas of controls ``quota_controls`` (from entries
    ``quota_index``; both int arrays, possibly empty)."""
    tol = ms.CONTROLLED_JACOBIAN_INNER_TOL
    n = cal.wL.shape[0]

    def args(th):
        t = apply_cells(th, tariffs, cells)
        chosen = controls._replace(quota=controls.quota.at[quota_controls].set(th[quota_index]))
        x = taxes if tax_cells is None else apply_cells(th, taxes, tax_cells)
        return (t, x, (1 + t) * (1 + x) * costs, None, chosen, cal)

    def residual(v, th):
        return ms.controlled_residuals(v, args(th), tol)

    def welfare(v, th):
        t, x, felt, _, chosen, _ = args(th)
        shock = ms.controlled_shock(t, x, felt, None, v[n:], chosen, cal)
        out = ms.outcomes(v[:n], shock, cal)
        _, moved = ms.licence_rents(v[n:], chosen, out["flows"], x)
        return ms.welfare_with_rents(out["welfare"], out["income"], moved, chosen)

    if inverse is None:
        jacobian = ms.controlled_jacobian(z, args(theta))
        out = implicit.forward(residual, welfare, z, theta, jacobian)
    else:  # GMRES on J v products, preconditioned by the solve's J^-1
        out = implicit.forward(residual, welfare, z, theta, inverse=inverse, krylov=GRADIENT_KRYLOV)
    return out.value, out.jacobian, out.error


def critical_inputs(options: dict | Sequence[dict] | None) -> list[dict]:
    """The ``critical_input`` option as a list of nests (one dict, a list of them, or
    None: none)."""
    if options is None:
        return []
    if isinstance(options, dict):
        return [options]
    if not options or not all(isinstance(o, dict) for o in options):
        raise TradewarError(
            "critical_input takes one nest ({sector: ..., elasticity: ...}) or a list of them"
        )
    return list(options)


def _nest_options(
    options: dict,
) -> tuple[ms.NestSpec, tuple[float, float, int]]:
    """One nest's ``critical_input`` options -> (the nest for :func:`ms.calibrate`, (impact
    elasticity, long-run elasticity, months between))."""
    known = {"sector", "elasticity", "users", "long_run_elasticity", "months"}
    extra = set(options) - known
    if extra or "sector" not in options or "elasticity" not in options:
        raise TradewarError(
            "critical_input takes sector, elasticity and optionally users, "
            f"long_run_elasticity and months, got {sorted(options)}"
        )
    impact = float(options["elasticity"])
    long_run = float(options.get("long_run_elasticity", impact))
    for key, value in (("elasticity", impact), ("long_run_elasticity", long_run)):
        if not 0 <= value < 1:
            raise TradewarError(
                f"critical-input {key} {value} must be in [0, 1) (1 is plain Cobb-Douglas: "
                "leave the nest out)"
            )
    span = options.get("months", 1)
    if isinstance(span, bool) or not isinstance(span, int) or span < 1:
        raise TradewarError(f"critical_input months must be a whole number >= 1, got {span!r}")
    if "months" in options and "long_run_elasticity" not in options:
        raise TradewarError("critical_input months needs a long_run_elasticity to rise to")
    users = options.get("users")
    nest = (str(options["sector"]), long_run, None if users is None else tuple(users))
    return nest, (impact, long_run, span)


class MultiSectorModel(Model):
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
        reuse: Jacobian reuse factor of :func:`tradewar.models.solver.newton` (the Jacobian costs
            ~20 residual evaluations here).
        critical_input: ``{"sector": "Rare earths", "elasticity": 0.1, "users": [...]}``
            (users default to every other sector): the critical-input nest of
            :class:`tradewar.models.multisector.Nest` (our design), or a list of them
            (innermost first, each with its own elasticity); None: Cobb-Douglas.
            Optional ``long_run_elasticity`` and ``months``: the elasticity rises
            linearly from ``elasticity`` in the first month of a shortage to
            ``long_run_elasticity`` ``months`` later (:meth:`nest_elasticity`,
            :meth:`path_models`); single solves, like a path's long run, use
            ``long_run_elasticity`` (trade fully adjusted).
    """

    family: ClassVar[str] = "caliendo-parro"  # its entry in tradewar.models.families

    def __init__(
        self,
        baseline: Baseline,
        elasticities: str | np.ndarray | None = None,
        deficits: ms.Deficits = "zero",
        tol: float = 1e-10,
        max_iter: int = 60,
        reuse: float = 0.95,
        critical_input: dict | Sequence[dict] | None = None,
    ):
        self.baseline = baseline
        self.elasticity_source, theta = baseline.elasticity_set(elasticities)
        self.deficits = deficits
        self.critical_input = critical_input
        #: The nests' options, one dict per critical input (innermost first).
        self.nest_options = critical_inputs(critical_input)
        options = [_nest_options(o) for o in self.nest_options]
        #: Per nest: (impact elasticity, long-run elasticity, months between).
        self.nest_paths: list[tuple[float, float, int]] = [path for _, path in options]
        nests = [nest for nest, _ in options] or None
        self.calibration = ms.calibrate(baseline, theta, deficits, nests)
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

    def nest_elasticity(self, months: int | None, which: int = 0) -> float | None:
        """The elasticity of critical input ``which`` (its place in the list of nests)
        ``months`` after its shortage began (0: its first month; None: the long run), or
        None without a nest: linear from ``elasticity`` to ``long_run_elasticity`` over
        ``months`` (our design, README "Rare earths")."""
        if not self.nest_paths:
            return None
        impact, long_run, span = self.nest_paths[which]
        if months is None:
            return long_run
        return impact + (long_run - impact) * min(max(months, 0), span) / span

    def with_nest_elasticity(self, sigma: float | Sequence[float] | None) -> MultiSectorModel:
        """This model with the critical-input elasticities set to ``sigma`` (one number for
        every nest, or one per nest; no recompile: the elasticities are data to the
        compiled solver); itself when ``sigma`` is None or already in force."""
        nest = self.calibration.nest
        if sigma is None or nest is None:
            return self
        sigmas = np.broadcast_to(np.asarray(sigma, float), np.shape(nest.sigma))
        if np.array_equal(np.asarray(nest.sigma), sigmas):
            return self
        if not ((sigmas >= 0) & (sigmas < 1)).all():
            raise TradewarError(f"critical-input elasticity {sigma} must be in [0, 1)")
        other = copy.copy(self)
        sigma = jax.device_put(np.array(sigmas, float))  # no compiled lax.stage: calibrate
        other.calibration = self.calibration._replace(nest=nest._replace(sigma=sigma))
        return other

    def path_models(self, limits: Sequence[Sequence[ExportControl]]) -> list[Model]:
        """With a nest whose elasticity rises (:meth:`nest_elasticity`): month k gets the
        elasticity of ``k - k0`` months into the shortage, k0 the first month a quantity
        limit on the critical input is in force (the path's first month if none is)."""
        if all(impact == long_run for impact, long_run, _ in self.nest_paths):
            return [self] * len(limits)
        starts = [
            next(
                (k for k, month in enumerate(limits) if any(sector in c.sectors for c in month)),
                0,
            )
            for sector in (o["sector"] for o in self.nest_options)
        ]
        return [
            self.with_nest_elasticity(
                [self.nest_elasticity(k - start, which) for which, start in enumerate(starts)]
            )
            for k in range(len(limits))
        ]

    def long_run_model(self) -> Model:
        return self.with_nest_elasticity(
            [self.nest_elasticity(None, which) for which in range(len(self.nest_paths))] or None
        )

    def describe(self) -> str:
        io = "with input-output links" if self.io_links else "without input-output links "
        io += "" if self.io_links else "(the baseline has no IO table)"
        nest = ""
        for c, (impact, long_run, span) in zip(self.nest_options, self.nest_paths, strict=True):
            rise = (
                f" in the first month of a shortage, rising to {long_run:g} over {span} months"
                if long_run != impact
                else ""
            )
            nest += (
                f", critical input {c['sector']} at elasticity {impact:g}{rise} "
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
        t = jax.device_put(policy.tariffs)  # no compiled lax.stage (multisector.calibrate)
        x = jax.device_put(policy.export_taxes)
        if felt is None:
            return MultiInstruments(t, x, jnp.asarray(policy.demand_wedge(), dtype=float))
        lag = jnp.asarray(felt / policy.demand_wedge(), dtype=float)
        return MultiInstruments(t, x, jnp.asarray(felt, dtype=float), lag)

    def _solve_warm(
        self, policy: Policy, felt: np.ndarray | None, warm: WarmStart | None
    ) -> tuple[Results, WarmStart]:
        """See :meth:`Model.solve_warm`; ``felt`` is (N, N, S) and includes the trade-cost
        changes. Policies with export controls solve for the shadow export tax of each
        control too (docs/model.md D.2)."""
        ins = self._instruments(policy, felt)
        if policy.controls:
            return self._solve_controlled(policy, ins, warm)
        sol, state = self._solve_free(policy.name, ins, warm)
        return self._results(policy.name, sol.x, ins, sol, ins.lag), state

    def _solve_free(
        self, name: str, ins: MultiInstruments, warm: WarmStart | None
    ) -> tuple[solver.Solution, WarmStart]:
        """Log wages under instruments without export controls, and the state to hand on
        (checked: :class:`SolverError` if the solve does not converge)."""
        n = self.baseline.n_countries
        wages = np.zeros(n) if warm is None else np.asarray(warm.unknowns[:n])
        inverse = None if warm is None else warm.inverse
        if inverse is not None and inverse.shape != (n, n):
            inverse = None
        # a single solve refreshes by Newton-Krylov steps (cheapest); a month of a path
        # (felt wedges given, or a warm start) by the exact Jacobian, whose inverse is a
        # good start for the next month too (measured on the main job: 16 s against 19 s),
        # and every month of a path then runs one compiled solve
        krylov = KRYLOV if warm is None and ins.lag is None else 0
        sol = _solve_multi(
            ins,
            self.calibration,
            wages,
            tol=self.tol,
            max_iter=self.max_iter,
            reuse=self.reuse,
            inverse0=np.zeros((n, n)) if inverse is None else np.asarray(inverse),
            taxes=has_export_taxes(ins),
            krylov=krylov,
        )
        solver.check(sol, name)
        # hand the inverse on only if it approximates J^-1 well: not after no step, and
        # not after Newton-Krylov steps (Broyden updates along a few directions only)
        inverse = np.asarray(sol.inverse) if int(sol.iterations) > 0 and not krylov else None
        return sol, WarmStart(np.asarray(sol.x), inverse)

    def _controls(self, policy: Policy) -> ms.Controls:
        """The export controls and capacity limits of ``policy`` as arrays."""
        return ms.controls_from(
            np.stack([c.cells for c in policy.controls]),
            [c.quota for c in policy.controls],
            self.calibration,
            ["producers" if c.capacity else c.rent for c in policy.controls],
        )

    def _solve_controlled(
        self, policy: Policy, ins: MultiInstruments, warm: WarmStart | None
    ) -> tuple[Results, WarmStart]:
        """Export controls: log wages and one shadow export tax per control."""
        n, k = self.baseline.n_countries, len(policy.controls)
        # solved padded to a power of two, at least MIN_CONTROLS: one compiled solve serves
        # every month of a path with up to 8 controls (the main job has 3 to 8)
        size = max(MIN_CONTROLS, 1 << (k - 1).bit_length())
        wages = np.zeros(n) if warm is None else np.asarray(warm.unknowns[:n])
        padded = ms.padded_controls(self._controls(policy), size)
        shadow = np.zeros(size)
        inverse = None if warm is None else warm.inverse
        if warm is not None and len(warm.unknowns) == n + k:
            shadow[:k] = np.maximum(np.asarray(warm.unknowns[n:]), 0.0)
        # the complementarity function is not differentiable where shadow and slack are
        # both zero (a quota of exactly the baseline quantity): start just off it
        shadow = np.maximum(shadow, SHADOW_START)
        if inverse is not None:
            # the same controls: their block too; else (controls start or change this
            # month) the wages' block, the shadow taxes starting from the identity
            keep = len(inverse) if inverse.shape == (n + k, n + k) else n
            start = np.eye(n + size)
            start[:keep, :keep] = inverse[:keep, :keep]
            inverse = start
        sol = _solve_controlled(
            ins,
            padded,
            self.calibration,
            np.concatenate([wages, shadow]),
            tol=self.tol,
            inverse0=np.zeros((n + size, n + size)) if inverse is None else inverse,
            # a month of a path refreshes by Newton-Krylov steps: the exact Jacobian through
            # the inner loops costs as much as 15 months' solves (~3.5 s on the main job)
            krylov=0 if ins.lag is None else KRYLOV,
        )
        solver.check(sol, policy.name)
        # outcomes, rents and quantities in one compiled function of the padded controls
        # (the inert ones have no flows and a zero shadow tax), then the first k kept
        post = _controlled_outcomes(sol.x, ins, padded, self.calibration)
        x = np.asarray(sol.x)[: n + k]
        inverse = np.asarray(sol.inverse)[: n + k, : n + k]  # the inert ones dropped
        shadow = np.asarray(post.pop("shadow"))[:k]
        quantities = np.asarray(post.pop("quantities"))[:k]
        held = np.asarray(post.pop("licence_rent"))
        res = self._results_of(policy.name, post, sol)
        res = replace(res, levels={**res.levels, "licence_rent": held})
        notes, states = [], []
        for m, c in enumerate(policy.controls):
            tax = float(shadow[m])
            state = f"binding, shadow export tax {100 * tax:.1f}%" if tax > 1e-9 else "not binding"
            reach = "output" if c.capacity else f"to {len(c.destinations)} destinations"
            kind = "capacity limit" if c.capacity else "export control"
            notes.append(
                f"{kind} {c.label or c.exporter} on {', '.join(c.sectors)} {reach}: quota "
                f"{c.quota:g}, quantity {float(quantities[m]):.3f} of baseline; {state}"
            )
            states.append(
                {
                    "exporter": c.exporter,
                    "label": c.label,
                    "quota": c.quota,
                    "shadow_tax": tax,
                    "capacity": c.capacity,
                    "sectors": tuple(c.sectors),
                    "quantity": float(quantities[m]),
                    "rent": c.rent,
                    "destinations": tuple(c.destinations),
                }
            )
        res = replace(res, notes=(*res.notes, *notes), controls=tuple(states))
        return res, WarmStart(x, inverse)

    def _welfare_and_gradients(self, query: GradientQuery) -> GradientAnswer:
        """See :meth:`Model.welfare_and_gradients`: one solve and one Jacobian for all
        ``countries``. With export controls in force the shadow export taxes are
        unknowns of the implicit function theorem too, and ``theta`` may set their quotas."""
        policy, cells, warm, quotas = query.policy, query.cells, query.warm, query.quotas
        countries = query.countries
        ks = [self.baseline.index(c) for c in countries]
        theta = jnp.asarray(query.theta)
        target = self.policy_with(policy, cells, theta, quotas=quotas, taxes=query.taxes)
        costs = 1.0 if policy.trade_costs is None else policy.trade_costs
        costs = jnp.asarray(costs, float) * jnp.ones(policy.tariffs.shape)
        tariffs, taxes = jnp.asarray(policy.tariffs), jnp.asarray(policy.export_taxes)
        ins = self._instruments(target)
        if policy.controls:
            _, state = self._solve_controlled(target, ins, warm)
            arrays = (
                theta,
                tariffs,
                taxes,
                costs,
                cells,
                self._controls(policy),
                jnp.asarray(() if quotas is None else quotas.controls, int),
                jnp.asarray(() if quotas is None else quotas.index, int),
                self.calibration,
                jnp.asarray(state.unknowns),
            )
            error = np.inf
            if state.inverse is not None:
                value, grad, error = _controlled_welfare_value_and_grad(
                    *arrays, jnp.asarray(state.inverse), query.taxes
                )
            if not float(error) <= GRADIENT_TOL:
                value, grad, _ = _controlled_welfare_value_and_grad(*arrays, None, query.taxes)
        else:  # (quotas to choose without controls: policy_with has refused them)
            sol, state = self._solve_free(target.name, ins, warm)
            value, grad = _welfare_value_and_grad(
                theta,
                tariffs,
                taxes,
                costs,
                cells,
                self.calibration,
                jnp.asarray(sol.x),
                query.taxes,
            )
        values, grads = np.asarray(value, float)[ks], np.asarray(grad, float)[ks]
        if not np.all(np.isfinite(grads)):
            raise SolverError(f"welfare gradient of {', '.join(countries)}", float("nan"), 0)
        return values, grads, state

    def _batchable(self, policies: Sequence[Policy]) -> bool:
        return not any(p.controls for p in policies)  # controls: one by one

    def _solve_batch(self, ins):
        return _solve_multi_batch(
            ins,
            self.calibration,
            tol=self.tol,
            max_iter=self.max_iter,
            reuse=self.reuse,
            taxes=has_export_taxes(ins),
        )

    def _batch_results(self, name: str, ins, lane: solver.Solution) -> Results:
        return self._results(name, lane.x, ins, lane)

    def _results(self, name: str, lw, ins, sol: solver.Solution, felt_over_paid=None) -> Results:
        outcomes = _multi_outcomes(lw, ins, self.calibration, felt_over_paid)
        return self._results_of(name, outcomes, sol)

    def _results_of(self, name: str, outcomes: dict, sol: solver.Solution) -> Results:
        """Results of ``outcomes`` (:func:`ms.outcomes`' dictionary) at the solution
        ``sol``."""
        o = {k: np.asarray(v) for k, v in outcomes.items()}
        cal = self.calibration
        X = np.asarray(cal.X)
        flows_before = np.asarray(cal.pi) * X[None, :, :] / (1 + np.asarray(cal.tau))
        flows_after = o.pop("flows")
        output_before = flows_before.sum(axis=1)
        produced = output_before > 0
        sector_outcomes = {  # no output in the baseline: no percent change (NaN), not -100%
            "output": np.where(
                produced,
                100.0 * (o.pop("sector_output") / np.where(produced, output_before, 1.0) - 1.0),
                np.nan,
            ),
            "prices": o.pop("sector_prices"),
            "unit_cost_hat": o.pop("c_hat"),
        }
        income_after = o.pop("income")
        export_tax_revenue = o.pop("export_tax_revenue")
        base_income = income_after / (1 + o["expenditure"] / 100)
        diag = Diagnostics(int(sol.iterations), float(sol.max_residual), None, bool(sol.converged))
        return Results(
            scenario=name,
            countries=self.baseline.countries,
            outcomes=o,
            flows_before=flows_before,
            flows_after=flows_after,
            expenditure=X.sum(axis=1),
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
        )
