"""General-equilibrium model families.

Pure equations, one module per family (:mod:`~tradewar.models.onesector`,
:mod:`~tradewar.models.multisector`, :mod:`~tradewar.models.ossa`); the model classes
that wrap them behind one interface (:mod:`~tradewar.models.interface`,
``*_model.py``); and the one place that picks a model (:mod:`~tradewar.models.choose`).
"""

from __future__ import annotations

from typing import Any

import numpy as np


def has_export_taxes(instruments: Any) -> bool:
    """Whether any entry of ``instruments.export_taxes`` (concrete arrays of any shape,
    e.g. a stacked batch) is non-zero. Both model families solve instruments without
    export taxes by cheaper code paths (a static ``taxes=False``), so this is decided
    outside ``jit``."""
    return bool(np.any(np.asarray(instruments.export_taxes) != 0))
