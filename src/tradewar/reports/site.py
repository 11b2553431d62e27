"""Pages the documentation site writes at build time (``docs/gen_pages.py``): the
scenario file's fields from its pydantic schema, each paper's tables beside the published
numbers, and the main job against the observed 2025 series.

Every function returns Markdown text; none reads or writes the site itself, so each can be
tested on its own.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from tradewar.replication import Row, table_layout

# ---------------------------------------------------------------------------------------
# Scenario fields
# ---------------------------------------------------------------------------------------


def _type_name(annotation) -> str:
    """A short, readable name of a field's type (``list[str] | None``)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if annotation is type(None):
        return "null"
    if origin is typing.Literal:
        return " | ".join(f'"{a}"' if isinstance(a, str) else str(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_type_name(a) for a in args)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is not None:
        name = getattr(origin, "__name__", str(origin))
        return f"{name}[{', '.join(_type_name(a) for a in args)}]"
    if annotation is dt.date:
        return "date (YYYY-MM-DD)"
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation).replace("typing.", "")


def _default(field) -> str:
    """The field's default as a file would write it; "required" when it has none."""
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        value = field.default_factory()
        return f"`{value!r}`" if not isinstance(value, BaseModel) else "its defaults"
    if field.default is PydanticUndefined:
        return "required"
    if field.default is None:
        return "none"
    text = repr(field.default)
    return f"`{text}`" if len(text) <= 40 else "see the schema"


def nested_models(annotation) -> list[type[BaseModel]]:
    """The pydantic models inside a field's type (``list[AnyEvent]`` -> the event classes)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        for model in nested_models(arg):
            if model not in out:
                out.append(model)
    return out


def schema_models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """``root`` and every model reachable from its fields, breadth first."""
    seen = [root]
    for model in seen:
        for field in model.model_fields.values():
            for inner in nested_models(field.annotation):
                if inner not in seen:
                    seen.append(inner)
    return seen


def _cell(text: str) -> str:
    """A Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _fields_table(model: type[BaseModel], only: Iterable[str] | None = None) -> list[str]:
    names = list(model.model_fields) if only is None else list(only)
    lines = ["| field | type | default | meaning |", "|---|---|---|---|"]
    for name in names:
        field = model.model_fields[name]
        lines.append(
            f"| `{name}` | {_cell(_type_name(field.annotation))} | {_cell(_default(field))} "
            f"| {_cell(markdown_text(field.description or ''))} |"
        )
    return lines


#: A reST cross-reference role: ``:class:`a.b.C```, ``:py:func:`~a.b.f``` (not ``:math:``).
ROLE = re.compile(r":(?:py:)?(?:mod|class|func|meth|attr|data|obj|exc|const):`(~?)([^`]+)`")


def rest_markup_as_markdown(text: str) -> str:
    """The docstrings' reST markup as Markdown code spans, line breaks kept: ``x`` ->
    `x`, :role:`a.b.c` -> `a.b.c`, :role:`~a.b.c` -> `c` (the API reference's griffe
    extension, ``docs/griffe_roles.py``, applies it to every docstring)."""

    def name(match: re.Match) -> str:
        short, target = match.groups()
        return f"`{target.rsplit('.', 1)[-1] if short else target}`"

    return ROLE.sub(name, text).replace("``", "`")


def markdown_text(docstring: str) -> str:
    """A docstring as one paragraph of Markdown (:func:`rest_markup_as_markdown`)."""
    return " ".join(rest_markup_as_markdown(docstring).split())


def _doc(model: type[BaseModel]) -> str:
    return markdown_text(model.__doc__ or "")


