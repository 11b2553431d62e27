"""Commands that solve one policy: ``tradewar demo | solve``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tradewar import datasets
from tradewar.cli.common import (
    AcceptHighRates,
    Elasticities,
    Format,
    Recycling,
    app,
    console,
    fail,
    frame_table,
    interrupted,
    show,
)
from tradewar.core.baseline import in_usd_bn
from tradewar.core.errors import TradewarError


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="report folder (a free name is picked if taken)")] = (
        Path("tradewar-report")
    ),
) -> None:
    """A quick static demo (not the main job, which is `tradewar run
    scenarios/us_china_2025.yaml`): two long-run equilibria on the one-sector default,
    Liberation Day, then US 145% / China 125% stacked on top of Liberation Day."""
    from tradewar.core.policy import Policy
    from tradewar.models.choose import for_baseline
    from tradewar.reports import folder as report_folder
    from tradewar.reports.results import write_report
    from tradewar.runtime import interrupts

    target = None
    try:
        target = report_folder.plan(out, pick_free=True)
        baseline = datasets.load("default")
        model = for_baseline(baseline)
        ustr = Policy.from_baseline(baseline, "Liberation Day (USTR rates, 10% floor)").tariff(
            "USA", on="ALL", rate=baseline.schedules["ustr_2025"], floor=0.10
        )
        # April 2025: US additional duties on China reach 145% in total, China's 125%
        escalation = (
            ustr.tariff("USA", on="CHN", rate=1.45)
            .tariff("CHN", on="USA", rate=1.25)
            .named(
                "US-China escalation on top of Liberation Day (USA 145% on CHN, CHN 125% on USA)"
            )
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
        interrupted(target)
    except TradewarError as exc:
        fail(exc)
    for res in results:
        show(frame_table(res.summary_frame(), res.scenario))
    console.print(
        "[dim]The escalation keeps the Liberation Day rates on every other partner (it is "
        "stacked on them); `tradewar solve --tariff USA:CHN=1.45 --tariff CHN:USA=1.25` "
        "sets the US-China rates alone on the baseline.[/]"
    )
    console.print(f"report written to [bold]{folder}/[/] ({', '.join(f.name for f in files)})")


# ---------------------------------------------------------------------------------------
class Deficits(StrEnum):
    """Trade deficits in a solve: held fixed (in dollars) or closed to zero."""

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
    elasticities: Elasticities = None,
    deficits: Annotated[
        Deficits, typer.Option(help="multi-sector deficits: kept (fixed) or zero")
    ] = Deficits.fixed,
    diversion: Annotated[
        str | None, typer.Option(help="also show the change in this importer's imports by source")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
    accept_high_rates: AcceptHighRates = False,
) -> None:
    """Solve an ad-hoc tariff change, e.g. --tariff USA:CHN=1.45 --tariff CHN:USA=1.25.

    One-sector baselines use the IMLS (2025) model, multi-sector ones Caliendo-Parro (2015)
    with the CP elasticities (as the scenario files) unless --elasticities names another.
    """
    from tradewar.core import tariff_spec
    from tradewar.core.policy import Policy
    from tradewar.models import families
    from tradewar.models.choose import for_baseline

    try:
        changes = [tariff_spec.parse(t, accept_high_rates) for t in tariff]
        world = datasets.load(baseline)
        policy = Policy.from_baseline(world, " ; ".join(tariff))
        for change in changes:
            policy = change.apply(policy)
        codes = [c.strip().upper() for c in focus.split(",") if c.strip()]
        for code in [*codes, *([diversion] if diversion else [])]:
            world.index(code)
        if elasticities is None and "CP" in world.elasticities:
            elasticities = "CP"  # the scenario files' set
        options = {  # every family takes those it declares
            "trade_elasticity": epsilon,
            "revenue_recycling": recycling.value,
            "elasticities": elasticities,
            "deficits": deficits.value,
        }
        model = for_baseline(world, **families.default_for(world).take(options))
        with console.status(f"solving on {world.n_countries} x {world.n_sectors}..."):
            res = model.solve(policy)
    except TradewarError as exc:
        fail(exc)
    frame = res.summary_frame(codes)
    if fmt is Format.table:
        show(frame_table(frame, f"Scenario: {res.scenario} (% change)"))
        if diversion:
            table, unit = in_usd_bn(res.trade_diversion(diversion.upper()), res.unit)
            gains = table[table["change"] > 0].head(8)
            losses = table[table["change"] < 0].sort_values("change").head(8)
            for part, what in ((gains, "biggest gains"), (losses, "biggest falls")):
                if not part.empty:
                    show(
                        frame_table(
                            part, f"Imports of {diversion.upper()} by source ({unit}), {what}"
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
