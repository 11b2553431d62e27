"""A report's figures drawn in a helper process while the main process writes its tables.

A figure is split in two: its data, computed in the main process from the path (lines,
bars, labels: a few KB), and a :class:`Drawing`, a module-level drawing function with
those data as arguments. :class:`Drawer` draws each :class:`Drawing` either here or in a
helper process (one, spawned: JAX's threads do not survive a fork), which imports
matplotlib and the report modules while the main process solves. Drawing and formatting
hold Python's lock, so on one process the main job's ten figures (about 4 s) wait for the
tables; on a second core they are drawn beside them. Both ways give the same files, byte
for byte (tested).

``$TRADEWAR_FIGURES``: ``helper`` (the default on a machine with more than one core) or
``here`` (in the calling process; the default on one core).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import enum
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import NamedTuple

from tradewar.core.errors import TradewarError
from tradewar.runtime import interrupts

ENV_VAR = "TRADEWAR_FIGURES"
CHOICES = ("helper", "here")


class Slot(enum.Enum):
    """Placeholders in a :class:`Drawing`'s arguments, filled where it is drawn."""

    PLT = "matplotlib.pyplot"
    TARGET = "the file to write"


class Drawing(NamedTuple):
    """A figure as data: ``draw(*args)`` with :attr:`Slot.PLT` replaced by
    ``matplotlib.pyplot`` (Agg backend) and :attr:`Slot.TARGET` by the file's path.
    ``draw`` must be a module-level function and ``args`` picklable."""

    draw: Callable[..., object]
    args: tuple


def pyplot():
    """matplotlib.pyplot on the Agg backend (files only, no window)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def render(drawing: Drawing, target: Path) -> None:
    """Draw ``drawing`` into ``target`` in this process."""
    filled = {Slot.TARGET: target}
    if Slot.PLT in drawing.args:
        filled[Slot.PLT] = pyplot()
    drawing.draw(*(filled.get(a, a) if isinstance(a, Slot) else a for a in drawing.args))


def where() -> str:
    """Where figures are drawn: ``$TRADEWAR_FIGURES``, else ``helper`` when this process
    may run on more than one core and ``here`` otherwise."""
    value = os.environ.get(ENV_VAR, "").strip().lower()
    if not value:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        return "helper" if (cores or os.cpu_count() or 1) > 1 else "here"
    if value not in CHOICES:
        raise TradewarError(f"{ENV_VAR} must be one of {', '.join(CHOICES)}, not {value!r}")
    return value


_helper: ProcessPoolExecutor | None = None


def _prepare() -> None:
    """The helper's start: tradewar's thread setting, Ctrl-C left to the main process,
    and what the first figure would otherwise load (pyplot, the report modules, fonts)."""
    from tradewar.runtime.threads import worker_init

    worker_init()
    import tradewar.reports.customs
    import tradewar.reports.scenario
    import tradewar.reports.who_pays
    import tradewar.reports.worldmap  # noqa: F401

    plt = pyplot()
    fig, ax = plt.subplots()
    ax.set_title("fonts")
    fig.canvas.draw()
    plt.close(fig)


def start() -> ProcessPoolExecutor | None:
    """Start the helper process now (when figures are drawn by one), so that its imports
    overlap the caller's work; returns it, or None when figures are drawn here."""
    global _helper
    if where() == "here":
        return None
    if _helper is None:
        _helper = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_prepare
        )
        _helper.submit(int)  # the process starts at the first task, not before
    return _helper


def stop() -> None:
    """End the helper process at once, dropping any figure not drawn yet: at a forced
    exit, or when a command has no more figures to draw (the helper's own shutdown at
    the interpreter's exit, a whole interpreter's teardown, takes longer). The next
    :func:`start` starts a new one."""
    global _helper
    helper, _helper = _helper, None
    if helper is None:
        return
    for process in list((getattr(helper, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.kill()
    helper.shutdown(wait=False, cancel_futures=True)


class Drawer:
    """Draws the figures of one report: :meth:`submit` each, then :meth:`finish` (or
    leave the ``with`` block) to wait for them. A helper that has died is replaced by
    drawing here; an error in a drawing is raised by :meth:`finish`. On an exception in
    the block, figures not yet started are dropped and running ones waited for, so none
    is written after the block."""

    def __init__(self) -> None:
        self._pending: list[tuple[Future, Drawing, Path]] = []

    def __enter__(self) -> Drawer:
        self._forced_exit = interrupts.on_forced_exit(stop)
        self._forced_exit.__enter__()
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:
                self.finish()
            else:
                for future, _, _ in self._pending:
                    future.cancel()
                concurrent.futures.wait([f for f, _, _ in self._pending])
        finally:
            self._forced_exit.__exit__(kind, error, trace)

    def submit(self, drawing: Drawing, target: Path) -> None:
        """Draw ``drawing`` into ``target``: in the helper when there is one, else now."""
        global _helper
        helper = start()
        if helper is not None:
            try:
                self._pending.append((helper.submit(render, drawing, target), drawing, target))
                return
            except BrokenProcessPool:  # died since: drawn here from now on
                _helper = None
        render(drawing, target)

    def finish(self) -> None:
        """Wait for every figure submitted (draw here those a dead helper left), then
        raise the first drawing's error if any failed."""
        global _helper
        pending, self._pending = self._pending, []
        concurrent.futures.wait([future for future, _, _ in pending])
        for future, drawing, target in pending:
            try:
                future.result()
            except BrokenProcessPool:
                _helper = None
                render(drawing, target)
