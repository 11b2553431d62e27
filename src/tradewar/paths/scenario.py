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
    recording:                       # optional: how each side records trade (mirror.py)
      freight_sea: 0.07              # freight and insurance over FOB value, by route
      parts: [timing, residual]      # parts of the mirror gap on (default: all)
      rerouting: records             # goods routed through hubs (rerouting.py): records
                                     # (moves records), equilibrium (demand sees it), off
      hubs: {CHN: [VNM, MYS]}        # hubs by origin (default: the baseline rule)
    inventories:                     # optional: users' stocks of controlled inputs
      cover: {C29: 1.5}              # months of use held, by using sector
      default: 2.5                   # every other user and final demand
      rebuild_months: 6              # a drawn stock is rebuilt over these months
    retail:                          # optional: the shop layer of the price tables
      frequency: 0.10                # share of shop prices reset each month
      margins: {USA: 0.39}           # distribution margin (default: national IO tables)
    events:
      - date: 2025-02-04
        actor: USA                   # who acts (importer for tariffs)
        target: CHN                  # partners: code, group (EU27), list or ALL
        instrument: import_tariff    # or export_tax, export_control, capacity_limit,
                                     # trade_cost, marker (tradewar.paths.events)
        rate: 0.10                   # fraction (trade_cost: change of the iceberg cost
                                     # of the actor's imports, a non-tariff barrier)
        quota: 0.5                   # export_control only: allowed quantity / baseline;
                                     # replaces the actor's earlier overlapping control;
                                     # exempt partners are a "green channel"; each of
                                     # `sectors` is its own licence pool (none listed:
                                     # one pool over every sector).
                                     # pools: {USA: 0.07} gives destinations their own
                                     # pool and approval rate (quota: the others');
                                     # rent: exporter | importer | nobody holds it
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
      - date: 2025-06-09
        instrument: marker           # a dated label, no policy change
        about: talks                 # talks, ruling, deal or note
        label: London talks
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
)

from tradewar.core.errors import TradewarError, read_user_text
from tradewar.core.months import month_range
from tradewar.core.policy import HIGH_RATE
from tradewar.paths.events import (
    ENACTED_ACTORS,
    EVENT_TYPES,
    QUANTITY_LIMITS,
    AnyEvent,
    Event,
    EventBase,
    ImportTariff,
    country_code,
    without_tags,
)
from tradewar.paths.inventories import rebuild_problem, stock_problem
from tradewar.paths.prices import margin_problem

__all__ = [
    "ENACTED_ACTORS",
    "QUANTITY_LIMITS",
    "Dynamics",
    "Event",
    "Scenario",
    "ScenarioError",
    "enacted_steps",
    "load",
    "loads",
    "month_range",
]


class ScenarioError(TradewarError):
    """A scenario file that cannot be used; the message names file, line and field
    (also kept as ``field`` and ``line`` when known, e.g. for JSON errors)."""

    def __init__(self, message: str, field: str | None = None, line: int | None = None):
        super().__init__(message)
        self.field = field
        self.line = line


def enacted_steps(event: ImportTariff) -> list[EventBase]:
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


class Dynamics(BaseModel):
    """Time profile of trade responses (docs/model.md E, E.1): the elasticity of tariff-exclusive
    flows h months after a change is g(h) times its long-run value -(theta + 1), with
    g(h) = 1 - (1 - g0) exp(-h / months)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    profile: Literal["blp2023", "long_run"] = "blp2023"
    """`blp2023`: responses build up over months (the time profile g(h)); `long_run`: the long-run
    elasticity from the first month."""
    g0: float = Field(0.0, ge=0, le=1)
    """g(0), the share of the long-run response in the month of a change, in [0, 1]."""
    months: float = Field(25.1, gt=0)
    """The time constant of g(h), months (> 0)."""
    source: str = (
        "Boehm, Levchenko & Pandalai-Nayar (2023), AER 113(4): elasticity of tariff-exclusive "
        "imports about 0.76 after one year and 2.0 in the long run, so g(12) = 0.38; goods "
        "ordered before a change still ship, so g(0) = 0 (docs/model.md E.1); g(96) = 0.98"
    )
    """Where the profile's parameters come from (shown in reports)."""


