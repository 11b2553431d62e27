"""Reading events and figures (tradewar.drafting.extract) and the drafter's score on a
corpus of paragraphs written for the tests (tradewar.drafting.score)."""

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from tradewar.drafting import extract, law, lexicon, score

HERE = Path(__file__).parent
SEED = "london_talks_2025-06.txt"


def _read(text: str, published: str):
    reading = extract.read(text, dt.date.fromisoformat(published), lexicon.load())
    for d in reading.events:
        if d.kind == "tariff":
            d.law, d.date = law.check(d.actor, d.target, d.rate, d.date, d.month_only)
    return reading


def _score(name: str) -> score.Score:
    cases = json.loads((HERE / name).read_text())["cases"]
    return score.score([(_read(c["text"], c["published"]).events, c["events"]) for c in cases])


def test_precision_and_recall_on_our_corpus():
    result = _score("corpus.json")
    assert result.precision >= 0.9 and result.recall >= 0.9, (result.missed, result.extra)


def test_the_held_out_paragraphs_score_as_documented():
    """Written after the rules were settled and scored once: 6 of 7 (the documented
    score); a change of the rules that lowers it should be looked at."""
    result = _score("heldout.json")
    assert result.precision >= 0.85 and result.recall >= 0.85, (result.missed, result.extra)


@pytest.fixture(scope="module")
def seed(dataset):
    folder = dataset("observed_2025").parent.parent / "seeds"
    if not (folder / SEED).is_file():
        pytest.skip(f"the seed report {SEED} is not beside the data")
    return (folder / SEED).read_text()


def test_the_seed_report(seed):
    reading = _read(seed, "2025-06-09")
    found = {(e.kind, e.actor, str(e.target)): e for e in reading.events}
    us = found[("tariff", "USA", "CHN")]
    assert us.rate == pytest.approx(1.45) and us.date == dt.date(2025, 4, 10)
    assert "125% reciprocal" in us.law and "20% fentanyl" in us.law
    china = found[("tariff", "CHN", "USA")]
    assert china.rate == pytest.approx(1.25) and china.date.month == 4
    truce = next(e for e in reading.events if e.kind == "truce")
    assert truce.date.month == 5 and (truce.expires - truce.date).days == 90
    control = found[("export_control", "CHN", "ALL")]
    assert control.date == dt.date(2025, 4, 1) and "Rare earths" in control.sectors
    assert found[("exemption", "CHN", "EU27")].kind == "exemption"  # the green channel
    assert found[("chips", "USA", "CHN")].kind == "chips"  # a lever in the talks
    assert any(e.kind == "talks" and e.date == dt.date(2025, 6, 9) for e in reading.events)
    rows = {(f.series, f.month): f.value for f in reading.figures if f.series}
    assert rows == {
        ("CHN_exports_to_USA", "2025-04"): 33.0,
        ("CHN_exports_to_USA", "2025-05"): 28.8,
    }
    assert any(f.series is None and "month before" in f.why for f in reading.figures)


def test_a_thousand_words_in_under_two_seconds():
    cases = json.loads((HERE / "corpus.json").read_text())["cases"]
    text = " ".join(c["text"] for c in cases)
    article = " ".join([text] * (1000 // len(text.split()) + 1))
    _read("The US raised tariffs on Chinese goods to 20% on Tuesday.", "2025-03-05")  # warm
    start = time.perf_counter()
    _read(article, "2025-06-09")
    assert len(article.split()) >= 1000 and time.perf_counter() - start < 2.0


def test_a_sentence_with_a_policy_word_and_no_event_is_listed_with_the_reason():
    reading = _read("Officials said tariffs would be discussed soon.", "2025-06-09")
    assert reading.events == [] and "without a rate" in reading.unread[0].why
