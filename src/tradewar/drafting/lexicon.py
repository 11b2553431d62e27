"""The pattern files of the drafter (``patterns/*.json``), merged with a user's own, and
the spaCy pipeline and matchers built from them (once per set of files)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tradewar.core.errors import TradewarError, read_user_text

FILES = ("places", "instruments", "readings", "series")


class PatternError(TradewarError):
    """A pattern file that cannot be used (one line naming the file and the problem)."""


def _shipped(name: str) -> dict:
    text = resources.files("tradewar.drafting.patterns").joinpath(f"{name}.json").read_text()
    return json.loads(text)


def _merge(base: dict, extra: dict) -> dict:
    """``extra`` on top of ``base``: dictionaries merge key by key, lists add up."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = [*value, *out[key]]  # a user's rules first: they win
        else:
            out[key] = value
    return out


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Everything the reader looks up: ``places`` (lower-case phrase -> code),
    ``not_places``, ``venues`` (where talks are held), ``object_words`` (after a place:
    it is an object), ``kinds`` (kind -> Matcher patterns), ``sectors`` (word -> sectors),
    ``readings`` (rules and window), ``series`` (observed-figure mappings)."""

    places: dict[str, str]
    not_places: frozenset[str]
    venues: frozenset[str]
    object_words: frozenset[str]
    kinds: dict[str, list]
    sectors: dict[str, list[str]]
    readings: dict
    series: list[dict]

    @functools.cached_property
    def nlp(self):
        """spaCy's blank English pipeline with the rule-based sentence splitter."""
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp

    @functools.cached_property
    def kind_matcher(self):
        from spacy.matcher import Matcher

        matcher = Matcher(self.nlp.vocab)
        for kind, patterns in self.kinds.items():
            try:
                matcher.add(kind, patterns)
            except (ValueError, TypeError) as exc:
                raise PatternError(f"instrument patterns of {kind!r}: {exc}") from None
        return matcher

    @functools.cached_property
    def place_matcher(self):
        from spacy.matcher import PhraseMatcher

        matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        matcher.add("PLACE", [self.nlp.make_doc(p) for p in self.places])
        return matcher


def _read_user(folder: Path, name: str) -> dict:
    path = folder / f"{name}.json"
    if not path.exists():
        return {}
    try:
        data = json.loads(read_user_text(path, "pattern file", PatternError))
    except json.JSONDecodeError as exc:
        raise PatternError(
            f"pattern file {path}: not JSON ({exc.msg}, line {exc.lineno})"
        ) from None
    if not isinstance(data, dict):
        raise PatternError(f"pattern file {path}: an object is expected at the top")
    return data


@functools.cache
def load(user_folder: str | None = None) -> Lexicon:
    """The shipped patterns, with those of ``user_folder`` (files named like the shipped
    ones: places.json, instruments.json, readings.json, series.json) on top."""
    data = {name: _shipped(name) for name in FILES}
    if user_folder is not None:
        folder = Path(user_folder)
        if not folder.is_dir():
            raise PatternError(f"patterns folder {user_folder!r} not found")
        data = {name: _merge(data[name], _read_user(folder, name)) for name in FILES}
    kinds = data["instruments"]["kinds"]
    for kind, patterns in kinds.items():
        if not isinstance(patterns, list) or not all(isinstance(p, list) for p in patterns):
            raise PatternError(
                f"instrument patterns of {kind!r}: a list of token lists is expected"
            )
    sectors = {k: v for k, v in data["instruments"].get("sectors", {}).items() if k != "about"}
    return Lexicon(
        places={k.lower(): v for k, v in data["places"]["places"].items()},
        not_places=frozenset(w.lower() for w in data["places"].get("not_places", [])),
        venues=frozenset(w.lower() for w in data["places"].get("venues", [])),
        object_words=frozenset(w.lower() for w in data["places"].get("object_words_after", [])),
        kinds=kinds,
        sectors=sectors,
        readings=data["readings"],
        series=data["series"]["series"],
    )
