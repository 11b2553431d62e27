"""The package's shape: few flat modules, no model-family branches outside the layers
that own the families, and the layers of .importlinter (checked by CI's lint-imports)
naming every package."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tradewar"
#: packages that may name a model family (models/ defines them; datasets/ builds the
#: data a family calibrates on)
FAMILY_OWNERS = ("models", "datasets")
BRANCHES = [
    re.compile(r"isinstance\([^)]*(OneSector|MultiSector|Ossa)Model"),
    re.compile(r"type\((?!exc\))[^)]*\)\.__name__"),  # (an exception's class name is no branch)
    re.compile(r"[\"'](imls|caliendo-parro|ossa|cp)[\"']"),
    re.compile(r"n_sectors\s*=="),
]


def _modules_outside_family_owners():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if parts[0] not in FAMILY_OWNERS:
            yield path


def test_at_most_six_flat_modules():
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(flat) <= 6, flat


def test_no_family_branches_outside_models_and_datasets():
    found = []
    for path in _modules_outside_family_owners():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if any(p.search(line) for p in BRANCHES):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_layers_name_every_package():
    config = configparser.ConfigParser()
    config.read(PACKAGE.parents[1] / ".importlinter")
    layers = config["importlinter:contract:layers"]["layers"]
    named = set(re.findall(r"tradewar\.(\w+)", layers))
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages == named, packages ^ named


ROOT = PACKAGE.parents[1]
CITED = re.compile(r"docs/model\.md`*\s*(?:§|section\s+)?([A-Z](?:\.\d+)?)\b")


def _project_texts():
    for folder in ("src", "tests", "scripts", "benchmarks"):
        yield from sorted((ROOT / folder).rglob("*.py"))
    yield ROOT / "README.md"
    yield ROOT / "CONTRIBUTING.md"
    yield ROOT / "mkdocs.yml"
    for pattern in ("*.md", "*.py", "*.js"):  # the site's sources, not what a build generated
        yield from sorted(p for p in (ROOT / "docs").rglob(pattern) if "generated" not in p.parts)


def test_nothing_points_outside_the_repository_for_the_model():
    here = Path(__file__).resolve()
    found = [
        str(path.relative_to(ROOT))
        for path in _project_texts()
        if path != here
        and path.exists()
        and re.search(r"MODEL\.md|shared/docs|DESIGN\.md|STYLE\.md|/work/|/home/", path.read_text())
    ]
    assert not found, found


def test_every_cited_section_of_the_model_documentation_exists():
    text = (ROOT / "docs" / "model.md").read_text()
    headings = set(re.findall(r"^#+\s+([A-Z](?:\.\d+)?)[\s.–-]", text, re.M))
    headings |= set(re.findall(r"^- \*\*([A-Z]\.\d+)[\s*]", text, re.M))  # numbered items
    missing = {
        f"{path.relative_to(ROOT)}: {section}"
        for path in _project_texts()
        if path.exists()
        for section in CITED.findall(path.read_text())
        if section not in headings
    }
    assert not missing, sorted(missing)
