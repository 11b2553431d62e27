"""Games in the Ossa model: exact gradients, optimality, Nash first-order conditions,
cooperative equal gains. Small synthetic economies keep these fast; the replication of
Ossa's published averages is in tests/replication/test_ossa2014.py."""

import jax.numpy as jnp
import numpy as np
import pytest

from tradewar.games import ossa as games
from tradewar.models import ossa, ossa_model
from tradewar.models.interface import apply_cells, read_cells


@pytest.fixture(scope="module")
def cal():
    rng = np.random.default_rng(3)
    n, s = 3, 3
    X = rng.uniform(5, 20, (n, n, s))
    for k in range(s):
        np.fill_diagonal(X[:, :, k], rng.uniform(60, 100, n))
    t = rng.uniform(0.0, 0.2, (n, n, s)) * (1 - np.eye(n))[:, :, None]
    base = ossa.calibrate(X, t, np.array([3.0, 5.0, 8.0]))
    return ossa_model.rebase(base, t)  # balanced trade, as Ossa's baseline


@pytest.mark.slow
def test_gradient_matches_finite_differences(cal):
    cells = games.region_cells(0, 3, 3, mfn=False)
    theta = jnp.full(6, 0.3)
    x0 = ossa.initial_guess(cal)
    _, jac, _ = ossa_model.welfare_and_jacobian(theta, cal.t, cells, cal, x0)
    h = 1e-6
    for k in range(6):
        up = ossa_model.welfare_and_jacobian(theta.at[k].add(h), cal.t, cells, cal, x0)[0]
        down = ossa_model.welfare_and_jacobian(theta.at[k].add(-h), cal.t, cells, cal, x0)[0]
        np.testing.assert_allclose(jac[:, k], (up - down) / (2 * h), rtol=1e-5, atol=1e-9)


def _government(cal, tariffs):
    x = ossa_model.solve_tariffs(cal, tariffs)
    return np.asarray(ossa.welfare_objects(jnp.asarray(x), jnp.asarray(tariffs), cal)["government"])


@pytest.mark.slow
def test_optimal_tariff_beats_every_nearby_tariff(cal):
    best = games.optimal_tariffs(cal, 1)
    value = _government(cal, best.tariffs)[1]
    rng = np.random.default_rng(0)
    cells = games.region_cells(1, 3, 3, mfn=False)
    theta = read_cells(best.tariffs, cells, 6)
    for _ in range(20):
        nearby = np.clip(theta + rng.normal(0, 0.02, 6), 0, None)
        other = np.asarray(apply_cells(jnp.asarray(nearby), jnp.asarray(cal.t), cells))
        assert _government(cal, other)[1] <= value + 1e-12
    assert value > _government(cal, np.asarray(cal.t))[1]


@pytest.mark.slow
def test_nash_first_order_conditions_hold(cal):
    war = games.nash_tariffs(cal, tol=1e-9, max_rounds=60)
    assert war.converged
    for j in range(3):
        cells = games.region_cells(j, 3, 3, mfn=False)
        theta = read_cells(war.tariffs, cells, 6)
        values, jac, _ = ossa_model.welfare_and_jacobian(
            jnp.asarray(theta), jnp.asarray(war.tariffs), cells, cal, ossa.initial_guess(cal)
        )
        interior = (theta > 1e-6) & (theta < games.BOUNDS[1] - 1e-6)
        own = np.asarray(jac[j]) / float(values[j])
        assert np.abs(own[interior]).max() < 1e-5
        assert np.all(own[~interior] <= 1e-7)  # at the lower bound: no gain from raising


@pytest.mark.slow
def test_cooperative_tariffs_give_equal_gains_above_nash(cal):
    war = games.nash_tariffs(cal, tol=1e-9, max_rounds=60)
    rebased = ossa_model.rebase(cal, war.tariffs)
    coop = games.cooperative_tariffs(rebased)
    assert coop.converged
    gains = _government(rebased, coop.tariffs)
    assert np.ptp(gains) < 1e-6 and gains.min() > 1.0


