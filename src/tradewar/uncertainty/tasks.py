"""What one batch of draws computes, as picklable callables a pool or a cluster runs.

A task is called with the indices and values (B, P) of a batch of draws and returns one
:class:`DrawResult` per draw: named headline numbers and named series (months, or
countries). A draw whose equilibrium fails is returned with its error, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.distributions import Distribution
from tradewar.core.errors import TradewarError
from tradewar.core.policy import Policy
from tradewar.models import families
from tradewar.models.choose import for_baseline
from tradewar.paths.scenario import Scenario
from tradewar.uncertainty.draws import model_options, scenario_for_draw


@dataclass(frozen=True)
class DrawResult:
    """One draw: ``headline`` numbers and ``series`` (name -> 1-D array), or ``error``."""

    index: int
    headline: dict[str, float] = field(default_factory=dict)
    series: dict[str, np.ndarray] = field(default_factory=dict)
    error: str | None = None


def _guarded(index: int, compute) -> DrawResult:
    try:
        headline, series = compute()
    except TradewarError as exc:
        return DrawResult(index, error=str(exc))
    return DrawResult(index, headline, series)


@dataclass(frozen=True)
class ScenarioDraws:
    """A scenario path per draw (:func:`tradewar.paths.simulate.simulate`).

    Headlines: long-run, last-month and path-mean welfare of each focus country and the
    world's long-run welfare (expenditure-weighted); series by month: welfare and prices
    of the focus countries and the world's welfare, US-China trade (% of the baseline
    month) when both are in the baseline; and long-run welfare by country (the map).
    """

    scenario: Scenario
    baseline: Baseline
    distributions: tuple[Distribution, ...]
    months: int | None = None  # solve only the first ``months`` months (benchmarks)

    def __call__(self, indices: Sequence[int], values: np.ndarray) -> list[DrawResult]:
        from tradewar.paths.simulate import simulate

        family = families.default_for(self.baseline)  # a scenario's model: the default
        out = []
        for index, row in zip(indices, values, strict=True):
            spec = scenario_for_draw(self.scenario, self.distributions, row)
            options = model_options(family, self.distributions, row, dict(spec.model))
            spec = spec.model_copy(update={"model": options})
            if self.months is not None:
                end = spec.months()[self.months - 1]
                spec = spec.model_copy(update={"end": end})
            out.append(
                _guarded(
                    int(index), lambda spec=spec: scenario_outcome(simulate(spec, self.baseline))
                )
            )
        return out


def scenario_outcome(path) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """What one draw of a scenario reports: each focus country's welfare in the long run,
    in the last month and on average, and the world's (headlines); welfare, prices and
    US-China trade by month and the long run's welfare by country (series)."""
    focus = path.scenario.focus
    countries = path.baseline.countries
    lr = path.long_run
    headline: dict[str, float] = {}
    series: dict[str, np.ndarray] = {}
    for code in focus:
        welfare = path.series("welfare", code)
        headline[f"welfare long run {code}"] = lr.value("welfare", code)
        headline[f"welfare last month {code}"] = float(welfare[-1])
        headline[f"welfare mean {code}"] = float(welfare.mean())
        series[f"welfare {code}"] = welfare
        series[f"prices {code}"] = path.series("prices", code)
    headline["welfare long run world"] = lr.group_mean("welfare", countries)
    series["welfare world"] = np.array([r.group_mean("welfare", countries) for r in path.results])
    for exp, imp in (("CHN", "USA"), ("USA", "CHN")):
        if exp in countries and imp in countries:
            in_force = path.results[0].bilateral(exp, imp)[0] / 12
            series[f"trade {exp}->{imp}"] = 100 * (path.bilateral(exp, imp) / in_force - 1)
    series["long-run welfare by country"] = np.asarray(lr.outcomes["welfare"], float)
    return headline, series


@dataclass(frozen=True, kw_only=True)
class _ModelDraws:
    """A task that builds the model of each draw of ``distributions`` (the parameters of
    the draw on top of ``options``, model ``family``) and measures something with it
    (:meth:`measure`). Subclasses add what they measure."""

    distributions: tuple[Distribution, ...]
    family: str | None = None
    options: dict = field(default_factory=dict)

    def baseline(self) -> Baseline:  # pragma: no cover - overridden
        """The baseline every draw solves on."""
        raise NotImplementedError

    def measure(self, model) -> tuple[dict[str, float], dict[str, np.ndarray]]:
        """What one draw reports with ``model`` (built with the draw's parameters): headline numbers
        and series."""
        raise NotImplementedError  # pragma: no cover - overridden

    def __call__(self, indices: Sequence[int], values: np.ndarray) -> list[DrawResult]:
        baseline = self.baseline()
        family = (
            families.default_for(baseline)
            if self.family is None
            else (families.family_named(self.family))
        )
        out = []
        for index, row in zip(indices, values, strict=True):
            options = model_options(family, self.distributions, row, self.options)
            out.append(
                _guarded(
                    int(index),
                    lambda options=options: self.measure(
                        for_baseline(baseline, self.family, **options)
                    ),
                )
            )
        return out


@dataclass(frozen=True)
class PolicyDraws(_ModelDraws):
    """One policy solved per draw: welfare of every country (series ``welfare by
    country``) and the headline welfare of the ``focus`` countries."""

    policy: Policy
    focus: tuple[str, ...] = ("USA", "CHN")

    def baseline(self) -> Baseline:
        return self.policy.baseline

    def measure(self, model):
        res = model.solve(self.policy)
        head = {f"welfare {c}": res.value("welfare", c) for c in self.focus}
        return head, {"welfare by country": np.asarray(res.outcomes["welfare"], float)}


@dataclass(frozen=True)
class OptimalTariffDraws(_ModelDraws):
    """``country``'s optimal uniform tariff per draw (headlines ``optimal tariff`` in
    percent and the ``welfare`` it brings), everyone else at ``in_force``'s tariffs."""

    in_force: Policy
    country: str

    def baseline(self) -> Baseline:
        return self.in_force.baseline

    def measure(self, model):
        from tradewar.games.best_response import optimal_tariffs

        best = optimal_tariffs(model, self.country, "uniform", self.in_force)
        return {"optimal tariff": 100 * float(best.rates[0]), "welfare": float(best.welfare[0])}, {}


@dataclass(frozen=True)
class DealDraws(_ModelDraws):
    """Each party's gain from ``deal`` over ``disagreement`` per draw (headlines
    ``gain {party}``, percent)."""

    parties: tuple[str, ...]
    disagreement: Policy
    deal: Policy

    def baseline(self) -> Baseline:
        return self.deal.baseline

    def measure(self, model):
        from tradewar.games.talks import evaluate_deal

        ev = evaluate_deal(model, self.parties, self.disagreement, self.deal)
        return {f"gain {p}": ev.gains[p] for p in self.parties}, {}


@dataclass(frozen=True)
class NashDraws(_ModelDraws):
    """A uniform-tariff Nash war among ``players`` per draw (headlines ``nash tariff
    {player}`` in percent and ``welfare {player}``)."""

    in_force: Policy
    players: tuple[str, ...]

    def baseline(self) -> Baseline:
        return self.in_force.baseline

    def measure(self, model):
        from tradewar.games.best_response import nash_war

        war = nash_war(model, self.players, self.in_force)
        rates = zip(war.players, war.rates, strict=True)
        head = {f"nash tariff {p}": 100 * float(r) for p, r in rates}
        head |= {f"welfare {p}": float(w) for p, w in zip(war.players, war.welfare, strict=True)}
        return head, {}
