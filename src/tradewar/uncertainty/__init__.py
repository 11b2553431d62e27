"""Uncertainty: every answer with a band, from many draws of the parameters behind it.

* :mod:`~tradewar.core.distributions` — parameter distributions with sources;
* :mod:`~tradewar.uncertainty.draws` — seeded draws, applied to a scenario or a model;
* :mod:`~tradewar.uncertainty.tasks` — what a batch of draws computes (scenario paths,
  a policy, optimal tariffs, a deal);
* :mod:`~tradewar.uncertainty.engines` — in-process, a local process pool, or Dask;
* :mod:`~tradewar.uncertainty.bands` — quantiles, drivers, failed draws.

:func:`run` ties them together; :func:`scenario_bands`, :func:`policy_bands`,
:func:`optimal_tariff_bands`, :func:`nash_bands` and :func:`deal_bands` are the everyday
entry points.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence

import numpy as np

from tradewar.core.distributions import Distribution
from tradewar.core.errors import TradewarError
from tradewar.uncertainty.bands import Bands, collect
from tradewar.uncertainty.draws import check_draws, check_seed, draw
from tradewar.uncertainty.engines import (
    CONNECT_TIMEOUT,
    run_cluster,
    run_inprocess,
    run_pool,
)

__all__ = [
    "Bands",
    "Distribution",
    "deal_bands",
    "nash_bands",
    "optimal_tariff_bands",
    "policy_bands",
    "run",
    "scenario_bands",
]


def run(
    task,
    distributions: Sequence[Distribution],
    n: int,
    seed: int = 0,
    *,
    where: str = "pool",
    workers: int | None = None,
    batch_size: int | None = None,
    on_batch: Callable[[int], None] | None = None,
    timeout: float = CONNECT_TIMEOUT,
    point: dict[str, float] | None = None,
) -> Bands:
    """Draw ``n`` parameter vectors with ``seed`` and run ``task`` on them in batches.

    ``where``: ``"inprocess"``, ``"pool"`` (a local process pool of ``workers``
    processes, default one per core) or the address of a Dask scheduler
    (``tcp://host:8786``; unreachable within ``timeout`` seconds: a
    :class:`TradewarError`). ``on_batch(draws_done)`` is called as batches come back.
    The same seed gives the same results wherever the batches run.
    """
    n, seed = check_draws(n), check_seed(seed)
    values = draw(distributions, n, seed)
    if batch_size is None:
        lanes = workers or os.cpu_count() or 1
        batch_size = max(1, min(50, math.ceil(n / (4 * lanes))))
    if where == "inprocess":
        stream = run_inprocess(task, values, batch_size)
    elif where == "pool":
        stream = run_pool(task, values, batch_size, workers)
    elif "://" in where or ":" in where:
        stream = run_cluster(task, values, batch_size, where, timeout)
    else:
        raise TradewarError(
            f"unknown place to run draws {where!r}: 'inprocess', 'pool' or a Dask scheduler "
            "address such as tcp://127.0.0.1:8786"
        )
    results = []
    try:
        for batch in stream:
            results += batch
            if on_batch is not None:
                on_batch(len(results))
    finally:
        stream.close()  # stops the pool or cluster at once if we left early
    return collect(distributions, seed, values, results, point)


def scenario_bands(
    scenario, n: int, seed: int = 0, baseline=None, months: int | None = None, **kw
) -> Bands:
    """Bands of a scenario path (:class:`~tradewar.uncertainty.tasks.ScenarioDraws`);
    ``months``: only the first months (benchmarks). Keywords as :func:`run`."""
    from tradewar import datasets
    from tradewar.paths.simulate import scenario_model
    from tradewar.uncertainty.draws import scenario_parameters
    from tradewar.uncertainty.tasks import ScenarioDraws

    baseline = baseline or datasets.load(scenario.baseline)
    distributions = tuple(
        scenario_parameters(scenario, scenario_model(scenario, baseline), baseline)
    )
    return run(
        ScenarioDraws(scenario, baseline, distributions, months), distributions, n, seed, **kw
    )


def _model_distributions(baseline, family, options):
    from tradewar.models.choose import for_baseline
    from tradewar.uncertainty.draws import model_parameters

    chosen = options.get("elasticities")
    model = for_baseline(baseline, family, **options)
    return tuple(model_parameters(model, baseline, chosen if isinstance(chosen, str) else None))


def _model_draws(baseline, family, options) -> dict:
    """The model fields of a task of :mod:`tradewar.uncertainty.tasks`: the parameters
    drawn for ``family`` on ``baseline`` with ``options``, and those."""
    options = dict(options or {})
    distributions = _model_distributions(baseline, family, options)
    return {"distributions": distributions, "family": family, "options": options}


def policy_bands(
    policy,
    n: int,
    seed: int = 0,
    focus: Sequence[str] = ("USA", "CHN"),
    family: str | None = None,
    options: dict | None = None,
    distributions: Sequence[Distribution] | None = None,
    **kw,
) -> Bands:
    """Bands of one policy's outcomes over draws of the model's parameters."""
    from tradewar.uncertainty.tasks import PolicyDraws

    options = dict(options or {})
    dists = tuple(distributions or _model_distributions(policy.baseline, family, options))
    task = PolicyDraws(policy, tuple(focus), distributions=dists, family=family, options=options)
    return run(task, dists, n, seed, **kw)


def optimal_tariff_bands(
    in_force,
    country: str,
    n: int,
    seed: int = 0,
    family: str | None = None,
    options: dict | None = None,
    **kw,
) -> Bands:
    """Band of ``country``'s optimal uniform tariff (headline ``optimal tariff``, %)."""
    from tradewar.uncertainty.tasks import OptimalTariffDraws

    task = OptimalTariffDraws(in_force, country, **_model_draws(in_force.baseline, family, options))
    return run(task, task.distributions, n, seed, **kw)


def nash_bands(
    in_force,
    players: Sequence[str],
    n: int,
    seed: int = 0,
    family: str | None = None,
    options: dict | None = None,
    **kw,
) -> Bands:
    """Bands of a uniform-tariff Nash war (headlines ``nash tariff {player}``, %, and
    ``welfare {player}``)."""
    from tradewar.uncertainty.tasks import NashDraws

    task = NashDraws(in_force, tuple(players), **_model_draws(in_force.baseline, family, options))
    return run(task, task.distributions, n, seed, **kw)


def deal_bands(
    parties: Sequence[str],
    disagreement,
    deal,
    n: int,
    seed: int = 0,
    family: str | None = None,
    options: dict | None = None,
    **kw,
) -> Bands:
    """Bands of each party's gain from ``deal`` (headlines ``gain {party}``); the share
    of draws with a positive gain says whether the sign is robust."""
    from tradewar.uncertainty.tasks import DealDraws

    model = _model_draws(deal.baseline, family, options)
    task = DealDraws(tuple(parties), disagreement, deal, **model)
    return run(task, task.distributions, n, seed, **kw)


def share_positive(bands: Bands, headline: str) -> float:
    """Share of converged draws in which ``headline`` is positive."""
    return float(np.mean(bands.headline[headline].to_numpy() > 0))
