"""Run a scenario month by month: the path of outcomes under the policy in force.

Each month is a static equilibrium of the long-run model in which demand responds to the
wedge of :func:`tradewar.paths.timeline.demand_wedge` (built from the lagged wedges of
:func:`tradewar.paths.timeline.monthly_wedges`: tariff-exclusive flows respond with the lagged
elasticity) while buyers pay and governments collect the statutory rates (docs/model.md E,
E.1). Monthly flows are annual / 12.
The ``long_run`` result holds the last month's policy with substitution complete.
"""

from __future__ import annotations

from collections.abc import Callable

from tradewar import datasets
from tradewar.core.baseline import Baseline
from tradewar.core.errors import PolicyError, TradewarError
from tradewar.core.policy import Policy
from tradewar.models.choose import for_baseline
from tradewar.paths.events import controlled_sectors
from tradewar.paths.inventories import Ledger, StockParams
from tradewar.paths.path import ScenarioPath
from tradewar.paths.scenario import Scenario, ScenarioError
from tradewar.paths.timeline import Timeline, demand_wedge


def scenario_model(scenario: Scenario, baseline: Baseline):
    """The model a scenario asks for (:func:`tradewar.models.choose.for_baseline` with the
    file's ``model:`` options); a bad option is a :class:`ScenarioError`."""
    try:
        return for_baseline(baseline, **dict(scenario.model))
    except TypeError as exc:
        raise ScenarioError(f"scenario {scenario.name!r}: bad model parameter ({exc})") from None


def simulate(
    scenario: Scenario,
    baseline: Baseline | None = None,
    on_month: Callable[[str], None] | None = None,
) -> ScenarioPath:
    """Solve every month of ``scenario`` with the model of :func:`scenario_model` (by default
    IMLS on one-sector baselines, Caliendo-Parro with export taxes and controls otherwise).

    ``on_month(label)`` is called before each solve: each month ``YYYY-MM``, then
    ``"long run"``; it may raise to stop the path (e.g. on Ctrl-C)."""
    baseline = baseline or datasets.load(scenario.baseline)
    for code in scenario.focus:
        baseline.index(code)
    model = scenario_model(scenario, baseline)
    timeline = Timeline(scenario, baseline)
    months, tariffs, lagged, taxes, costs = timeline.wedges
    theta = model.demand_elasticity()
    controls = timeline.controls
    month_models = model.path_models(controls)  # e.g. a critical-input nest that adapts
    ledger = stock_ledger(scenario, baseline, len(months))
    results, warm = [], None
    for k, month in enumerate(months):
        if on_month:
            on_month(month)
        in_force = controls[k] if ledger is None else ledger.relax(controls[k])
        policy = Policy(baseline, tariffs[k], taxes[k], month, in_force, costs[k])
        felt = demand_wedge(lagged[k], policy.demand_wedge(), theta)
        try:  # start from last month's equilibrium
            res, warm = month_models[k].solve_warm(policy, felt=felt, warm=warm)
        except PolicyError as exc:
            raise ScenarioError(f"scenario {scenario.name!r}, {month}: {exc}") from None
        if ledger is not None:
            ledger.book(k, controls[k], [c["quantity"] for c in res.controls])
        results.append(res)
    if on_month:
        on_month("long run")
    final = Policy(
        baseline,
        tariffs[-1],
        taxes[-1],
        f"long run of {months[-1]} policy",
        controls[-1],
        costs[-1],
    )
    # felt as paid (no lag): the same answer as felt=None, through the months' compiled solve
    long_run = model.long_run_model().solve(final, felt=final.demand_wedge(), warm=warm)
    stocks = None if ledger is None else ledger.path()
    return ScenarioPath(scenario, baseline, months, results, long_run, tariffs, timeline, stocks)


def stock_ledger(scenario: Scenario, baseline: Baseline, months: int) -> Ledger | None:
    """The stocks to carry along the path (:mod:`tradewar.paths.inventories`): users' stocks
    of what the scenario's export-controlling exporter sells under control; None without
    ``inventories`` or without an export control."""
    if scenario.inventories is None:
        return None
    inv = scenario.inventories
    controls = [e for e in scenario.steps() if e.instrument == "export_control"]
    if inv.exporter is not None:
        if controls and not any(e.actor == inv.exporter for e in controls):
            raise ScenarioError(
                f"scenario {scenario.name!r}: inventories of {inv.exporter}'s sales, but "
                f"{inv.exporter} controls no exports in it"
            )
        controls = [e for e in controls if e.actor == inv.exporter]
    if not controls:
        return None
    exporters = {e.actor for e in controls}
    if len(exporters) > 1:
        raise ScenarioError(
            f"scenario {scenario.name!r}: inventories follow one controlling exporter, "
            f"got {sorted(exporters)}: name it (inventories: {{exporter: ...}})"
        )
    sectors = controlled_sectors(controls, controls[0].actor, baseline.sectors)
    try:
        params = StockParams(inv.cover, inv.default, inv.rebuild_months)
        return Ledger(baseline, params, controls[0].actor, sectors, months)
    except TradewarError as exc:
        raise ScenarioError(f"scenario {scenario.name!r}: {exc}") from None
