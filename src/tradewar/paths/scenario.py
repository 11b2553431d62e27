"""Scenario files: a baseline, a model and a list of dated policy events (YAML).

Schema (validated with pydantic; errors name the file, line and field)::

    name: US-China 2025
    accept_high_rates: false         # true: allow rates above 10 (1000%)
    baseline: default                # a name from `tradewar baselines`
    start: 2025-01                   # first month of the path
    end: 2026-12                     # last month
    focus: [USA, CHN]
    model: {trade_elasticity: 4}     # one-sector: OneSectorParams fields; multi-sector
                                     # baselines: {elasticities: CP, deficits: fixed}
    dynamics: {profile: blp2023}     # or {profile: long_run}; g0 / months overridable
    events:
      - date: 2025-02-04
        actor: USA                   # who acts (importer for tariffs)
        target: CHN                  # partners: code, group (EU27), list or ALL
        instrument: import_tariff    # or export_tax, export_control, capacity_limit,
                                     # trade_cost
        rate: 0.10                   # fraction (trade_cost: change of the iceberg cost
                                     # of the actor's imports, a non-tariff barrier)
        quota: 0.5                   # export_control only: allowed quantity / baseline;
                                     # replaces the actor's earlier overlapping control;
                                     # exempt partners are a "green channel"; each of
                                     # `sectors` is its own licence pool (none listed:
                                     # one pool over every sector).
                                     # capacity_limit: the actor's (ALL: every producer
                                     # but the exempt) output of `sectors`, home and
                                     # abroad, at most quota x baseline (1.1: +10%)
        mode: additional             # additional (stacks on what is in force) | absolute
        schedule: ustr_2025          # optional: rates by partner from a baseline schedule
        floor: 0.10                  # optional: minimum rate after the event
        expires: 2025-05-14          # optional: the event stops applying (snap-back)
        announced: 2025-02-01        # optional (default: date): importers buy ahead of
                                     # an announced increase (recorded_trade)
        exempt: [MEX]                # optional partners left out
        source: "EO 14195"           # where the fact comes from
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from tradewar.core import countries
from tradewar.core.errors import TradewarError, read_user_text
from tradewar.core.policy import HIGH_RATE

#: Instruments that limit quantities (a ``quota``, solved with shadow taxes, MODEL.md D.2).
QUANTITY_LIMITS = ("export_control", "capacity_limit")


class ScenarioError(TradewarError):
    """A scenario file that cannot be used; the message names file, line and field
    (also kept as ``field`` and ``line`` when known, e.g. for JSON errors)."""

    def __init__(self, message: str, field: str | None = None, line: int | None = None):
        super().__init__(message)
        self.field = field
        self.line = line


class Event(BaseModel):
    """One dated policy action."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date
    actor: str
    target: str | list[str] = "ALL"
    instrument: Literal[
        "import_tariff", "export_tax", "export_control", "capacity_limit", "trade_cost"
    ] = "import_tariff"
    rate: float = 0.0
    quota: float | None = None
    schedule: str | None = None
    floor: float | None = None
    mode: Literal["additional", "absolute"] = "additional"
    expires: dt.date | None = None
    announced: dt.date | None = None
    exempt: list[str] = Field(default_factory=list)
    sectors: list[str] | None = None
    source: str = ""
    label: str = ""
    #: Quantities marked uncertain, ``{"quota": (low, high)}``: written in a file as
    #: ``quota: {low: 0.3, high: 0.7}`` (or ``rate: {low: ..., high: ...}``); the point
    #: run uses the midpoint, draws (tradewar.uncertainty) a uniform value in the band.
    uncertain: dict[Literal["rate", "quota"], tuple[float, float]] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _bands(cls, data):
        if not isinstance(data, dict):
            return data
        data = dict(data)
        raw = data.get("uncertain") or {}
        if not isinstance(raw, dict):
            raise ValueError("uncertain maps rate or quota to [low, high]")
        bands = {}
        for key, value in raw.items():
            if key not in ("rate", "quota"):
                raise ValueError(f"uncertain takes rate or quota, not {key!r}")
            try:
                low, high = (float(v) for v in value)
            except (TypeError, ValueError):
                raise ValueError(f"the {key} band needs two numbers [low, high]") from None
            bands[key] = (low, high)
        for key in ("rate", "quota"):
            value = data.get(key)
            if isinstance(value, dict):
                if set(value) != {"low", "high"}:
                    raise ValueError(
                        f"an uncertain {key} is written {{low: ..., high: ...}}, got keys "
                        f"{sorted(value)}"
                    )
                try:
                    low, high = float(value["low"]), float(value["high"])
                except (TypeError, ValueError):
                    raise ValueError(f"the {key} band needs two numbers, got {value}") from None
                bands[key] = (low, high)
        for key, (low, high) in bands.items():
            if not low <= high:
                raise ValueError(f"the {key} band has low {low} above high {high}")
            capacity = data.get("instrument") == "capacity_limit"
            if key == "quota" and not (low > 0 and (capacity or high <= 1)):
                raise ValueError(
                    f"the quota band [{low}, {high}] must lie in (0, 1] (a share of the "
                    "baseline quantity)"
                    if not capacity
                    else f"the capacity band [{low}, {high}] must be positive"
                )
            if key == "rate" and low <= -1:
                raise ValueError(f"the rate band starts at {low}, below -100%")
            data[key] = 0.5 * (low + high)
        if bands:
            data["uncertain"] = bands
        return data

    @field_validator("rate")
    @classmethod
    def _rate(cls, value: float) -> float:
        if value <= -1:
            raise ValueError(f"rate {value} is below -100%; rates are fractions > -1")
        return value

    @field_validator("quota")
    @classmethod
    def _quota(cls, value: float | None) -> float | None:
        if value is not None and not value > 0:
            raise ValueError(
                f"quota {value} must be a positive quantity index (0.5 = half the baseline "
                "quantity)"
            )
        return value

    @model_validator(mode="after")
    def _instrument_fields(self):
        if self.announced is None:
            self.announced = self.date
        elif self.announced > self.date:
            raise ValueError(
                f"announced {self.announced} is after the event's date {self.date}; "
                "an event is announced on or before the day it takes effect"
            )
        if self.expires is not None and self.expires <= self.date:
            raise ValueError(
                f"expires {self.expires} is not after the event's date {self.date}; an "
                "event stops applying on its expiry date"
            )
        if self.schedule in ENACTED_ACTORS:
            _check_enacted(self)
        if self.instrument in QUANTITY_LIMITS and self.quota is None:
            article = "an" if self.instrument[0] in "aeiou" else "a"
            raise ValueError(f"{article} {self.instrument} event needs a quota (e.g. quota: 0.5)")
        if self.instrument not in QUANTITY_LIMITS and self.quota is not None:
            raise ValueError(
                f"quota applies to export_control and capacity_limit events, not {self.instrument}"
            )
        if self.instrument == "capacity_limit" and self.target != "ALL":
            raise ValueError(
                "a capacity_limit covers the producers' sales everywhere: leave target out "
                "(the producers are the actor, minus exempt)"
            )
        return self

    @field_validator("actor")
    @classmethod
    def _actor(cls, value: str) -> str:
        return _code(value)

    @field_validator("target", "exempt")
    @classmethod
    def _targets(cls, value):
        if isinstance(value, str):
            return _code(value)
        return [_code(v) for v in value]


