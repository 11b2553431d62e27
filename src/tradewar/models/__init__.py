"""General-equilibrium model families, each a module of pure functions."""

from __future__ import annotations

from typing import Any

import numpy as np


def has_export_taxes(instruments: Any) -> bool:
    """Whether any entry of ``instruments.export_taxes`` (concrete arrays of any shape,
    e.g. a stacked batch) is non-zero. Both model families solve instruments without
    export taxes by cheaper code paths (a static ``taxes=False``), so this is decided
    outside ``jit``."""
    return bool(np.any(np.asarray(instruments.export_taxes) != 0))
