"""Command-line interface: ``tradewar demo | solve | replicate | baselines``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tradewar import datasets
from tradewar.errors import TradewarError

app = typer.Typer(
    help="tradewar: trade wars and trade talks, with data (general equilibrium, hat algebra).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Recycling(StrEnum):
    income_tax = "income_tax"
    lump_sum = "lump_sum"


def _fail(exc: Exception) -> None:
    err_console.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(code=2)


def _frame_table(frame, title: str) -> Table:
    """A rich table of ``frame``; headers wrap between words but are never cut."""
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        show_edge=False,
    )
    rows = [[str(idx), *[f"{v:+,.2f}" for v in row]] for idx, row in frame.iterrows()]
    headers = [frame.index.name or "", *map(str, frame.columns)]
    for k, header in enumerate(headers):
        _add_column(table, header, [r[k] for r in rows], "left" if k == 0 else "right")
    for row in rows:
        table.add_row(*row)
    return table


def _add_column(table: Table, header: str, cells: list[str], justify: str) -> None:
    """Add a column that may wrap between words but never cuts one: its minimum width
    is the longest word of its header and cells."""
    words = [w for text in [header, *cells] for w in str(text).split()]
    table.add_column(header, justify=justify, min_width=max(map(len, words), default=1))


def _show(table: Table) -> None:
    """Print ``table`` whole: wider than the terminal if it must be, never cut."""
    natural = Console(width=1000).measure(table).minimum
    console.print(table, width=max(console.width, natural), crop=False)


# ---------------------------------------------------------------------------------------
@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="report folder (a free name is picked if taken)")] = (
        Path("tradewar-report")
    ),
) -> None:
    """Main job on the embedded default: Liberation Day tariffs and the US-China escalation."""
    from tradewar import interrupts, report_folder
    from tradewar.model import OneSectorModel
    from tradewar.policy import Policy
    from tradewar.report import write_report

    target = None
    try:
        target = report_folder.plan(out, pick_free=True)
        baseline = datasets.load("default")
        model = OneSectorModel(baseline)
        ustr = Policy.from_baseline(baseline, "Liberation Day (USTR rates, 10% floor)").tariff(
            "USA", on="ALL", rate=baseline.schedules["ustr_2025"], floor=0.10
        )
        # April 2025: US additional duties on China reach 145% in total, China's 125%
        escalation = (
            ustr.tariff("USA", on="CHN", rate=1.45)
            .tariff("CHN", on="USA", rate=1.25)
            .named("US-China escalation (USA 145% on CHN, CHN 125% on USA)")
        )
        with interrupts.deferred_sigint():
            with console.status("solving 2 scenarios on 194 countries..."):
                results = model.solve_many([ustr, escalation])
            interrupts.checkpoint()
            folder, files = report_folder.write_whole(
                target,
                lambda f: write_report(
                    f,
                    results,
                    "tradewar: the 2025 tariffs in general equilibrium",
                    f"Baseline: {baseline.source}. Model: {model.describe()}.",
                ),
            )
    except interrupts.Interrupted:
        _interrupted(target)
    except TradewarError as exc:
        _fail(exc)
    for res in results:
        _show(_frame_table(res.summary_frame(), res.scenario))
    console.print(f"report written to [bold]{folder}/[/] ({', '.join(f.name for f in files)})")


# ---------------------------------------------------------------------------------------
class Deficits(StrEnum):
    fixed = "fixed"
    zero = "zero"


@app.command()
def solve(
    tariff: Annotated[
        list[str],
        typer.Option(
            help="IMPORTER:EXPORTER=RATE (set) or IMPORTER:EXPORTER+=RATE (add), optional "
            "@SECTOR,...; rates as fractions (1.45) or percent (145%); repeatable"
        ),
    ],
    baseline: Annotated[str, typer.Option(help="baseline name (see `tradewar baselines`)")] = (
        "default"
    ),
    focus: Annotated[str, typer.Option(help="comma-separated countries to show")] = "USA,CHN",
    epsilon: Annotated[float, typer.Option(help="trade elasticity (one-sector model)")] = 4.0,
    recycling: Annotated[
        Recycling, typer.Option(help="use of tariff revenue (one-sector model)")
    ] = Recycling.income_tax,
    elasticities: Annotated[
        str | None, typer.Option(help="elasticity set of a multi-sector baseline")
    ] = None,
    deficits: Annotated[
        Deficits, typer.Option(help="multi-sector deficits: kept (fixed) or zero")
    ] = Deficits.fixed,
    diversion: Annotated[
        str | None, typer.Option(help="also show the change in this importer's imports by source")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
    accept_high_rates: Annotated[
        bool, typer.Option(help="accept tariffs above 1000% (USA:CHN=145 is refused)")
    ] = False,
) -> None:
    """Solve an ad-hoc tariff change, e.g. ``--tariff USA:CHN=1.45 --tariff CHN:USA=1.25``.

    One-sector baselines use the IMLS (2025) model, multi-sector ones Caliendo-Parro (2015).
    """
    from tradewar import tariff_spec
    from tradewar.models.choose import default_family, for_baseline
    from tradewar.policy import Policy

    try:
        changes = [tariff_spec.parse(t, accept_high_rates) for t in tariff]
        base = datasets.load(baseline)
        policy = Policy.from_baseline(base, " ; ".join(tariff))
        for change in changes:
            policy = change.apply(policy)
        codes = [c.strip().upper() for c in focus.split(",") if c.strip()]
        for code in [*codes, *([diversion] if diversion else [])]:
            base.index(code)
        options = {
            "imls": {"trade_elasticity": epsilon, "revenue_recycling": recycling.value},
            "caliendo-parro": {"elasticities": elasticities, "deficits": deficits.value},
        }
        model = for_baseline(base, **options[default_family(base)])
        with console.status(f"solving on {base.n_countries} x {base.n_sectors}..."):
            res = model.solve(policy)
    except TradewarError as exc:
        _fail(exc)
    frame = res.summary_frame(codes)
    if fmt is Format.table:
        _show(_frame_table(frame, f"Scenario: {res.scenario} (% change)"))
        if diversion:
            table = res.trade_diversion(diversion.upper()).head(8)
            _show(
                _frame_table(
                    table, f"Imports of {diversion.upper()} by source ({res.unit}), biggest gains"
                )
            )
        d = res.diagnostics
        console.print(
            f"[dim]{res.model}; {d.iterations} Newton steps, max residual {d.max_residual:.1e}[/]"
        )
    elif fmt is Format.json:
        sys.stdout.write(json.dumps(frame.to_dict(orient="index"), indent=2) + "\n")
    else:
        sys.stdout.write(frame.to_csv())


class GameModel(StrEnum):
    imls = "imls"
    cp = "cp"
    ossa = "ossa"


#: The model family of each ``--model`` choice (:func:`tradewar.models.choose.for_baseline`).
GAME_FAMILIES = {GameModel.imls: "imls", GameModel.cp: "caliendo-parro", GameModel.ossa: "ossa"}


# ---------------------------------------------------------------------------------------
class Paper(StrEnum):
    ignatenko2025 = "ignatenko2025"
    caliendo_parro2015 = "caliendo-parro2015"
    ossa2014 = "ossa2014"


def _paper(paper: Paper):
    """(dataset reader module, replication module) of a paper."""
    if paper is Paper.ignatenko2025:
        from tradewar.datasets import liberation_day as data
        from tradewar.replication import ignatenko2025 as rep
    elif paper is Paper.caliendo_parro2015:
        from tradewar.datasets import caliendo_parro as data
        from tradewar.replication import caliendo_parro2015 as rep
    else:
        from tradewar.datasets import ossa2014 as data
        from tradewar.replication import ossa2014 as rep
    return data, rep


def _replication_table(rows, table_id: str, title: str, labels=None) -> Table:
    labels = labels or {}
    selected = [r for r in rows if r.table == table_id]
    columns = list(dict.fromkeys(r.column for r in selected))
    table = Table(title=title, title_justify="left")
    table.add_column("case")
    table.add_column("")
    for col in columns:
        table.add_column(labels.get(col, col), justify="right")
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for r in selected:
        text = f"{r.value:.{r.printed_decimals}f}"
        if r.published is not None:
            ok = abs(round(r.value, r.printed_decimals) - r.published) < 1e-9
            text += f" [{'green' if ok else 'red'}]({r.published:.{r.printed_decimals}f})[/]"
        cells.setdefault((r.case, r.country), {})[r.column] = text
    for (case, country), values in cells.items():
        table.add_row(case, country, *[values.get(c, "") for c in columns])
    return table


@app.command()
def replicate(
    paper: Annotated[Paper, typer.Argument(help="paper to reproduce")],
    table: Annotated[list[str] | None, typer.Option(help="table id(s); default all")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
    data: Annotated[Path | None, typer.Option(help="shared data folder ($TRADEWAR_DATA)")] = None,
) -> None:
    """Reproduce a paper's tables from its raw data; published numbers in brackets."""
    reader, rep = _paper(paper)
    tables = table or list(rep.TABLES)
    try:
        unknown = [t for t in tables if t not in rep.TABLES]
        if unknown:
            raise TradewarError(f"unknown table(s) {unknown}; available: {', '.join(rep.TABLES)}")
        baseline = reader.load(None if data is None else data / reader.FOLDER)
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=fmt is not Format.table,
        )
        rows = []
        with progress:
            task = progress.add_task(paper.value, total=len(tables))
            for table_id in tables:
                progress.update(task, description=f"{paper.value}: table {table_id}")
                rows += rep.compute(baseline, [table_id])
                progress.advance(task)
    except TradewarError as exc:
        _fail(exc)
    if fmt is Format.json:
        sys.stdout.write(json.dumps([r.as_dict() for r in rows], indent=1) + "\n")
    elif fmt is Format.csv:
        import pandas as pd

        sys.stdout.write(pd.DataFrame([r.as_dict() for r in rows]).to_csv(index=False))
    else:
        for table_id in tables:
            title = rep.PAPER_TITLES.get(table_id, f"Table {table_id}")
            _show(_replication_table(rows, table_id, title, getattr(rep, "COLUMN_LABELS", None)))
        console.print("[dim]ours (published); green = equal to the printed digit[/]")


