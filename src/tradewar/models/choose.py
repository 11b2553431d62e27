"""The one place that picks a model for a baseline: :func:`for_baseline`.

Every caller (CLI, scenario paths, games, talks, the web app) asks here; what each family
accepts and takes is declared once, in :mod:`tradewar.models.families`.
"""

from __future__ import annotations

from tradewar.core.baseline import Baseline
from tradewar.core.errors import ModelOptionError, TradewarError
from tradewar.models import families
from tradewar.models.interface import Model

#: The registered family names (see :mod:`tradewar.models.families`).
FAMILIES: tuple[str, ...] = families.names()


def default_family(baseline: Baseline) -> str:
    """The name of the default family of ``baseline``: ``"imls"`` (IMLS 2025) on
    one-sector baselines, ``"caliendo-parro"`` (Caliendo-Parro 2015) on multi-sector ones."""
    return families.default_for(baseline).name


def for_baseline(baseline: Baseline, family: str | None = None, **options) -> Model:
    """The model of ``baseline``: its default family (:func:`default_family`) unless
    ``family`` (a registered name or alias) asks for another.

    ``options``: those the family declares (:attr:`Family.options
    <tradewar.models.families.Family.options>`), e.g. IMLS:
    :class:`tradewar.models.onesector.OneSectorParams` fields and ``transfers``, ``tol``,
    ``max_iter``; Caliendo-Parro: ``elasticities`` (default: the baseline's first set),
    ``deficits`` (default ``"fixed"``), ``tol``, ``max_iter``, ``reuse``,
    ``critical_input``; Ossa: ``elasticities``, ``government``. An option the family does
    not take raises :class:`~tradewar.errors.ModelOptionError` (a ``TypeError`` and a
    :class:`TradewarError`); a baseline it cannot run on a :class:`TradewarError`.
    """
    chosen = families.default_for(baseline) if family is None else families.family_named(family)
    why_not = chosen.refuses(baseline)
    if why_not:
        raise TradewarError(why_not)
    unknown = sorted(set(options) - set(chosen.options))
    if unknown:
        raise ModelOptionError(
            f"the {chosen.name} model does not take the option {unknown[0]!r}; it takes "
            f"{', '.join(chosen.options)}"
        )
    try:
        return chosen.build(baseline, dict(options))
    except TypeError as exc:
        if isinstance(exc, ModelOptionError):
            raise
        raise ModelOptionError(
            f"the {chosen.name} model does not take that option ({exc})"
        ) from None
