"""The one interface every model family implements, and the tariff choices games make.

A model is calibrated on a :class:`~tradewar.core.baseline.Baseline` and answers:

* :meth:`Model.describe` — one line saying which model, with which parameters;
* :meth:`Model.solve` — the equilibrium under a :class:`~tradewar.core.policy.Policy`
  (optionally with demand responding to a *felt* wedge, the short run of a scenario
  month, and started from a :class:`WarmStart`) as :class:`~tradewar.core.results.Results`;
* :meth:`Model.solve_warm` — the same plus the solver state, to start the next month from;
* :meth:`Model.solve_many` — a list of policies (loop or ``vmap`` batch);
* :meth:`Model.welfare_and_gradients` — some countries' welfare changes at the tariffs
  ``theta`` set in :class:`TariffCells` and their exact gradients by implicit
  differentiation (:mod:`tradewar.models.implicit`; no derivative goes through the
  solver's iterations); :meth:`Model.welfare_and_gradient` for one country.

Games (:mod:`tradewar.games`) talk to this interface only. Families:
:class:`~tradewar.models.onesector_model.OneSectorModel` (IMLS 2025),
:class:`~tradewar.models.multisector_model.MultiSectorModel` (Caliendo-Parro 2015),
:class:`~tradewar.models.ossa_model.OssaModel` (Ossa 2014); :func:`tradewar.models.choose.
for_baseline` picks one.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.errors import PolicyError, TradewarError
from tradewar.core.policy import ExportControl, Policy
from tradewar.core.results import Results
from tradewar.models import solver

#: Tariff structures a country can choose in :func:`tariff_cells`.
STRUCTURES = ("uniform", "bilateral", "sector", "bilateral_sector")


@dataclass(frozen=True)
class WarmStart:
    """Solver state at a solution, to start a nearby solve from (e.g. next month's).

    unknowns: the family's unknowns (e.g. log wages, plus export-control shadow taxes);
    inverse: the quasi-Newton inverse Jacobian there, or None.
    """

    unknowns: np.ndarray
    inverse: np.ndarray | None = None


class TariffCells(NamedTuple):
    """Which tariffs a choice vector ``theta`` (K,) sets: cell m is
    ``t[exporters[m], importers[m], sectors[m]] = theta[index[m]]``; other cells keep the
    policy's rates. Int arrays of equal length M (sectors 0 on one-sector baselines)."""

    exporters: jax.Array
    importers: jax.Array
    sectors: jax.Array
    index: jax.Array


class QuotaChoice(NamedTuple):
    """Which quantity limits a choice vector ``theta`` also sets (games over export
    controls): ``policy.controls[controls[m]].quota = theta[index[m]]``."""

    controls: tuple[int, ...]
    index: tuple[int, ...]


def apply_quotas(policy: Policy, quotas: QuotaChoice | None, theta) -> Policy:
    """``policy`` with the quotas in ``quotas`` set from ``theta``."""
    if quotas is None or not quotas.controls:
        return policy
    controls = list(policy.controls)
    if max(quotas.controls) >= len(controls):
        raise PolicyError(
            f"a quota choice names export control {max(quotas.controls)}, but the policy has "
            f"{len(controls)} export controls"
        )
    for position, k in zip(quotas.controls, quotas.index, strict=True):
        controls[position] = replace(controls[position], quota=float(theta[k]))
    return replace(policy, controls=tuple(controls))


class GradientQuery(NamedTuple):
    """What :meth:`Model.welfare_and_gradients` is asked: the policy, the tariffs
    ``cells`` set from ``theta`` (K,), the countries whose welfare is wanted, a warm start,
    the export-control quotas ``theta`` also sets (or None) and the export taxes it sets
    (``taxes``: cells ``x[exporters[m], importers[m], sectors[m]] = theta[index[m]]``, or
    None)."""

    policy: Policy
    cells: TariffCells
    theta: np.ndarray
    countries: tuple[str, ...]
    warm: WarmStart | None
    quotas: QuotaChoice | None
    taxes: TariffCells | None = None

    @property
    def chooses_quotas(self) -> bool:
        return self.quotas is not None and bool(self.quotas.controls)


#: ``(values (C,), gradients (C, K), solver state)`` of :meth:`Model.welfare_and_gradients`.
GradientAnswer = tuple[np.ndarray, np.ndarray, "WarmStart"]


class WelfareGradient(NamedTuple):
    """``value``: welfare change (percent; Ossa: ratio) of one country; ``gradient`` (K,):
    its derivative w.r.t. the choice vector; ``warm``: the solver state there."""

    value: float
    gradient: np.ndarray
    warm: WarmStart


def apply_cells(theta: jax.Array, tariffs: jax.Array, cells: TariffCells) -> jax.Array:
    """Tariff cube [i, n, s]: ``tariffs`` with the chosen cells set from ``theta``."""
    return tariffs.at[cells.exporters, cells.importers, cells.sectors].set(theta[cells.index])


def read_cells(tariffs: np.ndarray, cells: TariffCells, size: int) -> np.ndarray:
    """The choice vector (size,) that :func:`apply_cells` needs to reproduce ``tariffs``
    (the mean over cells sharing an index)."""
    values = np.asarray(tariffs)[
        np.asarray(cells.exporters), np.asarray(cells.importers), np.asarray(cells.sectors)
    ]
    idx = np.asarray(cells.index)
    return np.bincount(idx, values, size) / np.maximum(np.bincount(idx, minlength=size), 1)


def _cells(exporters, importers, sectors, index) -> TariffCells:
    return TariffCells(
        *(jnp.asarray(np.asarray(a, dtype=int)) for a in (exporters, importers, sectors, index))
    )


def tariff_cells(
    baseline: Baseline,
    country: str,
    structure: str = "uniform",
    partners: Sequence[str] | None = None,
) -> tuple[TariffCells, tuple[str, ...]]:
    """Import tariffs of ``country`` on ``partners`` (default: every other country), all
    sectors: one ``uniform`` rate, one per partner (``bilateral``), one per ``sector``, or
    one per partner and sector (``bilateral_sector``, partner-major). Returns the cells and
    the label of each choice (``("all partners",)``, partner codes, sector names, or
    ``"partner sector"``)."""
    j, n, s = baseline.index(country), baseline.n_countries, baseline.n_sectors
    if partners is None:
        others = [i for i in range(n) if i != j]
    else:
        others = [i for i in map(baseline.index, partners) if i != j]
    exporters = np.repeat(others, s)
    sectors = np.tile(np.arange(s), len(others))
    if structure == "uniform":
        index, labels = np.zeros(len(exporters), int), ("all partners",)
    elif structure == "bilateral":
        index = np.repeat(np.arange(len(others)), s)
        labels = tuple(baseline.countries[i] for i in others)
    elif structure == "sector":
        index, labels = sectors, baseline.sectors
    elif structure == "bilateral_sector":
        index = np.arange(len(exporters))
        labels = tuple(
            f"{baseline.countries[i]} {baseline.sectors[k]}" for i in others for k in range(s)
        )
    else:
        raise TradewarError(
            f"unknown tariff structure {structure!r}; choose from {', '.join(STRUCTURES)}"
        )
    return _cells(exporters, np.full(len(exporters), j), sectors, index), labels


def stacked_cells(
    baseline: Baseline,
    countries: Sequence[str],
    structure: str = "uniform",
    partners: Sequence[str] | None = None,
) -> tuple[TariffCells, tuple[str, ...]]:
    """The choices of several ``countries`` at once, each as in :func:`tariff_cells`, one
    block after the other (``theta`` is the blocks' choices concatenated); labels are
    ``"country: label"``."""
    cells, labels, offset = [], [], 0
    for c in countries:
        block, names = tariff_cells(baseline, c, structure, partners)
        cells.append(block._replace(index=block.index + offset))
        labels += [f"{c}: {name}" for name in names]
        offset += len(names)
    return TariffCells(
        *(jnp.concatenate([getattr(b, f) for b in cells]) for f in TariffCells._fields)
    ), tuple(labels)


def uniform_cells(baseline: Baseline, importers: Sequence[str]) -> TariffCells:
    """One uniform import tariff per importer (``theta[k]`` for ``importers[k]``) on all
    partners and sectors."""
    return stacked_cells(baseline, importers, "uniform")[0]


def pair_cells(baseline: Baseline, a: str, b: str) -> TariffCells:
    """The bilateral tariffs of a pair, all sectors: ``theta[0]`` is ``a``'s tariff on
    ``b``'s goods, ``theta[1]`` ``b``'s on ``a``'s."""
    ia, ib = baseline.index(a), baseline.index(b)
    s = np.arange(baseline.n_sectors)
    ones = np.ones_like(s)
    return _cells(
        np.concatenate([ib * ones, ia * ones]),
        np.concatenate([ia * ones, ib * ones]),
        np.concatenate([s, s]),
        np.concatenate([0 * ones, ones]),
    )


def bucket_size(n: int) -> int:
    """The batch size a batch of ``n`` is padded to: the next power of two (1, 2, 4, ...),
    so that ``vmap`` batches of nearby sizes share one compiled function."""
    return 1 << max(0, (n - 1).bit_length())


class Model(abc.ABC):
    """Shared logic of every model family: policy checks, solves, batches.

    A family implements :meth:`describe`, :meth:`demand_elasticity`, :meth:`_solve_warm`
    and :meth:`_welfare_and_gradients`; for batches also :meth:`_batchable`,
    :meth:`_instruments`, :meth:`_solve_batch` and :meth:`_batch_results`.
    """

    baseline: Baseline
    #: the family's name in :mod:`tradewar.models.families` (set by each family's class)
    family: ClassVar[str]

    @abc.abstractmethod
    def describe(self) -> str:
        """One line: the model and its parameters (shown in every report)."""

    @abc.abstractmethod
    def demand_elasticity(self) -> np.ndarray:
        """Elasticity of demand shares w.r.t. the buyer's wedge, broadcastable to
        [i, n, s] (used to build the felt wedge of a lagged month)."""

    def solve_warm(
        self,
        policy: Policy,
        *,
        felt: np.ndarray | None = None,
        warm: WarmStart | None = None,
    ) -> tuple[Results, WarmStart]:
        """Equilibrium under ``policy`` and the solver state there.

        ``felt`` [i, n, s]: the wedge demand responds to, if not the statutory
        ``policy.demand_wedge()`` (the short run of a sluggish response, docs/model.md E);
        buyers still pay and governments collect the statutory rates. ``warm``: the state
        of a nearby solution to start from. Raises :class:`SolverError` if the solve
        does not converge."""
        self.check_policy(policy)
        return self._solve_warm(policy, felt, warm)

    @abc.abstractmethod
    def _solve_warm(
        self, policy: Policy, felt: np.ndarray | None, warm: WarmStart | None
    ) -> tuple[Results, WarmStart]:
        """The family's part of :meth:`solve_warm` (the policy is checked)."""

    def welfare_and_gradients(
        self,
        policy: Policy,
        cells: TariffCells,
        theta: np.ndarray | Sequence[float],
        countries: Sequence[str],
        warm: WarmStart | None = None,
        quotas: QuotaChoice | None = None,
        taxes: TariffCells | None = None,
    ) -> GradientAnswer:
        """Welfare of each of ``countries`` (C,) when the tariffs in ``cells`` are set to
        ``theta`` (K,) (everything else as in ``policy``), its exact gradient w.r.t.
        ``theta`` (C, K) by implicit differentiation (:mod:`tradewar.models.implicit`),
        and the solver state there. ``quotas``: export-control quotas ``theta`` also
        sets (families with export controls only; others raise :class:`PolicyError`);
        ``taxes``: export taxes ``theta`` also sets (families with export taxes only)."""
        self.check_policy(policy)
        query = GradientQuery(
            policy, cells, np.asarray(theta, float), tuple(countries), warm, quotas, taxes
        )
        return self._welfare_and_gradients(query)

    @abc.abstractmethod
    def _welfare_and_gradients(self, query: GradientQuery) -> GradientAnswer:
        """The family's part of :meth:`welfare_and_gradients` (the policy is checked)."""

    def welfare_and_gradient(
        self,
        policy: Policy,
        cells: TariffCells,
        theta: np.ndarray | Sequence[float],
        country: str,
        warm: WarmStart | None = None,
    ) -> WelfareGradient:
        """One country's welfare and gradient (K,): :meth:`welfare_and_gradients` for
        ``[country]``."""
        values, grads, state = self.welfare_and_gradients(policy, cells, theta, [country], warm)
        return WelfareGradient(float(values[0]), grads[0], state)

    def solve(
        self,
        policy: Policy,
        *,
        felt: np.ndarray | None = None,
        warm: WarmStart | None = None,
    ) -> Results:
        """The general equilibrium under ``policy``, in exact hat algebra.

        Args:
            policy: the instruments in force (tariffs, export taxes, export controls,
                trade costs), built on this model's baseline (:class:`Policy`).
            felt: the wedge demand responds to [i, n, s], if not the statutory one (the
                short run of a monthly path); buyers still pay the statutory rates.
            warm: the solver state of a nearby solution to start from.

        Returns:
            Results: outcomes by country in percent changes from the baseline (welfare,
                real wage, prices, trade, revenue, ...), flows before and after, sector
                outcomes where the family has sectors, the export controls' shadow
                taxes, and the solver's diagnostics.

        Raises:
            PolicyError: the policy was built on another baseline.
            SolverError: the solve did not converge (its residual is in the message).

        Examples:
            >>> baseline = datasets.load("default")
            >>> war = Policy.from_baseline(baseline).tariff("USA", on="CHN", rate=1.45)
            >>> round(model_for(baseline).solve(war).value("welfare", "USA"), 2)
            -0.52
        """
        return self.solve_warm(policy, felt=felt, warm=warm)[0]

    def path_models(self, limits: Sequence[Sequence[ExportControl]]) -> list[Model]:
        """The model to solve each month of a path with, given the quantity limits in force
        each month (``limits[k]``, :attr:`Policy.controls`): families whose parameters
        move over a path override this; by default, this model every month."""
        return [self] * len(limits)

    def long_run_model(self) -> Model:
        """The model for the long run of a path (see :meth:`path_models`)."""
        return self

    def check_policy(self, policy: Policy) -> None:
        """Raise :class:`PolicyError` if ``policy`` was built on another baseline."""
        if policy.baseline.countries != self.baseline.countries or (
            policy.baseline.sectors != self.baseline.sectors
        ):
            raise PolicyError("the policy was built on a different baseline (other labels)")

    def policy_with(
        self,
        policy: Policy,
        cells: TariffCells,
        theta,
        name: str = "",
        quotas: QuotaChoice | None = None,
        taxes: TariffCells | None = None,
    ) -> Policy:
        """``policy`` with the tariffs in ``cells`` (and the quotas in ``quotas``, the
        export taxes in ``taxes``) set to ``theta``."""
        tariffs = apply_cells(jnp.asarray(theta, float), jnp.asarray(policy.tariffs), cells)
        policy = apply_quotas(policy, quotas, np.asarray(theta, float))
        if taxes is not None:
            chosen = apply_cells(jnp.asarray(theta, float), jnp.asarray(policy.export_taxes), taxes)
            policy = policy.with_export_taxes(np.asarray(chosen))
        return policy.with_tariffs(np.asarray(tariffs), name or policy.name)

    # -- batches: a family that solves them overrides these four ---------------------------
    def _batchable(self, policies: Sequence[Policy]) -> bool:
        """Whether ``policies`` can be solved as one ``vmap`` batch (default: no, they are
        solved one by one)."""
        return False

    def _instruments(self, policy: Policy) -> Any:
        raise NotImplementedError  # pragma: no cover - only called when batchable

    def _solve_batch(self, instruments: Any) -> solver.Solution:
        raise NotImplementedError  # pragma: no cover - only called when batchable

    def _batch_results(self, name: str, instruments: Any, lane: solver.Solution) -> Results:
        raise NotImplementedError  # pragma: no cover - only called when batchable

    def solve_many(
        self, policies: Sequence[Policy], vectorise: bool | None = None
    ) -> list[Results]:
        """Solve a list of policies.

        ``vectorise``: one ``vmap`` call (True) or a loop of single solves (False). By
        default (None) a loop on a CPU, where it measures faster per solve (single solves
        keep their factorisation, a batch runs every lane to the slowest), and ``vmap``
        on an accelerator. Batches are padded to the next power of two so that a new
        batch size reuses a compiled function.
        """
        if not policies:
            return []
        for p in policies:
            self.check_policy(p)
        if vectorise is None:
            vectorise = jax.default_backend() != "cpu"
        if not vectorise or not self._batchable(policies):
            return [self.solve(p) for p in policies]
        batch = [self._instruments(p) for p in policies]
        padded = batch + [batch[-1]] * (bucket_size(len(batch)) - len(batch))
        stacked = jax.tree.map(lambda *a: jnp.stack(a), *padded)
        sol = self._solve_batch(stacked)
        sol = jax.tree.map(lambda a: a[: len(batch)], sol)
        solver.check(sol, [p.name for p in policies])
        return [
            self._batch_results(p.name, ins, jax.tree.map(lambda a, k=k: a[k], sol))
            for k, (p, ins) in enumerate(zip(policies, batch, strict=True))
        ]
