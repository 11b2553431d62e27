"""The pages the documentation site computes at build time (tradewar.reports.site)."""

import re

import pandas as pd
import pytest

from tradewar.paths.scenario import Scenario
from tradewar.replication import Row
from tradewar.reports import site


@pytest.fixture(scope="module")
def fields_page() -> str:
    return site.scenario_fields_markdown()


def _schema_fields() -> dict[str, set[str]]:
    schema = Scenario.model_json_schema()
    models = {"Scenario": schema, **schema.get("$defs", {})}
    return {name: set(model.get("properties", {})) for name, model in models.items()}


def test_the_field_reference_lists_every_field_of_the_schema(fields_page):
    documented = site.documented_fields(fields_page)
    schema = _schema_fields()
    missing = {
        f"{model}.{field}"
        for model, fields in schema.items()
        for field in fields - documented.get(model, set())
    }
    assert not missing, sorted(missing)
    extra = {
        f"{model}.{field}"
        for model, fields in documented.items()
        if model in schema
        for field in fields - schema[model]
    }
    assert not extra, sorted(extra)


def test_every_field_says_what_it_means():
    schema = Scenario.model_json_schema()
    models = {"Scenario": schema, **schema["$defs"]}
    silent = [
        f"{name}.{field}"
        for name, model in models.items()
        for field, spec in model.get("properties", {}).items()
        if not spec.get("description", "").strip()
    ]
    assert not silent, silent


def test_the_field_tables_are_well_formed(fields_page):
    for line in fields_page.splitlines():
        if line.startswith("| `"):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            assert len(cells) == 4, line


def test_docstring_markup_becomes_markdown():
    # reST's "~" shows the last name only
    assert site.markdown_text("See :class:`~a.b.Policy` and ``x``.") == "See `Policy` and `x`."
    assert site.markdown_text(":py:func:`a.b.f`\n  on two lines") == "`a.b.f` on two lines"
    text = "Args:\n    x: a :mod:`tradewar.paths` module"
    assert site.rest_markup_as_markdown(text) == "Args:\n    x: a `tradewar.paths` module"


def test_replication_tables_mark_agreement_to_the_printed_digit():
    rows = [
        Row("1", "case", "USA", "welfare", 1.1307, 1.13, 2),
        Row("1", "case", "USA", "deficit", -18.06, -18.2, 1),
        Row("1", "case", "USA", "prices", 0.5, None, 2),
    ]
    text = site.replication_markdown(rows, {"1": "Table 1. Welfare"})
    assert "### Table 1. Welfare" in text
    assert "1.13 (1.13) ✓" in text
    assert "−18.1 (−18.2) ✗" in text
    assert site.agreement(rows) == (1, 2)


def test_frames_become_markdown_tables():
    frame = pd.DataFrame({"series": ["a|b", "c"], "gap": [1.234, float("nan")]})
    lines = site.frame_markdown(frame).splitlines()
    assert lines[0] == "| series | gap |"
    assert lines[1] == "|---|---:|"
    assert lines[2] == "| a\\|b | 1.23 |"
    assert lines[3] == "| c |  |"


@pytest.mark.slow
def test_the_cli_reference_names_every_command():
    import typer

    from tradewar.cli import app

    text = site.cli_markdown()
    commands = typer.main.get_command(app).commands
    missing = [name for name in commands if f"## `tradewar {name}`" not in text]
    assert not missing, missing


def test_a_replication_page_without_its_data_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEWAR_DATA", str(tmp_path))  # an empty data folder
    paper = site.Paper(
        "cp", "Caliendo & Parro (2015)", "NAFTA.", "caliendo_parro", "caliendo_parro2015"
    )
    page = site.replication_page(paper)
    assert page.agree is None and page.published is None
    assert "Not computed in this build" in page.markdown
    assert "caliendo_parro_2015" in page.markdown


@pytest.mark.slow
def test_a_replication_page_computes_the_tables_beside_the_published_numbers(dataset):
    dataset("caliendo_parro_2015")
    paper = site.Paper(
        "cp", "Caliendo & Parro (2015)", "NAFTA.", "caliendo_parro", "caliendo_parro2015"
    )
    page = site.replication_page(paper)
    assert page.published and page.agree == page.published
    assert "✓" in page.markdown and "✗" not in page.markdown
