"""``tradewar data``: the catalogue, and fetching against a local HTTP server on 127.0.0.1
(whole datasets, truncated downloads, wrong checksums, interruptions, no network)."""

from __future__ import annotations

import hashlib
import http.server
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from tradewar.cli import app
from tradewar.core.errors import DataError
from tradewar.datasets import fetch
from tradewar.datasets.paths import file_sha256

runner = CliRunner()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; ``faults`` maps a URL path to ``truncate`` (half the bytes under
    the full Content-Length, then the connection closes)."""

    faults: ClassVar[dict[str, str]] = {}

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def do_GET(self) -> None:
        if self.faults.get(self.path) == "truncate":
            body = Path(self.translate_path(self.path)).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()


@contextmanager
def serving(folder: Path, faults: dict[str, str] | None = None):
    """A local HTTP server on 127.0.0.1 serving ``folder``; yields its address."""
    handler = type("Handler", (_Handler,), {"faults": faults or {}})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _toy_catalogue(mirror: Path, monkeypatch, corrupt: bool = False) -> fetch.Dataset:
    """A two-file dataset ``toy`` on a mirror folder, catalogued (with a wrong checksum for
    the second file if ``corrupt``)."""
    files = {"a.csv": b"x,y\n1,2\n" * 100, "sub/b.txt": b"hello\n" * 1000}
    entries = []
    for name, body in files.items():
        path = mirror / "toy" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        digest = hashlib.sha256(body + (b"!" if corrupt and name != "a.csv" else b"")).hexdigest()
        entries.append(fetch.DataFile(name, len(body), digest))
    toy = fetch.Dataset("toy", "a toy", ("nowhere",), "MIT", tuple(entries))
    monkeypatch.setattr(fetch, "catalogue", lambda: {"toy": toy})
    return toy


def test_the_catalogue_lists_every_dataset_with_sources_and_checksums():
    entries = fetch.catalogue()
    assert {"liberation_day_2025", "caliendo_parro_2015", "ossa_2014", "observed_2025"} <= set(
        entries
    )
    for d in entries.values():
        assert d.sources and d.licence and d.files
        assert all(len(f.sha256) == 64 and f.bytes > 0 for f in d.files)


def test_the_catalogue_matches_the_shared_data(dataset):
    """The shipped checksums are those of the data folder (rebuild with
    scripts/build_data_catalogue.py when the data change)."""
    root = dataset("observed_2025").parent
    for d in fetch.catalogue().values():
        assert fetch.status(d, root, verify=True) == "present", d.name


def test_reports_compiled_from_news_ship_with_the_package():
    path = fetch.shipped_file("monthly_reported_2024_2025-05.csv")
    observed = fetch.dataset("observed_2025")
    expected = next(f.sha256 for f in observed.files if f.path == path.name)
    assert file_sha256(path) == expected


def test_fetch_all_then_replicate_from_the_fetched_folder(dataset, tmp_path):
    """Must show: every dataset fetched from a local server with checksums verified, then
    a replication read from the fetched folder."""
    shared = dataset("liberation_day_2025").parent
    target = tmp_path / "data"
    with serving(shared) as mirror:
        result = runner.invoke(
            app, ["data", "fetch", "--all", "--mirror", mirror, "--to", str(target)]
        )
    assert result.exit_code == 0, result.output
    for d in fetch.catalogue().values():
        assert fetch.status(d, target, verify=True) == "present", d.name
    assert not [p for p in target.iterdir() if p.name.startswith(".")]
    # a second fetch finds everything there and downloads nothing
    again = runner.invoke(
        app, ["data", "fetch", "--all", "--mirror", "http://127.0.0.1:9", "--to", str(target)]
    )
    assert again.exit_code == 0, again.output
    replicated = runner.invoke(
        app,
        ["replicate", "ignatenko2025", "--table", "1", "--data", str(target), "--format", "json"],
    )
    assert replicated.exit_code == 0, replicated.output
    listed = runner.invoke(app, ["data", "list", "--to", str(target), "--format", "json"])
    assert '"here": "absent"' not in listed.stdout


def test_a_local_folder_mirror_works(tmp_path, monkeypatch):
    _toy_catalogue(tmp_path / "mirror", monkeypatch)
    assert fetch.fetch("toy", tmp_path / "data", str(tmp_path / "mirror")) == "fetched"
    assert (tmp_path / "data" / "toy" / "sub" / "b.txt").read_bytes() == b"hello\n" * 1000


def test_a_wrong_checksum_keeps_nothing(tmp_path, monkeypatch):
    _toy_catalogue(tmp_path / "mirror", monkeypatch, corrupt=True)
    with (
        serving(tmp_path / "mirror") as mirror,
        pytest.raises(DataError, match="wrong checksum"),
    ):
        fetch.fetch("toy", tmp_path / "data", mirror)
    assert list((tmp_path / "data").iterdir()) == []


def test_a_truncated_download_keeps_nothing(tmp_path, monkeypatch):
    _toy_catalogue(tmp_path / "mirror", monkeypatch)
    with serving(tmp_path / "mirror", {"/toy/sub/b.txt": "truncate"}) as mirror:
        result = runner.invoke(
            app, ["data", "fetch", "toy", "--mirror", mirror, "--to", str(tmp_path / "data")]
        )
    assert result.exit_code == 2
    assert "the download was cut short" in result.output
    assert "Traceback" not in result.output
    assert list((tmp_path / "data").iterdir()) == []


def test_an_interrupted_fetch_keeps_nothing(tmp_path, monkeypatch):
    _toy_catalogue(tmp_path / "mirror", monkeypatch)

    def stop(_file):
        raise KeyboardInterrupt

    with serving(tmp_path / "mirror") as mirror, pytest.raises(KeyboardInterrupt):
        fetch.fetch("toy", tmp_path / "data", mirror, on_file=stop)
    assert list((tmp_path / "data").iterdir()) == []


def test_no_network_is_one_line(tmp_path, monkeypatch):
    _toy_catalogue(tmp_path / "mirror", monkeypatch)
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = runner.invoke(
        app,
        ["data", "fetch", "toy", "--mirror", f"http://127.0.0.1:{port}", "--to", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "cannot reach the mirror" in result.output
    assert result.output.count("\n") <= 2 and "Traceback" not in result.output


def test_a_differing_folder_is_never_overwritten(tmp_path, monkeypatch):
    _toy_catalogue(tmp_path / "mirror", monkeypatch)
    mine = tmp_path / "data" / "toy"
    mine.mkdir(parents=True)
    (mine / "a.csv").write_text("my own file\n")
    with pytest.raises(DataError, match="exists but is"):
        fetch.fetch("toy", tmp_path / "data", str(tmp_path / "mirror"))
    assert (mine / "a.csv").read_text() == "my own file\n"


def test_no_mirror_says_how_to_give_one(tmp_path, monkeypatch):
    _toy_catalogue(tmp_path / "mirror", monkeypatch)
    monkeypatch.delenv(fetch.MIRROR_VAR, raising=False)
    result = runner.invoke(app, ["data", "fetch", "toy", "--to", str(tmp_path / "data")])
    assert result.exit_code == 2 and "TRADEWAR_DATA_MIRROR" in result.output


def test_unknown_names_and_no_names_are_one_line(tmp_path):
    unknown = runner.invoke(app, ["data", "fetch", "nope", "--to", str(tmp_path)])
    assert unknown.exit_code == 2 and "unknown dataset 'nope'" in unknown.output
    nothing = runner.invoke(app, ["data", "fetch", "--to", str(tmp_path)])
    assert nothing.exit_code == 2 and "--all" in nothing.output


class _SlowHandler(_Handler):
    """Serves a folder, a quarter of a second a file (time to press Ctrl-C)."""

    def do_GET(self) -> None:
        time.sleep(0.25)
        super().do_GET()


@pytest.mark.slow
@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_during_fetch_is_one_line_and_leaves_no_partial_folder(tmp_path, presses, dataset):
    """One Ctrl-C stops after the file being fetched (exit 130, one line); a second quits
    at once. Either way no hidden folder is left, and datasets fetched before stay whole."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_SlowHandler, directory=str(dataset("observed_2025").parent))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    target = tmp_path / "data"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tradewar",
            "data",
            "fetch",
            "--all",
            "--to",
            str(target),
            "--mirror",
            f"http://127.0.0.1:{server.server_address[1]}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not list(target.glob(".*.partial-*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        for _ in range(presses):
            proc.send_signal(signal.SIGINT)
            time.sleep(0.02)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
        server.shutdown()
        server.server_close()
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1].startswith("interrupted")
    assert "Traceback" not in err
    assert not [p for p in target.iterdir() if p.name.startswith(".")]
    for folder in target.iterdir():
        assert fetch.status(fetch.dataset(folder.name), target, verify=True) == "present"
