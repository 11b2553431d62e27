"""The web app under load (run by tests/web/test_load.py with Locust, headless).

Users of two kinds: what-ifs (a US-China tariff war solved on the one-sector default)
and scenario jobs (more than the server's job limit, so some are refused with 429).
Every answer's status is counted by endpoint and written to ``$TRADEWAR_LOAD_RESULT``
(JSON) when the run stops; a 5xx or any status other than the expected ones is a failure.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from locust import HttpUser, between, events, task

WAR = [
    {"date": "2025-04-10", "actor": "USA", "target": "CHN", "rate": 1.45, "mode": "absolute"},
    {"date": "2025-04-12", "actor": "CHN", "target": "USA", "rate": 1.25, "mode": "absolute"},
]
STATUSES: Counter[str] = Counter()


class WhatIf(HttpUser):
    """Moves a tariff slider: one what-if every 0.1-0.5 s."""

    weight = 4
    wait_time = between(0.1, 0.5)

    @task
    def what_if(self) -> None:
        with self.client.post(
            "/api/policy", json={"events": WAR}, name="what-if", catch_response=True
        ) as response:
            STATUSES[f"what-if {response.status_code}"] += 1
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class ScenarioJobs(HttpUser):
    """Starts scenario jobs faster than the server runs them."""

    weight = 1
    wait_time = between(0.3, 0.8)

    @task
    def job(self) -> None:
        with self.client.post(
            "/api/jobs",
            json={"name": "us_china_2025_onesector.yaml"},
            name="job",
            catch_response=True,
        ) as response:
            STATUSES[f"job {response.status_code}"] += 1
            if response.status_code in (202, 429):  # accepted, or refused beyond the limit
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")


@events.quitting.add_listener
def _write_counts(environment, **_kwargs) -> None:
    target = os.environ.get("TRADEWAR_LOAD_RESULT")
    if target:
        with open(target, "w") as f:
            json.dump(dict(STATUSES), f)
