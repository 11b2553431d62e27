"""Ctrl-C that stops cleanly: between solves, never inside one.

A ``KeyboardInterrupt`` raised while XLA's threads run a compiled solve can crash the
interpreter (a segmentation fault on exit), and one raised while a file is half written
leaves the file broken. Inside :func:`deferred_sigint` the first Ctrl-C only records the
request; long jobs call :func:`checkpoint` at safe points (between months, between report
files), which raises :class:`Interrupted`. A second Ctrl-C runs the registered clean-ups
and ends the process at once with exit code 130.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator

EXIT_CODE = 130  # 128 + SIGINT, what shells report for Ctrl-C

_requested = threading.Event()
_cleanups: list[Callable[[], None]] = []


class Interrupted(Exception):  # noqa: N818 (a request, not an error of the user's input)
    """The user pressed Ctrl-C; raised by :func:`checkpoint` at a safe point."""


def checkpoint() -> None:
    """Raise :class:`Interrupted` if Ctrl-C was pressed since :func:`deferred_sigint` began."""
    if _requested.is_set():
        raise Interrupted


def requested() -> bool:
    """Whether Ctrl-C was pressed (and not yet acted on)."""
    return _requested.is_set()


@contextlib.contextmanager
def on_forced_exit(cleanup: Callable[[], None]) -> Iterator[None]:
    """Run ``cleanup`` if a second Ctrl-C ends the process while this block runs."""
    _cleanups.append(cleanup)
    try:
        yield
    finally:
        _cleanups.remove(cleanup)


def _exit_now() -> None:
    for cleanup in reversed(_cleanups):
        with contextlib.suppress(Exception):
            cleanup()
    sys.stderr.write("\ninterrupted; nothing half-written was left\n")
    sys.stderr.flush()
    os._exit(EXIT_CODE)


def _deferring_handler(signum, frame) -> None:
    if not _requested.is_set():
        _requested.set()
        sys.stderr.write("\ninterrupt: stopping after the current step (Ctrl-C again: now)\n")
        sys.stderr.flush()
        return
    _exit_now()


def _immediate_handler(signum, frame) -> None:
    _exit_now()


def install_immediate_exit() -> None:
    """Make Ctrl-C end the process at once with exit code 130 after the registered
    clean-ups (for commands with nothing to keep; never a ``KeyboardInterrupt`` that
    could surface inside a compiled solve). Main thread only."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _immediate_handler)


@contextlib.contextmanager
def deferred_sigint() -> Iterator[None]:
    """Within this block the first Ctrl-C is deferred to the next :func:`checkpoint`.

    Only the main thread can install signal handlers; elsewhere (e.g. a test runner's
    worker thread) the block leaves Ctrl-C as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _requested.clear()
    previous = signal.signal(signal.SIGINT, _deferring_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        _requested.clear()
