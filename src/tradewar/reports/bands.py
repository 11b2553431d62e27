"""The uncertainty part of a scenario report: band tables, fan charts, error bars, a map
of band widths and a section of ``summary.md``.

Files (all from one :class:`~tradewar.uncertainty.bands.Bands`): ``bands.csv`` (5/50/95%
of every headline, the point run beside them), ``drivers.csv`` (rank correlation of each
headline with each parameter), ``parameters.csv`` (the distributions and their sources),
``draws.csv`` (every draw's parameters and headlines; failed draws with their error),
``fan_welfare.png``, ``fan_trade.png`` (monthly paths: median, 90% band, point run),
``welfare_bands.png`` (long-run welfare with 90% error bars) and ``welfare_band_map.png``
(width of the 90% band of long-run welfare by country).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from tradewar.reports.csvfile import write_csv
from tradewar.reports.results import markdown_table
from tradewar.reports.worldmap import choropleth
from tradewar.uncertainty.bands import Bands

FILE_NAMES = (
    "bands.csv",
    "drivers.csv",
    "parameters.csv",
    "draws.csv",
    "fan_welfare.png",
    "fan_trade.png",
    "welfare_bands.png",
    "welfare_band_map.png",
)


def draws_frame(bands: Bands) -> pd.DataFrame:
    """One row per draw: its parameters, its headlines (empty when it failed) and error."""
    frame = pd.DataFrame(bands.values, columns=[d.name for d in bands.distributions])
    frame.index.name = "draw"
    frame = frame.join(bands.headline)
    frame["error"] = ""
    for index, error in bands.failed:
        frame.loc[index, "error"] = error
    return frame


def _fan(plt, months, bands: Bands, names: dict[str, str], point: dict, ylabel, title, target):
    x = np.arange(len(months))
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for k, (name, label) in enumerate(names.items()):
        if name not in bands.series:
            continue
        lo, mid, hi = bands.series_bands(name)
        color = f"C{k}"
        ax.fill_between(x, lo, hi, color=color, alpha=0.2, lw=0)
        ax.plot(x, mid, color=color, label=f"{label}: median (band: 5-95%)")
        if name in point:
            ax.plot(x, point[name], color=color, ls="--", lw=0.9, label=f"{label}: point run")
    ticks = x[:: max(1, len(x) // 8)]
    ax.set_xticks(ticks, [months[k] for k in ticks], rotation=30)
    ax.axhline(0, color="black", lw=0.6)
    ax.set_ylabel(ylabel)
    ax.set_title(f"{title}\n{bands.n} draws, seed {bands.seed}", fontsize=10)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def _error_bars(plt, bands: Bands, focus, target: Path) -> None:
    table = bands.headline_bands()
    names = [f"welfare long run {c}" for c in focus] + ["welfare long run world"]
    names = [n for n in names if n in table.index]
    labels = [n.removeprefix("welfare long run ") for n in names]
    mid = table.loc[names, "q50"].to_numpy()
    lo, hi = table.loc[names, "q05"].to_numpy(), table.loc[names, "q95"].to_numpy()
    x = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.bar(x, mid, 0.55, color="tab:blue", alpha=0.7, label="median of draws")
    ax.errorbar(
        x,
        mid,
        yerr=[mid - lo, hi - mid],
        fmt="none",
        ecolor="black",
        capsize=5,
        label="5-95% of draws",
    )
    if "point" in table:
        ax.scatter(x, table.loc[names, "point"], color="tab:red", zorder=3, s=18, label="point run")
    ax.set_xticks(x, labels)
    ax.axhline(0, color="black", lw=0.6)
    ax.set_ylabel("long-run welfare change (%)")
    ax.set_title(f"Long-run welfare with its 90% band ({bands.n} draws)", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def writers(
    bands: Bands, months: list[str], countries: tuple[str, ...], focus, point_series: dict, plt
) -> dict[str, Callable[[Path], object]]:
    """A writer per file of :data:`FILE_NAMES`."""
    welfare = {f"welfare {c}": c for c in focus} | {"welfare world": "world"}
    trade = {
        name: name.removeprefix("trade ").replace("->", " → ")
        for name in bands.series
        if name.startswith("trade ")
    }
    width = {}
    if "long-run welfare by country" in bands.series:
        lo, _, hi = bands.series_bands("long-run welfare by country")
        width = dict(zip(countries, hi - lo, strict=True))
    return {
        "bands.csv": lambda t: write_csv(bands.headline_bands(), t),
        "drivers.csv": lambda t: write_csv(bands.drivers(), t, float_format="%.4g"),
        "parameters.csv": lambda t: write_csv(bands.parameters_frame(), t, index=False),
        "draws.csv": lambda t: write_csv(draws_frame(bands), t),
        "fan_welfare.png": lambda t: _fan(
            plt,
            months,
            bands,
            welfare,
            point_series,
            "welfare change (%)",
            "Welfare by month",
            t,
        ),
        "fan_trade.png": lambda t: _fan(
            plt,
            months,
            bands,
            trade,
            point_series,
            "% change from the baseline month",
            "US-China trade by month (model flows)",
            t,
        ),
        "welfare_bands.png": lambda t: _error_bars(plt, bands, focus, t),
        "welfare_band_map.png": lambda t: choropleth(
            width,
            t,
            f"Width of the 90% band of long-run welfare ({bands.n} draws)",
            "percentage points",
        ),
    }


def markdown(bands: Bands) -> list[str]:
    """The ``## Uncertainty`` section of ``summary.md``."""
    table = bands.headline_bands()
    drivers = bands.drivers()
    shown = drivers[["driver", "rho"]] if len(drivers) else drivers
    failed = (
        f"{len(bands.failed)} of {bands.n} draws did not converge and are left out of the "
        "bands (listed in draws.csv with their errors)"
        if bands.failed
        else f"all {bands.n} draws converged"
    )
    return [
        "## Uncertainty",
        "",
        f"{bands.n} draws (seed {bands.seed}) of {len(bands.distributions)} parameters "
        f"(parameters.csv: laws and sources); {failed}. Bands are the 5th, 50th and 95th "
        "percentiles over the draws that converged.",
        "",
        markdown_table(table.drop(columns=["draws"]), decimals=3),
        "",
        "What moves each headline most (Spearman rank correlation with each parameter; "
        "all of them in drivers.csv):",
        "",
        markdown_table(shown, decimals=2) if len(shown) else "(no parameter varies)",
        "",
    ]
