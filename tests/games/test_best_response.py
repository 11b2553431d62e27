"""Optimal tariffs and Nash wars through the model interface, in every family: exact
gradients (against finite differences), optima that beat nearby tariffs, first-order
conditions at Nash equilibria, and the global search over one rate."""

import numpy as np
import pytest

from tests.conftest import toy_baseline
from tests.models.test_multisector import _two_sector_toy
from tradewar.core.errors import TradewarError
from tradewar.core.policy import Policy
from tradewar.games.best_response import nash_war, optimal_tariffs
from tradewar.models.interface import (
    Model,
    WarmStart,
    tariff_cells,
    uniform_cells,
)
from tradewar.models.multisector_model import MultiSectorModel
from tradewar.models.onesector_model import OneSectorModel
from tradewar.models.ossa_model import OssaModel


@pytest.fixture(scope="module")
def model(default_baseline):
    return OneSectorModel(default_baseline)


@pytest.fixture(scope="module")
def toy_cp():
    return MultiSectorModel(_two_sector_toy(seed=3), deficits="zero")


def _finite_difference_check(model, base, cells, theta, country, rel=1e-5):
    out = model.welfare_and_gradient(base, cells, theta, country)
    h = 1e-5
    for i in range(len(theta)):
        step = h * np.eye(len(theta))[i]
        up = model.welfare_and_gradient(base, cells, theta + step, country).value
        down = model.welfare_and_gradient(base, cells, theta - step, country).value
        assert out.gradient[i] == pytest.approx((up - down) / (2 * h), rel=rel, abs=1e-7)


@pytest.mark.slow
def test_one_sector_gradient_matches_finite_differences(model):
    b = model.baseline
    base = Policy.from_baseline(b).tariff("USA", on="CHN", rate=0.5)
    cells = uniform_cells(b, ["CHN"])
    _finite_difference_check(model, base, cells, np.array([0.3]), "CHN")


def test_one_sector_gradient_sees_trade_cost_shocks():
    """The gradient is taken at the policy's trade costs, not at the baseline's."""
    b = toy_baseline(4, seed=2)
    model = OneSectorModel(b)
    base = Policy.from_baseline(b).trade_cost(b.countries[0], on=b.countries[1], change=0.3)
    cells, _ = tariff_cells(b, b.countries[1], "bilateral")
    theta = np.array([0.1, 0.2, 0.15])
    _finite_difference_check(model, base, cells, theta, b.countries[1])
    value = model.welfare_and_gradient(base, cells, theta, b.countries[1]).value
    solved = model.solve(model.policy_with(base, cells, theta))
    assert value == pytest.approx(solved.value("welfare", b.countries[1]), abs=1e-10)


@pytest.mark.slow
@pytest.mark.parametrize("structure", ["uniform", "sector", "bilateral"])
def test_multi_sector_gradient_matches_finite_differences(toy_cp, structure):
    b = toy_cp.baseline
    cells, labels = tariff_cells(b, "USA", structure)
    theta = np.full(len(labels), 0.15) + 0.01 * np.arange(len(labels))
    _finite_difference_check(toy_cp, Policy.from_baseline(b), cells, theta, "USA")


def test_ossa_gradient_matches_finite_differences():
    b = _two_sector_toy(seed=3)
    ossa = OssaModel(b, elasticities=np.array([3.0, 5.0]))
    cells, _ = tariff_cells(b, "CHN", "sector")
    _finite_difference_check(ossa, Policy.from_baseline(b), cells, np.array([0.2, 0.3]), "CHN")


@pytest.mark.slow
def test_optimal_uniform_tariff_beats_every_nearby_tariff(model):
    best = optimal_tariffs(model, "USA")
    rate = best.rates[0]
    assert 0.2 < rate < 0.3 and best.max_foc < 1e-6
    base = Policy.from_baseline(model.baseline)
    for res in model.solve_many(
        [base.tariff("USA", rate=r) for r in (rate - 0.01, rate + 0.01, rate - 0.001)]
    ):
        assert res.value("welfare", "USA") < best.welfare[0]
    assert model.solve(best.policy).value("welfare", "USA") == pytest.approx(best.welfare[0])


