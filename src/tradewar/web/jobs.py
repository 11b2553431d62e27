"""Long runs (scenario paths) as jobs: queued, run one at a time on a worker thread,
polled for progress, never more than :data:`MAX_ACTIVE` waiting or running."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from tradewar.core.errors import TradewarError
from tradewar.web import schemas

#: Jobs queued or running at once; one more is refused (HTTP 429).
MAX_ACTIVE = 4
#: Finished jobs kept for polling (the oldest are forgotten first).
KEEP_DONE = 32


class TooManyJobsError(TradewarError):
    """The job queue is full."""


class CancelledError(Exception):
    """Raised inside a job when the server shuts down."""


class Jobs:
    """A queue of jobs on one worker thread (solves use both cores already)."""

    def __init__(self, workers: int = 1):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tradewar-job")
        self._jobs: OrderedDict[str, schemas.Job] = OrderedDict()
        self._lock = threading.Lock()
        self._closing = threading.Event()

    def submit(
        self, run: Callable[[Callable[[str, float], None]], schemas.ScenarioAnswer]
    ) -> schemas.Job:
        """Queue ``run(report)``; ``report(step, progress)`` updates the job (and stops it
        when the server shuts down)."""
        with self._lock:
            active = sum(j.state in ("queued", "running") for j in self._jobs.values())
            if active >= MAX_ACTIVE:
                raise TooManyJobsError(f"{active} jobs are queued or running; at most {MAX_ACTIVE}")
            job = schemas.Job(id=uuid.uuid4().hex, state="queued", progress=0.0, step="queued")
            self._jobs[job.id] = job
            self._forget_old()
        self._pool.submit(self._run, job.id, run)
        return job

    def get(self, job_id: str) -> schemas.Job | None:
        """A copy of job ``job_id``'s state, or None if there is no such job."""
        with self._lock:
            job = self._jobs.get(job_id)
            return None if job is None else job.model_copy()

    def _update(self, job_id: str, **changes) -> None:
        with self._lock:
            self._jobs[job_id] = self._jobs[job_id].model_copy(update=changes)

    def _run(self, job_id: str, run) -> None:
        def report(step: str, progress: float) -> None:
            if self._closing.is_set():
                raise CancelledError
            self._update(job_id, state="running", step=step, progress=progress)

        try:
            report("starting", 0.0)
            answer = run(report)
        except CancelledError:
            self._update(job_id, state="failed", error="the server shut down")
        except TradewarError as exc:
            self._update(job_id, state="failed", error=str(exc), step="failed")
        except Exception as exc:  # a bug: keep serving, say what happened
            self._update(job_id, state="failed", error=f"internal error: {exc!r}", step="failed")
        else:
            self._update(job_id, state="done", progress=1.0, step="done", answer=answer)

    def _forget_old(self) -> None:
        done = [k for k, j in self._jobs.items() if j.state in ("done", "failed")]
        for key in done[: max(0, len(done) - KEEP_DONE)]:
            del self._jobs[key]

    def close(self) -> None:
        """Stop: running jobs end at their next month, queued ones never start."""
        self._closing.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
