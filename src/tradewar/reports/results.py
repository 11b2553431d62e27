"""Small reports on disk: a Markdown summary and CSV tables (written whole by
:mod:`tradewar.reports.folder`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from tradewar.core.results import Results
from tradewar.reports.csvfile import write_csv


def markdown_table(frame: pd.DataFrame, decimals: int = 2) -> str:
    """A Markdown table of ``frame`` (index first, floats with ``decimals`` decimals)."""
    cols = [frame.index.name or "", *frame.columns]
    lines = ["| " + " | ".join(map(str, cols)) + " |", "|" + "---|" * len(cols)]
    for idx, row in frame.iterrows():
        cells = [f"{v:.{decimals}f}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join([str(idx), *cells]) + " |")
    return "\n".join(lines)


def write_report(
    folder: Path,
    results: Sequence[Results],
    title: str,
    intro: str,
    focus: Sequence[str] = ("USA", "CHN"),
) -> list[Path]:
    """Write ``summary.md`` and one ``<scenario>.csv`` of per-country outcomes per result."""
    written = []
    parts = [f"# {title}", "", intro, ""]
    for res in results:
        slug = re.sub(r"[^a-z0-9]+", "_", res.scenario.lower()).strip("_")
        csv = folder / f"{slug}.csv"
        write_csv(res.to_frame(), csv)
        written.append(csv)
        d = res.diagnostics
        parts += [
            f"## {res.scenario}",
            "",
            markdown_table(res.summary_frame(focus)),
            "",
            f"World trade-to-GDP: {res.world['world_trade_to_gdp']:+.2f}%; world employment: "
            f"{res.world['world_employment']:+.3f}%.",
            "",
            f"Model: {res.model}. Solver: {d.iterations} Newton steps, max residual "
            f"{d.max_residual:.1e}. All countries: `{csv.name}`.",
            "",
        ]
    summary = folder / "summary.md"
    summary.write_text("\n".join(parts))
    return [summary, *written]
