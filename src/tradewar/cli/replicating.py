"""``tradewar replicate``: published tables beside ours."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tradewar.cli.common import (
    Format,
    app,
    console,
    err_console,
    fail,
    show,
)
from tradewar.core.errors import TradewarError
from tradewar.replication import table_layout


class Paper(StrEnum):
    """The papers ``tradewar replicate`` reproduces."""

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
    columns, cells = table_layout(rows, table_id)
    table = Table(title=title, title_justify="left")
    table.add_column("case")
    table.add_column("")
    for col in columns:
        table.add_column(labels.get(col, col), justify="right")

    def text(r) -> str:
        out = f"{r.value:.{r.printed_decimals}f}"
        if r.published is not None:
            colour = "green" if r.agrees else "red"
            out += f" [{colour}]({r.published:.{r.printed_decimals}f})[/]"
        return out

    for (case, country), values in cells.items():
        table.add_row(case, country, *[text(values[c]) if c in values else "" for c in columns])
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
        fail(exc)
    if fmt is Format.json:
        sys.stdout.write(json.dumps([r.as_dict() for r in rows], indent=1) + "\n")
    elif fmt is Format.csv:
        import pandas as pd

        sys.stdout.write(pd.DataFrame([r.as_dict() for r in rows]).to_csv(index=False))
    else:
        for table_id in tables:
            title = rep.PAPER_TITLES.get(table_id, f"Table {table_id}")
            show(_replication_table(rows, table_id, title, getattr(rep, "COLUMN_LABELS", None)))
        console.print("[dim]ours (published); green = equal to the printed digit[/]")
