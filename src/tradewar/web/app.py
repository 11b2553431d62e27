"""The web app: a FastAPI server with three views (scenario, what-if, talks) and the HTTP
API they use, documented by its OpenAPI schema at ``/docs`` and ``/openapi.json``.

Safe by default: :func:`serve` binds to 127.0.0.1; uploads are read as data only (the
scenario files' safe YAML loader), limited to 1 MB and 500 events, kept in memory and
never written to disk; at most :data:`tradewar.web.jobs.MAX_ACTIVE` jobs wait or run.
"""

from __future__ import annotations

import contextlib
import io
import threading
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from tradewar.core.errors import TradewarError
from tradewar.paths.events import without_tags
from tradewar.web import schemas
from tradewar.web.jobs import Jobs, TooManyJobsError
from tradewar.web.service import Service

STATIC = Path(__file__).parent / "static"
#: Largest request body accepted (bytes): a 1 MB scenario plus JSON quoting.
MAX_BODY = 2_000_000
_JSON = {"application/json": {}}
#: One figure at a time (matplotlib's pyplot keeps global state).
_PYPLOT = threading.Lock()
ERRORS = {
    422: {"model": schemas.Problem, "content": _JSON},
    413: {"model": schemas.Problem, "content": _JSON},
}


def _plotly_js() -> Path:
    """Plotly's JavaScript bundle, shipped inside the ``plotly`` Python package (so the
    app needs no network and no Node build)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


class MapRequest(BaseModel):
    """Values by ISO3 code to colour a world map with."""

    values: dict[Annotated[str, Field(max_length=12)], Annotated[float, Field(ge=-1e6, le=1e6)]] = (
        Field(max_length=400)
    )
    title: str = Field("", max_length=200)
    label: str = Field("welfare change (%)", max_length=100)


def create_app(scenarios_dir: Path | str) -> FastAPI:
    """The app over the scenario files in ``scenarios_dir``."""
    service = Service(Path(scenarios_dir))
    jobs = Jobs()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        jobs.close()

    app = FastAPI(
        title="tradewar",
        summary="Trade wars and trade talks, with data: scenarios, what-ifs and talks",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.jobs = jobs
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return JSONResponse(
                {"detail": f"request body over {MAX_BODY:,} bytes", "field": None}, 413
            )
        return await call_next(request)

    @app.exception_handler(TradewarError)
    async def tradewar_error(request: Request, exc: TradewarError):
        status = 429 if isinstance(exc, TooManyJobsError) else 422
        field = getattr(exc, "field", None)
        return JSONResponse({"detail": str(exc), "field": field}, status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        err = exc.errors()[0]
        field = ".".join(str(p) for p in without_tags(tuple(err["loc"])) if p != "body") or "body"
        message = str(err["msg"]).removeprefix("Value error, ")
        return JSONResponse({"detail": f"{field}: {message}", "field": field}, 422)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(_plotly_js(), media_type="text/javascript")

    @app.get("/api/scenarios", response_model=list[schemas.ScenarioInfo])
    def scenarios() -> list[schemas.ScenarioInfo]:
        """The scenario files of the app's folder, with their events."""
        out = []
        for name in service.scenario_files():
            file, spec = service.scenario(schemas.ScenarioRequest(name=name))
            out.append(service.info(file, spec))
        return out

    @app.post("/api/scenarios/check", response_model=schemas.ScenarioInfo, responses=ERRORS)
    def check(request: schemas.ScenarioRequest) -> schemas.ScenarioInfo:
        """Validate a scenario (a file's name or uploaded text) and show its events."""
        file, spec = service.scenario(request)
        return service.info(file, spec)

    @app.post("/api/policy", response_model=schemas.PolicyAnswer, responses=ERRORS)
    def policy(request: schemas.PolicyRequest) -> schemas.PolicyAnswer:
        """Solve a policy (the what-if view): focus table, welfare map, trade diversion."""
        return service.whatif(request)

    @app.post("/api/jobs", response_model=schemas.Job, status_code=202, responses=ERRORS)
    def start(request: schemas.ScenarioRequest) -> schemas.Job:
        """Run a scenario month by month as a job; poll ``/api/jobs/{id}``."""
        file, spec = service.scenario(request)
        service.without(spec, request.disabled)  # bad input fails now (422), not in the job
        steps = len(spec.months()) + 1  # the months, then the long run

        def run(report):
            done = iter(range(1, steps + 1))

            def on_month(label: str) -> None:
                report(label, min(0.99, next(done) / steps))

            return service.run_scenario(file, spec, request.disabled, on_month)

        return jobs.submit(run)

    @app.get(
        "/api/jobs/{job_id}",
        response_model=schemas.Job,
        responses={404: {"model": schemas.Problem}},
    )
    def job(job_id: str):
        """A job's state, progress and, when done, its answer."""
        found = jobs.get(job_id)
        if found is None:
            return JSONResponse({"detail": f"no job {job_id!r}", "field": "job_id"}, 404)
        return found

    @app.post("/api/talks", response_model=schemas.TalksAnswer, responses=ERRORS)
    def talks(request: schemas.TalksRequest) -> schemas.TalksAnswer:
        """Mutual-gain map, Nash bargain and a proposed deal against the disagreement."""
        return service.talks(request)

    @app.post("/api/deal", response_model=schemas.DealAnswer, responses=ERRORS)
    def deal(request: schemas.DealRequest) -> schemas.DealAnswer:
        """One deal's gains and outcomes (a click on the mutual-gain map)."""
        return service.deal(request)

    @app.post(
        "/api/scenario-file",
        response_class=PlainTextResponse,
        responses={200: {"content": {"text/yaml": {}}}, **ERRORS},
    )
    def scenario_file(request: schemas.PolicyRequest) -> PlainTextResponse:
        """A scenario file (YAML) that reproduces a what-if or talks view."""
        text = service.scenario_text("from the tradewar app", request.baseline, request.events)
        return PlainTextResponse(text, media_type="text/yaml")

    @app.post(
        "/api/scenarios/file",
        response_class=PlainTextResponse,
        responses={200: {"content": {"text/yaml": {}}}, **ERRORS},
    )
    def scenario_view_file(request: schemas.ScenarioRequest) -> PlainTextResponse:
        """The scenario file (YAML) of the scenario view, switched-off steps left out."""
        return PlainTextResponse(service.scenario_yaml(request), media_type="text/yaml")

    @app.post("/api/draft", response_model=schemas.DraftAnswer, responses=ERRORS)
    def draft(request: schemas.DraftRequest) -> schemas.DraftAnswer:
        """Draft a scenario from a news report: events beside their sentences, the file
        to edit and run in the scenario view (docs/drafting.md)."""
        return service.draft(request)

    @app.get("/api/baselines/{name}", response_model=schemas.BaselineInfo, responses=ERRORS)
    def baseline(name: schemas.Baseline) -> schemas.BaselineInfo:
        """Countries and sectors of an embedded baseline (for the views' choices)."""
        world = service.baseline(name)
        return schemas.BaselineInfo(
            name=name, countries=list(world.countries), sectors=list(world.sectors)
        )

    @app.post(
        "/api/map.png",
        response_class=Response,
        responses={200: {"content": {"image/png": {}}}, **ERRORS},
    )
    def world_map(request: MapRequest) -> Response:
        """A PNG world map of the values (e.g. a view's welfare)."""
        from tradewar.reports.worldmap import choropleth

        buffer = io.BytesIO()
        with _PYPLOT:  # pyplot is not thread-safe; requests run on several threads
            choropleth(request.values, buffer, request.title, request.label)
        return Response(buffer.getvalue(), media_type="image/png")

    return app