class Recording(BaseModel):
    """How each side records trade (docs/model.md J.3, J.4): freight and insurance by route,
    the parts of the mirror gap switched on, rerouting through hubs."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    freight_land: float = Field(0.04, ge=0, lt=1)
    """Freight and insurance on land routes as a share of the FOB value, in [0, 1) (docs/model.md
    J.3)."""
    freight_sea: float = Field(0.07, ge=0, lt=1)
    """Freight and insurance on sea routes as a share of the FOB value, in [0, 1)."""
    parts: list[str] | None = None
    """The parts of the gap between two customs records switched on (default: all; see docs/model.md
    J.3)."""
    rerouting: Literal["records", "equilibrium", "off"] = "records"
    """Goods rerouted through hubs: seen in the records only, by the equilibrium too, or not at all
    (docs/model.md J.4)."""
    hubs: dict[str, list[str]] = Field(default_factory=dict)
    """Hubs by origin, `{CHN: [VNM, MEX]}`, replacing the default hubs."""

    @field_validator("parts")
    @classmethod
    def _parts(cls, value: list[str] | None) -> list[str] | None:
        from tradewar.paths.mirror import PARTS

        for part in value or []:
            if part not in PARTS:
                raise ValueError(f"unknown part {part!r}; known: {', '.join(PARTS)}")
        return value

    @field_validator("hubs")
    @classmethod
    def _hubs(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        out = {}
        for origin, hubs in value.items():
            code = country_code(origin)
            named = [country_code(h) for h in hubs]
            if code in named:
                raise ValueError(f"hub {code} of origin {code} is the origin itself")
            out[code] = named
        return out


class Inventories(BaseModel):
    """Users' stocks of the inputs under export control (docs/model.md D.5;
    :mod:`tradewar.paths.inventories`): months of use by using sector (``cover``), for
    every other user and final demand (``default``), and the months over which users
    rebuild a drawn stock; ``exporter``: whose controlled sales users stock (needed only
    when several exporters control exports in the scenario)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    exporter: str | None = None
    """Whose controlled sales users stock (needed only when several exporters control exports)."""
    cover: dict[str, float] = Field(default_factory=dict)
    """Months of use held in stock, by using sector: `{C29: 1.5}`."""
    default: float = 0.0
    """Months of use held by every other user and final demand."""
    rebuild_months: float = 6.0
    """Months over which users rebuild a drawn stock."""
    source: str = ""
    """Where the stock figures come from."""

    @field_validator("exporter")
    @classmethod
    def _exporter(cls, value: str | None) -> str | None:
        return None if value is None else country_code(value)

    @field_validator("cover")
    @classmethod
    def _cover(cls, value: dict[str, float]) -> dict[str, float]:
        for sector, months in value.items():
            _refuse(stock_problem(f"stock of {sector}:", months))
        return value

    @field_validator("default")
    @classmethod
    def _default(cls, value: float) -> float:
        _refuse(stock_problem("default stock", value))
        return value

    @field_validator("rebuild_months")
    @classmethod
    def _rebuild(cls, value: float) -> float:
        _refuse(rebuild_problem(value))
        return value


class Retail(BaseModel):
    """The shop layer of the price tables (docs/model.md M.2; our design): the monthly
    frequency of shop price changes and distribution margins by country that replace the
    national tables' (fractions of the shop price)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    frequency: float = Field(0.10, gt=0, le=1)
    """Share of shop prices reset each month, in (0, 1] (Nakamura & Steinsson 2008: about 0.10)."""
    margins: dict[str, float] = Field(default_factory=dict)
    """Distribution margins by country, fractions of the shop price in [0, 1), replacing the
    national tables' (`{USA: 0.4}`)."""

    @field_validator("margins")
    @classmethod
    def _margins(cls, value: dict[str, float]) -> dict[str, float]:
        out = {}
        for code, margin in value.items():
            _refuse(margin_problem(code, margin))
            out[country_code(code)] = margin
        return out


def _refuse(problem: str | None) -> None:
    """A field validator's error for ``problem`` (pydantic reports ValueErrors)."""
    if problem:
        raise ValueError(problem)


#: Largest scenario accepted: months on the path and events in the file.
MAX_MONTHS = 600
MAX_EVENTS = 10_000


