"""BLAS threads under tradewar's solves (tradewar.runtime.threads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tradewar.core.errors import TradewarError
from tradewar.runtime import threads


def _current_in_worker() -> list[int]:
    from tradewar.runtime import threads as worker_threads

    return worker_threads.current()


def test_the_main_process_runs_blas_on_one_thread():
    import tradewar.models  # noqa: F401 (configures the numerical stack)

    assert threads.current() and set(threads.current()) == {threads.DEFAULT_THREADS}


def test_pool_workers_get_the_same_setting():
    with threads.process_pool(2) as pool:
        seen = [pool.submit(_current_in_worker).result(timeout=120) for _ in range(2)]
    assert all(s and set(s) == {threads.DEFAULT_THREADS} for s in seen)


@pytest.mark.parametrize("value, expected", [("3", 3), ("auto", None), (" 1 ", 1)])
def test_the_setting_is_overridable(monkeypatch, value, expected):
    monkeypatch.setenv(threads.ENV_VAR, value)
    assert threads.blas_threads() == expected


def test_an_override_reaches_a_new_process():
    code = "import json, tradewar.models\nfrom tradewar.runtime import threads\n"
    code += "print(json.dumps(threads.current()))"
    env = {**os.environ, threads.ENV_VAR: "2"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert set(json.loads(out)) == {2}


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_bad_settings_are_one_line(monkeypatch, value):
    monkeypatch.setenv(threads.ENV_VAR, value)
    with pytest.raises(TradewarError, match="must be a positive number or 'auto'"):
        threads.blas_threads()
