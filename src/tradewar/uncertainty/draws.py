"""Drawing parameter values and applying one draw to a scenario or a model.

Draw k of a run with seed S uses its own generator, ``SeedSequence(S).spawn(n)[k]``, so
its values do not depend on how the draws are split into batches or which process
solves them: the same seed gives the same draws in-process, in a pool and on a cluster.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Sequence

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.distributions import (
    Distribution,
    dynamics_months,
    uniform,
)
from tradewar.core.errors import TradewarError
from tradewar.models import families
from tradewar.models.interface import Model
from tradewar.paths.scenario import Scenario

#: Most draws of one run (a guard against typos such as --draws 2000000).
MAX_DRAWS = 100_000


def check_seed(seed) -> int:
    """``seed`` as a non-negative int; :class:`TradewarError` for anything else."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TradewarError(f"the seed must be a non-negative integer, not {seed!r}")
    return int(seed)


def check_draws(n) -> int:
    """``n`` as a number of draws in [1, MAX_DRAWS]."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= MAX_DRAWS:
        raise TradewarError(
            f"the number of draws must be an integer from 1 to {MAX_DRAWS}, not {n!r}"
        )
    return int(n)


def draw(distributions: Sequence[Distribution], n: int, seed: int) -> np.ndarray:
    """Values (n, P): row k is draw k, one column per distribution."""
    n, seed = check_draws(n), check_seed(seed)
    generators = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(n)]
    return np.array(
        [[d.sample(rng) for d in distributions] for rng in generators], dtype=float
    ).reshape(n, len(distributions))


def model_parameters(
    model: Model, baseline: Baseline, chosen_set: str | None
) -> list[Distribution]:
    """The default distributions of a model's parameters, as its family declares them
    (:mod:`tradewar.models.families`, sources in :mod:`tradewar.core.distributions`)."""
    return families.family_of(model).parameters(model, baseline, chosen_set)


def scenario_parameters(scenario: Scenario, model: Model, baseline: Baseline) -> list[Distribution]:
    """Model parameters, the dynamics profile and every band the file marks uncertain."""
    chosen = scenario.model.get("elasticities")
    out = model_parameters(model, baseline, chosen if isinstance(chosen, str) else None)
    if scenario.dynamics.profile == "blp2023":
        out.append(dynamics_months())
    for k, event in enumerate(scenario.events):
        for key, (low, high) in event.uncertain.items():
            what = event.label or f"{event.actor} {event.instrument} of {event.date}"
            out.append(
                uniform(f"events[{k}].{key}", low, high, f"band in the scenario file: {what}")
            )
    return out


_EVENT = re.compile(r"^events\[(\d+)\]\.(rate|quota)$")


def model_options(
    family: families.Family,
    distributions: Sequence[Distribution],
    values: np.ndarray,
    given: dict,
) -> dict:
    """The model options (for :func:`tradewar.models.choose.for_baseline`) of one draw:
    ``given`` with the drawn parameters ``family`` takes; everything else (e.g. the
    deficit closure) keeps ``for_baseline``'s defaults, as the point model does."""
    return families.drawn_options(family, distributions, values, given)


def scenario_for_draw(
    scenario: Scenario, distributions: Sequence[Distribution], values: np.ndarray
) -> Scenario:
    """``scenario`` with the dynamics and event quantities of one draw."""
    events = list(scenario.events)
    dynamics = scenario.dynamics
    for d, v in zip(distributions, values, strict=True):
        if d.name == "dynamics.months":
            dynamics = dynamics.model_copy(update={"months": float(v)})
        elif m := _EVENT.match(d.name):
            k, key = int(m.group(1)), m.group(2)
            events[k] = events[k].model_copy(update={key: float(v)})
    return scenario.model_copy(update={"events": events, "dynamics": dynamics})
