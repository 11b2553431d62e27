"""Games in the Ossa model: exact gradients, optimality, Nash first-order conditions,
cooperative equal gains. Small synthetic economies keep these fast; the replication of
Ossa's published averages is in tests/replication/test_ossa2014.py."""

import jax.numpy as jnp
import numpy as np
import pytest

from tradewar.core.baseline import Baseline
from tradewar.games import ossa as games
from tradewar.models import ossa, ossa_model
from tradewar.models.interface import apply_cells, read_cells, tariff_cells, uniform_cells
from tradewar.models.ossa_model import OssaModel

REGIONS = ("USA", "CHN", "JPN")


@pytest.fixture(scope="module")
def model():
    """Three regions, three industries, Ossa's political-economy weights off, with the
    reference point at balanced trade (as Ossa's baseline)."""
    rng = np.random.default_rng(3)
    n, s = 3, 3
    X = rng.uniform(5, 20, (n, n, s))
    for k in range(s):
        np.fill_diagonal(X[:, :, k], rng.uniform(60, 100, n))
    t = rng.uniform(0.0, 0.2, (n, n, s)) * (1 - np.eye(n))[:, :, None]
    sigma = np.array([3.0, 5.0, 8.0])
    b = Baseline(
        REGIONS,
        ("a", "b", "c"),
        X,
        X.sum(axis=(1, 2)) * 0.6,
        t,
        unit="toy",
        source="random",
        elasticities={"toy": sigma - 1},
    )
    cal = ossa_model.rebase(ossa.calibrate(X, t, sigma), t)  # balanced trade
    return OssaModel(b, calibration=cal, government=True)


@pytest.fixture(scope="module")
def cal(model):
    return model.calibration


@pytest.fixture(scope="module")
def war(model):
    return games.nash_tariffs(model, tol=1e-9, max_rounds=60)


@pytest.mark.slow
def test_gradient_matches_finite_differences(model, cal):
    cells, _ = tariff_cells(model.baseline, "USA", "bilateral_sector")
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
def test_optimal_tariff_beats_every_nearby_tariff(model, cal):
    best = games.optimal_tariffs(model, "CHN")
    value = _government(cal, best.policy.tariffs)[1]
    assert best.welfare[0] == pytest.approx(100 * (value - 1), abs=1e-10)
    assert best.max_foc < 1e-6 and best.labels[0] == "USA a"
    rng = np.random.default_rng(0)
    cells, _ = tariff_cells(model.baseline, "CHN", "bilateral_sector")
    theta = read_cells(best.policy.tariffs, cells, 6)
    np.testing.assert_allclose(theta, best.rates)
    for _ in range(20):
        nearby = np.clip(theta + rng.normal(0, 0.02, 6), 0, None)
        other = np.asarray(apply_cells(jnp.asarray(nearby), jnp.asarray(cal.t), cells))
        assert _government(cal, other)[1] <= value + 1e-12
    assert value > _government(cal, np.asarray(cal.t))[1]


@pytest.mark.slow
def test_nash_first_order_conditions_hold(model, cal, war):
    assert war.converged and war.players == REGIONS and len(war.rates) == 18
    for j, c in enumerate(REGIONS):
        cells, _ = tariff_cells(model.baseline, c, "bilateral_sector")
        theta = read_cells(war.policy.tariffs, cells, 6)
        values, jac, _ = ossa_model.welfare_and_jacobian(
            jnp.asarray(theta),
            jnp.asarray(war.policy.tariffs),
            cells,
            cal,
            ossa.initial_guess(cal),
        )
        interior = (theta > 1e-6) & (theta < games.BOUNDS[1] - 1e-6)
        own = np.asarray(jac[j]) / float(values[j])
        assert np.abs(own[interior]).max() < 1e-5
        assert np.all(own[~interior] <= 1e-7)  # at the lower bound: no gain from raising
    # the result carries the same conditions (percent welfare per unit of tariff)
    assert war.max_foc < 1e-3


@pytest.mark.slow
def test_cooperative_tariffs_give_equal_gains_above_nash(model, war):
    rebased = model.rebased(war.policy.tariffs)
    coop = games.cooperative_tariffs(rebased)
    assert coop.converged
    gains = _government(rebased.calibration, coop.policy.tariffs)
    assert np.ptp(gains) < 1e-6 and gains.min() > 1.0
    np.testing.assert_allclose(coop.welfare, 100 * (gains - 1), atol=1e-8)
    assert coop.max_foc < 1e-4  # the Lagrangian is stationary