@pytest.mark.slow
def test_optimal_bilateral_tariffs_on_a_small_world():
    b = toy_baseline(5, seed=11)
    model = OneSectorModel(b)
    best = optimal_tariffs(model, "CHN", structure="bilateral")
    assert len(best.rates) == 4 and np.all(best.rates >= 0)
    assert best.max_foc < 1e-4
    uniform = optimal_tariffs(model, "CHN")
    assert best.welfare[0] >= uniform.welfare[0] - 1e-9  # more instruments never hurt
    base = Policy.from_baseline(b)
    rng = np.random.default_rng(0)
    for _ in range(3):  # random nearby bilateral vectors do worse
        trial = {
            c: r + d
            for c, r, d in zip(best.labels, best.rates, rng.normal(0, 0.01, 4), strict=True)
        }
        res = model.solve(base.tariff("CHN", rate=trial))
        assert res.value("welfare", "CHN") < best.welfare[0]


def test_optimal_sector_tariffs_beat_nearby_tariffs(toy_cp):
    b = toy_cp.baseline
    best = optimal_tariffs(toy_cp, "USA", structure="sector")
    assert best.max_foc < 1e-5
    rng = np.random.default_rng(1)
    cells, labels = tariff_cells(b, "USA", "sector")
    base = Policy.from_baseline(b)
    for _ in range(6):
        nearby = np.clip(best.rates + rng.normal(0, 0.02, len(labels)), 0, None)
        value = toy_cp.welfare_and_gradient(base, cells, nearby, "USA").value
        assert value <= best.welfare[0] + 1e-9
    assert best.welfare[0] > toy_cp.solve(base).value("welfare", "USA")


@pytest.mark.slow
def test_one_sector_nash_war_first_order_conditions(model):
    nash = nash_war(model, ["USA", "CHN"])
    assert nash.max_change < 1e-6 and nash.max_foc < 1e-6  # nobody wants to move
    assert np.all(nash.rates > 0.1)
    at_nash = model.solve(nash.policy)
    for k, player in enumerate(nash.players):  # deviating to free trade does not pay
        assert at_nash.value("welfare", player) == pytest.approx(nash.welfare[k])
        deviation = model.solve(nash.policy.tariff(player, rate=0.0))
        assert deviation.value("welfare", player) < at_nash.value("welfare", player)


@pytest.mark.parametrize("family", ["caliendo-parro", "ossa"])
def test_multi_sector_nash_war_first_order_conditions(family):
    """Each player's uniform tariff is a best response: its welfare gradient is zero at
    interior rates, and welfare is lower a little either side."""
    b = _two_sector_toy(seed=1)
    model = (
        MultiSectorModel(b, deficits="fixed")
        if family == "caliendo-parro"
        else OssaModel(b, elasticities=np.array([3.0, 5.0]))
    )
    war = nash_war(model, ["USA", "CHN"])
    assert war.rounds >= 2 and war.max_change <= 1e-6
    assert (war.rates > 0).all() and (war.rates < 1.5).all()
    assert war.max_foc < 1e-6
    for k, player in enumerate(war.players):
        cells, _ = tariff_cells(b, player, "uniform")
        for step in (-0.02, 0.02):
            nearby = model.welfare_and_gradient(war.policy, cells, [war.rates[k] + step], player)
            assert nearby.value <= war.welfare[k] + 1e-9


class _TwoPeaks(Model):
    """A stand-in for a model whose welfare has two local maxima in one tariff: a low
    peak at 0.2 (height 1) and a higher one at 1.1 (height 2). Used to test the search,
    not the economics."""

    def __init__(self, baseline):
        self.baseline = baseline

    def describe(self):
        return "two peaks"

    def demand_elasticity(self):
        return np.ones((1, 1, 1))

    def _solve_warm(self, policy, felt, warm):
        raise NotImplementedError

    def _welfare_and_gradients(self, query):
        t, countries = float(query.theta[0]), query.countries
        a, b = np.exp(-50 * (t - 0.2) ** 2), 2 * np.exp(-50 * (t - 1.1) ** 2)
        slope = -100 * (t - 0.2) * a - 100 * (t - 1.1) * b
        ones = np.ones(len(countries))
        return (a + b) * ones, slope * ones[:, None], WarmStart(np.zeros(1))


def test_the_search_over_one_rate_finds_the_better_of_two_optima():
    fake = _TwoPeaks(toy_baseline(3))
    best = optimal_tariffs(fake, fake.baseline.countries[0])
    assert best.rates[0] == pytest.approx(1.1, abs=1e-8) and best.welfare[0] > 1.99
    local = optimal_tariffs(fake, fake.baseline.countries[0], start=0.1)
    assert local.rates[0] == pytest.approx(0.2, abs=1e-8)  # a local search stays local


def test_bad_game_inputs(model):
    with pytest.raises(TradewarError, match="at least two distinct players"):
        nash_war(model, ["USA", "USA"])
    with pytest.raises(TradewarError, match="structure"):
        optimal_tariffs(model, "USA", structure="sectoral")
