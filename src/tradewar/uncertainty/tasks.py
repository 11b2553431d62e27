"""What one batch of draws computes, as picklable callables a pool or a cluster runs.

A task is called with the indices and values (B, P) of a batch of draws and returns one
:class:`DrawResult` per draw: named headline numbers and named series (months, or
countries). A draw whose equilibrium fails is returned with its error, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from tradewar.baseline import Baseline
from tradewar.errors import TradewarError
from tradewar.models.choose import for_baseline
from tradewar.policy import Policy
from tradewar.scenario import Scenario
from tradewar.uncertainty.distributions import Distribution
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
    """A scenario path per draw (:func:`tradewar.simulate.simulate`).

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
        from tradewar.simulate import model_for, simulate

        point_model = model_for(self.scenario, self.baseline)
        out = []
        for index, row in zip(indices, values, strict=True):
            spec = scenario_for_draw(self.scenario, self.distributions, row)
            options = model_options(self.distributions, row, dict(spec.model), point_model)
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
            base = path.results[0].bilateral(exp, imp)[0] / 12
            series[f"trade {exp}->{imp}"] = 100 * (path.bilateral(exp, imp) / base - 1)
    series["long-run welfare by country"] = np.asarray(lr.outcomes["welfare"], float)
    return headline, series


@dataclass(frozen=True)
class PolicyDraws:
    """One policy solved per draw: welfare of every country (series ``welfare by
    country``) and the headline welfare of the ``focus`` countries."""

    policy: Policy
    distributions: tuple[Distribution, ...]
    focus: tuple[str, ...] = ("USA", "CHN")
    family: str | None = None
    options: dict = field(default_factory=dict)

    def __call__(self, indices: Sequence[int], values: np.ndarray) -> list[DrawResult]:
        baseline = self.policy.baseline
        point = for_baseline(baseline, self.family, **self.options)
        out = []
        for index, row in zip(indices, values, strict=True):
            options = model_options(self.distributions, row, self.options, point)

            def compute(options=options):
                res = for_baseline(baseline, self.family, **options).solve(self.policy)
                head = {f"welfare {c}": res.value("welfare", c) for c in self.focus}
                return head, {"welfare by country": np.asarray(res.outcomes["welfare"], float)}

            out.append(_guarded(int(index), compute))
        return out


@dataclass(frozen=True)
class OptimalTariffDraws:
    """``country``'s optimal uniform tariff per draw (headlines ``optimal tariff`` in
    percent and the ``welfare`` it brings), everyone else at ``base``'s tariffs."""

    base: Policy
    country: str
    distributions: tuple[Distribution, ...]
    family: str | None = None
    options: dict = field(default_factory=dict)

    def __call__(self, indices: Sequence[int], values: np.ndarray) -> list[DrawResult]:
        from tradewar.games.best_response import optimal_tariffs

        baseline = self.base.baseline
        point = for_baseline(baseline, self.family, **self.options)
        out = []
        for index, row in zip(indices, values, strict=True):
            options = model_options(self.distributions, row, self.options, point)

            def compute(options=options):
                model = for_baseline(baseline, self.family, **options)
                best = optimal_tariffs(model, self.country, "uniform", self.base)
                head = {
                    "optimal tariff": 100 * float(best.rates[0]),
                    "welfare": float(best.welfare[0]),
                }
                return head, {}

            out.append(_guarded(int(index), compute))
        return out


@dataclass(frozen=True)
class DealDraws:
    """Each party's gain from ``deal`` over ``disagreement`` per draw (headlines
    ``gain {party}``, percent)."""

    parties: tuple[str, ...]
    disagreement: Policy
    deal: Policy
    distributions: tuple[Distribution, ...]
    family: str | None = None
    options: dict = field(default_factory=dict)

    def __call__(self, indices: Sequence[int], values: np.ndarray) -> list[DrawResult]:
        from tradewar.games.talks import evaluate_deal

        baseline = self.deal.baseline
        point = for_baseline(baseline, self.family, **self.options)
        out = []
        for index, row in zip(indices, values, strict=True):
            options = model_options(self.distributions, row, self.options, point)

            def compute(options=options):
                model = for_baseline(baseline, self.family, **options)
                ev = evaluate_deal(model, self.parties, self.disagreement, self.deal)
                return {f"gain {p}": ev.gains[p] for p in self.parties}, {}

            out.append(_guarded(int(index), compute))
        return out


@dataclass(frozen=True)
class NashDraws:
    """A uniform-tariff Nash war among ``players`` per draw (headlines ``nash tariff
    {player}`` in percent and ``welfare {player}``)."""

    base: Policy
    players: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    family: str | None = None
    options: dict = field(default_factory=dict)

    def __call__(self, indices: Sequence[int], values: np.ndarray) -> list[DrawResult]:
        from tradewar.games.best_response import nash_war

        baseline = self.base.baseline
        point = for_baseline(baseline, self.family, **self.options)
        out = []
        for index, row in zip(indices, values, strict=True):
            options = model_options(self.distributions, row, self.options, point)

            def compute(options=options):
                war = nash_war(
                    for_baseline(baseline, self.family, **options), self.players, self.base
                )
                head = {
                    f"nash tariff {p}": 100 * float(r)
                    for p, r in zip(war.players, war.rates, strict=True)
                }
                head |= {
                    f"welfare {p}": float(w) for p, w in zip(war.players, war.welfare, strict=True)
                }
                return head, {}

            out.append(_guarded(int(index), compute))
        return out
