"""Small reports on disk: a Markdown summary and CSV tables, never overwriting anything."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from tradewar.errors import TradewarError
from tradewar.results import Results


def fresh_folder(path: str | Path, overwrite: bool = False, pick_free: bool = False) -> Path:
    """Create and return a report folder.

    An existing folder raises :class:`TradewarError`, unless ``overwrite`` (reuse it) or
    ``pick_free`` (use the first free ``path-2``, ``path-3`` ... instead).
    """
    path = Path(path)
    if path.exists():
        if overwrite:
            return path
        if not pick_free:
            raise TradewarError(
                f"report folder {str(path)!r} already exists; choose another --out or pass "
                "--overwrite"
            )
        k = 2
        while Path(f"{path}-{k}").exists():
            k += 1
        path = Path(f"{path}-{k}")
    path.mkdir(parents=True)
    return path


def _markdown(frame: pd.DataFrame) -> str:
    cols = [frame.index.name or "", *frame.columns]
    lines = ["| " + " | ".join(map(str, cols)) + " |", "|" + "---|" * len(cols)]
    for idx, row in frame.iterrows():
        cells = [f"{v:.2f}" if isinstance(v, float) else str(v) for v in row]
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
        res.to_frame().to_csv(csv, float_format="%.6g")
        written.append(csv)
        d = res.diagnostics
        parts += [
            f"## {res.scenario}",
            "",
            _markdown(res.summary_frame(focus)),
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
