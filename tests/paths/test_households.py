"""Who pays (tradewar.paths.households): the cost before substitution is the tariff times
the import content, and the decile tables add up."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewar.core.baseline import Baseline
from tradewar.datasets import households as data
from tradewar.paths import households


def io_world(seed: int) -> Baseline:
    """Three economies, two goods sectors and services, with input-output links and
    baseline tariffs."""
    rng = np.random.default_rng(seed)
    N, S = 3, 3
    flows = rng.uniform(1.0, 10.0, (N, N, S))
    for n in range(N):
        flows[n, n] = rng.uniform(40.0, 80.0, S)
    tariffs = rng.uniform(0.0, 0.1, (N, N, S))
    for n in range(N):
        tariffs[n, n] = 0.0
    va = rng.uniform(0.4, 0.7, (N, S))
    io = rng.uniform(0.1, 1.0, (N, S, S))
    io /= io.sum(axis=1, keepdims=True)
    return Baseline(
        ("USA", "CHN", "DEU"),
        ("goods", "C29", "Services (aggregate)"),
        flows,
        flows.sum(axis=(1, 2)) * 0.6,
        tariffs,
        unit="million USD",
        value_added_share=va,
        io_shares=io,
        elasticities={"toy": np.array([4.0, 4.0, 4.0])},
    )


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.floats(-0.3, 2.0))
def test_before_substitution_is_the_tariff_times_import_content(seed, duty):
    """A uniform duty change d on every import raises each sector's price by d times its
    import content (direct and through domestic inputs), to 1e-10."""
    world = io_world(seed)
    foreign = ~np.eye(3, dtype=bool)[:, :, None]
    tariffs = np.where(foreign, world.tariffs + duty * (1 + world.tariffs), 0.0)
    change = households.static_prices(world, tariffs)
    np.testing.assert_allclose(change, duty * households.import_content(world), atol=1e-10)


def test_before_substitution_is_linear_and_zero_without_a_change():
    world = io_world(1)
    assert np.abs(households.static_prices(world, world.tariffs)).max() < 1e-15
    foreign = ~np.eye(3, dtype=bool)[:, :, None]
    one = np.where(foreign & (np.arange(3)[None, None, :] == 1), world.tariffs + 0.1, world.tariffs)
    two = np.where(foreign & (np.arange(3)[None, None, :] == 0), world.tariffs + 0.2, world.tariffs)
    both = one + two - world.tariffs
    np.testing.assert_allclose(
        households.static_prices(world, both),
        households.static_prices(world, one) + households.static_prices(world, two),
        atol=1e-12,
    )


def test_decile_costs_add_up_and_follow_spending():
    world = io_world(2)
    tables = households.who_pays(world)
    assert np.allclose(tables.weights.sum(axis=1), 1.0)
    change = np.zeros((3, 3))
    change[0] = 0.01  # every US price 1% higher
    frame = tables.us_table(change)
    deciles = frame.drop(index="all")
    assert frame.loc["all", "cost_usd_bn"] == pytest.approx(deciles.cost_usd_bn.sum())
    # a uniform 1% rise costs each decile 1% of its spending
    np.testing.assert_allclose(frame.cost_pct_of_spending, 1.0, rtol=1e-9)
    spending = tables.distribution.decile_spending()
    np.testing.assert_allclose(deciles.cost_usd_bn, 0.01 * spending, rtol=1e-9)
    assert frame.loc["all", "households_million"] == pytest.approx(134.557, abs=1e-3)


def test_the_us_products_map_goods_to_their_pce_product_and_services_to_services():
    world = io_world(3)
    weights = households.product_weights(world, data.us_distribution(), "USA")
    lines = list(data.us_distribution().pce_mp)
    assert weights[lines.index(4), 1] == pytest.approx(1.0)  # C29: motor vehicles
    assert weights[lines.index(16), 2] == pytest.approx(1.0)  # health care: services
    assert weights[lines.index(12), 0] == pytest.approx(1.0)  # an unmapped good: line 12


def test_a_date_outside_the_path_is_one_line():
    from tradewar.paths.scenario import Scenario, ScenarioError

    spec = Scenario(name="short", start="2025-01", end="2025-03", events=[])
    with pytest.raises(ScenarioError, match="date 2025-06-01 is outside the path") as err:
        households.on_date(spec, dt.date(2025, 6, 1), baseline=io_world(4))
    assert "\n" not in str(err.value)


def test_on_date_costs_the_policy_in_force():
    from tradewar.paths.scenario import Event, Scenario

    world = io_world(5)
    spec = Scenario(
        name="toy",
        start="2025-01",
        end="2025-06",
        model={"deficits": "fixed"},
        events=[Event(date="2025-03-01", actor="USA", target="ALL", rate=0.2, source="toy")],
    )
    before_war = households.on_date(spec, dt.date(2025, 2, 1), baseline=world)
    war = households.on_date(spec, dt.date(2025, 4, 1), baseline=world)
    assert before_war.before_usd_per_household.abs().max() < 1e-9
    assert before_war.after_usd_per_household.abs().max() < 1e-6
    assert (war.before_usd_per_household > 0).all()
    # substitution and foreign prices that fall against US wages make it cheaper
    assert war.loc["all", "after_usd_per_household"] < war.loc["all", "before_usd_per_household"]


def test_other_countries_pay_per_household_their_consumption_over_their_households():
    from types import SimpleNamespace

    from tradewar.datasets import household_counts

    world = io_world(5)
    # prices 2% up against a 1% higher wage in China, unchanged in Germany
    result = SimpleNamespace(
        outcomes={"prices": np.array([0.0, 2.0, 0.0]), "wage": np.array([0.0, 1.0, 0.0])}
    )
    frame = households.country_costs(world, result, ["CHN", "DEU"])
    change = 1.02 / 1.01 - 1
    np.testing.assert_allclose(frame.cost_pct_of_spending, [100 * change, 0.0], atol=1e-12)
    homes = household_counts.households_million(["CHN", "DEU"])
    np.testing.assert_allclose(frame.households_million, homes)
    consumption = data.household_consumption(["CHN", "DEU"])
    np.testing.assert_allclose(
        frame.cost_usd_per_household, [consumption[0] * change * 1e3 / homes[0], 0.0]
    )
    np.testing.assert_allclose(frame.spending_usd, consumption * 1e3 / homes)
    assert 1_000 < frame.loc["CHN", "spending_usd"] < 100_000  # USD a household a year
