"""Prices along the chain (tradewar.paths.prices): the border pass-through on toys whose
answer is known, and the shop layer."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from tradewar.core.baseline import Baseline
from tradewar.core.errors import TradewarError
from tradewar.paths import prices
from tradewar.paths.scenario import Event, Scenario
from tradewar.paths.simulate import simulate

THETA = 4.0
TARIFF = 0.01


def two_country_world(home: float, exporter_home: float, trade: float) -> Baseline:
    """China and the US, two identical goods sectors (so the model is one sector), no IO,
    balanced trade ``trade`` each way, domestic sales ``home`` (US) and
    ``exporter_home`` (China). The US comes last: the solver drops the last country's
    trade balance (Walras), so the small country's own balance is solved to its scale."""
    one = np.array([[exporter_home, trade], [trade, home]])
    flows = np.stack([one, one], axis=2) / 2
    return Baseline(
        ("CHN", "USA"),
        ("goods a", "goods b"),
        flows,
        flows.sum(axis=(1, 2)),
        None,
        unit="toy",
        elasticities={"toy": np.array([THETA, THETA])},
    )


def us_tariff_path(world: Baseline):
    spec = Scenario(
        name="toy",
        start="2025-01",
        end="2025-01",
        model={"deficits": "zero"},
        dynamics={"profile": "long_run"},
        events=[Event(date="2025-01-01", actor="USA", target="CHN", rate=TARIFF, source="toy")],
    )
    return simulate(spec, world)


def us_pass_through(world: Baseline) -> float:
    path = us_tariff_path(world)
    chain = prices.chain_prices(path)
    weights = world.flows * (1 + world.tariffs)
    means = prices.importer_means(chain, weights, 1, {"CHN": [0]}, {"goods": [0, 1]})
    cells = np.zeros(world.flows.shape, bool)
    cells[0, 1, :] = True  # China -> US
    ratio, _, _ = prices.pass_through(chain, weights, cells)
    assert means["pass_through"][0, 0, 0] == pytest.approx(ratio[0], rel=1e-6)
    return float(ratio[0])


def test_a_small_importer_gets_full_border_pass_through():
    """The US buys a negligible share of China's output: China's prices do not move."""
    assert us_pass_through(two_country_world(60.0, 1e7, 40.0)) == pytest.approx(1.0, abs=1e-4)


def test_a_large_importer_facing_an_exporter_that_sells_only_to_it_gets_the_closed_form():
    """China is negligible next to the US and all its exports go there: its wage w solves
    w / (lam w^-theta + 1 - lam) = (w T)^-theta / T (trade balance with US prices held,
    T = 1 + t), so the border pass-through is 1 + ln w / ln T, to first order
    theta lam / (1 + theta + theta lam), lam China's spending share on itself."""
    home, trade = 60.0, 40.0
    lam = home / (home + trade)
    T = 1 + TARIFF

    def balance(w):
        return w / (lam * w**-THETA + 1 - lam) - (w * T) ** -THETA / T

    w = brentq(balance, 0.5, 1.5, xtol=1e-15)
    exact = 1 + np.log(w) / np.log(T)
    got = us_pass_through(two_country_world(1e7, home, trade))
    assert got == pytest.approx(exact, rel=1e-4)
    assert got == pytest.approx(THETA * lam / (1 + THETA + THETA * lam), rel=1e-2)
    assert got < 0.5  # the exporter absorbs most of the duty


def test_chain_prices_need_a_multi_sector_path():
    from tests.conftest import toy_baseline

    spec = Scenario(name="one", start="2025-01", end="2025-01", events=[])
    with pytest.raises(TradewarError, match="multi-sector"):
        prices.chain_prices(simulate(spec, toy_baseline(3)))


@settings(max_examples=40, deadline=None)
@given(
    st.floats(0.01, 1.0),
    st.lists(st.floats(-0.5, 0.5), min_size=1, max_size=30),
)
def test_sticky_prices_reach_the_change_at_the_calvo_pace(frequency, steps):
    """A basic-price path reaches the shelf as 1 - (1 - f)^(h + 1) of each change h
    months on: shop prices lag the basic ones, and a one-off change is fully on the shelf
    in the limit."""
    changes = np.cumsum(steps)
    shop = prices.sticky(changes[:, None], frequency)[:, 0]
    expected = [
        sum(step * (1 - (1 - frequency) ** (m - k + 1)) for k, step in enumerate(steps[: m + 1]))
        for m in range(len(steps))
    ]
    np.testing.assert_allclose(shop, expected, atol=1e-12)
    one_off = prices.sticky(np.ones((400, 1)), frequency)[:, 0]
    assert np.all(np.diff(one_off) >= -1e-15)
    assert one_off[-1] == pytest.approx(1 - (1 - frequency) ** 400, abs=1e-12)


def test_shop_prices_mix_the_basic_price_with_the_margin_priced_as_services():
    world = two_country_world(60.0, 60.0, 40.0).replace(sectors=("goods", "Services (aggregate)"))
    basic = np.array([[0.10, 0.02], [0.0, 0.0]])
    shop = prices.shop_prices(basic, world, np.array([0.4, 0.0]))
    assert shop[0, 0] == pytest.approx(0.6 * 0.10 + 0.4 * 0.02)
    assert shop[0, 1] == pytest.approx(0.02)  # services: their own price


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"frequency": 0.0}, "frequency"),
        ({"margins": {"USA": -0.1}}, r"retail margin of USA is -0\.1"),
        ({"margins": {"USA": 1.0}}, "it must be in"),
    ],
)
def test_bad_retail_parameters_are_one_line_errors(kwargs, message):
    with pytest.raises(TradewarError, match=message) as err:
        prices.RetailParams(**kwargs)
    assert "\n" not in str(err.value)


def test_a_negative_margin_in_a_scenario_file_is_refused():
    from tradewar.paths.scenario import ScenarioError, loads

    text = "name: t\nstart: 2025-01\nend: 2025-02\nretail: {margins: {USA: -0.2}}\n"
    with pytest.raises(ScenarioError, match=r"retail margin of USA is -0\.2") as err:
        loads(text)
    assert "\n" not in str(err.value)
