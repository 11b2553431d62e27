"""General-equilibrium model families.

Pure equations, one module per family (:mod:`~tradewar.models.onesector`,
:mod:`~tradewar.models.multisector`, :mod:`~tradewar.models.ossa`); the model classes
that wrap them behind one interface (:mod:`~tradewar.models.interface`,
``*_model.py``); derivatives through an equilibrium (:mod:`~tradewar.models.implicit`);
the registry of families and the one place that picks a model
(:mod:`~tradewar.models.families`, :mod:`~tradewar.models.choose`).

The public names load on first use: ``from tradewar.models import OneSectorModel,
MultiSectorModel, OssaModel, model_for``.
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np

#: public name -> the module that defines it (loaded on first use, so that the equation
#: modules can import this package without loading every family).
_PUBLIC = {
    "Model": "interface",
    "WarmStart": "interface",
    "bucket_size": "interface",
    "MultiInstruments": "multisector_model",
    "MultiSectorModel": "multisector_model",
    "OneSectorModel": "onesector_model",
    "OssaModel": "ossa_model",
    "default_family": "choose",
    "for_baseline": "choose",
    "model_for": "choose",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        module = importlib.import_module(f"{__name__}.{_PUBLIC[name]}")
        value = getattr(module, "for_baseline" if name == "model_for" else name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def has_export_taxes(instruments: Any) -> bool:
    """Whether any entry of ``instruments.export_taxes`` (concrete arrays of any shape,
    e.g. a stacked batch) is non-zero. Both model families solve instruments without
    export taxes by cheaper code paths (a static ``taxes=False``), so this is decided
    outside ``jit``."""
    return bool(np.any(np.asarray(instruments.export_taxes) != 0))
