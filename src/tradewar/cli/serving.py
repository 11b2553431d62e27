"""``tradewar serve``: the local web app (:mod:`tradewar.web`)."""

from __future__ import annotations

import ipaddress
import signal
from pathlib import Path
from typing import Annotated

import typer

from tradewar.cli.common import app, console, fail
from tradewar.core.errors import TradewarError


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    host: Annotated[
        str, typer.Option(help="address to bind; the default serves this machine only")
    ] = "127.0.0.1",
    scenarios: Annotated[Path, typer.Option(help="folder of scenario files the app offers")] = Path(
        "scenarios"
    ),
) -> None:
    """Serve the web app: scenarios, what-ifs and talks in a browser (Ctrl-C stops it)."""
    try:
        if not scenarios.is_dir():
            raise TradewarError(f"no scenario folder {str(scenarios)!r} (see --scenarios)")
        if not 0 < port < 65536:
            raise TradewarError(f"port {port} is not in 1-65535")
        try:
            local = ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = host == "localhost"
        import uvicorn

        from tradewar.web.app import create_app

        web = create_app(scenarios)
    except TradewarError as exc:
        fail(exc)
    if not local:
        console.print(
            f"[yellow]serving on {host}: anyone who can reach this address can use the app[/]"
        )
    console.print(f"tradewar app on [bold]http://{host}:{port}/[/] (API: /docs); Ctrl-C stops it")
    # uvicorn shuts down on Ctrl-C, then raises the signal again once its own handlers are
    # gone: this handler takes it (the server writes nothing a Ctrl-C could leave half done)
    signal.signal(signal.SIGINT, _stopped)
    uvicorn.run(web, host=host, port=port, log_level="warning")
    _stopped()


def _stopped(*_signal) -> None:
    """Say that the server stopped and exit with status 0."""
    console.print("stopped")
    raise typer.Exit(code=0)
