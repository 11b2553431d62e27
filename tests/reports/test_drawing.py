"""Figures drawn by the helper process are the files drawn here; its failures surface."""

from __future__ import annotations

import os
import signal
import time

import numpy as np
import pytest

from tradewar.core.errors import TradewarError
from tradewar.reports import drawing
from tradewar.reports.drawing import Drawer, Drawing, Slot
from tradewar.reports.scenario import monthly_chart
from tradewar.reports.worldmap import choropleth

MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04"]


def _chart(scale: float = 1.0) -> Drawing:
    lines = {"exports": scale * np.array([1.0, 0.8, 0.7, 0.9]), "imports": np.ones(4)}
    marks = {"2025-02-14": "truce"}
    return Drawing(monthly_chart, (Slot.PLT, MONTHS, lines, "% change", "t", Slot.TARGET, marks))


def _draw(tmp_path, where: str, monkeypatch, names=("a.png", "b.png")) -> dict[str, bytes]:
    monkeypatch.setenv(drawing.ENV_VAR, where)
    folder = tmp_path / where
    folder.mkdir()
    with Drawer() as drawer:
        for k, name in enumerate(names):
            drawer.submit(_chart(1.0 + k), folder / name)
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_the_helper_draws_the_same_files_as_this_process(tmp_path, monkeypatch):
    here = _draw(tmp_path, "here", monkeypatch)
    helper = _draw(tmp_path, "helper", monkeypatch)
    assert set(here) == {"a.png", "b.png"} and here == helper
    assert drawing.start() is not None  # it was the helper that drew them


def test_drawing_here_starts_no_helper(monkeypatch):
    monkeypatch.setenv(drawing.ENV_VAR, "here")
    assert drawing.start() is None and drawing.where() == "here"


def test_figures_are_drawn_here_on_one_core(monkeypatch):
    monkeypatch.delenv(drawing.ENV_VAR, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert drawing.where() == "here"
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert drawing.where() == "helper"
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)  # not on every system
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert drawing.where() == "here"


def test_a_bad_setting_is_one_line_naming_the_variable(monkeypatch):
    monkeypatch.setenv(drawing.ENV_VAR, "elsewhere")
    with pytest.raises(TradewarError, match="TRADEWAR_FIGURES must be one of helper, here"):
        drawing.where()


def test_an_error_in_the_helper_is_raised_by_finish(tmp_path, monkeypatch):
    monkeypatch.setenv(drawing.ENV_VAR, "helper")
    bad = Drawing(choropleth, ({"USA": 1.0}, Slot.TARGET, "t", "l"))
    with pytest.raises(FileNotFoundError), Drawer() as drawer:
        drawer.submit(_chart(), tmp_path / "fine.png")
        drawer.submit(bad, tmp_path / "no such folder" / "map.png")
    assert (tmp_path / "fine.png").stat().st_size > 0  # the others were waited for


def test_after_an_error_in_the_block_no_figure_is_written_later(tmp_path, monkeypatch):
    monkeypatch.setenv(drawing.ENV_VAR, "helper")
    with pytest.raises(KeyboardInterrupt), Drawer() as drawer:
        for k in range(6):
            drawer.submit(_chart(), tmp_path / f"{k}.png")
        raise KeyboardInterrupt
    written = sorted(os.listdir(tmp_path))
    time.sleep(1.0)
    assert sorted(os.listdir(tmp_path)) == written  # nothing still on its way
    assert len(written) < 6  # the ones not started were dropped


def test_a_dead_helper_is_replaced_by_drawing_here(tmp_path, monkeypatch):
    monkeypatch.setenv(drawing.ENV_VAR, "helper")
    pid = drawing.start().submit(os.getpid).result()
    assert pid != os.getpid()
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    with Drawer() as drawer:
        drawer.submit(_chart(), tmp_path / "a.png")
        drawer.submit(_chart(2.0), tmp_path / "b.png")
    assert sorted(os.listdir(tmp_path)) == ["a.png", "b.png"]
    again = drawing.start()  # a new helper for the next report
    assert again is not None and again.submit(os.getpid).result() not in (pid, os.getpid())


@pytest.mark.slow
def test_the_main_jobs_report_is_the_same_drawn_by_the_helper(main_job_path, tmp_path, monkeypatch):
    from tradewar.reports import scenario as scenario_report

    folders = {}
    for where in ("here", "helper"):
        monkeypatch.setenv(drawing.ENV_VAR, where)
        folders[where] = tmp_path / where
        folders[where].mkdir()
        scenario_report.write(main_job_path, folders[where])
    files = {where: {p.name: p.read_bytes() for p in f.iterdir()} for where, f in folders.items()}
    assert len(files["here"]) >= 20 and files["here"] == files["helper"]
