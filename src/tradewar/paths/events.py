"""Scenario events, one type per instrument (a discriminated union on ``instrument``).

Each type validates its own fields and knows how to :meth:`~EventBase.apply` itself to
the policy in force (:mod:`tradewar.paths.timeline` applies them in date order) and how
to say what it does (:meth:`~EventBase.what`, the events list of a report). Types:

* :class:`ImportTariff` (the default when ``instrument`` is left out), :class:`ExportTax`,
  :class:`TradeCost` (a change of the iceberg cost of the actor's imports, a non-tariff
  barrier): a ``rate`` that stacks on what is in force (``mode: additional``) or replaces
  it (``absolute``);
* :class:`ReciprocalTariff`: the actor mirrors the tariffs the target levies on it;
* :class:`ExportControl`, :class:`CapacityLimit`: quantity limits with a ``quota``
  (solved with shadow taxes, docs/model.md D.2);
* :class:`Marker`: a dated label on the timeline that changes no policy (talks, a court
  ruling, a deal announced): ``kind`` says which.

Adding an instrument: a class here, its :class:`~tradewar.core.policy.Policy` method, and
its entry in :data:`EVENT_TYPES` (CONTRIBUTING.md, "Add a policy instrument").
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    field_validator,
    model_validator,
)

from tradewar.core import countries
from tradewar.core.policy import Policy, RentHolder

#: Enacted schedules (:mod:`tradewar.enacted`) and the importer that levies each.
ENACTED_ACTORS = {
    "us_enacted": "USA",
    "us_paid": "USA",
    "china_enacted": "CHN",
    "canada_enacted": "CAN",
}


def controlled_sectors(events, exporter: str, all_sectors) -> list[str]:
    """The sectors ``exporter``'s export-control events among ``events`` name, in order of
    appearance (``all_sectors`` for an event that names none)."""
    return list(
        dict.fromkeys(
            sector
            for e in events
            if e.instrument == "export_control" and e.actor == exporter
            for sector in (e.sectors or all_sectors)
        )
    )


def country_code(value: str) -> str:
    """An ISO3 code, ``ALL`` or a group (EU27), upper-cased; ValueError with suggestions."""
    code = str(value).strip().upper()
    if code in ("ALL", *countries.GROUPS) or countries.is_known_code(code):
        return code
    hint = countries.closest_codes(code, [*countries.known_codes(), "ALL", "EU27"])
    suggestion = f"; did you mean {' or '.join(hint)}?" if hint else ""
    raise ValueError(f"unknown country code {value!r}{suggestion}")


def _band(key: str, value: Any) -> tuple[float, float]:
    """``{low: ..., high: ...}`` (or ``[low, high]``) as two floats."""
    if isinstance(value, dict):
        if set(value) != {"low", "high"}:
            raise ValueError(
                f"an uncertain {key} is written {{low: ..., high: ...}}, got keys {sorted(value)}"
            )
        value = (value["low"], value["high"])
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"the {key} band needs two numbers [low, high], got {value}") from None
    if not low <= high:
        raise ValueError(f"the {key} band has low {low} above high {high}")
    return low, high


class EventBase(BaseModel):
    """What every dated event has: when, who, on whom, until when, and its source."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    #: whether the event changes the policy in force (a :class:`Marker` does not)
    changes_policy: ClassVar[bool] = True
    #: the fields a file may mark uncertain (``rate: {low: ..., high: ...}``)
    banded: ClassVar[tuple[str, ...]] = ()

    date: dt.date
    """The day the measure takes effect (YYYY-MM-DD); the month it falls in is solved with it in
    force from that day on, pro rata."""
    actor: str
    """Who acts: an ISO3 code, a group (`EU27`) or `ALL`; the importer for a tariff, the exporter
    for an export tax or control."""
    target: str | list[str] = "ALL"
    """On whom: an ISO3 code, a group, a list of them, or `ALL` (every partner)."""
    expires: dt.date | None = None
    """The day the measure lapses and what it replaced comes back (a truce that snaps back); must
    come after `date`."""
    announced: dt.date | None = None
    """When the measure was announced (default: its `date`); importers buy ahead of an announced
    increase."""
    exempt: list[str] = Field(default_factory=list)
    """Partners the measure leaves out (ISO3 codes or groups), e.g. a green channel."""
    sectors: list[str] | None = None
    """Sector codes or names the measure covers (default: every goods sector)."""
    source: str = ""
    """Where the measure is documented (a law, a notice, a news report)."""
    label: str = ""
    """The name the timeline and the reports show (default: made from the event)."""
    uncertain: dict[Literal["rate", "quota"], tuple[float, float]] = Field(default_factory=dict)
    """Quantities marked uncertain, filled from a file's ``quota: {low: 0.3, high: 0.7}`` (or
    ``rate: {low: ..., high: ...}``): the point run uses the midpoint, draws
    (tradewar.uncertainty) a uniform value in the band; not written directly."""

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
            bands[key] = _band(key, value)
        for key in ("rate", "quota"):
            if isinstance(data.get(key), dict):
                bands[key] = _band(key, data[key])
        for key, (low, high) in bands.items():
            if key not in cls.banded:
                raise ValueError(f"a {cls.instrument_name()} event has no {key} to mark uncertain")
            cls.check_band(key, low, high)
            data[key] = 0.5 * (low + high)
        if bands:
            data["uncertain"] = bands
        return data

    @classmethod
    def check_band(cls, key: str, low: float, high: float) -> None:
        """Raise ValueError if the band [low, high] of ``key`` is out of range."""

    @classmethod
    def instrument_name(cls) -> str:
        """The ``instrument`` value that selects this event type in a scenario file."""
        return cls.model_fields["instrument"].default

    @model_validator(mode="after")
    def _dates(self):
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
        return self

    @field_validator("actor")
    @classmethod
    def _actor(cls, value: str) -> str:
        return country_code(value)

    @field_validator("target", "exempt")
    @classmethod
    def _targets(cls, value):
        if isinstance(value, str):
            return country_code(value)
        return [country_code(v) for v in value]

    # -- what each type implements --------------------------------------------------------
    def apply(self, policy: Policy) -> Policy:
        """The policy in force after this event (ValueError on a bad combination)."""
        raise NotImplementedError

    def what(self) -> str:
        """What the event does, for the events list of a report."""
        raise NotImplementedError

    @property
    def enacted(self) -> str | None:
        """The enacted schedule the event follows (``us_enacted``, ``us_paid``,
        ``china_enacted``, ``canada_enacted``)."""
        return None

    @property
    def kind(self) -> str:
        """Its kind on the timeline of the web app and the charts."""
        return self.instrument  # type: ignore[attr-defined]

    @property
    def title(self) -> str:
        """Its label, or what it is and who acts."""
        return self.label or f"{self.actor} {self.instrument.replace('_', ' ')}"  # type: ignore[attr-defined]


