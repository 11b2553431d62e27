"""The registry of model families: what each family accepts, takes and can do.

Each :class:`Family` declares, once:

* which baselines it accepts (:attr:`Family.refuses` says why not) and on which it is
  the default;
* its options, with their defaults (:attr:`Family.options`), and how to build a model;
* the distributions of its parameters for uncertainty draws (:attr:`Family.parameters`)
  and the options one draw sets (:attr:`Family.options_from_draw`);
* optional capabilities (:data:`CAPABILITIES`), e.g. a specialised uniform Nash war.

:func:`tradewar.models.choose.for_baseline` reads this registry; the CLI, the web app and
:mod:`tradewar.uncertainty` ask it (:func:`family_of`, :func:`family_named`) and never
name a family or a model class. Adding a family: CONTRIBUTING.md, "Add a model family".
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.distributions import Distribution, imls_parameters, sector_elasticities
from tradewar.core.errors import TradewarError

#: Capabilities a family may declare:
#: ``"uniform_nash"``: a Nash war in uniform tariffs solved on all players' first-order
#: conditions at once (:func:`tradewar.games.nash.nash_equilibrium` uses it);
#: ``"export_taxes"``: policies may carry export taxes (and, with ``"quota_choice"``,
#: export controls);
#: ``"quota_choice"``: games may choose export-control quotas (:class:`QuotaChoice`);
#: ``"fast_solve"``: a solve takes milliseconds, so plots may use fine grids.
CAPABILITIES = ("uniform_nash", "export_taxes", "quota_choice", "fast_solve")


@dataclass(frozen=True)
class Family:
    """One model family.

    name: the registry key (``for_baseline(baseline, family=name)``); title: how reports
    name it; aliases: other accepted names (the CLI's ``--model cp``); defaults: () ->
    option name -> default (None: chosen from the baseline), read off the model's
    constructor when first asked for (:attr:`options`); build: (baseline, options) ->
    model; refuses: baseline -> why the family cannot run on it (None: it can);
    default_on: baseline -> whether this family is the baseline's default; parameters:
    (model, baseline, elasticity set or None) -> distributions of its parameters;
    options_from_draw: drawn values by distribution name -> the options they set.
    """

    name: str
    title: str
    defaults: Callable[[], Mapping[str, Any]]
    build: Callable[[Baseline, dict[str, Any]], Any]
    refuses: Callable[[Baseline], str | None]
    default_on: Callable[[Baseline], bool]
    parameters: Callable[[Any, Baseline, str | None], list[Distribution]]
    options_from_draw: Callable[[Mapping[str, float]], dict[str, Any]]
    aliases: tuple[str, ...] = ()
    capabilities: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        unknown = set(self.capabilities) - set(CAPABILITIES)
        if unknown:
            raise TradewarError(f"unknown capabilities {sorted(unknown)} of family {self.name}")

    @functools.cached_property
    def options(self) -> Mapping[str, Any]:
        """Option name -> default (loads the family's module on first use)."""
        return self.defaults()

    def take(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """The entries of ``options`` this family declares (others are for other
        families: a command passes all its model options and each family takes its own)."""
        return {k: v for k, v in options.items() if k in self.options}

    def can(self, capability: str) -> bool:
        """Whether the family declares ``capability`` (one of :data:`CAPABILITIES`)."""
        return capability in self.capabilities


#: name -> family, in registration order (the first family a baseline defaults to wins).
FAMILIES: dict[str, Family] = {}


def register(family: Family) -> Family:
    """Add ``family`` to the registry (a name or alias may be registered once)."""
    taken = {n for f in FAMILIES.values() for n in (f.name, *f.aliases)}
    for name in (family.name, *family.aliases):
        if name in taken:
            raise TradewarError(f"a model family named {name!r} is already registered")
    FAMILIES[family.name] = family
    return family


def names(with_aliases: bool = False) -> tuple[str, ...]:
    """The registered family names (and their aliases)."""
    out = [
        n for f in FAMILIES.values() for n in ((f.name, *f.aliases) if with_aliases else (f.name,))
    ]
    return tuple(out)


def family_named(name: str) -> Family:
    """The family called ``name`` (or one of its aliases)."""
    for family in FAMILIES.values():
        if name == family.name or name in family.aliases:
            return family
    raise TradewarError(f"unknown model family {name!r}; choose from {', '.join(names())}")


def family_of(model: Any) -> Family:
    """The family of a model (its class's ``family`` attribute)."""
    return family_named(type(model).family)


def default_for(baseline: Baseline) -> Family:
    """The family a baseline uses unless another is asked for."""
    for family in FAMILIES.values():
        if family.default_on(baseline):
            return family
    raise TradewarError("no model family is the default on this baseline")  # pragma: no cover


# -- the families ----------------------------------------------------------------------
def _one_sector_only(baseline: Baseline) -> str | None:
    if baseline.n_sectors > 1:
        return (
            "the IMLS model needs a one-sector baseline; this one has "
            f"{baseline.n_sectors} sectors (aggregate them first)"
        )
    return None


def _multi_sector_only(title: str) -> Callable[[Baseline], str | None]:
    def refuses(baseline: Baseline) -> str | None:
        return (
            None if baseline.n_sectors > 1 else f"the {title} model needs a multi-sector baseline"
        )

    return refuses


def _elasticity_parameters(model, baseline: Baseline, chosen: str | None) -> list[Distribution]:
    name = chosen or next(iter(baseline.elasticities), None)
    if name is None:
        raise TradewarError("the baseline ships no elasticity sets to draw from")
    return sector_elasticities(dict(baseline.elasticities), name, baseline.sectors)


def _drawn_elasticities(values: Mapping[str, float]) -> dict[str, Any]:
    thetas = [v for k, v in values.items() if k.startswith("theta[")]
    return {"elasticities": np.array(thetas)} if thetas else {}


def _drawn_imls(values: Mapping[str, float]) -> dict[str, Any]:
    names_ = {"epsilon": "trade_elasticity", "kappa": "labor_supply_elasticity"}
    return {names_[k]: float(v) for k, v in values.items() if k in names_}


def _build_imls(baseline: Baseline, options: dict[str, Any]):
    from tradewar.models import onesector as eq
    from tradewar.models.onesector_model import OneSectorModel

    solver = {k: options.pop(k) for k in ("transfers", "tol", "max_iter") if k in options}
    return OneSectorModel(baseline, eq.OneSectorParams(**options), **solver)


def _build_cp(baseline: Baseline, options: dict[str, Any]):
    from tradewar.models.multisector_model import MultiSectorModel

    options.setdefault("deficits", "fixed")
    return MultiSectorModel(baseline, **options)


def _build_ossa(baseline: Baseline, options: dict[str, Any]):
    from tradewar.models.ossa_model import OssaModel

    return OssaModel(baseline, **options)


def _constructor_defaults(cls, *skip: str) -> dict[str, Any]:
    """The keyword defaults of ``cls``'s constructor (its options), but ``skip``."""
    parameters = inspect.signature(cls.__init__).parameters
    return {n: p.default for n, p in parameters.items() if n not in ("self", "baseline", *skip)}


def _imls_defaults() -> dict[str, Any]:
    from tradewar.models.onesector import OneSectorParams
    from tradewar.models.onesector_model import OneSectorModel

    params = {f.name: f.default for f in dataclasses.fields(OneSectorParams)}
    return params | _constructor_defaults(OneSectorModel, "params")


def _cp_defaults() -> dict[str, Any]:
    from tradewar.models.multisector_model import MultiSectorModel

    # deficits held fixed unless asked otherwise (the scenario files' closure; _build_cp)
    return _constructor_defaults(MultiSectorModel) | {"deficits": "fixed"}


def _ossa_defaults() -> dict[str, Any]:
    from tradewar.models.ossa_model import OssaModel

    return _constructor_defaults(OssaModel)


def _imls_parameters(model, baseline: Baseline, chosen: str | None) -> list[Distribution]:
    return imls_parameters(model.params.trade_elasticity, model.params.labor_supply_elasticity)


IMLS = register(
    Family(
        name="imls",
        title="IMLS",
        defaults=_imls_defaults,
        build=_build_imls,
        refuses=_one_sector_only,
        default_on=lambda baseline: baseline.n_sectors < 2,
        parameters=_imls_parameters,
        options_from_draw=_drawn_imls,
        capabilities=frozenset({"export_taxes", "fast_solve"}),
    )
)
CALIENDO_PARRO = register(
    Family(
        name="caliendo-parro",
        title="Caliendo-Parro",
        aliases=("cp",),
        defaults=_cp_defaults,
        build=_build_cp,
        refuses=_multi_sector_only("Caliendo-Parro"),
        default_on=lambda baseline: baseline.n_sectors > 1,
        parameters=_elasticity_parameters,
        options_from_draw=_drawn_elasticities,
        capabilities=frozenset({"export_taxes", "quota_choice"}),
    )
)
OSSA = register(
    Family(
        name="ossa",
        title="Ossa",
        defaults=_ossa_defaults,
        build=_build_ossa,
        refuses=_multi_sector_only("Ossa"),
        default_on=lambda baseline: False,
        parameters=_elasticity_parameters,
        options_from_draw=_drawn_elasticities,
        capabilities=frozenset({"uniform_nash"}),
    )
)


def drawn_options(
    family: Family, distributions: Sequence[Distribution], values: np.ndarray, given: dict
) -> dict[str, Any]:
    """The model options of one draw: ``given`` with the drawn parameters the family takes
    (other draws, e.g. the dynamics, are for the scenario)."""
    drawn = {d.name: v for d, v in zip(distributions, values, strict=True)}
    return {**given, **family.options_from_draw(drawn)}