class Scenario(BaseModel):
    """A whole scenario file (at most :data:`MAX_MONTHS` months and :data:`MAX_EVENTS`
    events)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    name: str
    """The scenario's name (reports and the default output folder use it)."""
    accept_high_rates: bool = False
    """Accept rates above 10 (1000%), refused otherwise as a likely percent typo."""
    baseline: str = "default"
    """The baseline to solve on: an embedded default (`default`, `default-multisector`, ...) or a
    reader of the shared data (`tradewar baselines` lists them)."""
    start: str
    """First month of the path, YYYY-MM."""
    end: str
    """Last month of the path, YYYY-MM (at most 600 months after `start`)."""
    focus: list[str] = Field(default_factory=lambda: ["USA", "CHN"])
    """Countries whose outcomes the reports print (ISO3 codes)."""
    model: dict = Field(default_factory=dict)
    """Options of the model family, e.g. `{elasticities: CP, deficits: fixed}`."""
    dynamics: Dynamics = Field(default_factory=Dynamics)
    """How fast trade responds (Dynamics, below)."""
    recording: Recording = Field(default_factory=Recording)
    """How each side's customs records trade (Recording, below)."""
    inventories: Inventories | None = None
    """Users' stocks of controlled inputs (Inventories, below); none by default."""
    retail: Retail = Field(default_factory=Retail)
    """The shop layer of the price tables (Retail, below)."""
    events: list[AnyEvent] = Field(default_factory=list, max_length=MAX_EVENTS)
    """The dated events (Events, below), at most 10,000."""

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
        return [country_code(v) for v in value]

    def steps(self) -> list[EventBase]:
        """The events the timeline applies: each event with an enacted schedule expanded
        into its dated changes (:func:`enacted_steps`), the others as written."""
        out: list[EventBase] = []
        for event in self.events:
            out += enacted_steps(event) if event.enacted else [event]
        return out

    def file_text(self) -> str:
        """The scenario as a file (YAML, defaults left out but each event's instrument
        kept); checked to load again."""
        data = self.model_dump(mode="json", exclude_defaults=True)
        for event, written in zip(self.events, data.get("events", []), strict=True):
            if event.instrument != "import_tariff":
                written["instrument"] = event.instrument
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        loads(text)  # what we hand out must load
        return text

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
        tagged = tuple(err["loc"])
        loc = without_tags(tagged)
        field = ".".join(str(p) for p in loc)
        line = _line_of(root, loc)
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}" + _suggestion(tagged)
        elif err["type"] == "missing":
            message = f"missing required field {loc[-1]!r}"
        elif err["type"] == "too_long":
            message = f"{message} (at most {MAX_EVENTS} events)"
        raise ScenarioError(
            f"{path}, line {line}, field {field}: {message}", field=field, line=line
        ) from None
    if not scenario.accept_high_rates:
        for k, event in enumerate(scenario.events):
            if getattr(event, "rate", 0.0) > HIGH_RATE:
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
    """``"; did you mean 'rate'?"`` for the misspelled field at ``loc`` (field names,
    list indices and the event type pydantic puts after an event's index, from the root),
    or the fields of that level when none is close."""
    import difflib

    fields: list[str] | None = list(Scenario.model_fields)
    for key in loc[:-1]:
        if isinstance(key, int) or fields is None:
            continue
        if key in EVENT_TYPES:  # the event's own type: only its fields
            fields = list(EVENT_TYPES[key].model_fields)
            if any(loc[-1] in t.model_fields for t in EVENT_TYPES.values()):
                article = "an" if key[0] in "aeiou" else "a"
                return f" of {article} {key} event; its fields: {', '.join(fields)}"
        elif key == "events":  # the type is not known: every event type's fields
            fields = list(dict.fromkeys(f for t in EVENT_TYPES.values() for f in t.model_fields))
        elif key == "dynamics":
            fields = list(Dynamics.model_fields)
        elif key == "retail":
            fields = list(Retail.model_fields)
        else:
            fields = None
    if fields is None:
        return ""
    close = difflib.get_close_matches(str(loc[-1]), fields, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else f"; fields here: {', '.join(fields)}"


def scenario_path(values: Sequence[str]) -> Path | None:
    """The scenario file named by a command-line option's values (one value ending in
    ``.yaml`` or ``.yml``), or None when the values are something else (tariff specs)."""
    if len(values) == 1 and values[0].endswith((".yaml", ".yml")):
        return Path(values[0])
    return None
