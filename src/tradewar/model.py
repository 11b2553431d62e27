"""User-facing model classes, re-exported from :mod:`tradewar.models`.

* :class:`OneSectorModel` — IMLS (2025), :mod:`tradewar.models.onesector_model`;
* :class:`MultiSectorModel` — Caliendo & Parro (2015), :mod:`tradewar.models.multisector_model`;
* :class:`OssaModel` — Ossa (2014), :mod:`tradewar.models.ossa_model`;
* :func:`model_for` — the one place that picks a model for a baseline
  (:func:`tradewar.models.choose.for_baseline`).

All share the interface of :class:`tradewar.models.interface.Model`.
"""

from __future__ import annotations

from tradewar.models.choose import default_family, for_baseline
from tradewar.models.interface import Model, WarmStart, bucket_size
from tradewar.models.multisector_model import MultiInstruments, MultiSectorModel
from tradewar.models.onesector_model import OneSectorModel
from tradewar.models.ossa_model import OssaModel

model_for = for_baseline

__all__ = [
    "Model",
    "MultiInstruments",
    "MultiSectorModel",
    "OneSectorModel",
    "OssaModel",
    "WarmStart",
    "bucket_size",
    "default_family",
    "for_baseline",
    "model_for",
]
