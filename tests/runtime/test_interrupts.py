"""Ctrl-C during ``tradewar run``: exit 130, one line, nothing half written."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tradewar.runtime import interrupts

MAIN_JOB = Path(__file__).resolve().parents[2] / "scenarios" / "us_china_2025.yaml"


def test_checkpoint_raises_only_after_a_deferred_ctrl_c():
    before = signal.getsignal(signal.SIGINT)
    with interrupts.deferred_sigint():
        interrupts.checkpoint()  # nothing pressed yet
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        assert interrupts.requested()
        with pytest.raises(interrupts.Interrupted):
            interrupts.checkpoint()
    assert not interrupts.requested()
    assert signal.getsignal(signal.SIGINT) is before


def _start(args, cwd):
    return subprocess.Popen(
        [sys.executable, "-m", "tradewar", "run", str(MAIN_JOB), *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _writing_report(folder: Path) -> bool:
    """True once a staged report folder beside the target holds a file."""
    return any(any(p.iterdir()) for p in folder.glob(".*.partial-*") if p.is_dir())


def _interrupt(proc, when) -> tuple[int, str]:
    deadline = time.monotonic() + 300
    while not when() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=300)
    return proc.returncode, err


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b""
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.slow
@pytest.mark.parametrize("phase", ["starting", "solving", "writing the report"])
def test_ctrl_c_exits_130_and_leaves_nothing(tmp_path, phase):
    started = time.monotonic()
    proc = _start([], tmp_path)
    if phase == "writing the report":
        when = lambda: _writing_report(tmp_path)  # noqa: E731
    else:
        delay = 0.5 if phase == "starting" else 3.0
        when = lambda: time.monotonic() - started > delay  # noqa: E731
    code, err = _interrupt(proc, when)
    assert code == interrupts.EXIT_CODE, err
    assert "Traceback" not in err and "Segmentation" not in err and "Fatal" not in err
    assert err.strip().splitlines()[-1].startswith("interrupted")  # one closing line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_ctrl_c_leaves_an_overwrite_target_as_it_was(tmp_path):
    target = tmp_path / "report"
    target.mkdir()
    (target / "summary.md").write_text("the old report")
    (target / "welfare.png").write_bytes(b"old figure")
    before = _snapshot(tmp_path)
    proc = _start(["--out", str(target), "--overwrite"], tmp_path)
    code, err = _interrupt(proc, lambda: _writing_report(tmp_path))
    assert code == interrupts.EXIT_CODE, err
    assert "Traceback" not in err and "left as it was" in " ".join(err.split())
    assert _snapshot(tmp_path) == before


def _children(pid: int) -> set[int]:
    """Pool workers among the child processes of ``pid`` (Linux /proc; multiprocessing's
    resource tracker, which exits by itself, is not one)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        for child in map(int, text.split()):
            cmdline = Path(f"/proc/{child}/cmdline")
            command = cmdline.read_bytes() if cmdline.exists() else b""
            if b"spawn_main" in command:
                found.add(child)
    return found


@pytest.mark.slow
def test_ctrl_c_during_draws_stops_the_pool_at_once(tmp_path):
    """Ctrl-C in a terminal reaches the whole process group: the workers ignore it, the
    parent stops them and exits 130 with one line, long before the draws would end."""
    scenario = MAIN_JOB.with_name("us_china_2025_onesector.yaml")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tradewar",
            "run",
            str(scenario),
            "--draws",
            "400",
            "--workers",
            "2",
            "--out",
            str(tmp_path / "report"),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while len(_children(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = _children(proc.pid)
    assert proc.poll() is None and len(workers) >= 2
    time.sleep(3)  # the workers are solving
    start = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted: no report was written" in err
    assert time.monotonic() - start < 30
    assert not (tmp_path / "report").exists()
    time.sleep(1)
    assert not [w for w in workers if Path(f"/proc/{w}").exists()]