def month_range(first: str, last: str) -> list[str]:
    """Months ``YYYY-MM`` from ``first`` to ``last`` inclusive (empty if ``last`` comes
    first)."""
    y, m = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    out = []
    while (y, m) <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


#: Enacted schedules (:mod:`tradewar.enacted`) and the importer that levies each.
ENACTED_ACTORS = {"us_enacted": "USA", "china_enacted": "CHN"}


def _check_enacted(event: Event) -> None:
    from tradewar.enacted import schedule as enacted

    actor = ENACTED_ACTORS[event.schedule]
    if event.actor != actor:
        raise ValueError(f"schedule {event.schedule} is levied by {actor}, not {event.actor}")
    if event.instrument != "import_tariff" or event.mode != "additional":
        raise ValueError(f"schedule {event.schedule} is an additional import tariff")
    table = enacted.load(event.schedule)
    if not table.first <= event.date <= table.last:
        raise ValueError(
            f"date {event.date} is outside the {event.schedule} schedule ({table.first} to "
            f"{table.last})"
        )


def enacted_steps(event: Event) -> list[Event]:
    """An event with an enacted schedule as one event per change of the schedule from the
    event's date (and before its expiry): ``schedule`` becomes ``NAME@FROM:TO``, the
    increase from the rates of day FROM (none: from zero) to those of day TO; each keeps
    the event's target, exemptions, sectors and expiry, and is announced on the day the
    measure was announced (:data:`tradewar.enacted.us_law.ANNOUNCED`)."""
    from tradewar.enacted import schedule as enacted
    from tradewar.enacted.us_law import ANNOUNCED

    table = enacted.load(event.schedule)
    days = [dt.date.fromisoformat(str(d)) for d in table.days]
    start = table.days[table.step(event.date)]
    steps, previous = [], ""
    for day in [event.date, *[d for d in days if d > event.date]]:
        if event.expires is not None and day >= event.expires:
            break
        current = str(table.days[table.step(day)]) if day > event.date else str(start)
        announced = min(ANNOUNCED.get(day, day), day) if day > event.date else event.announced
        steps.append(
            event.model_copy(
                update={
                    "date": day,
                    "announced": announced,
                    "schedule": f"{event.schedule}@{previous}:{current}",
                    "label": f"{event.label or event.schedule} ({day})",
                }
            )
        )
        previous = current
    return steps