def _policy(base, specs: list[str], name: str, accept_high_rates: bool = False):
    """The baseline's policy with the tariff ``specs`` applied, named ``name``."""
    from tradewar import tariff_spec
    from tradewar.policy import Policy

    policy = Policy.from_baseline(base, name)
    for spec in specs:
        policy = tariff_spec.parse(spec, accept_high_rates).apply(policy)
    return policy


@app.command()
def optimal(
    country: Annotated[str, typer.Argument(help="ISO3 code of the country that optimises")],
    structure: Annotated[
        str, typer.Option(help="uniform, bilateral, or sector (multi-sector baselines)")
    ] = "uniform",
    tariff: Annotated[
        list[str] | None, typer.Option(help="tariffs in force for the others (as in solve)")
    ] = None,
    baseline: Annotated[
        str, typer.Option(help="baseline: one-sector (IMLS) or multi-sector (Caliendo-Parro)")
    ] = "default",
    elasticities: Annotated[
        str | None, typer.Option(help="multi-sector: elasticity set of the baseline")
    ] = None,
    accept_high_rates: Annotated[
        bool, typer.Option(help="accept tariffs above 1000% (USA:CHN=145 is refused)")
    ] = False,
) -> None:
    """Welfare-maximising import tariff(s) of COUNTRY given everyone else's tariffs
    (exact gradients through the equilibrium; multi-sector searches take a while)."""
    from tradewar.games.best_response import optimal_tariffs
    from tradewar.models.choose import for_baseline

    try:
        base = datasets.load(baseline)
        code = country.upper()
        base.index(code)
        given = _policy(base, tariff or [], "given", accept_high_rates)
        model = for_baseline(base, **({"elasticities": elasticities} if elasticities else {}))
        with console.status(f"optimising the tariffs of {code}..."):
            best = optimal_tariffs(model, code, structure, base=given)
    except TradewarError as exc:
        _fail(exc)
    if len(best.rates) == 1:
        console.print(
            f"optimal uniform tariff of {code}: [bold]{100 * best.rates[0]:.2f}%"
            f"[/] (welfare {best.welfare[0]:+.3f}%, gradient {best.gradients[0]:.1e})"
        )
    else:
        top = sorted(zip(best.labels, best.rates, strict=True), key=lambda p: -p[1])[:10]
        console.print(
            f"optimal {structure} tariffs of {code} (welfare {best.welfare[0]:+.3f}%, largest "
            f"|first-order condition| {best.max_foc:.1e}), highest ten: "
            + ", ".join(f"{c} {100 * r:.1f}%" for c, r in top)
        )


