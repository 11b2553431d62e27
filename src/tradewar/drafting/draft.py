"""A news report as a draft scenario: events with their sentences and confidence, the
figures as observed rows, checked against the enacted schedules (docs/drafting.md).

:func:`draft` reads an article (:mod:`~tradewar.drafting.extract`), checks its tariffs
against the law (:mod:`~tradewar.drafting.law`) and builds a scenario that validates
against the schema of :mod:`tradewar.paths.scenario`. Kinds the schema has no instrument
for without a number the report does not give (an export control without a quota, an
exemption, a truce without rates, purchases, talks, a ruling, a lever in talks) become
dated markers that change no policy, named as what they are. ``use_enacted`` replaces the
tariffs that match a schedule by the schedule itself (every authority, exemption and date
of the law), from the scenario's first day.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import yaml

from tradewar.core.errors import TradewarError
from tradewar.drafting import law
from tradewar.drafting.extract import Drafted, Figure, Unread, read
from tradewar.drafting.lexicon import Lexicon, load

#: Months the draft's path runs past the publication date (or past its last event).
MONTHS_AFTER = 6
MARKER_ABOUT = {"talks": "talks", "ruling": "ruling", "truce": "deal"}
LABELS = {
    "export_control": "{actor} export control{on} (quota not stated: add one to make it bite)",
    "exemption": "{actor} exemption for {target}{on} (e.g. a green channel)",
    "truce": "truce between {actor} and {target}",
    "purchase": "{actor} purchase commitment{on}",
    "talks": "talks between {actor} and {target}",
    "ruling": "court ruling ({actor})",
    "chips": "lever in the talks: {actor} chip controls on {target}",
}


class DraftError(TradewarError):
    """An article that cannot be drafted (one line naming the problem)."""


@dataclass
class Draft:
    """A drafted scenario: ``scenario`` (a dict the schema accepts), ``events`` (the
    drafted events, in the scenario's order, each with its event dict or None when it
    was replaced by a schedule), ``unread``, ``figures`` (mapped or not), the article's
    name and publication date."""

    scenario: dict
    events: list[tuple[Drafted, dict | None]]
    unread: list[Unread]
    figures: list[Figure]
    article: str
    published: dt.date

    def observed_rows(self) -> list[dict]:
        """The mapped figures as rows of ``tradewar validate``'s observed CSV."""
        return [
            {
                "series": f.series,
                "month": f.month,
                "value": round(f.value, 6),
                "unit": f.unit,
                "source": f"{self.article} ({self.published}): {f.words}",
            }
            for f in self.figures
            if f.series
        ]

    def observed_csv(self) -> str:
        """The observed figures of the report as the CSV ``tradewar validate --observed`` reads."""
        import pandas as pd

        rows = self.observed_rows()
        frame = pd.DataFrame(rows, columns=["series", "month", "value", "unit", "source"])
        return frame.to_csv(index=False)

    def to_yaml(self) -> str:
        """The scenario file, every event under comments naming its sentence, confidence,
        reading and the law's verdict; unread sentences and figures at the end."""
        head = {k: v for k, v in self.scenario.items() if k != "events"}
        lines = [
            f"# Drafted by `tradewar draft` from {self.article} (published {self.published}).",
            "# A draft: check each event against its sentence before relying on it.",
            yaml.safe_dump(head, sort_keys=False, allow_unicode=True, width=100).rstrip(),
            "events:" if self.scenario["events"] else "events: []",
        ]
        for drafted, event in self.events:
            lines.append(
                f"  # {drafted.kind}, confidence {drafted.confidence:.2f}: "
                f"{_quote(drafted.sentence)}"
            )
            if drafted.reading:
                lines.append(f"  #   reading: {drafted.reading}")
            if drafted.law:
                lines.append(f"  #   law: {drafted.law}")
            for note in drafted.notes:
                lines.append(f"  #   note: {note}")
            if event is None:
                lines.append("  #   replaced by the enacted schedule (--use-enacted)")
                continue
            flow = yaml.safe_dump(
                event, default_flow_style=True, sort_keys=False, allow_unicode=True, width=10_000
            )
            lines.append(f"  - {flow.strip()}")
        for extra in self.scenario["events"][len([e for _, e in self.events if e]) :]:
            flow = yaml.safe_dump(extra, default_flow_style=True, sort_keys=False, width=10_000)
            lines.append(f"  - {flow.strip()}")
        if self.unread:
            lines.append("# Not read (sentences that look like policy):")
            lines += [f"#   {_quote(u.sentence)}: {u.why}" for u in self.unread]
        rows = self.observed_rows()
        if rows:
            lines.append("# Observed figures (rows of `tradewar validate --observed`):")
            lines += [f"#   {r['series']}, {r['month']}, {r['value']:g} {r['unit']}" for r in rows]
        unmapped = [f for f in self.figures if not f.series]
        if unmapped:
            lines.append("# Figures not mapped to a series:")
            lines += [f"#   {f.words} ({f.month}): {f.why}" for f in unmapped]
        if not self.events:
            lines.append("# No policy statement found: the draft has no events.")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """The draft as JSON: the scenario, each event with its provenance, the observed
        rows, unmapped figures and unread sentences."""
        data = {
            "article": self.article,
            "published": str(self.published),
            "scenario": self.scenario,
            "events": [
                {
                    "event": event,
                    "kind": d.kind,
                    "sentence": d.sentence,
                    "confidence": d.confidence,
                    "reading": d.reading,
                    "law": d.law,
                    "notes": d.notes,
                }
                for d, event in self.events
            ],
            "observed": self.observed_rows(),
            "unmapped": [
                {"words": f.words, "month": f.month, "why": f.why}
                for f in self.figures
                if not f.series
            ],
            "unread": [{"sentence": u.sentence, "why": u.why} for u in self.unread],
        }
        return json.dumps(data, indent=1, default=str, ensure_ascii=False) + "\n"


