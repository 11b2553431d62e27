"""Game commands: ``tradewar optimal | nash | talks``."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.table import Table

from tradewar import datasets
from tradewar.cli.common import (
    AcceptHighRates,
    Elasticities,
    Format,
    GameBaseline,
    Seed,
    app,
    console,
    fail,
    frame_table,
    policy_from_specs,
    show,
)
from tradewar.core.errors import TradewarError
from tradewar.models import families

#: The ``--model`` choices: every registered family and alias (:mod:`tradewar.models.families`).
GameModel = StrEnum("GameModel", {name: name for name in families.names(with_aliases=True)})


# ---------------------------------------------------------------------------------------


@app.command()
def optimal(
    country: Annotated[str, typer.Argument(help="ISO3 code of the country that optimises")],
    structure: Annotated[
        str, typer.Option(help="uniform, bilateral, or sector (multi-sector baselines)")
    ] = "uniform",
    tariff: Annotated[
        list[str] | None, typer.Option(help="tariffs in force for the others (as in solve)")
    ] = None,
    baseline: GameBaseline = "default",
    elasticities: Elasticities = None,
    accept_high_rates: AcceptHighRates = False,
    draws: Annotated[
        int, typer.Option(help="uniform: also the 90% band over N draws of the elasticities")
    ] = 0,
    seed: Seed = 0,
) -> None:
    """Welfare-maximising import tariff(s) of COUNTRY given everyone else's tariffs
    (exact gradients through the equilibrium; multi-sector searches take a while)."""
    from tradewar.games.best_response import optimal_tariffs
    from tradewar.models.choose import for_baseline

    try:
        world = datasets.load(baseline)
        code = country.upper()
        world.index(code)
        given = policy_from_specs(world, tariff or [], "given", accept_high_rates)
        model = for_baseline(world, **({"elasticities": elasticities} if elasticities else {}))
        with console.status(f"optimising the tariffs of {code}..."):
            best = optimal_tariffs(model, code, structure, in_force=given)
        band = None
        if draws:
            if structure != "uniform":
                raise TradewarError("--draws gives the band of the uniform optimal tariff")
            from tradewar import uncertainty

            options = {"elasticities": elasticities} if elasticities else {}
            with console.status(f"optimal tariffs over {draws} draws..."):
                band = uncertainty.optimal_tariff_bands(given, code, draws, seed, options=options)
    except TradewarError as exc:
        fail(exc)
    if len(best.rates) == 1:
        console.print(
            f"optimal uniform tariff of {code}: [bold]{100 * best.rates[0]:.2f}%"
            f"[/] (welfare {best.welfare[0]:+.3f}%, gradient {best.gradients[0]:.1e})"
        )
        if band is not None:
            from tradewar.games.best_response import BOUNDS

            q = band.headline_bands().loc["optimal tariff"]
            capped = float((band.headline["optimal tariff"] >= 100 * BOUNDS[1] - 1e-6).mean())
            console.print(
                f"90% band over {draws} draws (seed {seed}): {q.q05:.2f}% to {q.q95:.2f}% "
                f"(median {q.q50:.2f}%); {len(band.failed)} draws failed"
                + (
                    f"; in {100 * capped:.0f}% of draws the optimum is the search bound "
                    f"{100 * BOUNDS[1]:.0f}%"
                    if capped
                    else ""
                )
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
    baseline: GameBaseline = "default",
    elasticities: Elasticities = None,
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
    from tradewar.games.nash import nash_equilibrium
    from tradewar.models.choose import for_baseline

    try:
        world = datasets.load(baseline)
        codes = [c.strip().upper() for c in players.split(",") if c.strip()]
        codes = list(world.countries) if codes == ["ALL"] else codes
        idx = world.indices(codes)
        family = None if model is None else model.value
        options = {"elasticities": elasticities} if elasticities else {}
        chosen = for_baseline(world, family, **options)
        title = families.family_of(chosen).title
        with console.status(f"Nash war among {', '.join(codes)} ({title} model)..."):
            eq, how = nash_equilibrium(chosen, [world.countries[i] for i in idx])
        title = f"Nash trade war, {title} model on {baseline} ({how})"
        rates, welfare, foc = eq.rates, eq.welfare, eq.max_foc
    except TradewarError as exc:
        fail(exc)
    table = Table(title=title)
    for col in ("player", "Nash tariff (%)", "welfare (%)"):
        table.add_column(col, justify="right")
    for p, rate, w in zip(codes, rates, welfare, strict=True):
        table.add_row(p, f"{100 * rate:.2f}", f"{w:+.3f}")
    show(table)
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
    ] = [],  # noqa: B006 (typer reads the default; it is never mutated)
    on: Annotated[
        str | None, typer.Option(help="date the scenario files are read at (default: their end)")
    ] = None,
    plot: Annotated[Path | None, typer.Option(help="PNG of mutually beneficial tariffs")] = None,
    baseline: Annotated[
        str, typer.Option(help="baseline for tariff specs (scenario files name their own)")
    ] = "default",
    accept_high_rates: AcceptHighRates = False,
    draws: Annotated[
        int, typer.Option(help="also the gains' bands over N draws of the elasticities")
    ] = 0,
    seed: Seed = 0,
    levers: Annotated[
        str | None,
        typer.Option(
            help="instead of a deal: what each lever is worth and the bargain over them, "
            "e.g. tariffs,rare_earths,nexperia,chips,students,july_relief,purchases"
        ),
    ] = None,
    power: Annotated[
        float,
        typer.Option(help="with --levers: A's bargaining weight in the Nash bargain (0-1)"),
    ] = 0.5,
    fmt: Annotated[Format, typer.Option("--format", help="output format")] = Format.table,
) -> None:
    """Evaluate a deal between A and B against the disagreement point (e.g. a snap-back),
    or with --levers what releasing each party's cards alone is worth.

    --disagreement and --deal take either a scenario file (the policy in force at its end,
    or on --on) or tariff specs; with scenario files their baseline and model are used.
    """
    if levers is not None:
        if deal or draws:
            fail(TradewarError("--levers takes a disagreement point only (no --deal, --draws)"))
        if not 0 < power < 1:
            fail(TradewarError(f"--power {power} must lie strictly between 0 and 1"))
        if plot is not None and "tariffs" not in levers.lower():
            fail(TradewarError("--plot draws the bargain, which needs the tariffs lever"))
        return _levers(
            a, b, disagreement, levers, on, baseline, accept_high_rates, fmt, plot, power
        )
    if not deal:
        fail(TradewarError("talks needs --deal (a scenario file or tariffs), or --levers"))
    from tradewar.games import talks as negotiation
    from tradewar.models.choose import for_baseline
    from tradewar.paths import timeline
    from tradewar.paths.scenario import scenario_path

    try:
        if plot is not None:
            from tradewar.reports.folder import plan_file

            plan_file(plot)
        options = {"disagreement": disagreement, "deal": deal}
        files = {role: scenario_path(values) for role, values in options.items()}
        if any(files.values()):
            from tradewar.paths import scenario as scenario_file
            from tradewar.paths.simulate import scenario_model

            scenarios = {role: scenario_file.load(f) for role, f in files.items() if f}
            loaded = list(scenarios.values())
            if len({sc.baseline for sc in loaded}) > 1:
                raise TradewarError("the two scenario files use different baselines")
            if on is None:  # compare both at the earlier end date
                on = min(timeline.last_day(sc) for sc in loaded).isoformat()
            world = datasets.load(loaded[0].baseline)
            model = scenario_model(loaded[0], world)
            model_options = dict(loaded[0].model)
        else:
            scenarios = {}
            world = datasets.load(baseline)
            model = for_baseline(world)
            model_options = {}
        a, b = a.upper(), b.upper()
        for code in (a, b):
            world.index(code)
        dis, agreed = (
            timeline.policy_at(world, scenarios[role], on, role)
            if role in scenarios
            else policy_from_specs(world, values, " ; ".join(values), accept_high_rates)
            for role, values in options.items()
        )
        evaluation = negotiation.evaluate_deal(model, (a, b), dis, agreed)
        band = None
        if draws:
            from tradewar import uncertainty

            with console.status(f"the deal over {draws} draws..."):
                band = uncertainty.deal_bands(
                    (a, b), dis, agreed, draws, seed, options=model_options
                )
        if plot is not None:
            from tradewar.reports.folder import write_file_whole

            fast = families.family_of(model).can("fast_solve")
            rates = np.linspace(0.0, 1.5, 16 if fast else 7)
            with console.status(f"solving {len(rates) ** 2} deals for the plot..."):
                grid = negotiation.mutual_gain_grid(model, a, b, dis, rates=tuple(rates))
            marks = {"if talks fail": dis, "the deal": agreed}
            write_file_whole(
                plot, lambda path: negotiation.plot_mutual_gains(grid, a, b, path, marks)
            )
    except TradewarError as exc:
        fail(exc)
    console.print(f"if talks fail: {dis.name}\nthe deal: {agreed.name}")
    for p in (a, b):
        console.print(
            f"{p}: welfare {evaluation.welfare_disagreement[p]:+.3f}% if talks fail, "
            f"{evaluation.welfare_deal[p]:+.3f}% with the deal: gain "
            f"[bold]{evaluation.gains[p]:+.3f}%[/]"
        )
    verdict = "mutually beneficial" if evaluation.mutually_beneficial else "NOT mutually beneficial"
    console.print(f"the deal is [bold]{verdict}[/]")
    if band is not None:
        from tradewar.uncertainty import share_positive

        table = band.headline_bands()
        for p in (a, b):
            q = table.loc[f"gain {p}"]
            console.print(
                f"{p}'s gain over {draws} draws: {q.q05:+.3f}% to {q.q95:+.3f}% (90%); "
                f"positive in {100 * share_positive(band, f'gain {p}'):.0f}% of draws"
            )
        if band.failed:
            console.print(f"[yellow]{len(band.failed)} of {draws} draws did not converge[/]")
    if plot is not None:
        console.print(f"map of mutually beneficial tariff pairs: {plot}")


def _levers(a, b, disagreement, levers, on, baseline, accept_high_rates, fmt, plot, power):
    """``talks --levers``: the lever table of
    :func:`tradewar.cases.us_china_2025.levers.lever_table`
    and, with the tariff levers, the bargain of
    :func:`tradewar.cases.us_china_2025.bargain.bargain`."""
    from tradewar.cases.us_china_2025 import levers as cards
    from tradewar.cases.us_china_2025.bargain import (
        FENTANYL_HALVED,
        bargain,
        plot_bargaining_set,
        real_deals,
    )
    from tradewar.models.choose import for_baseline
    from tradewar.paths import timeline
    from tradewar.paths.scenario import ENACTED_ACTORS, scenario_path

    try:
        if plot is not None:
            from tradewar.reports.folder import plan_file

            plan_file(plot)
        file = scenario_path(disagreement)
        if file:
            from tradewar.paths import scenario as scenario_file
            from tradewar.paths.simulate import scenario_model

            spec = scenario_file.load(file)
            world = datasets.load(spec.baseline)
            model = scenario_model(spec, world).long_run_model()
            policy = timeline.policy_at(world, spec, on, "talks fail")
            day = timeline.day_of(spec, on)
            enacted = any(ENACTED_ACTORS.get(event.enacted) == "USA" for event in spec.events)
            halved = enacted and day >= dt.date.fromisoformat(FENTANYL_HALVED)
        else:
            world = datasets.load(baseline)
            model = for_baseline(world)
            policy = policy_from_specs(
                world, disagreement, " ; ".join(disagreement), accept_high_rates
            )
            halved = False
        a, b = a.upper(), b.upper()
        for code in (a, b):
            world.index(code)
        names = [n.strip().lower() for n in levers.split(",") if n.strip()]
        chosen = cards.standard_levers(a, b, names)
        policy = cards.with_status_quo(policy, chosen)
        with console.status(f"sizing {len(chosen)} levers and releasing each alone..."):
            starts = cards.WarmStarts(model)
            chosen = cards.resolve_all(chosen, model, policy, starts)
            table = cards.lever_table(model, policy, chosen, starts=starts)
        deals = None
        if "tariffs" in names:
            with console.status("bargaining over the levers..."):
                found = []
                if {a, b} == {"USA", "CHN"}:
                    found = real_deals(policy, chosen, fentanyl_halved=halved)
                deals = bargain(
                    model, a, b, policy, chosen, deals=found, power=power, starts=starts
                )
            if plot is not None:
                from tradewar.reports.folder import write_file_whole

                write_file_whole(plot, lambda path: plot_bargaining_set(deals, path))
    except TradewarError as exc:
        fail(exc)
    if fmt is Format.json:
        print(json.dumps(_levers_json(table, chosen, deals), indent=1))
        return
    if fmt is Format.csv:
        print(table.to_csv(float_format="%.6g"), end="")
        return
    console.print(f"disagreement point: {policy.name}")
    numbers = table.drop(columns="in force").T
    show(frame_table(numbers, "Releasing each lever alone: % change from the disagreement point"))
    idle = [label for label, on in table["in force"].items() if not on]
    if idle:
        console.print(f"not in force (nothing to release): {', '.join(idle)}")
    if deals is not None:
        frame = deals.table().set_index("name")
        frame = frame[list(frame.columns[1:5])].copy()
        frame[frame.columns[:2]] *= 100  # tariffs in percent
        show(frame_table(frame, "The bargain: levers released (tariffs, gains in %), and deals"))
        n = deals.nash
        console.print(
            f"Nash bargain: {' + '.join(n.released) or 'tariffs only'} released, tariffs "
            f"{100 * n.rates[0]:.1f}% / {100 * n.rates[1]:.1f}%"
            + "".join(f", {k} quota {q:.2f}" for k, q in n.quotas.items())
            + "; gains "
            + ", ".join(f"{c} {g:+.3f}%" for c, g in n.gains.items())
        )
        if plot is not None:
            console.print(f"bargaining set: {plot}")


def _levers_json(table, levers, deals) -> dict:
    """``talks --levers --format json``: ``levers`` (name, holder, in force, welfare by
    country), ``nash_bargain`` and ``deals`` (levers released, tariffs, gains)."""
    welfare = [c for c in table.columns if c.startswith("welfare ")]
    out: dict = {
        "levers": [
            {
                "name": lever.kind,
                "holder": lever.holder,
                "target": lever.target,
                "label": label,
                "in_force": bool(row["in force"]),
                "welfare": {c.removeprefix("welfare "): float(row[c]) for c in welfare},
            }
            for lever, (label, row) in zip(levers, table.iterrows(), strict=True)
        ]
    }

    def point(o) -> dict:
        return {
            "name": o.policy.name,
            "released": list(o.released),
            "tariffs": list(o.rates),
            "quotas": o.quotas,
            "welfare": o.gains,
            "both_gain": o.mutual,
        }

    if deals is not None:
        out["nash_bargain"] = point(deals.nash)
        out["deals"] = [point(o) for o in deals.deals]
        out["combinations"] = [point(o) for o in deals.combinations]
    return out
