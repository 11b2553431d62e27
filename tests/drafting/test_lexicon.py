"""The drafter's pattern files (tradewar.drafting.lexicon): shipped, and a user's own."""

import json

import pytest

from tradewar.drafting import lexicon


def test_the_shipped_patterns_load_and_name_the_seed_places():
    lex = lexicon.load()
    assert lex.places["chinese"] == "CHN" and lex.places["european union"] == "EU27"
    assert "tariff" in lex.kinds and lex.readings["rules"]


def test_a_users_places_and_rules_come_on_top(tmp_path):
    (tmp_path / "places.json").write_text(json.dumps({"places": {"the dragon": "CHN"}}))
    (tmp_path / "readings.json").write_text(
        json.dumps({"rules": [{"words": ["slapped"], "reading": "total", "why": "ours"}]})
    )
    lex = lexicon.load(str(tmp_path))
    assert lex.places["the dragon"] == "CHN" and lex.places["china"] == "CHN"
    assert lex.readings["rules"][0]["why"] == "ours"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("places.json", "{not json", "not JSON"),
        ("places.json", "[1, 2]", "an object is expected"),
        ("instruments.json", json.dumps({"kinds": {"tariff": "tariff"}}), "a list of token lists"),
    ],
)
def test_a_bad_pattern_file_is_one_line(tmp_path, name, text, message):
    (tmp_path / name).write_text(text)
    with pytest.raises(lexicon.PatternError, match=message) as err:
        lexicon.load(str(tmp_path))
    assert "\n" not in str(err.value)


def test_a_missing_patterns_folder_is_one_line(tmp_path):
    with pytest.raises(lexicon.PatternError, match="not found"):
        lexicon.load(str(tmp_path / "none"))