def _code(value: str) -> str:
    code = str(value).strip().upper()
    if code in ("ALL", *countries.GROUPS) or countries.is_known_code(code):
        return code
    hint = countries.closest_codes(code, [*countries.known_codes(), "ALL", "EU27"])
    suggestion = f"; did you mean {' or '.join(hint)}?" if hint else ""
    raise ValueError(f"unknown country code {value!r}{suggestion}")


class Dynamics(BaseModel):
    """Time profile of trade responses (MODEL.md E, E.1): the elasticity of tariff-exclusive
    flows h months after a change is g(h) times its long-run value -(theta + 1), with
    g(h) = 1 - (1 - g0) exp(-h / months)."""

    model_config = ConfigDict(extra="forbid")

    profile: Literal["blp2023", "long_run"] = "blp2023"
    g0: float = Field(0.0, ge=0, le=1)
    months: float = Field(25.1, gt=0)
    source: str = (
        "Boehm, Levchenko & Pandalai-Nayar (2023), AER 113(4): elasticity of tariff-exclusive "
        "imports about 0.76 after one year and 2.0 in the long run, so g(12) = 0.38; goods "
        "ordered before a change still ship, so g(0) = 0 (MODEL.md E.1); g(96) = 0.98"
    )


#: Largest scenario accepted: months on the path and events in the file.
MAX_MONTHS = 600
MAX_EVENTS = 10_000


