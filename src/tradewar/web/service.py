"""What the web app computes, as plain functions of validated requests (no HTTP here).

Models are built once per embedded baseline and kept; a request's policy is the
baseline changed by scenario events, applied by the same timeline code as scenario
files (:func:`tradewar.paths.timeline.policy_on`) on the day after the last event.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from tradewar import datasets
from tradewar.core.baseline import Baseline, in_usd_bn
from tradewar.core.errors import TradewarError
from tradewar.core.policy import Policy
from tradewar.models.choose import for_baseline
from tradewar.models.interface import Model
from tradewar.paths import timeline
from tradewar.paths.events import EventBase
from tradewar.paths.scenario import Scenario, ScenarioError, load, loads
from tradewar.web import schemas

#: Third countries shown beside the parties of talks (those in the baseline).
THIRD_COUNTRIES = ("DEU", "JPN", "KOR", "CAN", "MEX", "VNM")


def _rows(frame: pd.DataFrame) -> list[schemas.Row]:
    return [
        schemas.Row(label=str(idx), values={str(k): float(v) for k, v in row.items()})
        for idx, row in frame.iterrows()
    ]


class Service:
    """The app's computations over the scenario files in ``scenarios_dir``."""

    def __init__(self, scenarios_dir: Path):
        self.scenarios_dir = Path(scenarios_dir)
        self._baselines: dict[str, Baseline] = {}
        self._models: dict[str, Model] = {}
        self._lock = threading.Lock()

    # -- models and policies -------------------------------------------------------------
    def baseline(self, name: str) -> Baseline:
        """The baseline ``name`` (loaded once)."""
        with self._lock:
            if name not in self._baselines:
                self._baselines[name] = datasets.load(name)
            return self._baselines[name]

    def model(self, name: str) -> tuple[Baseline, Model]:
        """The baseline ``name`` and its default model (built once)."""
        world = self.baseline(name)
        with self._lock:
            if name not in self._models:
                self._models[name] = for_baseline(world)
            return world, self._models[name]

    @staticmethod
    def policy(baseline: Baseline, events: Sequence[EventBase], name: str = "what-if") -> Policy:
        """The baseline's policy changed by ``events`` (in force the day after the last)."""
        if not events:
            return Policy.from_baseline(baseline, name)
        day = _day_after(events)
        spec = _view_scenario(name, baseline="default", events=events)
        return timeline.policy_on(baseline, spec.steps(), day).named(name)

    # -- what-if -------------------------------------------------------------------------
    def whatif(self, request: schemas.PolicyRequest) -> schemas.PolicyAnswer:
        """Solve a policy: focus table, welfare of every country, trade diversion."""
        world, model = self.model(request.baseline)
        for code in [*request.focus, request.diversion]:
            world.index(code)
        policy = self.policy(world, request.events)
        start = time.perf_counter()
        res = model.solve(policy)
        solve_ms = 1000 * (time.perf_counter() - start)
        diversion, unit = in_usd_bn(res.trade_diversion(request.diversion), res.unit)
        shown = pd.concat([diversion.head(6), diversion.tail(4)])
        return schemas.PolicyAnswer(
            model=res.model,
            table=_rows(res.summary_frame(request.focus)),
            welfare={
                c: float(v) for c, v in zip(res.countries, res.outcomes["welfare"], strict=True)
            },
            diversion=_rows(shown[~shown.index.duplicated()]),
            unit=f"{unit} a year",
            solve_ms=solve_ms,
        )

    # -- scenarios -----------------------------------------------------------------------
    def scenario_files(self) -> list[str]:
        """The scenario files the app offers (``*.yaml`` in the scenarios folder)."""
        return sorted(p.name for p in self.scenarios_dir.glob("*.yaml"))

    def scenario(self, request: schemas.ScenarioRequest) -> tuple[str | None, Scenario]:
        """The scenario a request names (a file of the folder) or uploads (text)."""
        if (request.name is None) == (request.text is None):
            raise ScenarioError("give either the name of a scenario file or its text", "name")
        if request.name is not None:
            if request.name not in self.scenario_files():
                raise ScenarioError(f"no scenario file {request.name!r}", "name")
            return request.name, load(self.scenarios_dir / request.name)
        spec = loads(request.text, "uploaded scenario")
        if len(spec.events) > schemas.MAX_EVENTS:
            raise ScenarioError(
                f"the uploaded scenario has {len(spec.events)} events; at most "
                f"{schemas.MAX_EVENTS}",
                "text",
            )
        return None, spec

    @staticmethod
    def info(file: str | None, spec: Scenario) -> schemas.ScenarioInfo:
        """The timeline view of a scenario: its steps (an enacted schedule as one step per
        change, named by the law's milestones), each of which can be switched off."""
        from tradewar.enacted import canada, china, us_law

        milestones = {"USA": us_law.MILESTONES, "CHN": china.MILESTONES, "CAN": canada.MILESTONES}
        truces = {"USA": us_law.TRUCES, "CHN": china.TRUCES, "CAN": canada.TRUCES}

        def kind(e: EventBase) -> str:
            if e.kind == "schedule" and e.date in truces.get(e.actor, ()):
                return "truce"  # a step of an enacted schedule that the law made a truce
            return e.kind

        def label(e: EventBase) -> str:
            name = milestones.get(e.actor, {}).get(e.date) if e.kind == "schedule" else None
            return f"{e.title}: {name}" if name else e.title

        events = []
        for k, e in enumerate(spec.steps()):
            text = label(e)
            events.append(
                schemas.EventView(
                    index=k,
                    date=str(e.date),
                    label=text,
                    kind=kind(e),
                    expires=None if e.expires is None else str(e.expires),
                )
            )
        return schemas.ScenarioInfo(
            file=file,
            name=spec.name,
            start=spec.start,
            end=spec.end,
            baseline=spec.baseline,
            focus=list(spec.focus),
            events=events,
        )

    def run_scenario(
        self,
        file: str | None,
        spec: Scenario,
        disabled: Sequence[int],
        on_month: Callable[[str], None] | None = None,
    ) -> schemas.ScenarioAnswer:
        """Solve ``spec`` (read from ``file``, or uploaded: None) month by month without
        its steps numbered ``disabled``."""
        from tradewar.paths.simulate import simulate
        from tradewar.reports import outputs

        run = self.without(spec, disabled)
        path = simulate(run, self.baseline(spec.baseline), on_month)
        months = path.months
        charts = [schemas.Series(**s._asdict()) for s in outputs.web_series(path)]
        lr = path.long_run
        return schemas.ScenarioAnswer(
            info=self.info(file, spec),
            disabled=sorted(set(disabled)),
            months=months,
            charts=charts,
            welfare={
                c: float(v) for c, v in zip(lr.countries, lr.outcomes["welfare"], strict=True)
            },
            table=_rows(path.summary_frame()),
            marks=path.timeline.marks,
        )

    @staticmethod
    def without(spec: Scenario, disabled: Sequence[int]) -> Scenario:
        """``spec`` with its steps (:meth:`Scenario.steps`) numbered ``disabled`` left out."""
        steps = spec.steps()
        bad = [k for k in disabled if not 0 <= k < len(steps)]
        if bad:
            raise ScenarioError(f"no step {bad[0]} in the scenario", "disabled")
        off = set(disabled)
        return spec.model_copy(update={"events": [e for k, e in enumerate(steps) if k not in off]})

    def scenario_yaml(self, request: schemas.ScenarioRequest) -> str:
        """The scenario file of the scenario view: the file with the switched-off steps
        left out (enacted schedules written as their steps)."""
        _, spec = self.scenario(request)
        return self.without(spec, request.disabled).file_text()

    # -- talks ---------------------------------------------------------------------------
    def talks(self, request: schemas.TalksRequest) -> schemas.TalksAnswer:
        """The mutual-gain map of the pair's bilateral tariffs, the Nash bargain and the
        proposed deal, all against the disagreement point."""
        from tradewar.games import talks as negotiation

        world, model = self.model(request.baseline)
        a, b = request.a.upper(), request.b.upper()
        for code in (a, b):
            world.index(code)
        if a == b:
            raise TradewarError("talks need two different parties")
        dis = self.policy(world, request.disagreement, "disagreement")
        deal = self.policy(world, [*request.disagreement, *request.deal], "deal")
        rates = tuple(float(r) for r in np.linspace(0.0, request.top, request.grid))
        grid = negotiation.mutual_gain_grid(model, a, b, dis, rates=rates)
        shape = (len(rates), len(rates))
        evaluation = negotiation.evaluate_deal(model, (a, b), dis, deal)
        point = schemas.Point(
            rate_a=deal.rate(a, b),
            rate_b=deal.rate(b, a),
            gain_a=evaluation.gains[a],
            gain_b=evaluation.gains[b],
        )
        nash, note = None, ""
        try:
            bargain = negotiation.nash_bargain(model, a, b, dis, bounds=(0.0, request.top))
            nash = schemas.Point(
                rate_a=bargain.rates[0],
                rate_b=bargain.rates[1],
                gain_a=bargain.gains[a],
                gain_b=bargain.gains[b],
            )
        except TradewarError as exc:
            note = str(exc)
        return schemas.TalksAnswer(
            a=a,
            b=b,
            rates=list(rates),
            gain_a=grid["gain_a"].to_numpy().reshape(shape).tolist(),
            gain_b=grid["gain_b"].to_numpy().reshape(shape).tolist(),
            nash=nash,
            deal=point,
            note=note,
        )

    def deal(self, request: schemas.DealRequest) -> schemas.DealAnswer:
        """One point of the map: both parties' gains and the outcomes of the pair and of
        third countries."""
        from tradewar.games import talks as negotiation

        world, model = self.model(request.baseline)
        a, b = request.a.upper(), request.b.upper()
        for code in (a, b):
            world.index(code)
        dis = self.policy(world, request.disagreement, "disagreement")
        deal = dis.tariff(a, on=b, rate=request.rate_a).tariff(b, on=a, rate=request.rate_b)
        evaluation = negotiation.evaluate_deal(model, (a, b), dis, deal)
        res = model.solve(deal)
        focus = [a, b, *[c for c in THIRD_COUNTRIES if c in world.countries and c not in (a, b)]]
        return schemas.DealAnswer(
            point=schemas.Point(
                rate_a=request.rate_a,
                rate_b=request.rate_b,
                gain_a=evaluation.gains[a],
                gain_b=evaluation.gains[b],
            ),
            table=_rows(res.summary_frame(focus)),
        )

    # -- downloads -----------------------------------------------------------------------
    @staticmethod
    def draft(request: schemas.DraftRequest) -> schemas.DraftAnswer:
        """A news report as a draft scenario (:mod:`tradewar.drafting`)."""
        from tradewar.drafting.draft import draft

        result = draft(
            request.text, request.published, "the pasted report", use_enacted=request.use_enacted
        )
        events = [
            schemas.DraftedView(
                date=str(d.date),
                kind=d.kind,
                label=(event or {}).get("label", f"{d.actor} tariffs as enacted"),
                sentence=d.sentence,
                confidence=d.confidence,
                reading=d.reading,
                law=d.law,
            )
            for d, event in result.events
        ]
        return schemas.DraftAnswer(
            yaml=result.to_yaml(),
            events=events,
            observed=result.observed_rows(),
            unread=[f"{u.sentence} ({u.why})" for u in result.unread],
        )

    @staticmethod
    def scenario_text(name: str, baseline: str, events: Sequence[EventBase]) -> str:
        """A scenario file (YAML) that reproduces a view: its events from their first
        month to the month after the last."""
        return _view_scenario(name, baseline, events).file_text()


def _day_after(events: Sequence[EventBase]) -> dt.date:
    """The day after the last of ``events``: when all of them are in force."""
    return max(e.date for e in events) + dt.timedelta(days=1)


def _view_scenario(name: str, baseline: str, events: Sequence[EventBase]) -> Scenario:
    """A view's events as a scenario from their first month to the month of
    :func:`_day_after` (January 2025 without events)."""
    first = min((e.date for e in events), default=dt.date(2025, 1, 1))
    last = _day_after(events) if events else first
    return Scenario(
        name=name,
        baseline=baseline,
        start=f"{first:%Y-%m}",
        end=f"{last:%Y-%m}",
        events=list(events),
    )