@pytest.fixture(scope="module")
def wiod():
    from tests.conftest import _need
    from tradewar.datasets import tariffwar_cubes

    base = tariffwar_cubes.load("wiod2016", 2014, _need("wiod_2016_tariffwar"))
    return ossa_model.balanced_calibration(base, "IS")


@pytest.mark.slow
def test_uniform_war_on_wiod_converges_and_each_rate_is_a_best_response(wiod):
    war = games.uniform_nash(wiod)
    assert war.converged and war.max_foc < 1e-8
    assert np.all((war.tariffs > 0.1) & (war.tariffs < 0.6))
    n, _, s = wiod.X.shape
    cells = games.uniform_cells(range(n), n, s)
    players = jnp.arange(n)
    for p in (wiod.E.argmax(), 7):  # the largest economy and one more
        for step in (-0.01, 0.01):
            theta = jnp.asarray(war.tariffs).at[p].add(step)
            _, values, _ = games.uniform_focs(theta, cells, players, wiod, jnp.asarray(war.x))
            assert float(values[p]) < float(war.welfare[p])


def test_uniform_focs_equal_the_general_adjoint_gradient(cal):
    cells = games.uniform_cells([0, 2], 3, 3)
    theta = jnp.asarray([0.25, 0.4])
    x0 = ossa.initial_guess(cal)
    focs, _, _ = games.uniform_focs(theta, cells, jnp.asarray([0, 2]), cal, x0)
    values, jac, _ = ossa_model.welfare_and_jacobian(theta, cal.t, cells, cal, x0, government=False)
    expected = np.asarray(jac)[[0, 2], [0, 1]] / np.asarray(values)[[0, 2]]
    np.testing.assert_allclose(focs, expected, rtol=1e-10, atol=1e-13)


def test_balanced_calibration_rejects_unknown_elasticities(wiod):
    from tradewar import datasets
    from tradewar.errors import DataError

    with pytest.raises(DataError, match="unknown elasticity set 'XX'"):
        ossa_model.balanced_calibration(datasets.load("default-multisector"), "XX")


@pytest.mark.slow
def test_nash_bargain_between_two_parties_beats_equal_gains_in_the_nash_product(cal):
    war = games.nash_tariffs(cal, tol=1e-9, max_rounds=60)
    rebased = ossa_model.rebase(cal, war.tariffs)
    deal = games.nash_bargain(rebased, [0, 2])
    equal = games.cooperative_tariffs(rebased, parties=[0, 2])
    g_deal, g_equal = _government(rebased, deal.tariffs), _government(rebased, equal.tariffs)
    assert g_deal[0] > 1 and g_deal[2] > 1  # both parties gain over the disagreement point
    assert np.log(g_deal[[0, 2]] - 1).sum() >= np.log(g_equal[[0, 2]] - 1).sum() - 1e-12
    np.testing.assert_allclose(deal.tariffs[:, 1, :], rebased.t[:, 1, :])  # outsider unchanged
    np.testing.assert_allclose(deal.tariffs[1, 0, :], rebased.t[1, 0, :])


@pytest.mark.slow
def test_efficient_tariffs_respect_participation_and_favour_the_weighted_party(cal):
    war = games.nash_tariffs(cal, tol=1e-9, max_rounds=60)
    rebased = ossa_model.rebase(cal, war.tariffs)
    tilted = games.efficient_tariffs(rebased, [1.0, 0.05, 0.05])
    assert tilted.converged
    gains = _government(rebased, tilted.tariffs)
    assert np.all(gains >= 1 - 1e-8)  # nobody below the disagreement point
    equal = _government(rebased, games.cooperative_tariffs(rebased).tariffs)
    assert gains[0] > equal[0]  # the heavily weighted party does better than equal gains
