"""Benchmark of the web app: what-if answers from request to response.

``python benchmarks/serve.py --json`` starts the app (uvicorn, 127.0.0.1, a free port)
in this process and prints ``whatif_onesector_ms`` (POST /api/policy: the US tariff on
China on the 194-country default, a new rate each request) and
``whatif_multisector_ms`` (the same on the ICIO 2022 default with IO links), each the
median of 20 requests after 3 warm-up requests (which compile), measured by the client
from sending the request to reading the answer; ``server_solve_onesector_ms`` and
``server_solve_multisector_ms`` are the medians of the solve alone as the server reports
it, so the difference is HTTP, validation and JSON. Targets: 100 ms and 1,000 ms.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import threading
import time
from pathlib import Path

import _timing  # noqa: F401 (turns the compile cache off: warm-up requests compile)
import httpx
import uvicorn

from tradewar.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]


def _request(rate: float, baseline: str) -> dict:
    return {
        "baseline": baseline,
        "events": [
            {
                "date": "2025-04-10",
                "actor": "USA",
                "target": "CHN",
                "rate": rate,
                "mode": "absolute",
            }
        ],
        "focus": ["USA", "CHN", "MEX", "VNM"],
    }


def _measure(client: httpx.Client, url: str, baseline: str, n: int) -> tuple[float, float]:
    for k in range(3):
        client.post(f"{url}/api/policy", json=_request(0.5 + 0.1 * k, baseline)).raise_for_status()
    total, solve = [], []
    for k in range(n):
        start = time.perf_counter()
        response = client.post(f"{url}/api/policy", json=_request(0.2 + 0.05 * k, baseline))
        response.raise_for_status()
        answer = response.json()
        total.append(1000 * (time.perf_counter() - start))
        solve.append(answer["solve_ms"])
    return statistics.median(total), statistics.median(solve)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(ROOT / "scenarios"), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    with httpx.Client(timeout=120) as client:
        for _ in range(300):
            try:
                client.get(f"{url}/api/baselines/default").raise_for_status()
                break
            except httpx.TransportError:
                time.sleep(0.1)
        one, one_solve = _measure(client, url, "default", args.requests)
        multi, multi_solve = _measure(client, url, "default-multisector", args.requests)
    server.should_exit = True
    thread.join(timeout=30)
    out = {
        "whatif_onesector_ms": round(one, 1),
        "whatif_multisector_ms": round(multi, 1),
        "server_solve_onesector_ms": round(one_solve, 1),
        "server_solve_multisector_ms": round(multi_solve, 1),
        "requests": args.requests,
    }
    print(json.dumps(out) if args.json else out)


if __name__ == "__main__":
    main()
