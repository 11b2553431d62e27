"""The suite reaches the shared data through the ``dataset`` fixture alone, so every test
that needs it skips with a reason on a clone without it (and fails in CI, where
``TRADEWAR_REQUIRE_DATA=1``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
#: calls that find the shared data folder themselves: a test using them fails (instead
#: of skipping) where the data are absent
DIRECT = re.compile(r"\b(require_dataset|shared_data_dir|_need)\(")


def test_no_test_finds_the_shared_data_itself():
    offenders = [
        f"{path.relative_to(TESTS)}:{number}"
        for path in sorted(TESTS.rglob("*.py"))
        if path != TESTS / "conftest.py" and path != Path(__file__)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if DIRECT.search(line)
    ]
    assert offenders == []


def test_a_missing_dataset_skips_with_its_name(monkeypatch, tmp_path, dataset):
    monkeypatch.setenv("TRADEWAR_DATA", str(tmp_path))
    monkeypatch.delenv("TRADEWAR_REQUIRE_DATA", raising=False)
    with pytest.raises(pytest.skip.Exception, match="'observed_2025' not found"):
        dataset("observed_2025")


def test_a_missing_dataset_fails_when_data_are_required(monkeypatch, tmp_path, dataset):
    monkeypatch.setenv("TRADEWAR_DATA", str(tmp_path))
    monkeypatch.setenv("TRADEWAR_REQUIRE_DATA", "1")
    with pytest.raises(pytest.fail.Exception, match="TRADEWAR_REQUIRE_DATA=1"):
        dataset("observed_2025")