def scenario_fields_markdown() -> str:
    """The reference of every field of a scenario file, from :class:`Scenario`'s schema.

    One section per model (heading = the model's name, as in the JSON schema's ``$defs``);
    event sections list the fields every event has once, then each instrument's own."""
    from tradewar.paths.events import EventBase
    from tradewar.paths.scenario import Scenario

    models = schema_models(Scenario)
    events = [m for m in models if issubclass(m, EventBase)]
    common = list(EventBase.model_fields)
    lines = [
        "# Scenario fields",
        "",
        "Generated from the scenario schema (`tradewar.paths.scenario.Scenario`) when the site",
        "is built, so it cannot drift from what `tradewar run` accepts; a test checks that",
        "every field of the JSON schema is listed here. A guide with examples is on",
        "[Scenario files](../scenarios.md).",
        "",
    ]
    for model in models:
        if model in events:
            continue
        lines += [f"## {model.__name__}", "", _doc(model), ""]
        lines += [*_fields_table(model), ""]
    lines += [
        "## Events",
        "",
        "`events:` is a list; each item's `instrument` picks its kind (default "
        "`import_tariff`). Every event has these fields:",
        "",
    ]
    lines += [*_fields_table(EventBase), ""]
    for model in events:
        own = [name for name in model.model_fields if name not in common]
        changed = [
            name
            for name in common
            if model.model_fields[name].default != EventBase.model_fields[name].default
        ]
        lines += [f"### {model.__name__}", "", _doc(model), ""]
        lines += [
            f"Fields of every event (above){', with other defaults: ' if changed else ''}"
            + ", ".join(f"`{n}`" for n in changed)
            + "; its own:",
            "",
        ]
        lines += [*_fields_table(model, changed + own), ""]
    return "\n".join(lines)


def documented_fields(markdown: str) -> dict[str, set[str]]:
    """Model name -> the field names a page built by :func:`scenario_fields_markdown`
    lists for it (the common event fields count for every event model)."""
    out: dict[str, set[str]] = {}
    current = None
    for line in markdown.splitlines():
        if line.startswith("#"):
            current = line.lstrip("#").strip()
            out.setdefault(current, set())
        elif current and line.startswith("| `"):
            out[current].add(line.split("`")[1])
    common = out.pop("Events", set())
    return {name: fields | common if _is_event(name) else fields for name, fields in out.items()}


def _is_event(name: str) -> bool:
    from tradewar.paths import events

    model = getattr(events, name, None)
    return isinstance(model, type) and issubclass(model, events.EventBase)


# ---------------------------------------------------------------------------------------
# Baselines and shipped data
# ---------------------------------------------------------------------------------------


def _provenance(meta: dict) -> dict:
    """The provenance block of a shipped file's JSON (top level or under ``provenance``)."""
    inner = meta.get("provenance")
    return {**meta, **inner} if isinstance(inner, dict) else meta