def _rate_text(rate: float) -> str:
    return f"{100 * rate:.4g}%"


class RateEvent(EventBase):
    """An event with a rate that stacks (``additional``) or replaces (``absolute``)."""

    banded: ClassVar[tuple[str, ...]] = ("rate",)

    rate: float = 0.0
    """The rate as a fraction (0.25 is 25%; `25%` is read too): a tariff, an export tax, or the rise
    of an iceberg trade cost."""
    mode: Literal["additional", "absolute"] = "additional"
    """`additional` stacks on the rate in force; `absolute` replaces it."""
    floor: float | None = None
    """A minimum the rate in force may not fall below after this event (e.g. the 10% reciprocal
    baseline)."""

    @field_validator("rate")
    @classmethod
    def _rate(cls, value: float) -> float:
        if value <= -1:
            raise ValueError(f"rate {value} is below -100%; rates are fractions > -1")
        return value

    @classmethod
    def check_band(cls, key: str, low: float, high: float) -> None:
        if low <= -1:
            raise ValueError(f"the rate band starts at {low}, below -100%")

    def coverage(self) -> dict[str, Any]:
        """How the rate applies: stacked or not, to which sectors, sparing whom (the
        keyword arguments of the :class:`Policy` methods)."""
        return {
            "additional": self.mode == "additional",
            "sectors": self.sectors,
            "exempt": self.exempt,
        }

    def what(self) -> str:
        if self.mode == "absolute":
            text = f"set to {_rate_text(self.rate)}"
        else:
            sign = "+" if self.rate >= 0 else "-"
            text = f"{sign}{_rate_text(abs(self.rate))} on top of the rate in force"
        if self.floor is not None:
            text += f", at least {_rate_text(self.floor)}"
        return text

    @property
    def kind(self) -> str:
        if self.expires is not None:
            return "truce"  # a measure for a while: what applies then comes back
        return self.instrument  # type: ignore[attr-defined]


