"""Shared helper of the benchmarks: the median wall time of repeated calls.

Importing it turns tradewar's persistent compilation cache off for the benchmark process
(unless ``TRADEWAR_COMPILE_CACHE`` is set), so ``compile_s`` keys measure compiling, not
reading the cache; every benchmark imports this module before tradewar.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("TRADEWAR_COMPILE_CACHE", "off")


def median_time(fn: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``fn()`` over ``repeats`` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