@app.command()
def nash(
    players: Annotated[
        str, typer.Option(help="comma-separated players, e.g. USA,CHN, or ALL")
    ] = "USA,CHN",
    baseline: Annotated[
        str, typer.Option(help="baseline: one-sector (IMLS) or multi-sector (Caliendo-Parro)")
    ] = "default",
    elasticities: Annotated[
        str | None, typer.Option(help="multi-sector: elasticity set of the baseline")
    ] = None,
    model: Annotated[
        GameModel | None,
        typer.Option(help="model: the baseline's default, or Ossa (2014) on multi-sector"),
    ] = None,
) -> None:
    """Nash trade war: each player's uniform tariff is a best response to the others'.

    One-sector baselines use the IMLS model; multi-sector ones the Caliendo-Parro model
    (best responses with exact gradients; a few minutes for two players on the ICIO
    default) or, with --model ossa, the Ossa (2014) model on the baseline with trade
    imbalances purged (all first-order conditions at once: fast for many players, e.g. ALL).
    """
    from tradewar.models.choose import for_baseline

    try:
        base = datasets.load(baseline)
        codes = [c.strip().upper() for c in players.split(",") if c.strip()]
        codes = list(base.countries) if codes == ["ALL"] else codes
        idx = base.indices(codes)
        family = None if model is None else GAME_FAMILIES[model]
        options = {"elasticities": elasticities} if elasticities else {}
        chosen = for_baseline(base, family, **options)
        name = {"OneSectorModel": "IMLS", "MultiSectorModel": "Caliendo-Parro"}.get(
            type(chosen).__name__, "Ossa"
        )
        if name == "Ossa":  # all first-order conditions at once (Ossa-specific maths)
            from tradewar.games import ossa as ossa_games

            with console.status(f"Nash war among {len(codes)} players (Ossa model)..."):
                war = ossa_games.uniform_nash(chosen.calibration, idx)
            title = (
                f"Nash trade war, Ossa model on {baseline} ({war.iterations} quasi-Newton steps)"
            )
            rates, welfare, foc = war.tariffs, 100 * (war.welfare[idx] - 1), war.max_foc
        else:
            from tradewar.games.best_response import nash_war

            with console.status(f"best responses among {', '.join(codes)} ({name} model)..."):
                eq = nash_war(chosen, codes)
            title = (
                f"Nash trade war, {name} model on {baseline} ({eq.rounds} rounds, "
                f"last change {eq.max_change:.1e})"
            )
            rates, welfare, foc = eq.rates, eq.welfare, eq.max_foc
    except TradewarError as exc:
        _fail(exc)
    table = Table(title=title)
    for col in ("player", "Nash tariff (%)", "welfare (%)"):
        table.add_column(col, justify="right")
    for p, rate, w in zip(codes, rates, welfare, strict=True):
        table.add_row(p, f"{100 * rate:.2f}", f"{w:+.3f}")
    _show(table)
    console.print(f"largest first-order condition: {foc:.1e}")


