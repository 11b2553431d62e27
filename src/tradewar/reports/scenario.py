"""Report folder of a scenario path: tables, figures, NetCDF and a long monthly CSV.

Files: ``summary.md`` and ``summary.csv`` (focus countries), ``monthly.csv`` (long form:
``month`` YYYY-MM, ``exporter``, ``importer``, ``sector``, ``value_usd`` (shipped),
``arrival_usd``, ``no_war_usd``, for every flow
from or to a focus country), ``results.nc`` (all outcomes by month and country, output
and prices by country and sector in multi-sector models, and all flows, as NetCDF), and
PNG figures: ``welfare.png``, ``us_china_trade.png``, ``prices.png``, ``diversion.png``,
``welfare_map.png`` (a world map) and, when the scenario has export controls,
``export_controls.png`` (the controlled exports by destination and sector); with
quantity limits ``controls.csv`` (each limit's quantity and shadow tax by month); with a
critical-input nest ``users_output.png`` (output lost by country and using sector).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from tradewar.core.baseline import in_usd_bn
from tradewar.datasets.sector_names import sector_name
from tradewar.enacted import schedule as enacted
from tradewar.paths.scenario import enacted_steps
from tradewar.paths.simulate import ScenarioPath
from tradewar.reports import bands as uncertainty_report
from tradewar.reports import drawing, outputs
from tradewar.reports.readings import readings
from tradewar.reports.results import markdown_table


def monthly_chart(
    plt,
    months: list[str],
    lines: dict[str, np.ndarray],
    ylabel: str,
    title: str,
    target: Path,
    marks: dict[str, str] | None = None,
) -> None:
    """Line chart of monthly series (one line per entry of ``lines``) saved as PNG;
    ``marks`` ({day: label}) draws dated events (talks, truces) as labelled lines."""
    x = np.arange(len(months))
    ticks = x[:: max(1, len(x) // 8)]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for label, series in lines.items():
        ax.plot(x, series, marker="o", ms=3, label=label)
    for day, label in (marks or {}).items():
        if day[:7] in months:
            at = months.index(day[:7]) + (int(day[8:10]) - 1) / 31
            ax.axvline(at, color="grey", lw=0.8, ls=":")
            ax.annotate(
                label,
                (at, 1),
                xycoords=("data", "axes fraction"),
                rotation=90,
                va="top",
                ha="right",
                fontsize=7,
                color="grey",
            )
    ax.set_xticks(ticks, [months[k] for k in ticks], rotation=30)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.legend()
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def controlled_exports_chart(
    plt, months: list[str], title: str, panels: dict, target: Path
) -> None:
    """Chart of :meth:`ScenarioPath.controlled_exports` (``title, panels``), one panel per
    controlled sector (the scenario has export controls: see :func:`file_names`)."""
    columns = min(2, len(panels))  # a sector's exports beside its users' stocks
    rows = -(-len(panels) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(6.5 * columns, 4.2 * rows), squeeze=False)
    for ax in axes.flat[len(panels) :]:
        ax.set_visible(False)
    x = np.arange(len(months))
    ticks = x[:: max(1, len(x) // 6)]
    for ax, (sector, (unit, lines)) in zip(axes.flat, panels.items(), strict=False):
        for label, series in lines.items():
            ax.plot(x, series, marker="o", ms=3, label=label)
        ax.set_xticks(ticks, [months[k] for k in ticks], rotation=30)
        ax.set_ylabel(unit)
        ax.set_ylim(bottom=0)
        ax.set_title(sector, fontsize=10)
        ax.legend(fontsize=8)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def _event_line(e) -> str:
    """One line of the events list of ``summary.md``: what the event does, to whom, with
    its exemptions, sectors and source."""
    what = e.what()
    if e.exempt:
        channel = "green channel" if e.instrument == "export_control" else "exempt"
        what += f"; {channel}: {', '.join(e.exempt)}"
    target = e.target if isinstance(e.target, str) else ", ".join(e.target)
    sectors = f" [{', '.join(e.sectors)}]" if e.sectors else ""
    line = (
        f"- {e.date}{' to ' + str(e.expires) if e.expires else ''}: {e.actor} "
        f"{e.instrument.replace('_', ' ')} on {target}{sectors}: {what}"
        + (f" — {e.source}" if e.source else "")
    )
    if e.enacted:
        line += "\n" + "\n".join(_schedule_lines(e))
    return line


def _schedule_lines(e) -> list[str]:
    """Sub-items of an enacted-schedule event: each change day within the event's span
    with the import-weighted rate after it (all partners, and China for the US)."""
    table = enacted.load(e.schedule)
    out = []
    for step in enacted_steps(e):
        day = step.date
        if e.actor == "USA":
            text = (
                f"{100 * table.average(day):.1f}% on all partners, "
                f"{100 * table.rate('CHN', day):.1f}% on China"
            )
        else:
            text = f"{100 * table.rate('USA', day):.1f}% on US goods"
        out.append(f"  - {day}: {text} (import-weighted additional rate)")
    return out


SHORT_RUN_NOTE = (
    "Welfare by month is a short-run reading: in each month buyers pay the statutory "
    "tariffs while their choice of suppliers responds only to the tariffs they have felt "
    "so far (the time profile above), so in the first months trade has barely been "
    "diverted, tariff revenue is high and the losses from substitution have not set in. "
    "Real income is measured at the prices buyers pay, so a tariff that has not yet "
    "diverted trade moves income between countries but makes no one better off in sum "
    "(docs/model.md E.1; world welfare below). The long-run row solves the last month's policy "
    "with substitution complete; the two differ most right after a large change."
)
ONE_SECTOR_NOTE = (
    "In the one-sector IMLS model tariff revenue also replaces labour-income taxes "
    "(revenue recycling), which raises employment; before trade is diverted the revenue "
    "is large, so a country's welfare in the first months can exceed its long-run value "
    "through that channel."
)


def welfare_bars(path: ScenarioPath) -> pd.DataFrame:
    """Welfare (%) in the last month and in the long run (columns), for the focus
    countries and the six largest long-run movers (rows): the bars of :func:`welfare_chart`."""
    lr = path.long_run
    movers = pd.Series(lr.outcomes["welfare"], index=lr.countries)
    shown = list(dict.fromkeys([*path.scenario.focus, *movers.abs().nlargest(6).index]))
    last = path.results[-1]
    return pd.DataFrame(
        {
            path.months[-1]: [last.value("welfare", c) for c in shown],
            "long run": [movers[c] for c in shown],
        },
        index=shown,
    )


def welfare_chart(plt, bars: pd.DataFrame, name: str, target: Path) -> None:
    """Bars of :func:`welfare_bars` for the scenario called ``name``."""
    x = np.arange(len(bars))
    month, long_run = bars.columns
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.bar(x - 0.2, bars[month], 0.4, label=month)
    ax.bar(x + 0.2, bars[long_run], 0.4, label=long_run)
    ax.set_xticks(x, list(bars.index))
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("welfare change (%)")
    ax.set_title(f"Welfare, last month and long run\n{name}", fontsize=10)
    ax.legend()
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def diversion_bars(path: ScenarioPath) -> tuple[pd.Series, str, str]:
    """The long run's 12 largest changes of imports by source into the US (or the first
    focus country): ``(changes a year, importer, unit)``, the bars of :func:`diversion_chart`."""
    lr = path.long_run
    importer = "USA" if "USA" in path.baseline.countries else path.scenario.focus[0]
    change, unit = in_usd_bn(lr.trade_diversion(importer)["change"], path.baseline.unit)
    return change.reindex(change.abs().nlargest(12).index).sort_values(), importer, unit


def diversion_chart(plt, top: pd.Series, importer: str, unit: str, target: Path) -> None:
    """Save a bar chart of :func:`diversion_bars` to ``target``."""
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.barh(top.index, top.values, color=["tab:green" if v > 0 else "tab:red" for v in top])
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(f"change in {importer}'s imports, {unit} a year (long run)")
    gains = (
        "gains and falls"
        if (top > 0).any() and (top < 0).any()
        else ("all falls" if (top < 0).all() else "all gains")
    )
    ax.set_title(
        f"{importer}'s imports by source: the 12 largest changes, long run ({gains})",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def output_chart(
    plt, frame: pd.DataFrame, regions: list[str], critical: str, stocks: bool, target: Path
) -> None:
    """Output lost by country and using sector, month by month (``frame``:
    :meth:`ScenarioPath.users_output`; ``regions``: :meth:`ScenarioPath.user_regions`),
    one panel per using sector and one for all users; ``critical`` names the input and
    ``stocks`` says whether its users hold stocks of it."""
    panels = list(dict.fromkeys(c.split(" ", 1)[1] for c in frame.columns))
    ncols = min(4, len(panels))
    nrows = -(-len(panels) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 3.2 * nrows), squeeze=False)
    x = np.arange(len(frame))
    ticks = x[:: max(1, len(x) // 5)]
    for ax, panel in zip(axes.flat, panels, strict=False):
        for region in regions:
            ax.plot(x, frame[f"{region} {panel}"], marker="o", ms=2, label=region)
        ax.set_xticks(ticks, [frame.index[k] for k in ticks], rotation=30, fontsize=7)
        ax.axhline(0, color="black", lw=0.6)
        ax.set_title("all users" if panel == "users" else sector_name(panel), fontsize=9)
        ax.set_ylabel("% change from baseline", fontsize=8)
    for ax in list(axes.flat)[len(panels) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    fig.suptitle(
        f"Output of the users of {critical} by month: quantity, % change from the baseline ("
        + (
            "users draw on their stocks first: output falls once they are gone)"
            if stocks
            else "no stocks in this scenario: early months are upper bounds of the loss)"
        ),
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def _summary_markdown(
    path: ScenarioPath,
    summary: pd.DataFrame,
    figures: list[str],
    bands=None,
    notes: list[str] | None = None,
    lead: list[str] | None = None,
) -> str:
    months = path.months
    lr = path.long_run
    events = "\n".join(_event_line(e) for e in sorted(path.scenario.events, key=lambda e: e.date))
    controls = [
        f"- {month}: {note}"
        for month, res in zip(months, path.results, strict=True)
        for note in res.notes
        if note.startswith(("export control", "capacity limit"))
    ]
    text = [
        f"# {path.scenario.name}",
        "",
        f"Months {months[0]} to {months[-1]}; baseline: {path.baseline.source}.",
        "",
        f"Model: {lr.model}. Trade responds with the "
        f"{path.scenario.dynamics.profile} time profile ({path.scenario.dynamics.source}).",
        "",
        *(lead or []),
        "## Outcomes",
        "",
        markdown_table(summary),
        "",
        *(["## Reading the striking numbers", "", *(f"- {n}" for n in notes), ""] if notes else []),
        "## Short run and long run",
        "",
        SHORT_RUN_NOTE,
        *(["", ONE_SECTOR_NOTE] if path.baseline.one_sector else []),
        "",
        "Welfare by month (%), focus countries and the world (expenditure-weighted):",
        "",
        markdown_table(path.welfare_by_month(), decimals=3),
        "",
        "## Events",
        "",
        events,
        "",
        *(
            [
                "## Export controls by month",
                "",
                "A shadow export tax is the scarcity price of a licence (or, for a capacity "
                "limit, the scarcity rent of the limited makers), not a tax anyone pays; see "
                "the readings above.",
                "",
                *controls,
                "",
            ]
            if controls
            else []
        ),
        *(_users_markdown(path) if path.scenario.model.get("critical_input") else []),
        *(uncertainty_report.markdown(bands) if bands is not None else []),
        f"Figures: {', '.join(figures)}. Data: monthly.csv (flows from or to focus "
        "countries, USD per month: shipped, arrived, no-war), results.nc (all countries "
        "and flows; units in each variable's attributes).",
        "",
    ]
    return "\n".join(text)


def _users_markdown(path: ScenarioPath) -> list[str]:
    """The "users" columns of :meth:`ScenarioPath.users_output` as a section of ``summary.md``."""
    frame = path.users_output()
    frame = frame[[c for c in frame.columns if c.endswith(" users")]]
    frame.columns = [c.removesuffix(" users") for c in frame.columns]
    sector = path.critical_input()
    return [
        f"## Output of the users of {sector}",
        "",
        f"All users of {sector} together, output quantity, % change from the baseline (by "
        "using sector: users_output.png). "
        + (
            "Upper bounds of the loss in the first months of a shortage: users hold no "
            "stocks of the input in this scenario (add `inventories:`, docs/model.md D.5)."
            if path.stocks is None
            else "Users draw on their stocks of the input first (months of use: "
            "controls.csv, the export-control figure; docs/model.md D.5): output falls "
            "only once a pool's stock is gone."
        ),
        "",
        markdown_table(frame, decimals=2),
        "",
    ]


def write(
    path: ScenarioPath,
    folder: Path,
    on_step: Callable[[str], None] | None = None,
    bands=None,
    context: outputs.ReportContext | None = None,
) -> list[Path]:
    """Write the report into an existing empty ``folder``; returns the files written.

    The files are those of :data:`tradewar.reports.outputs.OUTPUTS` that apply, then,
    with ``bands`` (:class:`tradewar.uncertainty.Bands` of the scenario's draws), those of
    :mod:`tradewar.reports.bands`, then ``summary.md``; the figures of the registry are
    started first (drawn beside the rest when a helper process draws them:
    :mod:`tradewar.reports.drawing`), and every file is complete when ``write`` returns.
    ``on_step(name)`` is called before each file is started (progress, interrupts).
    ``context``: the path's
    :class:`~tradewar.reports.outputs.ReportContext` when the caller reads its tables too
    (each is computed once)."""
    step = on_step or (lambda name: None)
    ctx = context or outputs.ReportContext(path)
    applying = outputs.applying(path.scenario)
    writers: dict[str, Callable[[Path], object]] = {
        o.name: functools.partial(o.write, ctx) for o in applying if o.write is not None
    }
    drawings = {o.name: o.drawing for o in applying if o.drawing is not None}
    if bands is not None:
        from tradewar.uncertainty.tasks import scenario_outcome

        _, point_series = scenario_outcome(path)
        writers |= uncertainty_report.writers(
            bands, path.months, path.baseline.countries, path.scenario.focus, point_series, ctx.plt
        )
    names = file_names(path.scenario, draws=bands is not None)
    figures = [name for name in names if name.endswith(".png")]

    def summary(target: Path) -> None:
        notes = readings(path, ctx.customs)
        lead = None
        if "households.csv" in names:  # the numbers people quote first (docs/model.md M)
            from tradewar.reports import who_pays

            lead = who_pays.summary_lines(path, ctx.chain, ctx.households, ctx.revenue)
        target.write_text(_summary_markdown(path, ctx.summary, figures, bands, notes, lead))

    writers["summary.md"] = summary
    # the figures' data first, so that a helper process draws them while the tables are
    # written (tradewar.reports.drawing); the files are the same either way
    with drawing.Drawer() as drawer:
        for name in [*drawings, *(n for n in names if n not in drawings)]:
            step(name)
            if name in drawings:
                drawer.submit(drawings[name](ctx), folder / name)
            else:
                writers[name](folder / name)
    return [folder / name for name in names]


def file_names(scenario, draws: bool = False) -> list[str]:
    """The files :func:`write` produces for ``scenario``, in the order it returns them:
    the registered outputs that apply (:mod:`tradewar.reports.outputs`), the files of
    :mod:`tradewar.reports.bands` with ``draws``, and ``summary.md``."""
    names = [o.name for o in outputs.applying(scenario) if o.has_file]
    if draws:
        names += list(uncertainty_report.FILE_NAMES)
    return [*names, "summary.md"]
