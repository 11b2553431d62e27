"""Requests and answers of the HTTP API (pydantic models; the OpenAPI schema is built from
them). Policy changes are scenario :mod:`tradewar.paths.events` objects, validated
by the same model as scenario files."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tradewar.paths.events import AnyEvent

#: Embedded baselines the what-if view solves on.
Baseline = Literal["default", "default-multisector", "default-rare-earths"]
#: Baselines of the talks view: a map is up to 256 solves, so one sector (milliseconds
#: each); multi-sector talks run in Python or the CLI (``tradewar talks``).
TalksBaseline = Literal["default"]
#: Most events in one request or uploaded scenario.
MAX_EVENTS = 500


class PolicyRequest(BaseModel):
    """A policy: the baseline's tariffs changed by ``events`` (applied as in a scenario
    file, on the day after the last event's date)."""

    model_config = ConfigDict(extra="forbid")

    baseline: Baseline = "default"
    events: list[AnyEvent] = Field(default_factory=list, max_length=MAX_EVENTS)
    focus: list[str] = Field(default_factory=lambda: ["USA", "CHN"], max_length=20)
    diversion: str = Field("USA", description="importer whose imports by source are shown")


class BaselineInfo(BaseModel):
    """An embedded baseline's countries and sectors."""

    name: str
    countries: list[str]
    sectors: list[str]


class Row(BaseModel):
    """One row of a table: a label and named numbers."""

    label: str
    values: dict[str, float]


class PolicyAnswer(BaseModel):
    """Outcomes of a policy: the focus table (percent changes), long-run welfare of every
    country (percent), the diversion of one importer's imports (in ``unit``: USD bn a
    year for the USD baselines) and the model used; ``solve_ms`` is the server's time for
    the solve."""

    model: str
    table: list[Row]
    welfare: dict[str, float]
    diversion: list[Row]
    unit: str
    solve_ms: float


class ScenarioRequest(BaseModel):
    """Run a scenario: a file of ``scenarios/`` by ``name`` or an uploaded YAML ``text``
    (at most 1 MB and 500 events), with the steps listed in ``disabled`` left out
    (indices into :meth:`Scenario.steps`: an enacted schedule is one step per change)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=200)
    text: str | None = Field(None, max_length=1_000_000)
    disabled: list[int] = Field(default_factory=list, max_length=MAX_EVENTS)


class EventView(BaseModel):
    """An event of a scenario as the timeline shows it."""

    index: int
    date: str
    label: str
    #: :attr:`EventBase.kind <tradewar.paths.events.EventBase.kind>`: the instrument
    #: (``import_tariff``, ``export_tax``, ...), ``schedule``, ``truce`` (a measure that
    #: expires, or a truce of the enacted law), or what a marker is about (``talks``,
    #: ``ruling``, ``deal``, ``note``)
    kind: str
    expires: str | None = None


class ScenarioInfo(BaseModel):
    """A scenario file: its name, months, focus countries and events."""

    file: str | None
    name: str
    start: str
    end: str
    baseline: str
    focus: list[str]
    events: list[EventView]


class Series(BaseModel):
    """Named monthly lines."""

    title: str
    unit: str
    lines: dict[str, list[float]]


class ScenarioAnswer(BaseModel):
    """A solved scenario: months, charts, the long-run welfare map, the focus table."""

    info: ScenarioInfo
    disabled: list[int]
    months: list[str]
    charts: list[Series]
    welfare: dict[str, float]
    table: list[Row]
    marks: dict[str, str]


class Job(BaseModel):
    """A long run: ``state`` queued / running / done / failed, ``progress`` in [0, 1],
    the ``answer`` when done, the ``error`` when failed."""

    id: str
    state: Literal["queued", "running", "done", "failed"]
    progress: float
    step: str
    answer: ScenarioAnswer | None = None
    error: str | None = None


class TalksRequest(BaseModel):
    """Talks between ``a`` and ``b``: the disagreement point and a proposed deal, each
    the baseline changed by events; ``grid`` points per axis of the mutual-gain map over
    the pair's bilateral tariffs (0 to ``top``)."""

    model_config = ConfigDict(extra="forbid")

    baseline: TalksBaseline = "default"
    a: str = "USA"
    b: str = "CHN"
    disagreement: list[AnyEvent] = Field(default_factory=list, max_length=MAX_EVENTS)
    deal: list[AnyEvent] = Field(default_factory=list, max_length=MAX_EVENTS)
    grid: int = Field(9, ge=2, le=16)
    top: float = Field(1.5, gt=0, le=5)


class Point(BaseModel):
    """A pair of bilateral tariffs (``a`` on ``b``, ``b`` on ``a``, fractions) and each
    party's gain over the disagreement point (percent)."""

    rate_a: float
    rate_b: float
    gain_a: float
    gain_b: float


class TalksAnswer(BaseModel):
    """The mutual-gain map (``rates`` on both axes; gains by [rate of a][rate of b]), the
    Nash bargain (None with a ``note`` when no pair makes both gain) and the deal."""

    a: str
    b: str
    rates: list[float]
    gain_a: list[list[float]]
    gain_b: list[list[float]]
    nash: Point | None
    deal: Point
    note: str = ""


class DealRequest(BaseModel):
    """Outcomes of one deal: the pair's bilateral tariffs ``rate_a`` (a on b) and
    ``rate_b`` (b on a) on top of the disagreement point."""

    model_config = ConfigDict(extra="forbid")

    baseline: TalksBaseline = "default"
    a: str = "USA"
    b: str = "CHN"
    disagreement: list[AnyEvent] = Field(default_factory=list, max_length=MAX_EVENTS)
    rate_a: float = Field(ge=0, le=10)
    rate_b: float = Field(ge=0, le=10)


class DealAnswer(BaseModel):
    """Gains of both parties and outcomes of the pair and third countries."""

    point: Point
    table: list[Row]


class DraftRequest(BaseModel):
    """Draft a scenario from a news report (``tradewar draft``): its ``text`` (at most
    200,000 characters), its ``published`` date (relative dates are read from it) and
    whether tariffs that match a schedule become the schedule (``use_enacted``)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=200_000)
    published: date
    use_enacted: bool = False


class DraftedView(BaseModel):
    """One drafted event beside the sentence it came from."""

    date: str
    kind: str
    label: str
    sentence: str
    confidence: float
    reading: str = ""
    law: str = ""


class DraftAnswer(BaseModel):
    """The draft: its scenario file (YAML, to edit and run), the events with their
    sentences, the observed rows, and the sentences not read with the reason."""

    yaml: str
    events: list[DraftedView]
    observed: list[dict]
    unread: list[str]


class Problem(BaseModel):
    """An error: what is wrong and, when known, the field (``events.0.rate``)."""

    detail: str
    field: str | None = None
