"""Threads of the BLAS libraries under tradewar's solves, decided once per process.

The equilibria are small dense systems (LU of 194 x 194, batched products of 81 x 81):
far too small for a multi-threaded BLAS, whose threads spin and wait on each other, and
collide with any other busy process on the machine (measured on 2 cores, with a
`pytest` run beside it: a one-sector solve took 80 ms with OpenBLAS's default threads
and 2.5 ms with one). So tradewar runs its BLAS libraries (NumPy's and SciPy's
OpenBLAS; JAX's CPU linear algebra calls SciPy's LAPACK) on
:data:`DEFAULT_THREADS` thread, set with ``threadpoolctl`` when tradewar's numerical
modules are imported. ``$TRADEWAR_BLAS_THREADS`` overrides it (a number, or ``auto`` to
leave the libraries' own choice). Process pools started with :func:`process_pool` (or
with :func:`worker_init` as initializer) apply the same setting in every worker.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from threadpoolctl import threadpool_info, threadpool_limits

from tradewar.core.errors import TradewarError

ENV_VAR = "TRADEWAR_BLAS_THREADS"
DEFAULT_THREADS = 1
_LIMITS: list = []  # keeps the limits object alive


def blas_threads() -> int | None:
    """The BLAS threads tradewar uses: ``$TRADEWAR_BLAS_THREADS`` (None for ``auto``),
    else :data:`DEFAULT_THREADS`."""
    value = os.environ.get(ENV_VAR, "").strip().lower()
    if not value:
        return DEFAULT_THREADS
    if value == "auto":
        return None
    if not value.isdigit() or int(value) < 1:
        raise TradewarError(f"{ENV_VAR} must be a positive number or 'auto', not {value!r}")
    return int(value)


@functools.cache
def configure() -> int | None:
    """Apply :func:`blas_threads` to every BLAS library loaded (once per process)."""
    threads = blas_threads()
    if threads is not None:
        _LIMITS.append(threadpool_limits(limits=threads, user_api="blas"))
    return threads


def current() -> list[int]:
    """Threads of each BLAS library loaded in this process (for checks and reports)."""
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def worker_init() -> None:
    """Initializer of pool workers: tradewar's thread setting, before any solve; Ctrl-C
    is left to the parent process (which stops the pool), so workers ignore it."""
    import signal

    import tradewar.runtime.jax_setup  # noqa: F401 (loads the numerical stack, then limits it)

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    configure()


def process_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool whose workers run with tradewar's thread setting. Workers are
    spawned, not forked: JAX's threads do not survive a fork."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker_init,
    )
