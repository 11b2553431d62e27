"""Data commands: ``tradewar tariffs | collected | baselines | data list | data fetch``."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tradewar import datasets
from tradewar.cli.common import (
    Format,
    app,
    console,
    err_console,
    fail,
    frame_table,
    progress_bar,
    show,
)
from tradewar.core.errors import TradewarError
from tradewar.datasets.paths import ENV_VAR


class TariffsBy(StrEnum):
    """How ``tradewar tariffs`` breaks the rates down: by sector or by legal authority."""

    sector = "sector"
    authority = "authority"


def _print(frame, title: str, fmt: Format) -> None:
    """A table of a data command in the chosen format (csv, json or a rich table)."""
    if fmt is Format.csv:
        sys.stdout.write(frame.to_csv(float_format="%.4f"))
    elif fmt is Format.json:
        sys.stdout.write(frame.to_json(orient="index", indent=1) + "\n")
    else:
        show(frame_table(frame, title))


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
        str,
        typer.Option(
            help="us_enacted (US tariffs), us_paid (the US tariffs as paid, after claims, "
            "shifting and declared values), china_enacted or canada_enacted (their tariffs "
            "on US goods)"
        ),
    ] = "us_enacted",
    data: Annotated[Path | None, typer.Option(help="shared data folder (for --product)")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
) -> None:
    """Tariffs as enacted in 2025-26: the rates in force on a date, by sector or legal
    authority, for a partner; with --path, the import-weighted rate by month."""
    import datetime as dt

    from tradewar.enacted import schedule as enacted
    from tradewar.enacted import tables
    from tradewar.paths.scenario import month_range

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
        fail(exc)
    _print(frame, title, fmt)


@app.command()
def collected(
    months: Annotated[
        str, typer.Option(help="first and last month, YYYY-MM:YYYY-MM (from 2025-01)")
    ] = "2025-01:2026-04",
    partner: Annotated[
        str | None, typer.Option(help="one partner, ISO3 or EU27 (default: all imports)")
    ] = None,
    observed: Annotated[
        bool,
        typer.Option(
            "--observed", help="put the rates on observed imports and compare, to May 2025"
        ),
    ] = False,
    data: Annotated[Path | None, typer.Option(help="shared data folder")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
) -> None:
    """US duties from the rates on paper to the duties collected, by month: statutory
    rate on 2024 weights, after USMCA claims, after product shifting, as assessed on
    declared values, collected a month later, and refunds (needs the shared data)."""
    from tradewar.core.months import month_days, month_range
    from tradewar.enacted import build
    from tradewar.enacted import collected as ladder

    try:
        first, _, last = months.partition(":")
        first, last = first.strip(), (last or first).strip()
        for month in (first, last):
            month_days(month)  # a one-line error for anything but YYYY-MM
        span = month_range(first, last)
        if not span:
            raise TradewarError(f"--months {months!r}: the last month comes before the first")
        params = ladder.CollectionParams()
        with progress_bar("steps") as bar:
            task = bar.add_task("reading the lines and lists", total=2)
            inputs = build.read_inputs(data)
            steps = ladder.read_ladder_inputs(inputs, params, data)
            bar.update(task, advance=1, description="the ladder, partner by partner")
            frame = ladder.ladder(
                steps, span, params, [partner] if partner and partner.upper() != "EU27" else None
            )
            bar.update(task, advance=1)
        if observed:
            table = ladder.against_observed(frame, inputs.weights, data).set_index("month")
            title = "US duties collected: the ladder on observed imports, against Treasury"
        else:
            table = ladder.rates_by_month(frame, inputs.weights, partner)
            who = partner.upper() if partner else "all partners"
            title = f"US duties, % of imports at customs value ({who}; 2024 weights)"
    except TradewarError as exc:
        fail(exc)
    _print(table, title, fmt)


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


data_app = typer.Typer(
    help="The public datasets: list them, fetch them with checksums.",
    no_args_is_help=True,
)
app.add_typer(data_app, name="data")


@data_app.command("list")
def data_list(
    to: Annotated[
        Path | None, typer.Option(help="data folder (default: the one tradewar reads)")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
) -> None:
    """Every dataset: what it is, where it comes from, its size, whether it is here."""
    import json

    from rich.table import Table

    from tradewar.datasets import fetch
    from tradewar.datasets.paths import shared_data_dir, user_data_dir

    root = to or shared_data_dir() or user_data_dir()
    rows = [
        {
            "dataset": d.name,
            "here": fetch.status(d, root),
            "MB": round(d.bytes / 1e6, 1),
            "files": len(d.files),
            "what": d.title,
            "from": "; ".join(d.sources),
            "licence": d.licence,
        }
        for d in fetch.catalogue().values()
    ]
    if fmt is Format.json:
        sys.stdout.write(json.dumps({"folder": str(root), "datasets": rows}, indent=1) + "\n")
        return
    if fmt is Format.csv:
        import pandas as pd

        sys.stdout.write(pd.DataFrame(rows).to_csv(index=False))
        return
    table = Table(title=f"Datasets (folder: {root})", title_justify="left", show_lines=True)
    for col in ("dataset", "here", "MB"):
        table.add_column(col, no_wrap=True, justify="right" if col == "MB" else "left")
    table.add_column("what", ratio=3, min_width=30)
    table.add_column("from", ratio=2, min_width=24, overflow="fold")
    for r in rows:
        style = "green" if r["here"] == "present" else "yellow"
        table.add_row(
            r["dataset"], f"[{style}]{r['here']}[/]", f"{r['MB']:.1f}", r["what"], r["from"]
        )
    console.print(table)
    console.print(
        "[dim]`tradewar data fetch NAME` or `--all` downloads them (--mirror or "
        f"{fetch.MIRROR_VAR}); the observed series compiled from news reports also ship "
        "with the package.[/]"
    )


@data_app.command("fetch")
def data_fetch(
    names: Annotated[
        list[str] | None, typer.Argument(help="dataset names (see `tradewar data list`)")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="every dataset of the catalogue")] = False,
    mirror: Annotated[
        str | None,
        typer.Option(
            help="web address or folder laid out like the shared data "
            "(<mirror>/<dataset>/<file>); default $TRADEWAR_DATA_MIRROR"
        ),
    ] = None,
    to: Annotated[
        Path | None,
        typer.Option(
            help="data folder (default $TRADEWAR_DATA, else ~/.local/share/tradewar/data)"
        ),
    ] = None,
) -> None:
    """Download datasets into the data folder, checking every file's SHA-256.

    A dataset appears whole or not at all; one already there and verified is skipped; a
    folder that differs from the catalogue is never overwritten.
    """
    from tradewar.datasets import fetch
    from tradewar.datasets.paths import user_data_dir
    from tradewar.runtime import interrupts

    def advance(task) -> None:
        bar.advance(task)
        interrupts.checkpoint()  # Ctrl-C stops after the file being fetched

    root = to or user_data_dir()
    try:
        if all_ == bool(names):
            raise TradewarError("give dataset names or --all (see `tradewar data list`)")
        chosen = list(fetch.catalogue().values()) if all_ else [fetch.dataset(n) for n in names]
        with interrupts.deferred_sigint(), progress_bar("files") as bar:
            for entry in chosen:
                task = bar.add_task(entry.name, total=len(entry.files))
                state = fetch.fetch(entry.name, root, mirror, on_file=lambda _f, t=task: advance(t))
                bar.update(task, completed=len(entry.files), description=f"{entry.name}: {state}")
    except interrupts.Interrupted:
        err_console.print(
            "interrupted: the dataset being fetched was not kept (those fetched before it are)"
        )
        raise typer.Exit(code=130) from None
    except TradewarError as exc:
        fail(exc)
    console.print(f"data folder: {root}")
    if to is not None or os.environ.get(ENV_VAR) is None:
        console.print(
            f"[dim]tradewar reads it when {ENV_VAR} is unset and no ../shared/data "
            f"is beside the repository, or with {ENV_VAR}={root}[/]"
        )