class Scenario(BaseModel):
    """A whole scenario file (at most :data:`MAX_MONTHS` months and :data:`MAX_EVENTS`
    events)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    accept_high_rates: bool = False
    baseline: str = "default"
    start: str
    end: str
    focus: list[str] = Field(default_factory=lambda: ["USA", "CHN"])
    model: dict = Field(default_factory=dict)
    dynamics: Dynamics = Field(default_factory=Dynamics)
    events: list[Event] = Field(default_factory=list, max_length=MAX_EVENTS)

    @field_validator("start", "end")
    @classmethod
    def _month(cls, value) -> str:
        text = str(value)
        try:
            dt.datetime.strptime(text, "%Y-%m")
        except ValueError:
            raise ValueError(f"{text!r} is not a month like 2025-01") from None
        return text

    @field_validator("end")
    @classmethod
    def _end(cls, value: str, info) -> str:
        start = info.data.get("start")
        if start is None:
            return value
        (y0, m0), (y1, m1) = (map(int, v.split("-")) for v in (start, value))
        months = (y1 - y0) * 12 + (m1 - m0) + 1
        if months < 1:
            raise ValueError(f"end {value} is before start {start}")
        if months > MAX_MONTHS:
            raise ValueError(
                f"the path from {start} to {value} has {months} months; at most {MAX_MONTHS}"
            )
        return value

    @field_validator("focus")
    @classmethod
    def _focus(cls, value: list[str]) -> list[str]:
        return [_code(v) for v in value]

    def steps(self) -> list[Event]:
        """The events the timeline applies: each event with an enacted schedule expanded
        into its dated changes (:func:`enacted_steps`), the others as written."""
        out: list[Event] = []
        for event in self.events:
            out += enacted_steps(event) if event.schedule in ENACTED_ACTORS else [event]
        return out

    def months(self) -> list[str]:
        """Months of the path, ``YYYY-MM``, from ``start`` to ``end`` inclusive."""
        out = month_range(self.start, self.end)
        if not out:  # the schema refuses such files; a hand-built Scenario may not
            raise ScenarioError(f"scenario {self.name!r}: end {self.end} is before start")
        return out


class _Loader(yaml.SafeLoader):
    """Safe YAML loader that leaves dates as text, so the schema validates (and locates)
    them like every other field."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line_of(node, path: tuple) -> int | None:
    """1-based line of the YAML node at ``path`` (keys and list indices)."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == key]
            if not match:
                return node.start_mark.line + 1
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return node.start_mark.line + 1


def load(path: str | Path) -> Scenario:
    """Read and validate a scenario file; :class:`ScenarioError` names file, line, field."""
    return loads(read_user_text(path, "scenario file", ScenarioError), str(Path(path)))


def loads(text: str, path: str = "<scenario>") -> Scenario:
    """Validate a scenario given as YAML text (named ``path`` in errors); only plain data
    is read (a safe loader: no tags that construct objects)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError(f"{path}{where}: not valid YAML ({problem})") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: expected a mapping with name, start, end, events")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc)
        line = _line_of(root, loc)
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}" + _suggestion(loc)
        elif err["type"] == "missing":
            message = f"missing required field {loc[-1]!r}"
        elif err["type"] == "too_long":
            message = f"{message} (at most {MAX_EVENTS} events)"
        raise ScenarioError(
            f"{path}, line {line}, field {field}: {message}", field=field, line=line
        ) from None
    if not scenario.accept_high_rates:
        for k, event in enumerate(scenario.events):
            if event.rate > HIGH_RATE:
                line = _line_of(root, ("events", k, "rate"))
                raise ScenarioError(
                    f"{path}, line {line}, field events.{k}.rate: rate {event.rate:g} is "
                    f"{100 * event.rate:,.0f}%; did you mean {event.rate:g}% (rate: "
                    f"{event.rate / 100:g})? Rates are fractions; add 'accept_high_rates: "
                    "true' to the file to keep it",
                    field=f"events.{k}.rate",
                    line=line,
                )
    return scenario


def _suggestion(loc: tuple) -> str:
    """``"; did you mean 'rate'?"`` for the misspelled field at ``loc`` (field names and
    list indices from the root), or "" when no field of that level is close."""
    import difflib

    model: type[BaseModel] | None = Scenario
    for key in loc[:-1]:
        if isinstance(key, int) or model is None:
            continue
        model = {"events": Event, "dynamics": Dynamics}.get(key)
    if model is None:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1, cutoff=0.6)
    return (
        f"; did you mean {close[0]!r}?"
        if close
        else f"; fields here: {', '.join(model.model_fields)}"
    )


def scenario_path(values: Sequence[str]) -> Path | None:
    """The scenario file named by a command-line option's values (one value ending in
    ``.yaml`` or ``.yml``), or None when the values are something else (tariff specs)."""
    if len(values) == 1 and values[0].endswith((".yaml", ".yml")):
        return Path(values[0])
    return None