class ImportTariff(RateEvent):
    """An import tariff of ``actor`` on ``target``; ``schedule``: rates by partner from a
    baseline schedule, or an enacted schedule (``us_enacted``, ``us_paid``,
    ``china_enacted``, ``canada_enacted``)."""

    instrument: Literal["import_tariff"] = "import_tariff"
    """The kind of event (may be left out: an import tariff is the default)."""
    schedule: str | None = None
    """Rates by partner and sector from a named schedule instead of `rate`: a baseline schedule
    (`ustr_2025`) or an enacted one (`us_enacted`, `us_paid`, `china_enacted`, `canada_enacted`)
    followed day by day."""

    @model_validator(mode="after")
    def _enacted(self):
        if self.schedule in ENACTED_ACTORS:
            _check_enacted(self)
        return self

    def apply(self, policy: Policy) -> Policy:
        from tradewar.paths.timeline import schedule_rates

        rate = (
            self.rate if self.schedule is None else schedule_rates(policy.baseline, self.schedule)
        )
        return policy.tariff(self.actor, self.target, rate, floor=self.floor, **self.coverage())

    def what(self) -> str:
        if self.schedule:
            return f"schedule {self.schedule}" + (" added" if self.mode == "additional" else "")
        return super().what()

    @property
    def kind(self) -> str:
        return "schedule" if self.schedule is not None else super().kind

    @property
    def enacted(self) -> str | None:
        return self.schedule if self.schedule in ENACTED_ACTORS else None


class ExportTax(RateEvent):
    """An export tax of ``actor`` on its sales to ``target``."""

    instrument: Literal["export_tax"] = "export_tax"
    """The kind of event."""

    def apply(self, policy: Policy) -> Policy:
        return policy.export_tax(self.actor, self.target, self.rate, **self.coverage())


class TradeCost(RateEvent):
    """A change of the iceberg cost of ``actor``'s imports from ``target`` (a non-tariff
    barrier; ``rate`` 0.05: 5% more costly)."""

    instrument: Literal["trade_cost"] = "trade_cost"
    """The kind of event."""

    def apply(self, policy: Policy) -> Policy:
        return policy.trade_cost(self.actor, self.target, self.rate, **self.coverage())


class ReciprocalTariff(EventBase):
    """Reciprocal retaliation: ``actor`` (a country, a group or ALL) taxes ``target``'s
    goods at the rates ``target`` levies on the actor's goods that day, sector by sector
    (docs/model.md A.6); later changes of ``target``'s rates are not followed."""

    instrument: Literal["reciprocal_tariff"] = "reciprocal_tariff"
    """The kind of event."""

    @field_validator("target")
    @classmethod
    def _one_target(cls, value):
        if not isinstance(value, str) or value == "ALL" or value in countries.GROUPS:
            raise ValueError("a reciprocal_tariff mirrors one country's tariffs: name it as target")
        return value

    def apply(self, policy: Policy) -> Policy:
        b = policy.baseline
        actors = [b.countries[k] for k in b.indices(self.actor)]
        return policy.mirror(self.target, [c for c in actors if c not in self.exempt])

    def what(self) -> str:
        return f"the rates {self.target} levies on the actor's goods, sector by sector"


class QuantityLimit(EventBase):
    """A limit on quantities: ``quota`` x the baseline quantity, one pool (licence or
    capacity) per listed sector, each with its own shadow price; without ``sectors``, one
    pool over every sector. It replaces the actor's earlier overlapping limit."""

    banded: ClassVar[tuple[str, ...]] = ("quota",)

    quota: float | None = None
    """The quantity allowed as a share of the baseline quantity (0.5: half; 1.1 for a capacity: 10%
    more)."""

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
    def _needs_quota(self):
        if self.quota is None and not getattr(self, "lift", False):
            article = "an" if self.instrument[0] in "aeiou" else "a"  # type: ignore[attr-defined]
            raise ValueError(f"{article} {self.instrument} event needs a quota (e.g. quota: 0.5)")  # type: ignore[attr-defined]
        return self

    def _limits(self):
        for sector in self.sectors or [None]:
            yield {
                "quota": self.quota,
                "sectors": None if sector is None else [sector],
                "exempt": self.exempt,
                "replace_earlier": True,
            }


