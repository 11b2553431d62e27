"""The HTTP API: answers, errors as JSON naming the field, limits, jobs."""

import time

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import SCENARIOS
from tradewar.web import jobs as jobs_module
from tradewar.web.app import create_app

WAR = [
    {"date": "2025-04-10", "actor": "USA", "target": "CHN", "rate": 1.45, "mode": "absolute"},
    {"date": "2025-04-12", "actor": "CHN", "target": "USA", "rate": 1.25, "mode": "absolute"},
]


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(SCENARIOS)) as c:
        yield c


def test_a_policy_is_solved_with_the_scenario_files_rules(client):
    answer = client.post("/api/policy", json={"events": WAR, "focus": ["USA", "CHN"]}).json()
    rows = {r["label"]: r["values"] for r in answer["table"]}
    assert rows["USA"]["Welfare"] < 0 and rows["CHN"]["Welfare"] < 0
    assert len(answer["welfare"]) == 194 and "IMLS" in answer["model"]
    assert answer["diversion"][0]["values"]["change"] > 0  # someone takes China's place
    from tradewar import datasets
    from tradewar.core.policy import Policy
    from tradewar.models import model_for

    base = datasets.load("default")
    direct = model_for(base).solve(
        Policy.from_baseline(base)
        .tariff("USA", on="CHN", rate=1.45)
        .tariff("CHN", on="USA", rate=1.25)
    )
    assert rows["USA"]["Welfare"] == pytest.approx(direct.value("welfare", "USA"), abs=1e-9)


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        (
            {"events": [{"date": "2025-01-01", "actor": "USA", "target": "CHM", "rate": 0.1}]},
            "events.0.target",
            "did you mean",
        ),
        (
            {"events": [{"date": "2025-01-01", "actor": "USA", "rate": -2}]},
            "events.0.rate",
            "-100%",
        ),
        ({"baseline": "gtap"}, "baseline", "Input should be"),
        ({"focus": ["XXX"]}, None, "XXX"),
    ],
)
def test_bad_input_is_a_4xx_json_error_naming_the_field(client, body, field, words):
    response = client.post("/api/policy", json=body)
    assert response.status_code == 422
    problem = response.json()
    assert problem["field"] == field and words in problem["detail"]


