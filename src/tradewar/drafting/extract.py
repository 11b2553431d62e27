"""From sentences to drafted events and observed figures (our rules, docs/drafting.md).

A sentence is read when a trigger of :mod:`~tradewar.drafting.lexicon` (a tariff, an
export control, an exemption, a truce, purchases, talks, a ruling, chip controls) is in
it. Tariffs need a rate: each rate in the sentence is one event, read in its clause (from
the rate before it to the rate after it):

* **actor**: the last place named before the rate that is not the object of "on",
  "against", "from" or "to" (else the actor of the sentence before);
* **target**: the places named after "on", "against" or "from" after the rate (several
  joined by "and"), else ALL;
* **rate**: "145%", "25 percent", "ten per cent"; its reading by the rules of
  ``readings.json`` (additional, or the total after the change);
* **date**: the first date of the clause, else of the sentence, else the date last given
  with a venue the sentence names; a duration sets the end.

Other kinds need no rate: their actor is the first place before the trigger (or the
sentence's first place), their target the first place after it. A sentence with a
trigger that yields no event is listed as unread with the reason.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from tradewar.drafting import dates
from tradewar.drafting.lexicon import Lexicon

#: Words after which a place is the object of a measure, not the one taking it.
OBJECT_WORDS = frozenset({"on", "against", "from", "to", "into", "toward", "towards", "with"})
#: Words that join places into one list ("Canada and Mexico", "Japan, Korea").
JOINERS = frozenset({"and", ",", "the", "&", "or"})
PERCENT_WORDS = ("percent", "per cent", "pct")
#: Words that name a tariff: a place just before one owns the tariff, not another measure.
TARIFF_WORDS = frozenset(
    {"tariff", "tariffs", "duty", "duties", "levy", "levies", "counter-tariffs", "surcharge"}
)
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "twenty-five": 25, "thirty": 30, "thirty-four": 34, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
MONEY = re.compile(r"\$\s?(\d+(?:\.\d+)?)\s?(billion|bn|million|mn|trillion)\b", re.I)
FIGURE_VERBS = re.compile(
    r"\b(fell|fall|falls|dropped|drop|drops|rose|rise|rises|grew|grow|grows|declined|"
    r"decline|declines|slumped|plunged|jumped|increased|decreased|shrank|climbed|slid)\b",
    re.I,
)
YEAR_ON_YEAR = re.compile(r"year[- ]on[- ]year|from a year (earlier|ago|before)|y/y|annual", re.I)
POLICY_HINT = re.compile(
    r"\b(tariffs?|duty|duties|levy|export controls?|ban|truce|sanction|quota|licen[cs]e)\b", re.I
)


@dataclass
class Drafted:
    """One drafted event, with where it came from."""

    kind: str  # tariff, export_control, exemption, truce, purchase, talks, ruling, chips
    actor: str
    target: str | list[str]
    date: dt.date
    sentence: str
    confidence: float
    rate: float | None = None
    mode: str = "additional"
    reading: str = ""
    expires: dt.date | None = None
    sectors: list[str] = field(default_factory=list)
    date_words: str = ""
    month_only: bool = False
    law: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Unread:
    """A sentence that looks like policy but gave no event, and why."""

    sentence: str
    why: str


@dataclass
class Figure:
    """A figure the report gives as data: mapped to a series of ``tradewar validate`` (or
    not, with the reason)."""

    sentence: str
    words: str
    month: str
    value: float
    unit: str
    series: str | None = None
    why: str = ""


@dataclass
class Reading:
    """What one article gave."""

    events: list[Drafted]
    unread: list[Unread]
    figures: list[Figure]


@dataclass
class _Place:
    code: str
    start: int  # token index within the sentence
    end: int
    words: str
    object_of: bool  # follows "on", "against", "from", ...


@dataclass
class _Rate:
    value: float  # fraction
    start: int
    end: int
    points: bool


def _places(sent, lex: Lexicon, codes: dict) -> list[_Place]:
    """Places named in a sentence (a spaCy span), longest phrases first, then other
    proper names country_converter knows."""
    from spacy.util import filter_spans

    own = sent.as_doc()
    spans = [own[s:e] for _, s, e in lex.place_matcher(own)]
    found = []
    for span in filter_spans(spans):
        words = span.text.lower()
        code = lex.places.get(words)
        if code is None or words in lex.not_places:
            continue
        # "US" in capitals only: "us" the pronoun is not the United States
        if words == "us" and span.text != "US":
            continue
        found.append((span.start, span.end, code, span.text))
    taken = {k for s, e, _, _ in found for k in range(s, e)}
    k = 0
    tokens = list(sent)
    while k < len(tokens):  # other proper names: country_converter
        tok = tokens[k]
        if k in taken or not tok.is_title or tok.is_sent_start:
            k += 1
            continue
        end = k + 1
        while end < len(tokens) and tokens[end].is_title and end not in taken and end - k < 3:
            end += 1
        words = " ".join(t.text for t in tokens[k:end])
        code = _coco(words, codes) if words.lower() not in lex.not_places else None
        if code:
            found.append((k, end, code, words))
        k = end
    out = []
    for s, e, code, words in sorted(found):
        before = tokens[s - 1].lower_ if s > 0 else ""
        if before in ("the", "most", "all") and s > 1:
            before = tokens[s - 2].lower_
        after = [t.lower_ for t in tokens[e : e + 3] if t.lower_ not in ("'s", "’s", "-")]
        goods = bool(after) and after[0] in lex.object_words
        joined = (
            bool(out)
            and out[-1].object_of
            and {t.lower_ for t in tokens[out[-1].end : s]} <= JOINERS
        )
        out.append(_Place(code, s, e, words, before in OBJECT_WORDS or goods or joined))
    return out


def _coco(words: str, cache: dict) -> str | None:
    if words not in cache:
        from tradewar.core.countries import to_iso3
        from tradewar.core.errors import CountryError

        try:
            cache[words] = to_iso3(words)
        except CountryError:
            cache[words] = None
    return cache[words]


def _rates(sent) -> list[_Rate]:
    """Percentages in a sentence: "145%", "25 percent", "ten per cent", "10 points"."""
    tokens = list(sent)
    out = []
    for k, tok in enumerate(tokens):
        value = None
        if tok.like_num:
            try:
                value = float(tok.text.replace(",", ""))
            except ValueError:
                value = NUMBER_WORDS.get(tok.lower_)
        if value is None:
            continue
        prev = {t.lower_ for t in tokens[max(0, k - 2) : k]}
        if prev & {"from", "the", "its"}:  # "up from 25%", "the 10% baseline": not a change
            continue
        nxt = " ".join(t.lower_ for t in tokens[k + 1 : k + 3])
        if nxt.startswith("%"):
            out.append(_Rate(value / 100, k, k + 2, False))
        elif nxt.startswith(PERCENT_WORDS):
            width = 3 if nxt.startswith("per cent") else 2
            out.append(_Rate(value / 100, k, k + width, False))
        elif nxt.startswith(("percentage point", "points")):
            out.append(_Rate(value / 100, k, k + 2, True))
    return out


def _reading(tokens, rate: _Rate, lex: Lexicon) -> tuple[str, int, str]:
    """``(mode, sign, why)`` of a rate by the rules of ``readings.json``."""
    window = int(lex.readings.get("window", 5))
    before = [t.lower_ for t in tokens[max(0, rate.start - window) : rate.start]]
    just = before[-1] if before else ""
    for rule in lex.readings["rules"]:
        words = set(rule["words"])
        then = rule.get("then")
        if then is not None:
            hit = just == then and words & set(before)
        elif words <= {"to", "at"}:
            hit = just in words
        else:
            hit = bool(words & set(before))
        if hit:
            mode = "absolute" if rule["reading"] == "total" else "additional"
            return mode, int(rule.get("sign", 1)), rule.get("why", "")
    if rate.points:
        return "additional", 1, "a change in points stacks on the rate in force"
    return "additional", 1, "no word fixes the reading: a new duty on top of the rates in force"


def _owns_tariff(place: _Place, tokens) -> bool:
    """Whether a place names whose tariff it is: "US tariffs", "China's duties"."""
    after = [t.lower_ for t in tokens[place.end : place.end + 3]]
    if after[:1] in (["'s"], ["’s"]):
        after = after[1:]
    return bool(after) and after[0] in TARIFF_WORDS


def _nearest_object(places, rate: _Rate, lo: int, hi: int, tokens, actor: str) -> list[str]:
    """The object places of the clause nearest the rate ("on India to 50%", "125% tariffs
    on American products"), with those joined to it by "and" or commas."""
    objects = [p for p in places if lo <= p.start < hi and p.object_of and p.code != actor]
    if not objects:
        return []
    first = min(objects, key=lambda p: min(abs(p.start - rate.end), abs(rate.start - p.end)))
    chosen = [first]
    for p in places:
        if p.start <= chosen[-1].start or p.code == actor:
            continue
        between = {t.lower_ for t in tokens[chosen[-1].end : p.start]}
        if between and between <= JOINERS:
            chosen.append(p)
        else:
            break
    return list(dict.fromkeys(p.code for p in chosen))


def _sectors(text: str, lex: Lexicon) -> list[str]:
    low = text.lower()
    out: list[str] = []
    for words, sectors in lex.sectors.items():
        if re.search(rf"\b{re.escape(words)}\b", low):
            out += [s for s in sectors if s not in out]
    return out


class _Context:
    """What earlier sentences said that later ones lean on: the last actor and target,
    the last date, the dates given with venues, the last exporter of a figure."""

    def __init__(self) -> None:
        self.actor: str | None = None
        self.target: str | list[str] | None = None
        self.when: dates.Found | None = None
        self.venues: dict[str, dates.Found] = {}
        self.exporter: str | None = None
        self.sectors: list[str] = []


def read(text: str, published: dt.date, lex: Lexicon) -> Reading:
    """Every drafted event, unread sentence and figure of an article."""
    doc = lex.nlp(text)
    codes: dict = {}
    ctx = _Context()
    events: list[Drafted] = []
    unread: list[Unread] = []
    figures: list[Figure] = []
    for sent in (c for s in doc.sents for c in _clauses(s)):
        sentence = " ".join(sent.text.split())
        if not sentence:
            continue
        places = _places(sent, lex, codes)
        found = dates.find_dates(sentence, published)
        venues = [v for v in lex.venues if re.search(rf"\b{re.escape(v)}\b", sentence.lower())]
        for v in venues:
            if found:
                ctx.venues[v] = found[0]
        kinds = {}
        for match_id, start, end in lex.kind_matcher(sent.as_doc()):
            kinds.setdefault(lex.nlp.vocab.strings[match_id], (start, end))
        figures += _figures(sent, sentence, places, found, published, lex, ctx)
        new = _events(sent, sentence, places, found, venues, kinds, lex, ctx, published)
        events += new
        if kinds and not new:
            unread.append(Unread(sentence, _why_unread(kinds, places)))
        elif not kinds and POLICY_HINT.search(sentence) and not new:
            unread.append(Unread(sentence, "a policy word without a trigger the patterns know"))
        if places:
            owners = [p for p in places if not p.object_of]
            if owners:
                ctx.exporter = owners[0].code
        if found:
            ctx.when = dates.best(found)
        sectors = _sectors(sentence, lex)
        if sectors:
            ctx.sectors = sectors
    return Reading(_dedupe(events), unread, figures)


#: Words that open a second main clause after a comma (", and China raised ...").
CLAUSE_WORDS = frozenset({"and", "while", "but", "whereas"})


def _clauses(sent) -> list:
    """A sentence cut into its main clauses: at semicolons, and at a comma followed by
    "and", "while", "but" or "whereas" when both sides have at least five tokens and no
    list of places is being written ("Japan, South Korea, and Canada")."""
    tokens = list(sent)
    cuts = [0]
    for k, tok in enumerate(tokens[:-1]):
        nxt = tokens[k + 1]
        if (tok.text == ";" or (tok.text == "," and nxt.lower_ in CLAUSE_WORDS)) and (
            k - cuts[-1] >= 5
            and len(tokens) - k >= 6
            and not (
                tokens[k + 2].is_title and nxt.lower_ == "and" and tokens[k + 3].text in {",", "."}
            )
        ):
            cuts.append(k + 1)
    cuts.append(len(tokens))
    return [sent.doc[sent.start + a : sent.start + b] for a, b in itertools.pairwise(cuts) if b > a]


def _why_unread(kinds: dict, places: list[_Place]) -> str:
    names = ", ".join(sorted(kinds))
    if "tariff" in kinds and len(kinds) == 1:
        return "a tariff without a rate (a percentage) to read"
    if not places:
        return f"{names}: no country or group named, and none before it"
    return f"{names}: read as an event already drafted, or nothing dated to draft"


def _date_for(
    found: list[dates.Found], venues: list[str], ctx: _Context
) -> tuple[dates.Found | None, str]:
    """The clause's date: its best date, else the date given earlier with a venue it
    names; ``(None, "")`` when neither."""
    if found:
        return dates.best(found), ""
    for v in venues:
        if v in ctx.venues:
            return ctx.venues[v], f"the date given earlier for {v.title()}"
    return None, ""


def _events(sent, sentence, places, found, venues, kinds, lex: Lexicon, ctx: _Context, published):
    tokens = list(sent)
    out: list[Drafted] = []
    rates = _rates(sent)
    pairs: set = set()
    if "tariff" in kinds and rates:
        for k, rate in enumerate(rates):
            lo = rates[k - 1].end if k > 0 else 0
            hi = rates[k + 1].start if k + 1 < len(rates) else len(tokens)
            clause = sent.doc[sent.start + lo : sent.start + hi].text
            actors = [p for p in places if lo <= p.start < rate.start and not p.object_of]
            confidence, notes = 0.95, []
            before = [p for p in places if p.start < rate.start and not p.object_of]
            later = [p for p in places if p.start >= rate.end and not p.object_of]
            owners = [p for p in places if lo <= p.start < hi and _owns_tariff(p, tokens)]
            if owners:  # "US tariffs", "China's duties", "a 35% US tariff"
                actor = owners[0].code
            elif actors:
                actor = actors[0].code
            elif before:
                actor = before[-1].code
            elif later:
                actor = later[0].code
            elif ctx.actor is not None:
                actor, confidence = ctx.actor, confidence - 0.2
                notes.append("actor from the sentence before")
            else:
                continue
            targets = _nearest_object(places, rate, lo, hi, tokens, actor)
            if not targets:
                targets = [p.code for p in places if p.object_of and p.code != actor][:1]
            if not targets:
                targets = [p.code for p in places if p.code != actor and p.code != "ALL"][:1]
            if not targets:
                targets, confidence = ["ALL"], confidence - 0.2
                notes.append("no target named: ALL")
            pair = (actor, tuple(targets))
            if pair in pairs:  # "an additional 25% ..., doubling it to 50%": read once
                continue
            pairs.add(pair)
            mode, sign, why = _reading(tokens, rate, lex)
            when = dates.find_dates(clause, published)
            effective = [f for f in found if f.effective]
            if when and (when[0].effective or not effective):
                chosen, note = dates.best(when), ""
            else:
                chosen, note = _date_for(found, venues, ctx)
            if chosen is None and ctx.when is not None:
                chosen, note = ctx.when, "the date of the sentence before"
            if chosen is None:
                chosen, note = dates.Found(published, "", False, 0), "no date: the publication date"
                confidence -= 0.3
            if note:
                notes.append(note)
            if chosen.month_only:
                confidence -= 0.1
            duration = dates.find_duration(clause) or dates.find_duration(sentence)
            target = targets[0] if len(targets) == 1 else targets
            out.append(
                Drafted(
                    "tariff", actor, target, chosen.day, sentence, round(confidence, 2),
                    rate=sign * rate.value, mode=mode, reading=why,
                    expires=None if duration is None else dates.add(chosen.day, *duration[:2]),
                    sectors=_sectors(clause, lex), date_words=chosen.words,
                    month_only=chosen.month_only, notes=notes,
                )
            )  # fmt: skip
            ctx.actor, ctx.target = actor, target
        return out
    if "truce" in kinds:  # suspending a control is a truce, not a new control
        kinds = {k: v for k, v in kinds.items() if k != "export_control"}
    for kind in ("export_control", "exemption", "truce", "purchase", "talks", "ruling", "chips"):
        if kind not in kinds:
            continue
        start, _ = kinds[kind]
        event = _other(kind, start, sent, sentence, places, found, venues, lex, ctx, published)
        if event is not None:
            out.append(event)
    return out


def _other(kind, start, sent, sentence, places, found, venues, lex, ctx, published):
    """An event of a kind that needs no rate."""
    confidence, notes = 0.85, []
    tokens = list(sent)
    places = [  # "Trump's Liberation Day tariffs": Trump owns tariffs, not this measure
        p
        for p in places
        if not (
            _owns_tariff(p, tokens)
            or (
                tokens[p.end : p.end + 1]
                and tokens[p.end].text in ("'s", "’s")
                and {t.lower_ for t in tokens[p.end : p.end + 6]} & TARIFF_WORDS
            )
        )
    ]
    before = [p for p in places if p.start <= start and not p.object_of]
    after = [p for p in places if p.start > start]
    near = [p for p in places if start - 4 <= p.start < start]  # "EU-China summit"
    subjects = [p for p in places if not p.object_of]
    if kind == "talks" and len({p.code for p in near}) >= 2:
        actor, target = near[0].code, next(p.code for p in near if p.code != near[0].code)
    elif kind == "talks" and places and not subjects and ctx.actor is not None:
        actor, target = ctx.exporter or ctx.actor, places[0].code  # "discussions with Japan"
        if actor == target:
            return None
        confidence -= 0.2
        notes.append("who talks: from the sentences before")
    elif kind == "talks" and len({p.code for p in places}) >= 2:
        first = subjects[0] if subjects else places[0]
        actor, target = first.code, next(p.code for p in places if p.code != first.code)
    elif before:
        actor = before[-1].code if kind != "chips" else before[0].code
        others = [p.code for p in after if p.code != actor] or [
            p.code for p in places if p.code != actor
        ]
        target = others[0] if others else (ctx.target if ctx.target not in (None, actor) else "ALL")
    elif places:
        actor = places[0].code
        others = [p.code for p in places if p.code != actor]
        target = others[0] if others else "ALL"
    elif ctx.actor is not None:
        bilateral = kind in ("talks", "truce")  # a control names its destinations, or is general
        actor, target = ctx.actor, (ctx.target or "ALL") if bilateral else "ALL"
        confidence -= 0.2
        notes.append("who acts: from the sentences before")
    elif kind in ("export_control",) and ctx.exporter:
        actor, target = ctx.exporter, "ALL"
        confidence -= 0.2
        notes.append("who acts: from the sentences before")
    else:
        return None
    if kind == "export_control" and not places and ctx.exporter:
        actor = ctx.exporter
    if kind == "chips":  # the chip controls are the US's lever in the talks
        actor, target = ("USA", actor) if actor != "USA" else ("USA", target)
    chosen, note = _date_for(found, venues, ctx)
    if chosen is None:
        if ctx.when is not None and kind not in ("talks", "chips", "purchase", "exemption"):
            chosen, note = ctx.when, "the date of the sentence before"
        else:
            chosen, note = dates.Found(published, "", False, 0), "no date: the publication date"
        confidence -= 0.2
    if note:
        notes.append(note)
    duration = dates.find_duration(sentence)
    sectors = _sectors(sentence, lex) or (
        ctx.sectors if kind in ("export_control", "exemption") else []
    )
    return Drafted(
        kind, actor, target, chosen.day, sentence, round(confidence, 2),
        expires=None if duration is None else dates.add(chosen.day, *duration[:2]),
        sectors=sectors, date_words=chosen.words, month_only=chosen.month_only, notes=notes,
    )  # fmt: skip


def _dedupe(events: list[Drafted]) -> list[Drafted]:
    """One event per kind, actor, target, date and rate: a later mention of the same talks
    or control adds nothing."""
    seen, out = set(), []
    for e in events:
        target = tuple(e.target) if isinstance(e.target, list) else e.target
        key = (e.kind, e.actor, target, e.date, e.rate)
        if e.kind == "talks":
            key = (e.kind, e.date)
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out


def _figures(sent, sentence, places, found, published, lex: Lexicon, ctx: _Context):
    """Figures given as data: "exports to the US fell by 12.7% in May, from $33 billion in
    April to $28.8 billion"."""
    low = sentence.lower()
    if not FIGURE_VERBS.search(sentence) or not re.search(
        r"\b(exports?|imports?|duties|customs)\b", low
    ):
        return []
    reporter = "importer" if re.search(r"\bimports?\b", low) else "exporter"
    partner = next((p.code for p in places if p.object_of), None)
    owner = next((p.code for p in places if not p.object_of), None) or ctx.exporter
    if reporter == "exporter":
        exporter, importer = owner, partner or "ALL"
    else:
        exporter, importer = partner or "ALL", owner
    main = next((f for f in found), None)
    out = []
    for m in MONEY.finditer(sentence):
        value = (
            float(m.group(1))
            * {"billion": 1.0, "bn": 1.0, "million": 1e-3, "mn": 1e-3, "trillion": 1e3}[
                m.group(2).lower()
            ]
        )
        after = sentence[m.end() : m.end() + 16]
        month = next((f for f in dates.find_dates(after, published) if f.at < 6), None) or main
        if month is None:
            continue
        out.append(
            _map(
                sentence,
                m.group(0),
                f"{month.day:%Y-%m}",
                value,
                "level",
                exporter,
                importer,
                reporter,
                lex,
            )
        )
    for rate in _rates(sent):
        words = sent.doc[sent.start + rate.start : sent.start + rate.end].text
        measure = "yoy" if YEAR_ON_YEAR.search(sentence) else "mom"
        sign = (
            -1
            if re.search(
                r"\b(fell|fall|falls|dropped|drop|drops|declined|decline|declines|slumped|plunged|decreased|shrank|slid)\b",
                low,
            )
            else 1
        )
        if main is None:
            continue
        out.append(
            _map(
                sentence,
                words,
                f"{main.day:%Y-%m}",
                100 * sign * rate.value,
                measure,
                exporter,
                importer,
                reporter,
                lex,
            )
        )
    return out


def _map(
    sentence, words, month, value, measure, exporter, importer, reporter, lex: Lexicon
) -> Figure:
    if measure == "mom":
        return Figure(
            sentence,
            words,
            month,
            value,
            "% m/m",
            None,
            "a change on the month before: no such series",
        )
    for spec in lex.series:
        if (
            spec["exporter"] == exporter
            and spec["importer"] == importer
            and spec["measure"] == measure
            and spec.get("reporter", "exporter") == reporter
        ):
            return Figure(
                sentence, words, month, value * spec.get("scale", 1.0), spec["unit"], spec["series"]
            )
    return Figure(
        sentence, words, month, value, "USD bn" if measure == "level" else "% y/y", None,
        f"no series for {exporter or '?'} -> {importer or '?'} ({measure}, {reporter}'s record)",
    )  # fmt: skip
