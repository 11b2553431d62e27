"""Draws give the same answers wherever they run; failed draws are counted; a zero
spread gives the point solve; an unreachable cluster fails fast with one line."""

import time

import numpy as np
import pytest

from tests.conftest import toy_baseline
from tradewar import uncertainty
from tradewar.core.distributions import Distribution, imls_parameters
from tradewar.core.errors import TradewarError
from tradewar.core.policy import Policy
from tradewar.models import model_for


@pytest.fixture(scope="module")
def war():
    b = toy_baseline(5, seed=1)
    return (
        Policy.from_baseline(b).tariff("USA", on="CHN", rate=0.5).tariff("CHN", on="USA", rate=0.4)
    )


def _same(a, b):
    assert a.headline.index.tolist() == b.headline.index.tolist()
    np.testing.assert_array_equal(a.headline.to_numpy(), b.headline.to_numpy())
    np.testing.assert_array_equal(a.series["welfare by country"], b.series["welfare by country"])


@pytest.mark.slow
def test_same_seed_same_results_in_process_in_a_pool_and_on_a_local_cluster(war):
    from distributed import LocalCluster

    here = uncertainty.policy_bands(war, 24, seed=5, where="inprocess", batch_size=5)
    pool = uncertainty.policy_bands(war, 24, seed=5, where="pool", workers=2, batch_size=7)
    _same(here, pool)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = uncertainty.policy_bands(war, 24, seed=5, where=cluster.scheduler_address)
    _same(here, remote)
    other = uncertainty.policy_bands(war, 24, seed=6, where="inprocess")
    assert not np.array_equal(here.headline.to_numpy(), other.headline.to_numpy())


def test_a_zero_spread_gives_the_point_solve(war):
    fixed = [
        Distribution("epsilon", 4.0, "lognormal", "fixed", scale=0.0),
        Distribution("kappa", 0.5, "normal", "fixed", scale=0.0),
    ]
    bands = uncertainty.policy_bands(war, 9, seed=1, where="inprocess", distributions=fixed)
    point = model_for(war.baseline).solve(war)
    median = bands.headline_bands()["q50"]
    assert median["welfare USA"] == pytest.approx(point.value("welfare", "USA"), abs=1e-12)
    assert median["welfare CHN"] == pytest.approx(point.value("welfare", "CHN"), abs=1e-12)
    assert bands.drivers().empty  # nothing varies, nothing drives


def test_failed_draws_are_counted_not_averaged_in(war):
    wide = [Distribution("epsilon", 4.0, "normal", "test", scale=4.0), imls_parameters()[1]]
    bands = uncertainty.policy_bands(war, 30, seed=2, where="inprocess", distributions=wide)
    negative = int((bands.values[:, 0] <= 0).sum())
    assert negative > 0 and len(bands.failed) == negative
    assert all("trade_elasticity must be positive" in e for _, e in bands.failed)
    assert len(bands.headline) == 30 - negative
    assert bands.headline_bands()["draws"].iloc[0] == 30 - negative


def test_drivers_find_the_parameter_that_moves_a_headline(war):
    bands = uncertainty.policy_bands(war, 40, seed=3, where="inprocess")
    drivers = bands.drivers()
    assert set(drivers.index) == {"welfare USA", "welfare CHN"}
    assert drivers["driver"].isin(["epsilon", "kappa"]).all()
    assert (drivers["rho"].abs() > 0.5).all()


def test_an_unreachable_cluster_fails_within_its_timeout(war):
    start = time.perf_counter()
    with pytest.raises(
        TradewarError, match=r"cannot reach the Dask scheduler at 'tcp://127.0.0.1:9' within 1 s"
    ):
        uncertainty.policy_bands(war, 4, seed=1, where="tcp://127.0.0.1:9", timeout=1)
    assert time.perf_counter() - start < 5


def test_an_unknown_place_to_run_is_refused(war):
    with pytest.raises(TradewarError, match="unknown place to run draws 'gpu'"):
        uncertainty.policy_bands(war, 4, seed=1, where="gpu")


def test_games_under_uncertainty_give_bands_of_tariffs_and_gains():
    b = toy_baseline(4, seed=3)
    base = Policy.from_baseline(b)
    best = uncertainty.optimal_tariff_bands(base, "USA", 6, seed=1, where="inprocess")
    q = best.headline_bands().loc["optimal tariff"]
    assert 0 < q.q05 <= q.q50 <= q.q95 and not best.failed
    war = uncertainty.nash_bands(base, ("USA", "CHN"), 4, seed=1, where="inprocess")
    assert set(war.headline.columns) == {
        "nash tariff USA",
        "nash tariff CHN",
        "welfare USA",
        "welfare CHN",
    }
    dis = base.tariff("USA", on="CHN", rate=1.0).tariff("CHN", on="USA", rate=1.0)
    deal = base.tariff("USA", on="CHN", rate=0.1).tariff("CHN", on="USA", rate=0.1)
    gains = uncertainty.deal_bands(("USA", "CHN"), dis, deal, 6, seed=1, where="inprocess")
    assert uncertainty.share_positive(gains, "gain CHN") == 1.0  # robust: both gain in every draw
    assert uncertainty.share_positive(gains, "gain USA") == 1.0


def test_a_zero_spread_gives_the_point_solve_of_the_multi_sector_model():
    """Draw models take the point model's options (the deficit closure included)."""
    from tests.models.test_multisector import _two_sector_toy

    b = _two_sector_toy(seed=3)
    war = Policy.from_baseline(b).tariff("USA", on="CHN", rate=0.5)
    theta = b.elasticity_set()[1]
    fixed = [
        Distribution(f"theta[{s}]", float(t), "lognormal", "fixed", scale=0.0)
        for s, t in zip(b.sectors, theta, strict=True)
    ]
    bands = uncertainty.policy_bands(war, 3, seed=1, where="inprocess", distributions=fixed)
    point = model_for(b).solve(war)
    assert bands.headline_bands()["q50"]["welfare USA"] == pytest.approx(
        point.value("welfare", "USA"), abs=1e-10
    )
