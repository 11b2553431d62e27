"""Optimal tariffs in the multi-sector (Caliendo-Parro) model: exact gradients by
forward mode and the implicit function theorem."""

import numpy as np
import pytest

from tests.models.test_multisector import _two_sector_toy
from tradewar.errors import TradewarError
from tradewar.games import multisector_tariffs as mt
from tradewar.games.multisector_tariffs import cells_for, nash_war, welfare_and_gradient
from tradewar.model import MultiSectorModel
from tradewar.policy import Policy


@pytest.fixture(scope="module")
def toy():
    b = _two_sector_toy(seed=3)
    return b, MultiSectorModel(b, deficits="zero")


@pytest.mark.slow
@pytest.mark.parametrize("structure", ["uniform", "sector", "bilateral"])
def test_gradient_matches_finite_differences(toy, structure):
    b, model = toy
    base = Policy.from_baseline(b)
    cells, k = mt.cells_for(model, "USA", structure)
    theta = np.full(k, 0.15) + 0.01 * np.arange(k)
    _, grad = mt.welfare_and_gradient(model, base, cells, theta, "USA")
    h = 1e-5
    for i in range(k):
        step = h * np.eye(k)[i]
        up = mt.welfare_and_gradient(model, base, cells, theta + step, "USA")[0]
        down = mt.welfare_and_gradient(model, base, cells, theta - step, "USA")[0]
        assert grad[i] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-7)


def test_optimal_sector_tariffs_beat_nearby_tariffs(toy):
    b, model = toy
    best = mt.optimal_tariffs(model, "USA", structure="sector")
    assert np.abs(best.gradient).max() < 1e-5
    rng = np.random.default_rng(1)
    cells, k = mt.cells_for(model, "USA", "sector")
    base = Policy.from_baseline(b)
    for _ in range(6):
        nearby = np.clip(best.rates + rng.normal(0, 0.02, k), 0, None)
        value, _ = mt.welfare_and_gradient(model, base, cells, nearby, "USA")
        assert value <= best.welfare + 1e-9
    assert best.welfare > model.solve(base).value("welfare", "USA")


def test_nash_war_first_order_conditions_hold():
    """Each player's uniform tariff is a best response: its welfare gradient is zero at
    interior rates, and welfare is lower a little either side."""
    model = MultiSectorModel(_two_sector_toy(seed=1), deficits="fixed")
    war = nash_war(model, ["USA", "CHN"])
    assert war.rounds >= 2 and war.max_change <= 1e-5
    assert (war.rates > 0).all() and (war.rates < 1.5).all()
    assert np.abs(war.gradients).max() < 1e-4
    for k, player in enumerate(war.players):
        cells, _ = cells_for(model, player, "uniform")
        for step in (-0.02, 0.02):
            nearby = welfare_and_gradient(model, war.policy, cells, [war.rates[k] + step], player)
            assert nearby[0] <= war.welfare[k] + 1e-9


def test_a_nash_war_needs_two_players():
    model = MultiSectorModel(_two_sector_toy(seed=1), deficits="fixed")
    with pytest.raises(TradewarError, match="at least two"):
        nash_war(model, ["USA", "USA"])
