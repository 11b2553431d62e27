"""Run a scenario month by month: the path of outcomes under the policy in force.

Each month is a static equilibrium of the long-run model in which demand responds to the
effective (lagged) wedges of :func:`tradewar.timeline.monthly_wedges` while buyers pay
and governments collect the statutory rates (MODEL.md E). Monthly flows are annual / 12.
The ``long_run`` result holds the last month's policy with substitution complete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tradewar import datasets
from tradewar.baseline import Baseline
from tradewar.errors import TradewarError
from tradewar.model import OneSectorModel
from tradewar.models.onesector import OneSectorParams
from tradewar.policy import Policy
from tradewar.results import Results
from tradewar.scenario import Scenario, ScenarioError
from tradewar.timeline import monthly_wedges


@dataclass(frozen=True)
class ScenarioPath:
    """Monthly results of a scenario (``results[k]`` is month ``months[k]``)."""

    scenario: Scenario
    baseline: Baseline
    months: list[str]
    results: list[Results]
    long_run: Results

    def series(self, column: str, country: str) -> np.ndarray:
        """One outcome of one country by month (percent)."""
        return np.array([r.value(column, country) for r in self.results])

    def bilateral(self, exporter: str, importer: str) -> np.ndarray:
        """Monthly tariff-exclusive flow exporter -> importer (baseline unit per month)."""
        return np.array([r.bilateral(exporter, importer)[1] / 12 for r in self.results])


def simulate(
    scenario: Scenario,
    baseline: Baseline | None = None,
    on_month: Callable[[str], None] | None = None,
) -> ScenarioPath:
    """Solve every month of ``scenario`` (one-sector baselines for now)."""
    baseline = baseline or datasets.load(scenario.baseline)
    if baseline.n_sectors != 1:
        raise TradewarError("scenario paths run on one-sector baselines for now")
    for code in scenario.focus:
        baseline.index(code)
    try:
        params = OneSectorParams(**scenario.model)
    except TypeError as exc:
        raise ScenarioError(f"scenario {scenario.name!r}: bad model parameter ({exc})") from None
    model = OneSectorModel(baseline, params)
    months, tariffs, felt, taxes = monthly_wedges(baseline, scenario)
    results = []
    for k, month in enumerate(months):
        if on_month:
            on_month(month)
        policy = Policy(baseline, tariffs[k], taxes[k], month)
        results.append(model.solve_felt(policy, felt[k][:, :, 0]))
    final = Policy(baseline, tariffs[-1], taxes[-1], f"long run of {months[-1]} policy")
    return ScenarioPath(scenario, baseline, months, results, model.solve(final))