def test_uploads_are_data_only_and_limited(client):
    tag = client.post(
        "/api/scenarios/check", json={"text": "!!python/object/apply:os.system ['ls']"}
    )
    assert tag.status_code == 422 and "not valid YAML" in tag.json()["detail"]
    bad = client.post(
        "/api/scenarios/check",
        json={
            "text": "name: x\nstart: 2025-01\nend: 2025-02\nevents:\n"
            "  - {date: 2025-01-05, actor: USA, target: CHM, rate: 0.1}\n"
        },
    )
    assert bad.status_code == 422 and bad.json()["field"] == "events.0.target"
    assert "line 5" in bad.json()["detail"]
    many = "name: x\nstart: 2025-01\nend: 2025-02\nevents:\n" + "".join(
        "  - {date: 2025-01-05, actor: USA, target: CHN, rate: 0.1}\n" for _ in range(501)
    )
    too_many = client.post("/api/scenarios/check", json={"text": many})
    assert too_many.status_code == 422 and "at most 500" in too_many.json()["detail"]
    huge = client.post(
        "/api/scenarios/check",
        content=b'{"text": "' + b"x" * 2_100_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert huge.status_code == 413 and "over 2,000,000 bytes" in huge.json()["detail"]
    both = client.post("/api/scenarios/check", json={"name": "us_china_2025.yaml", "text": "x"})
    assert both.status_code == 422 and both.json()["field"] == "name"
    outside = client.post("/api/scenarios/check", json={"name": "../pyproject.toml"})
    assert outside.status_code == 422 and "no scenario file" in outside.json()["detail"]


def test_the_scenario_list_shows_the_enacted_steps_with_the_truce_marked(client):
    files = {s["file"]: s for s in client.get("/api/scenarios").json()}
    main = files["us_china_2025.yaml"]
    truce = [e for e in main["events"] if e["kind"] == "truce"]
    assert {e["date"] for e in truce} == {"2025-05-14"} and len(truce) == 2
    assert any(e["kind"] == "talks" and "London" in e["label"] for e in main["events"])


def test_a_scenario_job_runs_and_switching_a_step_off_changes_the_path(client):
    def run(disabled):
        job = client.post(
            "/api/jobs", json={"name": "us_china_2025_onesector.yaml", "disabled": disabled}
        ).json()
        while job["state"] in ("queued", "running"):
            time.sleep(0.2)
            job = client.get(f"/api/jobs/{job['id']}").json()
        assert job["state"] == "done", job["error"]
        return job["answer"]

    info = client.post("/api/scenarios/check", json={"name": "us_china_2025_onesector.yaml"}).json()
    first = run([])
    trade = first["charts"][0]["lines"]["CHN → USA, recorded by CHN"]
    assert len(trade) == len(first["months"]) and first["charts"][0]["title"].startswith("US-China")
    steps = [e["index"] for e in info["events"] if e["kind"] == "truce"]
    assert len(steps) == 2  # the Geneva steps of both schedules
    second = run(steps)
    again = second["charts"][0]["lines"]["CHN → USA, recorded by CHN"]
    october = first["months"].index("2025-10")
    assert again[october] < 0.8 * trade[october]  # without the truce: 43% against 67%
    yaml_text = client.post(
        "/api/scenarios/file", json={"name": "us_china_2025_onesector.yaml", "disabled": steps}
    ).text
    from tradewar.paths.scenario import loads

    assert len(loads(yaml_text).events) == len(info["events"]) - 2


def test_a_step_the_scenario_does_not_have_is_refused_before_any_job_starts(client):
    response = client.post(
        "/api/jobs", json={"name": "us_china_2025_onesector.yaml", "disabled": [9999]}
    )
    assert response.status_code == 422 and response.json()["field"] == "disabled"
    assert "no step 9999" in response.json()["detail"]


def test_jobs_beyond_the_limit_are_refused(client, monkeypatch):
    monkeypatch.setattr(jobs_module, "MAX_ACTIVE", 0)
    response = client.post("/api/jobs", json={"name": "us_china_2025_onesector.yaml"})
    assert response.status_code == 429 and "at most 0" in response.json()["detail"]
    missing = client.get("/api/jobs/nope")
    assert missing.status_code == 404 and missing.json()["field"] == "job_id"


def test_talks_map_bargain_and_a_clicked_deal(client):
    body = {
        "disagreement": WAR,
        "deal": [
            {
                "date": "2025-05-14",
                "actor": "USA",
                "target": "CHN",
                "rate": 0.3,
                "mode": "absolute",
            },
            {
                "date": "2025-05-14",
                "actor": "CHN",
                "target": "USA",
                "rate": 0.1,
                "mode": "absolute",
            },
        ],
        "grid": 5,
    }
    talks = client.post("/api/talks", json=body).json()
    assert len(talks["gain_a"]) == 5 and talks["deal"]["rate_a"] == pytest.approx(0.3)
    assert talks["nash"]["gain_a"] > 0 and talks["nash"]["gain_b"] > 0
    deal = client.post("/api/deal", json={"disagreement": WAR, "rate_a": 0.3, "rate_b": 0.1}).json()
    assert deal["point"]["gain_a"] == pytest.approx(talks["deal"]["gain_a"], abs=1e-9)
    labels = [r["label"] for r in deal["table"]]
    assert labels[:2] == ["USA", "CHN"] and "VNM" in labels


def test_downloads_reproduce_the_view(client):
    text = client.post("/api/scenario-file", json={"events": WAR}).text
    from tradewar.paths.scenario import loads

    spec = loads(text)
    assert [e.rate for e in spec.events] == [1.45, 1.25]
    png = client.post("/api/map.png", json={"values": {"USA": -0.5, "CHN": -1.2}})
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"


@pytest.mark.slow
def test_the_server_keeps_answering_while_a_long_job_runs(live_server):
    job = httpx.post(f"{live_server}/api/jobs", json={"name": "us_china_2025.yaml"}).json()
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        response = httpx.post(f"{live_server}/api/policy", json={"events": WAR}, timeout=30)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    state = httpx.get(f"{live_server}/api/jobs/{job['id']}").json()
    assert state["state"] in ("queued", "running")  # the long job was still going
    assert max(timings) < 5


def test_a_pasted_report_is_drafted_and_the_draft_checks(client):
    text = (
        "The dispute escalated in April when the US slapped an additional 145% tariff on "
        "Chinese goods, prompting China to retaliate with 125% tariffs on American products."
    )
    answer = client.post("/api/draft", json={"text": text, "published": "2025-06-09"}).json()
    assert [e["kind"] for e in answer["events"]] == ["tariff", "tariff"]
    assert answer["events"][0]["sentence"].startswith("The dispute escalated")
    assert answer["events"][0]["law"].startswith("matches us_enacted")
    info = client.post("/api/scenarios/check", json={"text": answer["yaml"]}).json()
    assert len(info["events"]) == 2
    bad = client.post("/api/draft", json={"text": text, "published": "9 June"})
    assert bad.status_code == 422 and bad.json()["field"] == "published"
    empty = client.post("/api/draft", json={"text": " ", "published": "2025-06-09"})
    assert empty.status_code == 422 and "is empty" in empty.json()["detail"]