class ExportControl(QuantityLimit):
    """``actor``'s exports of ``sectors`` to ``target`` at most ``quota`` x the baseline
    quantity (licences); exempt partners are a "green channel".

    ``pools`` gives groups of destinations their own licence pool, each with its own
    approval rate (a share of the group's baseline quantity, in (0, 1]) and its own shadow
    price: ``pools: {USA: 0.07, EU27: 0.3}``; ``quota`` is then the rate of every
    destination not named. ``rent`` says who holds the licence rent (docs/model.md D.4):
    the exporter (default), the importer holding the licence, or nobody.

    ``lift: true`` (with no quota or pools) ends the actor's controls on ``sectors`` to
    ``target``: those flows trade freely again."""

    instrument: Literal["export_control"] = "export_control"
    """The kind of event."""

    pools: dict[str, float] = Field(default_factory=dict)
    """Licence pools by destination group: `{USA: 0.07, EU27: 0.3}`, each an approval rate in (0, 1]
    with its own shadow price."""
    rent: RentHolder = "exporter"
    """Who holds the licence rent: `exporter`, `importer` (the licensed buyer) or `nobody`
    (docs/model.md D.4)."""
    lift: bool = False
    """End the actor's controls on `sectors` to `target` (with no quota or pools)."""

    @field_validator("pools", mode="before")
    @classmethod
    def _pools(cls, value):
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValueError("pools maps destinations to approval rates, e.g. {USA: 0.1}")
        pools = {}
        for key, rate in value.items():
            code = country_code(key)
            if code == "ALL":
                raise ValueError("a licence pool names destinations; ALL is the quota itself")
            try:
                rate = float(rate)
            except (TypeError, ValueError):
                raise ValueError(f"pool {code}: approval rate {rate!r} is not a number") from None
            if not 0 < rate <= 1:
                raise ValueError(
                    f"pool {code}: approval rate {rate:g} must be in (0, 1] (a share of the "
                    "baseline quantity; a full ban is not a quota)"
                )
            pools[code] = rate
        return pools

    @model_validator(mode="after")
    def _lift_alone(self):
        if self.lift and (self.quota is not None or self.pools):
            raise ValueError("a lifted export control takes no quota or pools: it ends the control")
        return self

    @model_validator(mode="after")
    def _pools_are_destinations(self):
        for code in self.pools:
            if code == self.actor or code in self.exempt:
                where = "the exporter itself" if code == self.actor else "exempt"
                raise ValueError(f"pool {code} is {where}: it cannot hold licences")
            targets = [self.target] if isinstance(self.target, str) else self.target
            if "ALL" not in targets and code not in targets:
                raise ValueError(f"pool {code} is not among the targets {targets}")
        return self

    @classmethod
    def check_band(cls, key: str, low: float, high: float) -> None:
        if not (low > 0 and high <= 1):
            raise ValueError(
                f"the quota band [{low}, {high}] must lie in (0, 1] (a share of the baseline "
                "quantity)"
            )

    def apply(self, policy: Policy) -> Policy:
        if self.lift:
            return policy.lift_export_control(
                self.actor, to=self.target, sectors=self.sectors, exempt=self.exempt
            )
        label = self.label or f"{self.actor} export control from {self.date}"
        pooled = list(self.pools)
        rest = self.model_copy(update={"exempt": [*self.exempt, *pooled]})
        for limit in rest._limits():
            policy = policy.export_control(
                self.actor, to=self.target, label=label, rent=self.rent, **limit
            )
        for group, rate in self.pools.items():
            pool = self.model_copy(update={"quota": rate})
            for limit in pool._limits():
                policy = policy.export_control(
                    self.actor, to=group, label=f"{label}: {group} pool", rent=self.rent, **limit
                )
        return policy

    def what(self) -> str:
        if self.lift:
            return "control lifted"
        pools = "".join(f", {code} {rate:g}" for code, rate in self.pools.items())
        rest = " elsewhere" if pools else ""
        holder = {
            "importer": "; the rent held by the importer",
            "nobody": "; the rent held by nobody",
        }
        return f"quota {self.quota:g} of baseline quantity{rest}{pools}{holder.get(self.rent, '')}"