@app.command()
def talks(
    a: Annotated[str, typer.Argument(help="first party (ISO3)")],
    b: Annotated[str, typer.Argument(help="second party (ISO3)")],
    disagreement: Annotated[
        list[str],
        typer.Option(help="scenario file, or tariffs if talks fail (as in solve), repeatable"),
    ],
    deal: Annotated[
        list[str], typer.Option(help="scenario file, or tariffs under the deal, repeatable")
    ],
    on: Annotated[
        str | None, typer.Option(help="date the scenario files are read at (default: their end)")
    ] = None,
    plot: Annotated[Path | None, typer.Option(help="PNG of mutually beneficial tariffs")] = None,
    baseline: Annotated[
        str, typer.Option(help="baseline for tariff specs (scenario files name their own)")
    ] = "default",
    accept_high_rates: Annotated[
        bool, typer.Option(help="accept tariffs above 1000% (USA:CHN=145 is refused)")
    ] = False,
) -> None:
    """Evaluate a deal between A and B against the disagreement point (e.g. a snap-back).

    --disagreement and --deal take either a scenario file (the policy in force at its end,
    or on --on) or tariff specs; with scenario files their baseline and model are used.
    """
    from tradewar import timeline
    from tradewar.games import talks as negotiation
    from tradewar.models.choose import for_baseline
    from tradewar.scenario import scenario_path

    try:
        if plot is not None:
            from tradewar.report_folder import plan_file

            plan_file(plot)
        options = {"disagreement": disagreement, "deal": deal}
        files = {role: scenario_path(values) for role, values in options.items()}
        if any(files.values()):
            from tradewar import scenario as scenario_file
            from tradewar.simulate import model_for

            scenarios = {role: scenario_file.load(f) for role, f in files.items() if f}
            loaded = list(scenarios.values())
            if len({sc.baseline for sc in loaded}) > 1:
                raise TradewarError("the two scenario files use different baselines")
            if on is None:  # compare both at the earlier end date
                on = min(timeline.last_day(sc) for sc in loaded).isoformat()
            base = datasets.load(loaded[0].baseline)
            model = model_for(loaded[0], base)
        else:
            scenarios = {}
            base = datasets.load(baseline)
            model = for_baseline(base)
        a, b = a.upper(), b.upper()
        for code in (a, b):
            base.index(code)
        dis, agreed = (
            timeline.policy_at(base, scenarios[role], on, role)
            if role in scenarios
            else _policy(base, values, " ; ".join(values), accept_high_rates)
            for role, values in options.items()
        )
        evaluation = negotiation.evaluate_deal(model, (a, b), dis, agreed)
        if plot is not None:
            from tradewar.report_folder import write_file_whole

            rates = np.linspace(0.0, 1.5, 16 if base.n_sectors == 1 else 7)
            with console.status(f"solving {len(rates) ** 2} deals for the plot..."):
                grid = negotiation.mutual_gain_grid(model, a, b, dis, rates=tuple(rates))
            write_file_whole(plot, lambda path: negotiation.plot_mutual_gains(grid, a, b, path))
    except TradewarError as exc:
        _fail(exc)
    console.print(f"if talks fail: {dis.name}\nthe deal: {agreed.name}")
    for p in (a, b):
        console.print(
            f"{p}: welfare {evaluation.welfare_disagreement[p]:+.3f}% if talks fail, "
            f"{evaluation.welfare_deal[p]:+.3f}% with the deal: gain "
            f"[bold]{evaluation.gains[p]:+.3f}%[/]"
        )
    verdict = "mutually beneficial" if evaluation.mutually_beneficial else "NOT mutually beneficial"
    console.print(f"the deal is [bold]{verdict}[/]")
    if plot is not None:
        console.print(f"map of mutually beneficial tariff pairs: {plot}")


