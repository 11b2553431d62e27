"""The web app under load, on 127.0.0.1 only: 20 Locust users for 30 s (what-ifs and
scenario jobs beyond the job limit), then a server killed in the middle of a job and
started again. The server runs in its own process, as `tradewar serve` does."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import SCENARIOS, _free_port, start_serve

HERE = Path(__file__).resolve().parent
USERS = 20
SECONDS = 30


@contextmanager
def server(port: int):
    """``tradewar serve`` on 127.0.0.1:``port``; yields the process once it answers."""
    proc = start_serve(port)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def _percentiles(stats_csv: Path) -> dict[str, dict[str, float]]:
    with stats_csv.open(newline="") as f:
        return {
            row["Name"]: {
                "requests": float(row["Request Count"]),
                "failures": float(row["Failure Count"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
            }
            for row in csv.DictReader(f)
        }


@pytest.mark.slow
def test_twenty_users_for_half_a_minute(tmp_path):
    port = _free_port()
    result = tmp_path / "statuses.json"
    with server(port):
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                str(USERS),
                "--run-time",
                f"{SECONDS}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(tmp_path / "load"),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            capture_output=True,
            text=True,
            timeout=SECONDS + 120,
            env={**os.environ, "TRADEWAR_LOAD_RESULT": str(result)},
            check=False,
        )
        # the server still answers a what-if after the run
        after = httpx.post(
            f"http://127.0.0.1:{port}/api/policy",
            json={"events": []},
            timeout=30,
        )
    assert after.status_code == 200
    statuses = json.loads(result.read_text())
    stats = _percentiles(tmp_path / "load_stats.csv")
    print("load:", json.dumps({"statuses": statuses, "stats": stats}))  # for the notes
    assert not any(key.endswith(tuple(f" {c}" for c in range(500, 600))) for key in statuses)
    assert stats["Aggregated"]["failures"] == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert statuses.get("job 429", 0) > 0  # beyond the job limit: refused
    assert statuses.get("job 202", 0) > 0
    assert statuses.get("what-if 200", 0) > 100  # what-ifs kept being answered
    assert stats["what-if"]["p95_ms"] < 10_000


@pytest.mark.slow
def test_a_server_killed_in_a_job_starts_again_clean():
    port = _free_port()
    before = sorted(p.name for p in SCENARIOS.iterdir())
    url = f"http://127.0.0.1:{port}"
    with server(port) as proc:
        job = httpx.post(f"{url}/api/jobs", json={"name": "us_china_2025.yaml"}).json()
        deadline = time.monotonic() + 60
        while httpx.get(f"{url}/api/jobs/{job['id']}").json()["state"] != "running":
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    with server(port):
        assert httpx.get(f"{url}/api/jobs/{job['id']}").status_code == 404  # nothing stale
        assert httpx.get(f"{url}/api/scenarios").status_code == 200
        again = httpx.post(f"{url}/api/jobs", json={"name": "us_china_2025_onesector.yaml"})
        assert again.status_code == 202
        assert httpx.post(f"{url}/api/policy", json={"events": []}, timeout=30).status_code == 200
    assert sorted(p.name for p in SCENARIOS.iterdir()) == before  # nothing written there