class CapacityLimit(QuantityLimit):
    """The output of ``sectors`` by ``actor`` (ALL: every producer but the exempt), home
    and abroad, at most ``quota`` x the baseline (1.1: +10%)."""

    instrument: Literal["capacity_limit"] = "capacity_limit"
    """The kind of event."""

    @classmethod
    def check_band(cls, key: str, low: float, high: float) -> None:
        if not low > 0:
            raise ValueError(f"the capacity band [{low}, {high}] must be positive")

    @model_validator(mode="after")
    def _everywhere(self):
        if self.target != "ALL":
            raise ValueError(
                "a capacity_limit covers the producers' sales everywhere: leave target out "
                "(the producers are the actor, minus exempt)"
            )
        return self

    def apply(self, policy: Policy) -> Policy:
        label = self.label or f"{self.actor} capacity from {self.date}"
        for limit in self._limits():
            policy = policy.capacity_limit(self.actor, label=label, **limit)
        return policy

    def what(self) -> str:
        return f"output at most {self.quota:g} times the baseline quantity, home and abroad"


class Marker(EventBase):
    """A dated label on the timeline that changes no policy: talks, a court ruling, a deal
    announced, a note (``about``)."""

    changes_policy: ClassVar[bool] = False

    instrument: Literal["marker"] = "marker"
    """The kind of event."""
    actor: str = "ALL"
    """Who the label is about (default `ALL`)."""
    about: Literal["talks", "ruling", "deal", "note"] = "note"
    """What the marker marks: talks, a court ruling, a deal announced, or a note."""

    def apply(self, policy: Policy) -> Policy:
        return policy

    def what(self) -> str:
        return f"{self.about} (a dated marker, no policy change)"

    @property
    def kind(self) -> str:
        return self.about

    @property
    def title(self) -> str:
        return self.label or self.about


#: instrument name -> event type (the union below reads it; add new instruments here)
EVENT_TYPES: dict[str, type[EventBase]] = {
    t.instrument_name(): t
    for t in (
        ImportTariff,
        ExportTax,
        TradeCost,
        ReciprocalTariff,
        ExportControl,
        CapacityLimit,
        Marker,
    )
}
#: Instruments that limit quantities (a ``quota``, solved with shadow taxes).
QUANTITY_LIMITS = tuple(k for k, t in EVENT_TYPES.items() if issubclass(t, QuantityLimit))


def _instrument_of(data: Any) -> str:
    if isinstance(data, dict):
        return data.get("instrument", "import_tariff")
    return getattr(data, "instrument", "import_tariff")


AnyEvent = Annotated[
    Annotated[ImportTariff, Tag("import_tariff")]
    | Annotated[ExportTax, Tag("export_tax")]
    | Annotated[TradeCost, Tag("trade_cost")]
    | Annotated[ReciprocalTariff, Tag("reciprocal_tariff")]
    | Annotated[ExportControl, Tag("export_control")]
    | Annotated[CapacityLimit, Tag("capacity_limit")]
    | Annotated[Marker, Tag("marker")],
    Discriminator(
        _instrument_of,
        custom_error_type="unknown_instrument",
        custom_error_message=f"unknown instrument; choose from {', '.join(EVENT_TYPES)}",
    ),
]
_ADAPTER: TypeAdapter[AnyEvent] = TypeAdapter(AnyEvent)


def without_tags(loc: tuple) -> tuple:
    """A validation error's location without the event type pydantic puts after an event's
    index (``events.3.export_control.quota`` -> ``events.3.quota``)."""
    out = []
    for k, key in enumerate(loc):
        if k >= 1 and isinstance(loc[k - 1], int) and key in EVENT_TYPES:
            continue
        out.append(key)
    return tuple(out)


def Event(**fields: Any) -> EventBase:
    """The event of type ``fields["instrument"]`` (default ``import_tariff``), validated."""
    return _ADAPTER.validate_python(fields)


def _check_enacted(event: ImportTariff) -> None:
    from tradewar.enacted import schedule as enacted

    actor = ENACTED_ACTORS[event.schedule]
    if event.actor != actor:
        raise ValueError(f"schedule {event.schedule} is levied by {actor}, not {event.actor}")
    if event.mode != "additional":
        raise ValueError(f"schedule {event.schedule} is an additional import tariff")
    table = enacted.load(event.schedule)
    if not table.first <= event.date <= table.last:
        raise ValueError(
            f"date {event.date} is outside the {event.schedule} schedule ({table.first} to "
            f"{table.last})"
        )
