"""The registry of a scenario report's outputs: each declared once.

An :class:`Output` has a name, when it applies (decided from the scenario alone, so a
command knows how many files it will write before it solves), the file it writes (if
any) and the series the web app draws (if any). The folder writer
(:func:`tradewar.reports.scenario.write`), the list of files
(:func:`tradewar.reports.scenario.file_names`) and the web app
(:meth:`tradewar.web.service.Service.run`) all read :data:`OUTPUTS`, in its order.

Adding an output: a function that writes it (or gives its series) and one entry here
(CONTRIBUTING.md, "Add a report output").
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from tradewar.paths.events import QUANTITY_LIMITS
from tradewar.paths.recorded_trade import RecordedTrade
from tradewar.paths.scenario import Scenario
from tradewar.paths.simulate import ScenarioPath
from tradewar.reports.csvfile import write_csv
from tradewar.reports.drawing import Drawing, Slot, pyplot


class Series(NamedTuple):
    """A chart of the web app: its title, unit and lines (label -> one value a month)."""

    title: str
    unit: str
    lines: dict[str, list[float]]


@dataclass(eq=False)
class ReportContext:
    """What the outputs of one path share, each computed once when first asked for."""

    path: ScenarioPath

    @property
    def recorded(self) -> RecordedTrade:
        return self.path.recorded

    @functools.cached_property
    def customs(self) -> pd.DataFrame:
        from tradewar.reports import customs

        return customs.customs_frame(self.path, self.customs_by_partner)

    @functools.cached_property
    def customs_by_partner(self) -> pd.DataFrame | None:
        from tradewar.reports import customs

        return customs.ladder_by_partner(self.path)

    @functools.cached_property
    def summary(self) -> pd.DataFrame:
        return self.path.summary_frame()

    @functools.cached_property
    def plt(self) -> Any:
        return pyplot()

    @functools.cached_property
    def chain(self):
        from tradewar.paths import prices

        return prices.chain_prices(self.path)

    @functools.cached_property
    def who_pays(self):
        from tradewar.paths import households, prices

        retail = prices.retail_params(self.path.scenario)
        return households.who_pays(self.path.baseline, retail)

    @functools.cached_property
    def households(self) -> pd.DataFrame:
        from tradewar.reports import who_pays

        return who_pays.households_frame(self.path, self.chain, self.who_pays)

    @functools.cached_property
    def consumer_prices(self) -> pd.DataFrame:
        from tradewar.reports import who_pays

        return who_pays.consumer_prices_frame(self.path, self.chain, self.who_pays)

    @functools.cached_property
    def revenue(self) -> pd.DataFrame:
        from tradewar.reports import revenue

        return revenue.revenue_frame(self.path)


@dataclass(frozen=True)
class Output:
    """One output of a scenario report.

    name: the file name (or, for a web chart only, what it shows); applies: whether the
    scenario has it; write: writes the file; drawing: a figure's data, as the
    :class:`~tradewar.reports.drawing.Drawing` that draws it (drawn beside the tables:
    :mod:`tradewar.reports.drawing`); neither: no file; series: the web app's charts
    (None: not in the app).
    """

    name: str
    applies: Callable[[Scenario], bool]
    write: Callable[[ReportContext, Path], object] | None = None
    series: Callable[[ReportContext], list[Series]] | None = None
    drawing: Callable[[ReportContext], Drawing] | None = None

    @property
    def has_file(self) -> bool:
        """Whether the output is a file of the report folder."""
        return self.write is not None or self.drawing is not None


def _always(scenario: Scenario) -> bool:
    return True


def _has_export_controls(scenario: Scenario) -> bool:
    return any(e.instrument == "export_control" for e in scenario.events)


def _has_quantity_limits(scenario: Scenario) -> bool:
    return any(e.instrument in QUANTITY_LIMITS for e in scenario.events)


def _changes_us_tariffs(scenario: Scenario) -> bool:
    return any(
        e.instrument in ("import_tariff", "reciprocal_tariff") and e.actor == "USA"
        for e in scenario.events
    )


def _has_critical_input(scenario: Scenario) -> bool:
    return bool(scenario.model.get("critical_input"))


@functools.cache
def _costs_us_households(baseline: str) -> bool:
    from tradewar import datasets

    b = datasets.load(baseline)
    return not b.one_sector and "USA" in b.countries


def _who_pays(scenario: Scenario) -> bool:
    """Multi-sector baselines with the US: the price chain and the household tables."""
    return _costs_us_households(scenario.baseline)


def _floats(values) -> list[float]:
    return list(map(float, values))


# -- the writers and series (the tables and figures live in tradewar.reports.scenario) ----
def _scenario_module():
    from tradewar.reports import scenario

    return scenario


def _csv(frame: pd.DataFrame, target: Path, index: bool = True) -> None:
    write_csv(frame, target, index=index)


def _netcdf(ctx: ReportContext, target: Path) -> None:
    dataset = ctx.path.to_dataset()
    dataset.to_netcdf(
        target,
        engine="h5netcdf",
        # byte shuffle then light zlib: smaller than zlib level 4 alone (13.5 MB against
        # 16.2 MB for the main job) in 0.4 s instead of 0.7 s
        encoding={v: {"zlib": True, "complevel": 1, "shuffle": True} for v in dataset.data_vars},
    )


def _welfare_drawing(ctx: ReportContext) -> Drawing:
    report = _scenario_module()
    bars = report.welfare_bars(ctx.path)
    return Drawing(report.welfare_chart, (Slot.PLT, bars, ctx.path.scenario.name, Slot.TARGET))


def _welfare_map(ctx: ReportContext) -> Drawing:
    from tradewar.reports.worldmap import choropleth

    lr = ctx.path.long_run
    return Drawing(
        choropleth,
        (
            dict(zip(lr.countries, lr.outcomes["welfare"], strict=True)),
            Slot.TARGET,
            f"Long-run welfare: {ctx.path.scenario.name}",
            "welfare change (%)",
        ),
    )


def _trade(ctx: ReportContext) -> dict[str, np.ndarray]:
    return ctx.path.us_china_trade()


def _monthly_drawing(ctx: ReportContext, lines, ylabel: str, title: str, marks=None) -> Drawing:
    """A line chart of monthly series (:func:`tradewar.reports.scenario.monthly_chart`)."""
    args = (Slot.PLT, ctx.path.months, lines, ylabel, title, Slot.TARGET, marks)
    return Drawing(_scenario_module().monthly_chart, args)


def _trade_chart(ctx: ReportContext) -> Drawing:
    return _monthly_drawing(
        ctx,
        _trade(ctx),
        "% of the same month without the war",
        "US-China trade as each side records it (exporter: FOB, shipped; importer: arrived)",
        ctx.path.timeline.marks,
    )


def _prices(ctx: ReportContext) -> dict[str, np.ndarray]:
    return {code: ctx.path.series("prices", code) for code in ctx.path.scenario.focus}


def _prices_chart(ctx: ReportContext) -> Drawing:
    return _monthly_drawing(
        ctx, _prices(ctx), "consumer prices, % change (numeraire: world prices)", "Prices by month"
    )


def _diversion_chart(ctx: ReportContext) -> Drawing:
    report = _scenario_module()
    return Drawing(
        report.diversion_chart, (Slot.PLT, *report.diversion_bars(ctx.path), Slot.TARGET)
    )


def _controlled_chart(ctx: ReportContext) -> Drawing:
    title, panels = ctx.path.controlled_exports()
    return Drawing(
        _scenario_module().controlled_exports_chart,
        (Slot.PLT, ctx.path.months, title, panels, Slot.TARGET),
    )


def _users_chart(ctx: ReportContext) -> Drawing:
    path = ctx.path
    return Drawing(
        _scenario_module().output_chart,
        (
            Slot.PLT,
            path.users_output(),
            list(path.user_regions()),
            path.critical_input(),
            path.stocks is not None,
            Slot.TARGET,
        ),
    )


def _welfare_series(ctx: ReportContext) -> list[Series]:
    frame = ctx.path.welfare_by_month()
    return [Series("Welfare by month", "% change", {str(c): _floats(v) for c, v in frame.items()})]


def _controlled_series(ctx: ReportContext) -> list[Series]:
    title, panels = ctx.path.controlled_exports()
    return [
        Series(f"{title}: {sector}", unit, {k: _floats(v) for k, v in lines.items()})
        for sector, (unit, lines) in panels.items()
    ]


def _duties_series(ctx: ReportContext) -> list[Series]:
    us = ctx.customs[ctx.customs.importer == "USA"]
    if not len(us):
        return []
    lines = {"duties": _floats(us["duties_usd"] / 1e9)}
    if us["collected_ladder_usd"].notna().all():
        lines["collected (ladder)"] = _floats(us["collected_ladder_usd"] / 1e9)
        lines["IEEPA refunds"] = _floats(us["refunds_usd"] / 1e9)
    return [Series("US customs duties", "billion USD per month", lines)]


def _customs_by_partner(ctx: ReportContext, target: Path) -> None:
    from tradewar.reports import customs

    frame = ctx.customs_by_partner
    if frame is None:
        frame = pd.DataFrame(columns=["month", "partner", *customs.LADDER])
    _csv(frame, target, False)


def _users_series(ctx: ReportContext) -> list[Series]:
    users = ctx.path.users_output()
    users = users[[c for c in users.columns if c.endswith(" users")]]
    return [
        Series(
            f"Output of the users of {ctx.path.critical_input()}",
            "output quantity, % change from baseline",
            {c.removesuffix(" users"): _floats(users[c]) for c in users},
        )
    ]


def _who_pays_module():
    from tradewar.reports import who_pays

    return who_pays


def _households_series(ctx: ReportContext) -> list[Series]:
    frame = ctx.households
    us = frame[(frame.country == "USA") & (frame.month != "long run")]
    lines = {}
    for decile, label in (("1", "lowest decile"), ("5", "fifth decile"), ("10", "top decile")):
        for version in ("after substitution", "before substitution"):
            rows = us[(us.decile == decile) & (us.version == version)]
            lines[f"{label}, {version}"] = _floats(rows.cost_pct_of_income)
    return [Series("Cost for US households", "% of after-tax income", lines)]


def _consumer_prices_series(ctx: ReportContext) -> list[Series]:
    frame = ctx.consumer_prices.drop(index="long run")
    movers = frame.abs().max().sort_values(ascending=False).index[:6]
    return [Series("US shop prices by product", "% change", {t: _floats(frame[t]) for t in movers})]


def _customs_chart(ctx: ReportContext) -> Drawing:
    from tradewar.reports import customs

    title = "US effective tariff rate and customs duties by month"
    observed = customs.observed_us()  # read here: the helper's data folder may differ
    return Drawing(customs.customs_chart, (Slot.PLT, ctx.customs, Slot.TARGET, title, observed))


def _consumer_prices_chart(ctx: ReportContext) -> Drawing:
    return Drawing(
        _who_pays_module().consumer_prices_chart, (Slot.PLT, ctx.consumer_prices, Slot.TARGET)
    )


def _households_chart(ctx: ReportContext) -> Drawing:
    return Drawing(
        _who_pays_module().households_chart,
        (Slot.PLT, ctx.households, ctx.path.months[-1], Slot.TARGET),
    )


#: Every output, in the order the folder is written and the web app draws its charts
#: (``summary.md``, which lists the figures, is written last by the folder writer).
OUTPUTS: tuple[Output, ...] = (
    Output("summary.csv", _always, lambda ctx, t: _csv(ctx.summary, t)),
    Output(
        "monthly.csv",
        _always,
        lambda ctx, t: _csv(ctx.path.monthly_long(), t, False),
    ),
    Output("customs.csv", _always, lambda ctx, t: _csv(ctx.customs, t, False)),
    Output("customs_by_partner.csv", _changes_us_tariffs, _customs_by_partner),
    Output("results.nc", _always, _netcdf),
    Output("welfare.png", _always, drawing=_welfare_drawing),
    Output("welfare_map.png", _always, drawing=_welfare_map),
    Output(
        "us_china_trade.png",
        _always,
        series=lambda ctx: [
            Series(
                "US-China trade by month",
                "% of the same month without the war",
                {k: _floats(v) for k, v in _trade(ctx).items()},
            )
        ],
        drawing=_trade_chart,
    ),
    Output(
        "prices.png",
        _always,
        series=lambda ctx: [
            Series("Consumer prices", "% change", {c: _floats(v) for c, v in _prices(ctx).items()})
        ],
        drawing=_prices_chart,
    ),
    Output("welfare by month", _always, series=_welfare_series),
    Output("diversion.png", _always, drawing=_diversion_chart),
    Output(
        "export_controls.png",
        _has_export_controls,
        series=_controlled_series,
        drawing=_controlled_chart,
    ),
    Output(
        "controls.csv",
        _has_quantity_limits,
        lambda ctx, t: _csv(ctx.path.controls_frame(), t, False),
    ),
    Output("customs.png", _always, series=_duties_series, drawing=_customs_chart),
    Output(
        "prices.csv",
        _who_pays,
        lambda ctx, t: _csv(_who_pays_module().prices_frame(ctx.path, ctx.chain), t, False),
    ),
    Output("consumer_prices.csv", _who_pays, lambda ctx, t: _csv(ctx.consumer_prices, t)),
    Output("households.csv", _who_pays, lambda ctx, t: _csv(ctx.households, t, False)),
    Output("revenue.csv", _who_pays, lambda ctx, t: _csv(ctx.revenue, t, False)),
    Output(
        "consumer_prices.png",
        _who_pays,
        series=_consumer_prices_series,
        drawing=_consumer_prices_chart,
    ),
    Output("households.png", _who_pays, series=_households_series, drawing=_households_chart),
    Output("users_output.png", _has_critical_input, series=_users_series, drawing=_users_chart),
)


def applying(scenario: Scenario) -> list[Output]:
    """The outputs ``scenario`` has, in order."""
    return [o for o in OUTPUTS if o.applies(scenario)]


def web_series(path: ScenarioPath) -> list[Series]:
    """The web app's charts of ``path``, in the registry's order."""
    ctx = ReportContext(path)
    return [s for o in applying(path.scenario) if o.series for s in o.series(ctx)]
