"""Compile a path's monthly solve on a background thread while the path is set up.

The first call of a jitted solve in a new process traces it, lowers it and compiles it,
or loads the compiled code from the persistent cache (:mod:`tradewar.runtime.jax_setup`).
On the main job the solve of the months with export controls costs about 2.3 s there with
a warm cache and 34 s with an empty one, and the months before it cannot use that time.
:func:`start` solves the baseline's own policy as a month of a path (felt wedge given,
as :func:`tradewar.paths.simulate.simulate` gives it) on a thread, under a slack export
control when the path has quantity limits. The compile then overlaps the timeline's
set-up and the path's first months (on another core where the work leaves Python).
Only compiled code is shared: no answer depends on whether or when the thread ran.

Once per process and kind of model: a second path of the same model (a draw, the web
app's next run) finds the solve compiled.
"""

from __future__ import annotations

import logging
import threading

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.policy import Policy
from tradewar.models.interface import Model

log = logging.getLogger(__name__)

#: The quota of the slack control the thread solves under (twice the baseline quantity:
#: never binding, so the solve is short).
SLACK_QUOTA = 2.0

_started: set[tuple] = set()
_lock = threading.Lock()


def month_policy(baseline: Baseline, controls: bool) -> Policy:
    """The policy the thread solves: the baseline's own, plus, with ``controls``, a slack
    export control on the largest exporter's largest export sector (so that its flows and
    its baseline quantity are not zero)."""
    policy = Policy.from_baseline(baseline, "compiled ahead")
    if not controls:
        return policy
    exports = baseline.flows.sum(axis=1)  # (N, S): each exporter's shipments abroad
    i, s = np.unravel_index(int(np.argmax(exports)), exports.shape)
    return policy.export_control(
        baseline.countries[i], quota=SLACK_QUOTA, sectors=[baseline.sectors[s]]
    )


def start(model: Model, baseline: Baseline, controls: bool) -> threading.Thread | None:
    """Start solving :func:`month_policy` with ``model`` on a thread, unless this process
    has already done so for the same kind of model (then None). The caller joins the
    thread before it returns: a compile still running when Python exits aborts it."""
    key = (type(model).__qualname__, model.describe(), baseline.flows.shape, controls)
    with _lock:
        if key in _started:
            return None
        _started.add(key)
    thread = threading.Thread(
        target=_solve_a_month, args=(model, baseline, controls), name="tradewar-compile-ahead"
    )
    thread.start()
    return thread


def _solve_a_month(model: Model, baseline: Baseline, controls: bool) -> None:
    try:
        policy = month_policy(baseline, controls)
        model.solve_warm(policy, felt=policy.demand_wedge())
    except Exception as exc:  # the path's own solve reports what is wrong
        log.debug("compiling ahead failed: %s", exc)
