"""Optimal tariffs and Nash wars with gradients from implicit differentiation."""

import jax.numpy as jnp
import numpy as np
import pytest

from tests.conftest import toy_baseline
from tradewar.errors import TradewarError
from tradewar.games.best_response import nash_war, optimal_tariffs
from tradewar.games.gradients import uniform_cells, welfare_value_and_grad
from tradewar.model import OneSectorModel
from tradewar.policy import Policy


@pytest.fixture(scope="module")
def model(default_baseline):
    return OneSectorModel(default_baseline)


@pytest.mark.slow
def test_gradient_matches_finite_differences(model):
    b = model.baseline
    k = b.index("CHN")
    ins = model._instruments(Policy.from_baseline(b).tariff("USA", on="CHN", rate=0.5))
    cells = uniform_cells([k], b.n_countries)
    cal = model.calibration
    _, grad, _ = welfare_value_and_grad(jnp.asarray([0.3]), ins, cells, cal, jnp.asarray(k))
    h = 1e-6
    up = welfare_value_and_grad(jnp.asarray([0.3 + h]), ins, cells, cal, jnp.asarray(k))[0]
    down = welfare_value_and_grad(jnp.asarray([0.3 - h]), ins, cells, cal, jnp.asarray(k))[0]
    assert float(grad[0]) == pytest.approx((float(up) - float(down)) / (2 * h), rel=1e-5)


@pytest.mark.slow
def test_optimal_uniform_tariff_beats_every_nearby_tariff(model):
    best = optimal_tariffs(model, "USA")
    rate = best.rates[0]
    assert 0.2 < rate < 0.3 and abs(best.gradient[0]) < 1e-6
    base = Policy.from_baseline(model.baseline)
    for res in model.solve_many(
        [base.tariff("USA", rate=r) for r in (rate - 0.01, rate + 0.01, rate - 0.001)]
    ):
        assert res.value("welfare", "USA") < best.welfare
    assert model.solve(best.policy).value("welfare", "USA") == pytest.approx(best.welfare)


@pytest.mark.slow
def test_optimal_bilateral_tariffs_on_a_small_world():
    b = toy_baseline(5, seed=11)
    model = OneSectorModel(b)
    best = optimal_tariffs(model, "CHN", structure="bilateral")
    assert len(best.rates) == 4 and np.all(best.rates >= 0)
    assert np.max(np.abs(best.gradient)) < 1e-4
    uniform = optimal_tariffs(model, "CHN")
    assert best.welfare >= uniform.welfare - 1e-9  # more instruments never hurt
    base = Policy.from_baseline(b)
    rng = np.random.default_rng(0)
    for _ in range(3):  # random nearby bilateral vectors do worse
        trial = {
            c: r + d
            for c, r, d in zip(best.partners, best.rates, rng.normal(0, 0.01, 4), strict=True)
        }
        res = model.solve(base.tariff("CHN", rate=trial))
        assert res.value("welfare", "CHN") < best.welfare


@pytest.mark.slow
def test_nash_war_first_order_conditions(model):
    nash = nash_war(model, ["USA", "CHN"])
    assert nash.max_change < 1e-6
    assert np.all(np.abs(nash.gradients) < 1e-6)  # nobody wants to move
    assert np.all(nash.rates > 0.1)
    at_nash = model.solve(nash.policy)
    for player in nash.players:  # deviating to free trade does not pay
        deviation = model.solve(nash.policy.tariff(player, rate=0.0))
        assert deviation.value("welfare", player) < at_nash.value("welfare", player)


def test_bad_game_inputs(model):
    with pytest.raises(TradewarError, match="at least two distinct players"):
        nash_war(model, ["USA", "USA"])
    with pytest.raises(TradewarError, match="structure"):
        optimal_tariffs(model, "USA", structure="sectoral")
