"""Report folder of a scenario path: tables, figures, NetCDF and a long monthly CSV.

Files: ``summary.md`` and ``summary.csv`` (focus countries), ``monthly.csv`` (long form:
``month`` YYYY-MM, ``exporter``, ``importer``, ``sector``, ``value_usd``, for every flow
from or to a focus country), ``results.nc`` (all outcomes by month and country, and all
flows, as NetCDF), and PNG figures: ``welfare.png``, ``us_china_trade.png``,
``prices.png``, ``diversion.png``, ``welfare_map.png`` (a world map) and, when the
scenario has export controls, ``export_controls.png`` (the controlled exports by
destination).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tradewar.baseline import USD_PER_UNIT
from tradewar.report import _markdown
from tradewar.simulate import ScenarioPath
from tradewar.worldmap import choropleth


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def summary_frame(path: ScenarioPath) -> pd.DataFrame:
    rows = {}
    available = path.results[0].outcomes
    for code in path.scenario.focus:
        welfare = path.series("welfare", code)
        rows[code] = {
            "welfare, last month (%)": welfare[-1],
            "welfare, mean over path (%)": welfare.mean(),
            "welfare, long run (%)": path.long_run.value("welfare", code),
            "prices, last month (%)": path.series("prices", code)[-1],
        }
        for column in ("employment", "real_wage"):
            if column in available:
                label = f"{column.replace('_', ' ')}, last month (%)"
                rows[code][label] = path.series(column, code)[-1]
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "country"
    return frame


def monthly_long(path: ScenarioPath) -> pd.DataFrame:
    """Monthly flows from or to focus countries, long form, USD per month."""
    b = path.baseline
    scale = USD_PER_UNIT.get(b.unit, 1.0) / 12
    focus = [b.index(c) for c in path.scenario.focus]
    N = b.n_countries
    mask = np.zeros((N, N), bool)
    mask[focus, :] = True
    mask[:, focus] = True
    np.fill_diagonal(mask, False)
    i, n, k = np.nonzero(mask[:, :, None] & (b.flows > 0))
    frames = []
    for month, res in zip(path.months, path.results, strict=True):
        values = res.flows_after[i, n, k] * scale
        frames.append(
            pd.DataFrame(
                {
                    "month": month,
                    "exporter": np.array(b.countries)[i],
                    "importer": np.array(b.countries)[n],
                    "sector": np.array(b.sectors)[k],
                    "value_usd": values,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def to_dataset(path: ScenarioPath):
    """All monthly outcomes and flows as an ``xarray.Dataset``."""
    import xarray as xr

    b = path.baseline
    columns = list(path.results[0].outcomes)
    data = {
        c: (("month", "country"), np.array([r.outcomes[c] for r in path.results])) for c in columns
    }
    data["flows"] = (
        ("month", "exporter", "importer", "sector"),
        np.array([r.flows_after for r in path.results], dtype="float32"),
    )
    return xr.Dataset(
        data,
        coords={
            "month": path.months,
            "country": list(b.countries),
            "exporter": list(b.countries),
            "importer": list(b.countries),
            "sector": list(b.sectors),
        },
        attrs={
            "scenario": path.scenario.name,
            "baseline": b.source,
            "unit": b.unit,
            "outcomes": "percent changes from the baseline; flows per year",
        },
    )


def _monthly_chart(
    plt, months: list[str], lines: dict[str, np.ndarray], ylabel: str, title: str, target: Path
) -> None:
    """Line chart of monthly series (one line per entry of ``lines``) saved as PNG."""
    x = np.arange(len(months))
    ticks = x[:: max(1, len(x) // 8)]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for label, series in lines.items():
        ax.plot(x, series, marker="o", ms=3, label=label)
    ax.set_xticks(ticks, [months[k] for k in ticks], rotation=30)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.legend()
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def _controlled_exports_chart(plt, path: ScenarioPath, target: Path) -> bool:
    """Monthly exports of each export-controlled (exporter, sector) to the partners it
    names, to the EU and to the rest, as % of the first month; False if no controls."""
    events = [e for e in path.scenario.events if e.instrument == "export_control"]
    if not events:
        return False
    b = path.baseline
    exporter = events[0].actor
    sectors = events[0].sectors or list(b.sectors)
    i = b.index(exporter)
    s_idx = [b.sectors.index(s) for s in sectors]
    groups: dict[str, list[int]] = {}
    eu = [k for k in b.indices("EU27") if k != i] if "EU27" not in b.countries else []
    for code in ("USA", "JPN", "KOR"):
        if code in b.countries and code != exporter:
            groups[code] = [b.index(code)]
    if eu:
        groups["EU27"] = eu
    named = {k for v in groups.values() for k in v}
    groups["rest of world"] = [k for k in range(b.n_countries) if k not in named and k != i]
    lines = {}
    for label, dest in groups.items():
        series = np.array(
            [r.flows_after[i][np.ix_(dest, s_idx)].sum() for r in path.results], dtype=float
        )
        lines[f"to {label}"] = 100 * series / series[0]
    _monthly_chart(
        plt,
        path.months,
        lines,
        f"monthly exports, % of {path.months[0]}",
        f"{exporter} exports of {', '.join(sectors)} under export controls",
        target,
    )
    return True


def _event_line(e) -> str:
    if e.instrument == "export_control":
        what = f"quota {e.quota:g} of baseline quantity" + (
            f", green channel for {', '.join(e.exempt)}" if e.exempt else ""
        )
    elif e.schedule:
        what = f"schedule {e.schedule} ({e.mode})"
    else:
        what = f"{100 * e.rate:+.0f}% ({e.mode})"
    sectors = f" [{', '.join(e.sectors)}]" if e.sectors else ""
    return (
        f"- {e.date}{' to ' + str(e.expires) if e.expires else ''}: {e.actor} "
        f"{e.instrument.replace('_', ' ')} on {e.target}{sectors}: {what}"
        + (f" — {e.source}" if e.source else "")
    )


def write(path: ScenarioPath, folder: Path) -> list[Path]:
    """Write the report into an existing empty ``folder``; returns the files written."""
    plt = _plt()
    out: list[Path] = []
    summary = summary_frame(path)
    summary.to_csv(folder / "summary.csv", float_format="%.6g")
    monthly_long(path).to_csv(folder / "monthly.csv", index=False, float_format="%.6g")
    dataset = to_dataset(path)
    dataset.to_netcdf(
        folder / "results.nc",
        engine="h5netcdf",
        encoding={v: {"zlib": True, "complevel": 4} for v in dataset.data_vars},
    )
    out += [folder / "summary.csv", folder / "monthly.csv", folder / "results.nc"]

    months = path.months

    fig, ax = plt.subplots(figsize=(8, 4.5))
    lr = path.long_run
    movers = pd.Series(lr.outcomes["welfare"], index=lr.countries)
    shown = list(dict.fromkeys([*path.scenario.focus, *movers.abs().nlargest(6).index]))
    values = [movers[c] for c in shown]
    ax.bar(shown, values, color=["tab:red" if v < 0 else "tab:green" for v in values])
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("welfare change (%)")
    ax.set_title(f"Long-run welfare: {path.scenario.name}", fontsize=10)
    fig.tight_layout()
    fig.savefig(folder / "welfare.png", dpi=110)
    plt.close(fig)

    trade = {
        f"{exp} → {imp}": 100 * (series := path.bilateral(exp, imp)) / series[0]
        for exp, imp in (("CHN", "USA"), ("USA", "CHN"))
        if exp in path.baseline.countries and imp in path.baseline.countries
    }
    _monthly_chart(
        plt,
        months,
        trade,
        f"monthly exports, % of {months[0]}",
        "US-China bilateral trade by month",
        folder / "us_china_trade.png",
    )
    prices = {code: path.series("prices", code) for code in path.scenario.focus}
    _monthly_chart(
        plt,
        months,
        prices,
        "consumer prices, % change (numeraire: world prices)",
        "Prices by month",
        folder / "prices.png",
    )

    fig, ax = plt.subplots(figsize=(8, 4.5))
    importer = "USA" if "USA" in path.baseline.countries else path.scenario.focus[0]
    change = lr.trade_diversion(importer)["change"] * USD_PER_UNIT.get(path.baseline.unit, 1) / 1e9
    top = change.reindex(change.abs().nlargest(12).index).sort_values()
    ax.barh(top.index, top.values, color=["tab:green" if v > 0 else "tab:red" for v in top])
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(f"change in {importer} imports, bn USD per year (long run)")
    ax.set_title(f"Trade diversion: {importer} imports by source, largest changes", fontsize=10)
    fig.tight_layout()
    fig.savefig(folder / "diversion.png", dpi=110)
    plt.close(fig)
    choropleth(
        dict(zip(lr.countries, lr.outcomes["welfare"], strict=True)),
        folder / "welfare_map.png",
        f"Long-run welfare: {path.scenario.name}",
        "welfare change (%)",
    )
    figures = [
        "welfare.png",
        "welfare_map.png",
        "us_china_trade.png",
        "prices.png",
        "diversion.png",
    ]
    if _controlled_exports_chart(plt, path, folder / "export_controls.png"):
        figures.append("export_controls.png")
    out += [folder / f for f in figures]

    events = "\n".join(_event_line(e) for e in sorted(path.scenario.events, key=lambda e: e.date))
    controls = [
        f"- {month}: {note}"
        for month, res in zip(months, path.results, strict=True)
        for note in res.notes
        if note.startswith("export control")
    ]
    text = [
        f"# {path.scenario.name}",
        "",
        f"Months {months[0]} to {months[-1]}; baseline: {path.baseline.source}.",
        "",
        f"Model: {lr.model}. Trade responds with the "
        f"{path.scenario.dynamics.profile} time profile ({path.scenario.dynamics.source}).",
        "",
        "## Outcomes",
        "",
        _markdown(summary),
        "",
        "## Events",
        "",
        events,
        "",
        *(["## Export controls by month", "", *controls, ""] if controls else []),
        f"Figures: {', '.join(figures)}. Data: "
        "monthly.csv (flows from or to focus countries, USD per month), results.nc.",
        "",
    ]
    (folder / "summary.md").write_text("\n".join(text))
    return [folder / "summary.md", *out]
