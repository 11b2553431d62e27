"""Files a user names: every unreadable one is a one-line error naming it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tradewar.cli import app
from tradewar.core.errors import TradewarError, read_user_text

runner = CliRunner()


@given(st.binary(max_size=200))
def test_any_bytes_are_text_or_one_named_error(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("f") / "input.yaml"
    path.write_bytes(raw)
    try:
        text = read_user_text(path, "scenario file")
    except TradewarError as exc:
        assert "input.yaml" in str(exc) and "\n" not in str(exc)
    else:
        assert text.encode("utf-8") in (raw, raw.removeprefix(b"\xef\xbb\xbf"))


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xd0\xcf\x11\xe0\x00\x00\x00\x00\x01", "is a binary file, not text"),
        ("name: Caf\u00e9\n".encode("latin-1"), "is not UTF-8 text (byte 0xe9"),
        (None, "is a folder; give a file"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ["run"],
        ["validate"],
        ["talks", "USA", "CHN", "--deal", "USA:CHN=0.3", "--disagreement"],
    ],
)
def test_unreadable_scenarios_are_one_line_errors(tmp_path, content, says, command):
    path = tmp_path / "scenario.yaml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    result = runner.invoke(app, [*command, str(path)])
    assert result.exit_code == 2
    assert says in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