def _progress(unit: str) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} " + unit),
        TimeElapsedColumn(),
        console=err_console,
    )


def _report_target(out: Path | None, default: str, overwrite: bool):
    """The checked report target of ``--out`` (or a free ``default`` name)."""
    from tradewar import report_folder

    if out is None:
        return report_folder.plan(Path(default), pick_free=True)
    return report_folder.plan(out, overwrite=overwrite)


def _interrupted(target) -> None:
    kept = (
        f"; {target.path} is left as it was"
        if target is not None and target.path.exists() and not target.pick_free
        else ""
    )
    err_console.print(f"interrupted: no report was written{kept}")
    raise typer.Exit(code=130)


@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="scenario YAML file (see scenarios/)")],
    out: Annotated[
        Path | None,
        typer.Option(help="report folder; must not exist (default: a free report-NAME)"),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option(help="replace an existing --out report folder as a whole")
    ] = False,
) -> None:
    """Simulate a scenario month by month and write a report folder.

    The report appears only when complete: an error or Ctrl-C (exit code 130) leaves no
    folder behind, and an --overwrite target as it was.
    """
    from tradewar import interrupts, report_folder, scenario_report
    from tradewar import scenario as scenarios
    from tradewar.simulate import simulate

    target = None
    try:
        spec = scenarios.load(scenario)
        target = _report_target(out, f"report-{scenario.stem}", overwrite)
        months = spec.months()
        with interrupts.deferred_sigint():
            with _progress("months") as progress:
                task = progress.add_task(spec.name[:40], total=len(months) + 1)

                def tick(month: str) -> None:
                    interrupts.checkpoint()
                    progress.update(task, advance=1, description=f"{spec.name[:32]}: {month}")

                path = simulate(spec, on_month=tick)
                interrupts.checkpoint()
            with _progress("files") as progress:
                total = len(scenario_report.file_names(spec))
                task = progress.add_task("writing the report", total=total)

                def step(name: str) -> None:
                    interrupts.checkpoint()
                    progress.update(task, advance=1, description=f"writing {name}")

                folder, files = report_folder.write_whole(
                    target, lambda f: scenario_report.write(path, f, on_step=step)
                )
    except interrupts.Interrupted:
        _interrupted(target)
    except TradewarError as exc:
        _fail(exc)
    _show(_frame_table(scenario_report.summary_frame(path), spec.name))
    console.print(
        f"[dim]last month = {path.months[-1]}; long run = the policy of {path.months[-1]} "
        "once trade has fully adjusted (see summary.md)[/]"
    )
    console.print(f"report written to [bold]{folder}/[/] ({len(files)} files)")


