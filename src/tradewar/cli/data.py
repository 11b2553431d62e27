"""Data commands: ``tradewar tariffs | baselines``."""

from __future__ import annotations

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
    fail,
    frame_table,
    show,
)
from tradewar.errors import TradewarError


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
        fail(exc)
    if fmt is Format.csv:
        sys.stdout.write(frame.to_csv(float_format="%.4f"))
    elif fmt is Format.json:
        sys.stdout.write(frame.to_json(orient="index", indent=1) + "\n")
    else:
        show(frame_table(frame, title))


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
