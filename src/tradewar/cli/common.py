"""What every command shares: the typer app, the consoles, tables printed whole, errors
as one line, progress bars, report targets."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

#: ``--accept-high-rates`` of every command that reads tariff specs.
AcceptHighRates = Annotated[
    bool, typer.Option(help="accept tariffs above 1000% (USA:CHN=145 is refused)")
]
#: ``--seed`` of every command that draws parameters.
Seed = Annotated[int, typer.Option(help="seed of the draws (same seed, same draws)")]
#: The scenario file argument of ``run``, ``validate`` and ``households``.
ScenarioFile = Annotated[Path, typer.Argument(help="scenario YAML file (see scenarios/)")]
#: ``--baseline`` of the games, whose model follows from the baseline.
GameBaseline = Annotated[
    str, typer.Option(help="baseline: one-sector (IMLS) or multi-sector (Caliendo-Parro)")
]
#: ``--elasticities`` of every command that solves a multi-sector baseline.
Elasticities = Annotated[
    str | None, typer.Option(help="multi-sector: elasticity set of the baseline")
]

app = typer.Typer(
    help="tradewar: trade wars and trade talks, with data (general equilibrium, hat algebra).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
#: stdout: wraps at the terminal's width, never when piped or redirected (a file or a
#: pipe gets whole lines, tables are printed whole by :func:`show`)
console = Console(soft_wrap=not sys.stdout.isatty())
#: stderr: errors are one line, whatever the width
err_console = Console(stderr=True, soft_wrap=True)


class Format(StrEnum):
    """Output format of a command: a rich table, JSON or CSV."""

    table = "table"
    json = "json"
    csv = "csv"


class Recycling(StrEnum):
    """What tariff revenue does in the IMLS model: replaces labour-income taxes or goes back lump
    sum."""

    income_tax = "income_tax"
    lump_sum = "lump_sum"


def fail(exc: Exception) -> None:
    """Print ``exc`` as one red line on stderr and exit with status 2."""
    err_console.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(code=2)


def frame_table(frame, title: str) -> Table:
    """A rich table of ``frame``; headers wrap between words but are never cut; integer
    columns (counts) print as integers, text as it is (left-aligned), others with a sign
    and two decimals."""
    import pandas as pd

    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        show_edge=False,
    )
    counts = [pd.api.types.is_integer_dtype(frame[c]) for c in frame.columns]
    texts = [pd.api.types.is_object_dtype(frame[c]) for c in frame.columns]
    rows = [
        [str(idx), *[_cell(v, is_count) for v, is_count in zip(row, counts, strict=True)]]
        for idx, row in frame.iterrows()
    ]
    headers = [frame.index.name or "", *map(str, frame.columns)]
    for k, header in enumerate(headers):
        left = k == 0 or texts[k - 1]
        add_column(table, header, [r[k] for r in rows], "left" if left else "right")
    for row in rows:
        table.add_row(*row)
    return table


def _cell(value, is_count: bool) -> str:
    """A count as an integer, text as it is, a missing value as "-", anything else with a
    sign and two decimals."""
    if isinstance(value, str):
        return value
    if value != value:  # NaN: not observed
        return "-"
    return f"{int(value):,d}" if is_count else f"{value:+,.2f}"


def add_column(table: Table, header: str, cells: list[str], justify: str) -> None:
    """Add a column that may wrap between words but never cuts one: its minimum width
    is the longest word of its header and cells."""
    words = [w for text in [header, *cells] for w in str(text).split()]
    table.add_column(header, justify=justify, min_width=max(map(len, words), default=1))


def show(table: Table) -> None:
    """Print ``table`` whole: wider than the terminal if it must be, never cut."""
    natural = Console(width=1000).measure(table).minimum
    console.print(table, width=max(console.width, natural), crop=False)


def policy_from_specs(baseline, specs: list[str], name: str, accept_high_rates: bool = False):
    """The baseline's policy with the tariff ``specs`` applied, named ``name``."""
    from tradewar.core import tariff_spec
    from tradewar.core.policy import Policy

    policy = Policy.from_baseline(baseline, name)
    for spec in specs:
        policy = tariff_spec.parse(spec, accept_high_rates).apply(policy)
    return policy


def progress_bar(unit: str) -> Progress:
    """A progress bar on stderr counting ``unit`` (e.g. "months")."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} " + unit),
        TimeElapsedColumn(),
        console=err_console,
    )


def report_target(out: Path | None, default: str, overwrite: bool):
    """The checked report target of ``--out`` (or a free ``default`` name)."""
    from tradewar.reports import folder as report_folder

    if out is None:
        return report_folder.plan(Path(default), pick_free=True)
    return report_folder.plan(out, overwrite=overwrite)


def interrupted(target) -> None:
    """After Ctrl-C: say that no report was written (and that ``target`` was left as it
    was) and exit with status 130."""
    kept = (
        f"; {target.path} is left as it was"
        if target is not None and target.path.exists() and not target.pick_free
        else ""
    )
    err_console.print(f"interrupted: no report was written{kept}")
    raise typer.Exit(code=130)