@app.command()
def validate(
    scenario: Annotated[Path, typer.Argument(help="scenario YAML file (see scenarios/)")],
    observed: Annotated[
        Path | None,
        typer.Option(
            help="CSV of series, month, value, unit (default: the shipped observed_2025 "
            "series of the shared data)"
        ),
    ] = None,
    plot: Annotated[Path | None, typer.Option(help="PNG of observed and model")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
) -> None:
    """Compare a scenario's monthly path with observed series, month by month.

    The path is cached (see `tradewar.validation.cache_dir`): a second run of the same
    file does not solve again.
    """
    from tradewar import interrupts, recorded_trade, validation
    from tradewar import scenario as scenarios
    from tradewar.datasets.paths import require_dataset
    from tradewar.simulate import simulate

    try:
        if plot is not None:
            from tradewar.report_folder import plan_file

            plan_file(plot)
        spec = scenarios.load(scenario)
        months = spec.months()
        if observed is None:
            folder = require_dataset("observed_2025")
            frame = validation.load_observed(
                folder / "monthly_reported_2024_2025-05.csv", months, strict=False
            )
        else:
            frame = validation.load_observed(observed, months, strict=True)
        params = recorded_trade.RecordingParams()

        def compute() -> dict:
            with interrupts.deferred_sigint(), console.status(f"solving {spec.name}..."):
                path = simulate(spec, on_month=lambda month: interrupts.checkpoint())
                return validation.model_series(recorded_trade.record(path, params), path.baseline)

        paths, cached = validation.cached_paths(scenario, compute, params)
        table = validation.compare(frame, months, paths)
        if table.empty:
            raise TradewarError(
                f"no observed month of a known series falls in {months[0]} to {months[-1]}"
            )
        if plot is not None:
            from tradewar.report_folder import write_file_whole

            write_file_whole(plot, lambda p: validation.plot(table, p, spec.name))
    except interrupts.Interrupted:
        err_console.print("interrupted: nothing was cached or written")
        raise typer.Exit(code=130) from None
    except TradewarError as exc:
        _fail(exc)
    if fmt is Format.json:
        sys.stdout.write(json.dumps(table.to_dict(orient="records"), indent=1) + "\n")
        return
    if fmt is Format.csv:
        sys.stdout.write(table.to_csv(index=False))
        return
    table_view = Table(title=f"{spec.name}: observed and model", title_justify="left")
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
        _add_column(table_view, col, values, justify)
    for row in zip(*cells.values(), strict=True):
        table_view.add_row(*row)
    _show(table_view)
    _show(
        _frame_table(
            validation.summary(table).drop(columns="in"),
            "Errors by series (points for % y/y, % of observed for levels)",
        )
    )
    source = "cached path" if cached else "solved now and cached"
    console.print(f"[dim]{source}; observed: {observed or 'shared observed_2025'}[/]")
    if plot is not None:
        console.print(f"figure: {plot}")


class TariffsBy(StrEnum):
    sector = "sector"
    authority = "authority"


@app.command()
def tariffs(
    partner: Annotated[
        list[str] | None, typer.Option(help="exporting partner(s), ISO3 or EU27")
    ] = None,
    date: Annotated[str | None, typer.Option(help="day YYYY-MM-DD")] = None,
    by: Annotated[TariffsBy, typer.Option(help="break the rates down by")] = TariffsBy.sector,
    path: Annotated[
        bool, typer.Option("--path", help="import-weighted rate by partner and month")
    ] = False,
    product: Annotated[
        str | None, typer.Option(help="one 10-digit HTS line (needs the shared data)")
    ] = None,
    usmca: Annotated[
        bool, typer.Option("--usmca", help="with --product: the goods claim USMCA")
    ] = False,
    schedule: Annotated[
        str, typer.Option(help="us_enacted (US tariffs) or china_enacted (China's on US goods)")
    ] = "us_enacted",
    data: Annotated[Path | None, typer.Option(help="shared data folder (for --product)")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
) -> None:
    """Tariffs as enacted in 2025-26: the rates in force on a date, by sector or legal
    authority, for a partner; with --path, the import-weighted rate by month."""
    import datetime as dt

    from tradewar.enacted import schedule as enacted
    from tradewar.enacted import tables
    from tradewar.scenario import month_range

    try:
        table = enacted.load(schedule)
        partners = partner or (["ALL"] if path else [])
        if path:
            first = date[:7] if date else str(table.days[0])[:7]
            frame = tables.monthly_path(table, partners, month_range(first, table.last_day[:7]))
            title = f"{schedule}: import-weighted additional tariff (%) by month"
        else:
            if not partners or date is None:
                raise TradewarError("give --partner and --date (or --path)")
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                raise TradewarError(f"--date must be a day YYYY-MM-DD, got {date!r}") from None
            table.step(day)
            if product is not None:
                if schedule != "us_enacted":
                    raise TradewarError("--product needs the us_enacted schedule")
                frame = tables.line_quote(partners[0], product, day, usmca, data)
                title = f"{product} from {partners[0].upper()} on {day}"
            else:
                frame = tables.rates_on(table, partners[0], day, by.value)
                title = f"{schedule}: goods of {partners[0].upper()} on {day}"
    except TradewarError as exc:
        _fail(exc)
    if fmt is Format.csv:
        sys.stdout.write(frame.to_csv(float_format="%.4f"))
    elif fmt is Format.json:
        sys.stdout.write(frame.to_json(orient="index", indent=1) + "\n")
    else:
        _show(_frame_table(frame, title))


@app.command()
def baselines() -> None:
    """List the baselines that `--baseline` accepts."""
    from tradewar.datasets.paths import ENV_VAR, shared_data_dir

    unavailable = []
    for name, text in datasets.available().items():
        if datasets.missing_data(name):
            unavailable.append(name)
        else:
            console.print(f"[bold]{name}[/]: {text}")
    if unavailable:
        root = shared_data_dir()
        where = f"not found in {root}" if root else f"not found; set {ENV_VAR}"
        console.print(
            f"[dim]not available here (their shared data folders are {where}): "
            + ", ".join(unavailable)
            + "[/]"
        )


if __name__ == "__main__":  # pragma: no cover
    from tradewar.__main__ import main

    main()
