"""``tradewar draft``: a news report as a draft scenario file (docs/drafting.md)."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tradewar.cli.common import app, console, err_console, fail
from tradewar.core.errors import TradewarError


class DraftFormat(StrEnum):
    """Format of a drafted scenario: YAML (commented) or JSON (with provenance)."""

    yaml = "yaml"
    json = "json"


@app.command()
def draft(
    article: Annotated[Path, typer.Argument(help="a news report in English, plain text")],
    published: Annotated[
        str | None,
        typer.Option(
            help="publication date, YYYY-MM-DD: relative dates are read from it (default: today)"
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="write the draft here (default: print it); never overwritten"),
    ] = None,
    fmt: Annotated[
        DraftFormat, typer.Option("--format", help="yaml (a scenario file) or json")
    ] = DraftFormat.yaml,
    observed: Annotated[
        Path | None,
        typer.Option(
            help="write the figures mapped to series as an observed CSV for `tradewar validate`"
        ),
    ] = None,
    use_enacted: Annotated[
        bool,
        typer.Option(
            "--use-enacted", help="replace tariffs that match a schedule by the schedule itself"
        ),
    ] = False,
    baseline: Annotated[str, typer.Option(help="the draft scenario's baseline")] = "default",
    patterns: Annotated[
        Path | None,
        typer.Option(
            help="a folder of your own pattern files (places.json, instruments.json, ...)"
        ),
    ] = None,
) -> None:
    """Draft a scenario from a news report: one event per policy statement, each with the
    sentence it came from and a confidence, checked against the enacted schedules.

    Figures the report gives as data become observed rows; sentences that look like
    policy but were not read are listed with the reason. The YAML draft runs with
    `tradewar run`.
    """
    from tradewar.core.errors import read_user_text
    from tradewar.drafting import draft as drafting
    from tradewar.drafting import lexicon
    from tradewar.reports.folder import plan_file, write_file_whole

    try:
        if published is None:
            day = dt.date.today()
        else:
            try:
                day = dt.date.fromisoformat(published)
            except ValueError:
                raise TradewarError(
                    f"--published {published!r} is not a date like 2025-06-09"
                ) from None
        for target in (out, observed):
            if target is not None:
                plan_file(target)
        text = read_user_text(article, "article", drafting.DraftError)
        lex = lexicon.load(None if patterns is None else str(patterns))
        result = drafting.draft(text, day, article.name, baseline, use_enacted, lex)
        body = result.to_yaml() if fmt is DraftFormat.yaml else result.to_json()
        if out is None:
            sys.stdout.write(body)
        else:
            write_file_whole(out, lambda p: p.write_text(body, encoding="utf-8"))
        if observed is not None:
            write_file_whole(
                observed, lambda p: p.write_text(result.observed_csv(), encoding="utf-8")
            )
    except TradewarError as exc:
        fail(exc)
    said = err_console if out is None else console
    if not result.events:
        said.print(f"no policy statement found in {article.name}: the draft has no events")
        return
    said.print(
        f"drafted {len(result.events)} events, {len(result.observed_rows())} observed figures, "
        f"{len(result.unread)} sentences not read"
        + (f"; written to {out}" if out is not None else "")
    )
