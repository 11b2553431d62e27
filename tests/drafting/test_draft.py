"""Drafts as scenario files (tradewar.drafting.draft): they validate, they run, and
--use-enacted swaps matched tariffs for the schedules."""

import datetime as dt
import json

import pytest
import yaml

from tradewar.drafting import draft as drafting
from tradewar.paths.scenario import loads

TEXT = (
    "The dispute escalated in April when the US slapped an additional 145% tariff on "
    "Chinese goods, prompting China to retaliate with 125% tariffs on American products. "
    "Japan's goods will face a 25% tariff from August 1, President Trump said. "
    "Exports to the US fell by 12.7% in May, dropping from $33 billion in April to $28.8 "
    "billion, China's customs said."
)


def test_a_draft_validates_and_keeps_the_sentences_as_comments():
    result = drafting.draft(TEXT, dt.date(2025, 6, 9), "news.txt")
    text = result.to_yaml()
    spec = loads(text)
    assert {(e.actor, e.date) for e in spec.events} >= {
        ("USA", dt.date(2025, 4, 10)), ("CHN", dt.date(2025, 4, 12)), ("USA", dt.date(2025, 8, 1))
    }  # fmt: skip
    assert "# tariff, confidence" in text and "law: matches us_enacted" in text
    assert "new: USA on JPN is not checked" in text
    rows = result.observed_rows()
    assert {(r["series"], r["month"], r["value"]) for r in rows} == {
        ("CHN_exports_to_USA", "2025-04", 33.0), ("CHN_exports_to_USA", "2025-05", 28.8)
    }  # fmt: skip


def test_use_enacted_replaces_the_matched_tariffs_by_the_schedules():
    result = drafting.draft(TEXT, dt.date(2025, 6, 9), "news.txt", use_enacted=True)
    spec = loads(result.to_yaml())
    schedules = {e.schedule for e in spec.events if getattr(e, "schedule", None)}
    assert schedules == {"us_enacted", "china_enacted"}
    assert not [
        e
        for e in spec.events
        if e.instrument == "import_tariff" and e.actor == "CHN" and not e.schedule
    ]
    assert any(
        e.actor == "USA" and getattr(e, "rate", 0) == pytest.approx(0.25) for e in spec.events
    )


def test_json_carries_each_event_with_its_provenance():
    data = json.loads(drafting.draft(TEXT, dt.date(2025, 6, 9), "news.txt").to_json())
    first = data["events"][0]
    assert {"event", "kind", "sentence", "confidence", "law"} <= set(first)
    assert data["observed"] and data["unmapped"][0]["why"].startswith("a change on the month")


def test_an_empty_text_is_one_line_and_a_text_without_policy_has_no_events():
    with pytest.raises(drafting.DraftError, match="is empty") as err:
        drafting.draft("  \n", dt.date(2025, 6, 9), "empty.txt")
    assert "\n" not in str(err.value)
    result = drafting.draft("The weather was fine in Paris.", dt.date(2025, 6, 9), "w.txt")
    assert result.events == [] and "No policy statement found" in result.to_yaml()
    assert yaml.safe_load(result.to_yaml())["events"] == []
