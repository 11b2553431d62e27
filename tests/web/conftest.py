"""A live server of the app on a free local port (for the browser and concurrency tests)."""

import socket
import threading
import time
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(port: int, capture: bool = False, wait_s: float = 90):
    """``tradewar serve`` on 127.0.0.1:``port`` in its own process, returned once the port
    accepts connections (``capture``: stdout and stderr piped as text, else discarded)."""
    import os
    import subprocess
    import sys

    out = subprocess.PIPE if capture else subprocess.DEVNULL
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tradewar",
            "serve",
            "--port",
            str(port),
            "--scenarios",
            str(SCENARIOS),
        ],
        stdout=out,
        stderr=subprocess.STDOUT if capture else subprocess.DEVNULL,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    proc.kill()
    pytest.fail(f"the server did not start within {wait_s:.0f} s")


@pytest.fixture(scope="session")
def live_server():
    import httpx
    import uvicorn

    from tradewar.web.app import create_app

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(SCENARIOS), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{url}/api/scenarios", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    yield url
    server.should_exit = True
    thread.join(timeout=30)