@pytest.fixture(scope="module")
def wiod(dataset):
    from tradewar.datasets import tariffwar_cubes

    base = tariffwar_cubes.load("wiod2016", 2014, dataset("wiod_2016_tariffwar"))
    return OssaModel(base, "IS")


@pytest.mark.slow
def test_uniform_war_on_wiod_converges_and_each_rate_is_a_best_response(wiod):
    war = games.uniform_nash(wiod)
    assert war.converged and war.history[-1] < 1e-8 and war.max_foc < 1e-6
    assert np.all((war.rates > 0.1) & (war.rates < 0.6))
    b, cal = wiod.baseline, wiod.calibration
    cells = uniform_cells(b, b.countries)
    players = jnp.arange(b.n_countries)
    x = jnp.asarray(ossa_model.solve_tariffs(cal, war.policy.tariffs))
    for p in (int(np.argmax(cal.E)), 7):  # the largest economy and one more
        for step in (-0.01, 0.01):
            theta = jnp.asarray(war.rates).at[p].add(step)
            _, values, _ = games.uniform_focs(theta, cells, players, cal, x)
            assert 100 * (float(values[p]) - 1) < war.welfare[p]


def test_uniform_focs_equal_the_general_adjoint_gradient(model, cal):
    cells = uniform_cells(model.baseline, ["USA", "JPN"])
    theta = jnp.asarray([0.25, 0.4])
    x0 = ossa.initial_guess(cal)
    focs, _, _ = games.uniform_focs(theta, cells, jnp.asarray([0, 2]), cal, x0)
    values, jac, _ = ossa_model.welfare_and_jacobian(theta, cal.t, cells, cal, x0, government=False)
    expected = np.asarray(jac)[[0, 2], [0, 1]] / np.asarray(values)[[0, 2]]
    np.testing.assert_allclose(focs, expected, rtol=1e-10, atol=1e-13)


def test_uniform_war_among_some_players_keeps_the_others_tariffs(model):
    war = games.uniform_nash(model, ["USA", "JPN"])
    assert war.converged and war.players == ("USA", "JPN")
    t = war.policy.tariffs
    np.testing.assert_allclose(t[:, 1, :], model.calibration.t[:, 1, :])  # CHN unchanged
    np.testing.assert_allclose(t[1, 0, :], war.rates[0])


def test_balanced_calibration_rejects_unknown_elasticities():
    from tradewar import datasets
    from tradewar.core.errors import DataError

    with pytest.raises(DataError, match="unknown elasticity set 'XX'"):
        ossa_model.balanced_calibration(datasets.load("default-multisector"), "XX")


def _log_nash_product(gains):
    return np.log(np.log(gains)).sum()


@pytest.mark.slow
def test_nash_bargain_between_two_parties_beats_equal_gains_in_the_nash_product(model, war):
    rebased = model.rebased(war.policy.tariffs)
    deal = games.nash_bargain(rebased, ["USA", "JPN"])
    equal = games.cooperative_tariffs(rebased, parties=["USA", "JPN"])
    cal = rebased.calibration
    g_deal = _government(cal, deal.policy.tariffs)
    g_equal = _government(cal, equal.policy.tariffs)
    assert g_deal[0] > 1 and g_deal[2] > 1  # both parties gain over the disagreement point
    assert _log_nash_product(g_deal[[0, 2]]) >= _log_nash_product(g_equal[[0, 2]]) - 1e-12
    assert deal.max_foc < 1e-4
    np.testing.assert_allclose(deal.policy.tariffs[:, 1, :], cal.t[:, 1, :])  # outsider unchanged
    np.testing.assert_allclose(deal.policy.tariffs[1, 0, :], cal.t[1, 0, :])


@pytest.mark.slow
def test_efficient_tariffs_respect_participation_and_favour_the_weighted_party(model, war):
    rebased = model.rebased(war.policy.tariffs)
    tilted = games.efficient_tariffs(rebased, [1.0, 0.05, 0.05])
    assert tilted.converged
    cal = rebased.calibration
    gains = _government(cal, tilted.policy.tariffs)
    assert np.all(gains >= 1 - 1e-8)  # nobody below the disagreement point
    equal = _government(cal, games.cooperative_tariffs(rebased).policy.tariffs)
    assert gains[0] > equal[0]  # the heavily weighted party does better than equal gains


def test_talks_among_some_parties_refuse_mfn(model):
    from tradewar.core.errors import TradewarError

    with pytest.raises(TradewarError, match="bilateral tariffs"):
        games.cooperative_tariffs(model, mfn=True, parties=["USA", "CHN"])
