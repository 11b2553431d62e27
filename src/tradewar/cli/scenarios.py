"""Scenario commands: ``tradewar run | validate | households``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tradewar.cli.common import (
    Format,
    ScenarioFile,
    Seed,
    add_column,
    app,
    console,
    err_console,
    fail,
    frame_table,
    interrupted,
    progress_bar,
    report_target,
    show,
)
from tradewar.core.errors import TradewarError


@app.command()
def run(
    scenario: ScenarioFile,
    out: Annotated[
        Path | None,
        typer.Option(help="report folder; must not exist (default: a free report-NAME)"),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option(help="replace an existing --out report folder as a whole")
    ] = False,
    draws: Annotated[
        int, typer.Option(help="also solve N draws of the uncertain parameters (bands)")
    ] = 0,
    seed: Seed = 0,
    workers: Annotated[
        int | None, typer.Option(help="processes of the local pool (default: one per core)")
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address to run the draws on, e.g. tcp://host:8786"),
    ] = None,
    cluster_timeout: Annotated[
        float, typer.Option(help="seconds to wait for the Dask scheduler")
    ] = 10.0,
) -> None:
    """Simulate a scenario month by month and write a report folder.

    With --draws N the uncertain parameters (trade elasticities, the dynamics profile,
    bands the file marks) are drawn N times and every headline gets a 5-95% band, fan
    charts and error bars (on a local process pool, or a Dask cluster with --cluster).
    The report appears only when complete: an error or Ctrl-C (exit code 130) leaves no
    folder behind, and an --overwrite target as it was.
    """
    from tradewar.paths import scenario as scenarios
    from tradewar.paths.simulate import simulate
    from tradewar.reports import drawing
    from tradewar.reports import folder as report_folder
    from tradewar.reports import scenario as scenario_report
    from tradewar.reports.outputs import ReportContext
    from tradewar.reports.readings import readings
    from tradewar.runtime import interrupts

    target = None
    try:
        spec = scenarios.load(scenario)
        target = report_target(out, f"report-{scenario.stem}", overwrite)
        months = spec.months()
        if not draws:  # its imports beside the solves (with draws, the pool has the cores)
            drawing.start()
        with interrupts.deferred_sigint():
            with progress_bar("months") as progress:
                task = progress.add_task(spec.name[:40], total=len(months) + 1)

                def tick(month: str) -> None:
                    interrupts.checkpoint()
                    progress.update(task, advance=1, description=f"{spec.name[:32]}: {month}")

                path = simulate(spec, on_month=tick)
                interrupts.checkpoint()
            bands = None
            if draws:
                bands = _draw_bands(spec, path, draws, seed, workers, cluster, cluster_timeout)
            with progress_bar("files") as progress:
                total = len(scenario_report.file_names(spec, draws=bands is not None))
                task = progress.add_task("writing the report", total=total)

                def step(name: str) -> None:
                    interrupts.checkpoint()
                    progress.update(task, advance=1, description=f"writing {name}")

                context = ReportContext(path)
                folder, files = report_folder.write_whole(
                    target,
                    lambda f: scenario_report.write(
                        path, f, on_step=step, bands=bands, context=context
                    ),
                )
    except interrupts.Interrupted:
        interrupted(target)
    except TradewarError as exc:
        fail(exc)
    finally:
        drawing.stop()  # no more figures: ended now, not by a slower shutdown at exit
    show(frame_table(path.summary_frame(), spec.name))
    console.print(
        f"[dim]last month = {path.months[-1]}; long run = the policy of {path.months[-1]} "
        "once trade has fully adjusted (see summary.md)[/]"
    )
    notes = readings(path, context.customs)
    if notes:
        console.print("Reading the striking numbers (also in summary.md):")
        for note in notes:
            console.print(f"- {note}", highlight=False)
    if bands is not None:
        table = bands.headline_bands()
        shown = [i for i in table.index if i.startswith("welfare long run")]
        shown_table = table.loc[shown].drop(columns=["draws"])
        show(frame_table(shown_table, f"{draws} draws (seed {seed}): 5-50-95% bands"))
        if bands.failed:
            console.print(f"[yellow]{len(bands.failed)} of {draws} draws did not converge[/]")
    console.print(f"report written to [bold]{folder}/[/] ({len(files)} files)")


def _draw_bands(spec, path, draws, seed, workers, cluster, timeout):
    """Bands of ``spec`` over ``draws`` draws, with a progress bar over draws."""
    from tradewar import uncertainty
    from tradewar.runtime import interrupts
    from tradewar.uncertainty.tasks import scenario_outcome

    point, _ = scenario_outcome(path)
    with progress_bar("draws") as progress:
        task = progress.add_task(f"{draws} draws", total=draws)

        def done(count: int) -> None:
            interrupts.checkpoint()
            progress.update(task, completed=count)

        return uncertainty.scenario_bands(
            spec,
            draws,
            seed,
            baseline=path.baseline,
            where=cluster or "pool",
            workers=workers,
            on_batch=done,
            timeout=timeout,
            point=point,
        )


@app.command()
def validate(
    scenario: ScenarioFile,
    observed: Annotated[
        Path | None,
        typer.Option(
            help="CSV of series, month, value, unit (default: the observed series to May "
            "2025 compiled from China's customs, the Census and the Treasury, shipped)"
        ),
    ] = None,
    plot: Annotated[Path | None, typer.Option(help="PNG of observed and model")] = None,
    growth: Annotated[
        str,
        typer.Option(
            help="the no-war path's trend: data (each flow's 2024 growth, shipped), none, "
            "or a CSV of series, growth_pct[, source]"
        ),
    ] = "data",
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
) -> None:
    """Compare a scenario's monthly path with observed series, month by month.

    The path is cached (see `tradewar.reports.validation.cache_dir`): a second run of the same
    file does not solve again.
    """
    from tradewar.paths import scenario as scenarios
    from tradewar.paths.simulate import simulate
    from tradewar.reports import growth as no_war_growth
    from tradewar.reports import validation
    from tradewar.runtime import interrupts

    try:
        trend = no_war_growth.choose(growth)
        if plot is not None:
            from tradewar.reports.folder import plan_file

            plan_file(plot)

        def solve(spec: scenarios.Scenario):
            with interrupts.deferred_sigint(), console.status(f"solving {spec.name}..."):
                return simulate(spec, on_month=lambda month: interrupts.checkpoint())

        result = validation.validate_scenario(scenario, observed, trend, solve=solve)
        table = result.table
        if plot is not None:
            from tradewar.reports.folder import write_file_whole

            ahead = result.held_out()
            write_file_whole(plot, lambda p: validation.plot(table, p, result.name, ahead))
    except interrupts.Interrupted:
        err_console.print("interrupted: nothing was cached or written")
        raise typer.Exit(code=130) from None
    except TradewarError as exc:
        fail(exc)
    if fmt is Format.json:
        sys.stdout.write(json.dumps(table.to_dict(orient="records"), indent=1) + "\n")
        return
    if fmt is Format.csv:
        sys.stdout.write(table.to_csv(index=False))
        return
    table_view = Table(title=f"{result.name}: observed and model", title_justify="left")
    cells = {
        "series": table["series"].tolist(),
        "month": table["month"].tolist(),
        "observed": [f"{v:,.2f}" for v in table["observed"]],
        "model": [f"{v:,.2f}" for v in table["model"]],
        "gap": [f"{v:+,.2f}" for v in table["gap"]],
        "unit": table["unit"].tolist(),
    }
    for col, values in cells.items():
        justify = "left" if col in ("series", "month", "unit") else "right"
        add_column(table_view, col, values, justify)
    for row in zip(*cells.values(), strict=True):
        table_view.add_row(*row)
    show(table_view)
    show(
        frame_table(
            validation.summary(table).drop(columns="in"),
            "Errors by series (points for % y/y and for rates in %, % of observed for levels)",
        )
    )
    source = (
        "cached path"
        if result.cached
        else "solved now" + (" and cached" if validation.cache_dir() is not None else "")
    )
    gaps = result.gaps()
    observed_months = gaps.dropna(
        subset=["China's customs, observed", "US Census, observed"], how="all"
    )
    if len(observed_months):
        show(
            frame_table(
                observed_months.set_index("month"),
                "China -> US as each side records it, USD bn a month: the model's gap "
                "(China's customs less the Census) and its parts",
            )
        )
    console.print(f"[dim]{source}; observed: {observed or validation.reported_file()}[/]")
    trend_text = (
        "none"
        if not trend
        else ", ".join(f"{name} {100 * g:+.1f}%" for name, g in trend.items() if g)
    )
    console.print(f"[dim]no-war growth a year ({no_war_growth.RULE}): {trend_text}[/]")
    if plot is not None:
        console.print(f"figure: {plot}")


@app.command()
def households(
    scenario: ScenarioFile,
    on: Annotated[
        str | None,
        typer.Option(
            help="the day whose policy to cost, YYYY-MM-DD (default: the last month's 15th)"
        ),
    ] = None,
    deciles: Annotated[
        Path | None,
        typer.Option(
            help="spending by product and decile in BEA's layout (pce_mp, pce_title, "
            "total_billions, d1..d10 in percent; default: BEA's 2023 distribution, shipped)"
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
) -> None:
    """Cost of the policy in force on a date for US households by income decile.

    Before substitution: the tariffs times the import content of what each decile buys.
    After: the long-run equilibrium of that policy. Both at shop prices (distribution
    margins), against US wages, without a monthly path (docs/model.md M.3).
    """
    import datetime as dt

    from tradewar.datasets import households as household_data
    from tradewar.paths import households as who_pays
    from tradewar.paths import scenario as scenarios

    try:
        spec = scenarios.load(scenario)
        if on is None:
            y, m = map(int, spec.months()[-1].split("-"))
            day = dt.date(y, m, 15)
        else:
            try:
                day = dt.date.fromisoformat(on)
            except ValueError:
                raise TradewarError(f"--on {on!r} is not a date like 2025-11-01") from None
        distribution = None if deciles is None else household_data.read_distribution(deciles)
        with console.status(f"costing the policy of {day}..."):
            frame = who_pays.on_date(spec, day, distribution)
    except TradewarError as exc:
        fail(exc)
    if fmt is Format.json:
        sys.stdout.write(frame.reset_index().to_json(orient="records", indent=1) + "\n")
        return
    if fmt is Format.csv:
        sys.stdout.write(frame.to_csv(float_format="%.6g"))
        return
    view = frame.copy()
    view.insert(0, "households_thousands", (1000 * view.pop("households_million")).round())
    for column in view.columns:  # levels as whole dollars (counts), percentages signed
        if not column.endswith(("_pct_of_spending", "_pct_of_income")):
            view[column] = view[column].round().astype(int)
    show(
        frame_table(
            view,
            f"{spec.name}: the policy of {day} for US households by income decile, USD per "
            "household a year and % (before: tariffs x import content; after: long-run "
            "equilibrium)",
        )
    )
    console.print(
        "[dim]spending: BEA's 2023 consumption by decile per household; income: BLS "
        "Consumer Expenditure Survey 2023, after taxes (leaves out in-kind transfers that "
        "consumption counts: the lowest deciles' % of income is overstated)[/]"
    )
