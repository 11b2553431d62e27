"""The one place that picks a model for a baseline: :func:`for_baseline`.

Every caller (CLI, scenario paths, games, talks) asks here; nothing else reads the
number of sectors to choose a model.
"""

from __future__ import annotations

from typing import Literal

from tradewar.baseline import Baseline
from tradewar.errors import ModelOptionError, TradewarError
from tradewar.models import onesector as eq
from tradewar.models.interface import Model
from tradewar.models.multisector_model import MultiSectorModel
from tradewar.models.onesector_model import OneSectorModel
from tradewar.models.ossa_model import OssaModel

Family = Literal["imls", "caliendo-parro", "ossa"]
FAMILIES: tuple[str, ...] = ("imls", "caliendo-parro", "ossa")


def default_family(baseline: Baseline) -> str:
    """The default family of ``baseline``: ``"imls"`` (IMLS 2025) on one-sector baselines,
    ``"caliendo-parro"`` (Caliendo-Parro 2015) on multi-sector ones."""
    return "imls" if baseline.n_sectors == 1 else "caliendo-parro"


def for_baseline(baseline: Baseline, family: str | None = None, **options) -> Model:
    """The model of ``baseline``: its default family (:func:`default_family`) unless
    ``family`` asks for another (``"ossa"`` needs a multi-sector baseline).

    ``options``: IMLS: :class:`tradewar.models.onesector.OneSectorParams` fields and
    ``transfers``, ``tol``, ``max_iter``; Caliendo-Parro: ``elasticities`` (default: the
    baseline's first set), ``deficits`` (default ``"fixed"``), ``tol``, ``max_iter``,
    ``reuse``, ``critical_input``; Ossa: ``elasticities``, ``government``. An option the
    family does not take raises :class:`~tradewar.errors.ModelOptionError` (a
    ``TypeError`` and a :class:`TradewarError`).
    """
    chosen = family or default_family(baseline)
    try:
        return _construct(baseline, chosen, dict(options))
    except TypeError as exc:
        if isinstance(exc, ModelOptionError):
            raise
        raise ModelOptionError(f"the {chosen} model does not take that option ({exc})") from None


def _construct(baseline: Baseline, chosen: str, options: dict) -> Model:
    """The model of family ``chosen`` (checked) with ``options``."""
    if chosen not in FAMILIES:
        raise TradewarError(f"unknown model family {chosen!r}; choose from {', '.join(FAMILIES)}")
    if chosen == "imls":
        if baseline.n_sectors != 1:
            raise TradewarError(
                "the IMLS model needs a one-sector baseline; this one has "
                f"{baseline.n_sectors} sectors (aggregate them first)"
            )
        solver_options = {
            k: options.pop(k) for k in ("transfers", "tol", "max_iter") if k in options
        }
        return OneSectorModel(baseline, eq.OneSectorParams(**options), **solver_options)
    if baseline.n_sectors == 1 and chosen == "ossa":
        raise TradewarError("the Ossa model needs a multi-sector baseline")
    if chosen == "ossa":
        return OssaModel(baseline, **options)
    options.setdefault("deficits", "fixed")
    return MultiSectorModel(baseline, **options)
