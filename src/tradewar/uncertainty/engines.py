"""Where batches of draws run: in this process, a local process pool, or a Dask cluster.

Nothing here schedules or ships data by hand: the pool is the standard library's
:class:`~concurrent.futures.ProcessPoolExecutor` (spawned workers with tradewar's thread
setting, :func:`tradewar.runtime.threads.process_pool`) and the cluster is Dask's
``distributed`` (batches as tasks, results streamed back with ``as_completed``).

Why Dask rather than Ray: it is pure Python (installs from PyPI in seconds, no daemon),
a two-worker ``LocalCluster`` starts in a few seconds for tests on a small machine, and
the same ``Client(address)`` reaches schedulers started by ``dask-jobqueue`` on HPC
clusters or by Kubernetes operators.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, wait

import numpy as np

from tradewar.core.errors import TradewarError

#: Seconds to wait for a Dask scheduler before giving up.
CONNECT_TIMEOUT = 10.0

Task = Callable[[Sequence[int], np.ndarray], list]


def batches(n: int, size: int) -> list[np.ndarray]:
    """Draw indices 0..n-1 cut into consecutive batches of at most ``size``."""
    return [np.arange(k, min(n, k + size)) for k in range(0, n, max(1, size))]


def run_inprocess(task: Task, values: np.ndarray, size: int) -> Iterator[list]:
    """Batches one after the other in this process."""
    for idx in batches(len(values), size):
        yield task(idx, values[idx])


#: How often (seconds) a wait for batches checks for a deferred Ctrl-C.
POLL_S = 0.5


def run_pool(task: Task, values: np.ndarray, size: int, workers: int | None) -> Iterator[list]:
    """Batches on a local process pool, yielded as they finish. While it waits, a
    deferred Ctrl-C (:func:`tradewar.runtime.interrupts.checkpoint`) stops it within
    :data:`POLL_S`, not only when a batch comes back (a first batch can take minutes)."""
    from tradewar.runtime import interrupts
    from tradewar.runtime.threads import process_pool

    pool = process_pool(workers)
    try:
        pending = {pool.submit(task, idx, values[idx]) for idx in batches(len(values), size)}
        while pending:
            interrupts.checkpoint()
            done, pending = wait(pending, timeout=POLL_S, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    except BaseException:  # stopped early (Ctrl-C, an error): do not wait for the batches
        processes = getattr(pool, "_processes", None) or {}  # the executor's own workers
        for process in list(processes.values()):
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def connect(address: str, timeout: float = CONNECT_TIMEOUT):
    """A Dask client of the scheduler at ``address``; :class:`TradewarError` if it cannot
    be reached within ``timeout`` seconds."""
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - a dependency of tradewar
        raise TradewarError("running on a cluster needs the 'distributed' package") from None
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TradewarError(
            f"cannot reach the Dask scheduler at {address!r} within {timeout:g} s ({reason})"
        ) from None


def run_cluster(
    task: Task, values: np.ndarray, size: int, address: str, timeout: float = CONNECT_TIMEOUT
) -> Iterator[list]:
    """Batches as Dask tasks on the cluster at ``address``, yielded as they finish."""
    from distributed import as_completed as dask_completed

    client = connect(address, timeout)
    try:
        remote = client.scatter(task, broadcast=True)
        futures = [
            client.submit(_call, remote, idx, values[idx], pure=False)
            for idx in batches(len(values), size)
        ]
        for future in dask_completed(futures, loop=client.loop):
            yield future.result()
    finally:
        client.close()


def _call(task: Task, indices, values):
    return task(indices, values)