def baselines_markdown() -> str:
    """Every baseline ``--baseline`` accepts (embedded or read from the shared data), and
    every data file the package ships with the script that built it, its sources and the
    number of input files whose SHA-256 it records."""
    import json

    from tradewar import datasets
    from tradewar.datasets import embedded

    lines = [
        "# Every baseline and shipped file",
        "",
        "Generated from the package when the site was built (`tradewar baselines` prints the",
        "first table on your machine). How to get the shared data and rebuild what ships:",
        "[data](../data.md).",
        "",
        "## Baselines",
        "",
        "| name | where it comes from | needs the shared data |",
        "|---|---|---|",
    ]
    for name, text in datasets.available().items():
        folder = datasets.registered_folder(name)
        where = f"`{folder}/`" if folder else "no (embedded)"
        lines.append(f"| `{name}` | {_cell(text)} | {where} |")
    lines += [
        "",
        "## Files shipped in the package",
        "",
        "Each is built by a script of `scripts/` from the public data and records the",
        "SHA-256 of its inputs.",
        "",
        "| file | built by | sources | inputs checked |",
        "|---|---|---|---:|",
    ]
    for path in sorted(embedded.data_dir().glob("*.json")):
        meta = _provenance(json.loads(path.read_text()))
        sources = meta.get("source") or meta.get("dataset") or meta.get("sources") or ""
        if isinstance(sources, dict):
            sources = "; ".join(f"{k}: {v}" for k, v in sources.items())
        checked = len(meta.get("inputs_sha256") or {})
        built_by = meta.get("built_by", "")
        lines.append(f"| `{path.stem}` | `{built_by}` | {_cell(str(sources)[:300])} | {checked} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# Every command
# ---------------------------------------------------------------------------------------


def cli_markdown() -> str:
    """Every command and option of ``tradewar``, from the Typer app by Typer's own
    documentation generator (``typer tradewar.cli utils docs``), run in a subprocess so a
    failure stops the build with its message."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "typer", "tradewar.cli", "utils", "docs", "--name", "tradewar"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"typer could not document the CLI: {done.stderr.strip()[-500:]}")
    body = done.stdout.replace("# `tradewar`", "# Every command and option", 1)
    return body + (
        "\n\nGenerated from the application when the site was built; a tour with examples is "
        "on [the command line](../cli.md).\n"
    )


# ---------------------------------------------------------------------------------------
# Replications
# ---------------------------------------------------------------------------------------


def _number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".replace("-", "−")


def replication_markdown(
    rows: Sequence[Row],
    titles: dict[str, str],
    labels: dict[str, str] | None = None,
) -> str:
    """Each table of ``rows`` in the paper's layout: ours, and the published number in
    brackets with ✓ where they agree to the printed digit, ✗ where they do not."""
    labels = labels or {}
    lines: list[str] = []
    for table_id in dict.fromkeys(r.table for r in rows):
        columns, cells = table_layout(rows, table_id)
        lines += [f"### {titles.get(table_id, f'Table {table_id}')}", ""]
        lines.append("| case | | " + " | ".join(labels.get(c, c) for c in columns) + " |")
        lines.append("|---|---|" + "---:|" * len(columns))
        for (case, country), values in cells.items():
            row = [_replicated(values[c]) if c in values else "" for c in columns]
            lines.append(f"| {_cell(case)} | {_cell(country)} | " + " | ".join(row) + " |")
        lines.append("")
    return "\n".join(lines)


def _replicated(r: Row) -> str:
    """Our number, and the published one in brackets with ✓ or ✗ (to the printed digit)."""
    text = _number(r.value, r.printed_decimals)
    if r.published is not None:
        text += f" ({_number(r.published, r.printed_decimals)}) {'✓' if r.agrees else '✗'}"
    return text


@dataclass(frozen=True)
class Paper:
    """A paper whose tables a replication page shows: its page name, title, a note, the
    modules that read its data and reproduce its tables (``tradewar.datasets.<reader>``,
    ``tradewar.replication.<module>``), and the tables and cases to compute (None: all)."""

    page: str
    title: str
    note: str
    reader: str
    module: str
    tables: tuple[str, ...] | None = None
    cases: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ReplicationPage:
    """A paper's page: its Markdown, the numbers that agree with the published ones and
    how many were published (None when the data were absent), and the seconds it took."""

    markdown: str
    agree: int | None
    published: int | None
    seconds: float


def replication_page(paper: Paper) -> ReplicationPage:
    """Compute ``paper``'s tables now and lay them out beside the published numbers; when
    its shared data are absent, a page that says so (no numbers)."""
    import importlib

    from tradewar.core.errors import DataError
    from tradewar.datasets.paths import ENV_VAR

    reader = importlib.import_module(f"tradewar.datasets.{paper.reader}")
    rep = importlib.import_module(f"tradewar.replication.{paper.module}")
    text = [f"# {paper.title}", "", paper.note, ""]
    started = time.perf_counter()
    try:
        data = reader.load()
    except DataError as exc:
        text += [
            '!!! warning "Not computed in this build"',
            f"    The shared data `{reader.FOLDER}` were not found when the site was built "
            f"(set `{ENV_VAR}`, or `tradewar data fetch {reader.FOLDER}`), so this page "
            f"holds no numbers: {exc}",
            "",
        ]
        return ReplicationPage("\n".join(text), None, None, time.perf_counter() - started)
    tables = list(paper.tables or rep.TABLES)
    if paper.cases:
        rows = rep.compute(data, tables, list(paper.cases))
    else:
        rows = rep.compute(data, tables)
    seconds = time.perf_counter() - started
    same, published = agreement(rows)
    text += [
        f"Computed in {seconds:.0f} s when the site was built; {same} of {published} "
        "published numbers agree to the printed digit.",
        "",
        replication_markdown(rows, rep.PAPER_TITLES, getattr(rep, "COLUMN_LABELS", None)),
    ]
    return ReplicationPage("\n".join(text), same, published, seconds)


def agreement(rows: Sequence[Row]) -> tuple[int, int]:
    """(numbers equal to the printed digit, numbers with a published value)."""
    published = [r for r in rows if r.published is not None]
    return sum(r.agrees for r in published), len(published)


# ---------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------


def frame_markdown(frame: pd.DataFrame, floatfmt: str = ",.2f") -> str:
    """A data frame as a Markdown table (numbers formatted with ``floatfmt``)."""
    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = (
        "|"
        + "|".join(
            "---:" if pd.api.types.is_numeric_dtype(frame[c]) else "---" for c in frame.columns
        )
        + "|"
    )
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for value in row:
            if isinstance(value, float):
                cells.append("" if pd.isna(value) else format(value, floatfmt))
            else:
                cells.append(_cell(str(value)))
        body.append("| " + " | ".join(cells) + " |")
    return "\n".join([header, rule, *body])