def _quote(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= width else text[: width - 3] + "..."}"'


def _label(d: Drafted) -> str:
    target = d.target if isinstance(d.target, str) else ", ".join(d.target)
    on = f" on {', '.join(d.sectors)}" if d.sectors else ""
    if d.kind == "tariff":
        return f"{d.actor} tariff on {target}"
    return LABELS[d.kind].format(actor=d.actor, target=target, on=on)


def _event(d: Drafted, article: str, sectors_known: set[str]) -> dict:
    event: dict = {"date": d.date, "actor": d.actor, "target": d.target}
    if d.kind == "tariff":
        event["rate"] = round(d.rate, 6)
        if d.mode == "absolute":
            event["mode"] = "absolute"
        sectors = [s for s in d.sectors if s in sectors_known]
        if sectors:
            event["sectors"] = sectors
    else:
        event["instrument"] = "marker"
        event["about"] = MARKER_ABOUT.get(d.kind, "note")
    if d.expires is not None:
        event["expires"] = d.expires
    event["label"] = _label(d)
    event["source"] = f"draft of {article}: {_quote(d.sentence, 200)[1:-1]}"
    return event


def _month(day: dt.date, add: int = 0) -> str:
    m = day.month - 1 + add
    return f"{day.year + m // 12:04d}-{m % 12 + 1:02d}"


def draft(
    text: str,
    published: dt.date,
    article: str = "article",
    baseline: str = "default",
    use_enacted: bool = False,
    lexicon: Lexicon | None = None,
) -> Draft:
    """Draft ``text`` (a news report in English, published on ``published``) as a
    scenario on ``baseline``."""
    from tradewar import datasets
    from tradewar.paths.scenario import loads

    if not text.strip():
        raise DraftError(f"{article} is empty: no text to draft")
    lex = lexicon or load()
    reading = read(text, published, lex)
    b = datasets.load(baseline)
    for d in reading.events:
        if d.kind == "tariff":
            d.law, d.date = law.check(d.actor, d.target, d.rate, d.date, d.month_only)
    days = [d.date for d in reading.events] or [published]
    start = min(*days, published) if reading.events else published
    last = max(*days, published)
    focus = [c for d in reading.events for c in [d.actor, *_list(d.target)] if c in b.countries]
    focus = list(dict.fromkeys(focus)) or [c for c in ("USA", "CHN") if c in b.countries][:2]
    events: list[tuple[Drafted, dict | None]] = []
    schedules: dict[str, dict] = {}
    for d in reading.events:
        if use_enacted and d.kind == "tariff" and d.law.startswith("matches"):
            schedules.setdefault(d.actor, _schedule_event(d.actor, start))
            events.append((d, None))
        else:
            events.append((d, _event(d, article, set(b.sectors))))
    scenario = {
        "name": f"Draft of {article}",
        "baseline": baseline,
        "start": _month(start),
        "end": _month(last, MONTHS_AFTER),
        "focus": focus,
        "events": [e for _, e in events if e is not None] + list(schedules.values()),
    }
    result = Draft(scenario, events, reading.unread, reading.figures, article, published)
    try:
        loads(result.to_yaml(), f"the draft of {article}")
    except TradewarError as exc:  # pragma: no cover - a bug of ours, said plainly
        raise DraftError(f"the draft of {article} does not validate: {exc}") from None
    return result


def _list(target) -> list[str]:
    return [target] if isinstance(target, str) else list(target)


def _schedule_event(actor: str, start: dt.date) -> dict:
    name = law.SCHEDULES[actor]
    event = {
        "date": dt.date(start.year, start.month, 1),
        "actor": actor,
        "schedule": name,
        "label": f"{actor} tariffs as enacted ({name})",
        "source": f"tradewar.enacted ({name}), in place of the drafted tariffs it matches",
    }
    if actor == "CHN":
        event["target"] = "USA"
    return event
