"""Short-run months are read at the prices buyers pay: no free lunch (docs/model.md E.1)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tradewar.models.short_run import paid_price_factor
from tradewar.paths.scenario import Event, Scenario
from tradewar.paths.simulate import simulate

positive = st.floats(0.2, 5.0)


@settings(max_examples=100, deadline=None)
@given(
    base_shares=arrays(float, 4, elements=st.floats(0.05, 1.0)),
    felt=arrays(float, 4, elements=positive),
    paid=arrays(float, 4, elements=positive),
    theta=st.floats(0.5, 10.0),
    spending=positive,
)
def test_the_factor_gives_the_ces_quantity_index_of_what_buyers_get(
    base_shares, felt, paid, theta, spending
):
    """Buyers choose shares at felt prices and pay the paid ones; the CES quantity index
    of the quantities they receive equals spending / P_felt * M."""
    pi0 = base_shares / base_shares.sum()
    P_felt = (pi0 * felt ** (-theta)).sum() ** (-1 / theta)
    pi1 = pi0 * (felt / P_felt) ** (-theta)
    quantities = pi1 * spending / paid  # relative to baseline quantities pi0 (prices 1)
    rho = theta / (1 + theta)
    index = ((pi0 * (quantities / pi0) ** rho).sum()) ** (1 / rho)
    M = paid_price_factor(pi1, felt / paid, theta)
    assert index == pytest.approx(spending / P_felt * float(M), rel=1e-9)


def test_no_lag_means_no_correction():
    shares = np.array([[0.3, 0.5], [0.7, 0.5]])
    assert np.allclose(paid_price_factor(shares, np.ones_like(shares), 4.0), 1.0)


@pytest.mark.slow
def test_no_free_lunch_in_the_month_a_tariff_war_starts():
    """Issue: under 145% / 125% both the US and China gained in April 2025 and the world
    gained +0.18% while the long run gives a loss."""
    war = [
        Event(date="2025-01-01", actor="USA", target="CHN", rate=1.45),
        Event(date="2025-01-01", actor="CHN", target="USA", rate=1.25),
    ]
    spec = Scenario(
        name="war",
        baseline="default-multisector",
        start="2025-01",
        end="2025-01",
        model={"elasticities": "CP", "deficits": "fixed"},
        events=war,
    )
    path = simulate(spec)
    first, long_run = path.results[0], path.long_run

    def world(res):
        return float((res.outcomes["welfare"] * res.expenditure).sum() / res.expenditure.sum())

    # the world loses from the first month (no free lunch) and loses more in the long run;
    # in the first month a country can still gain at its buyers' expense (with IO links
    # its tariffs on inputs raise its export prices before buyers can switch)
    assert world(long_run) < world(first) < 0
    assert first.value("welfare", "USA") < 0
    assert long_run.value("welfare", "USA") < 0 and long_run.value("welfare", "CHN") < 0


def test_a_lag_of_one_changes_nothing_with_io_links():
    """Producers' costs at paid prices (models.multisector.prices): with the felt wedge
    equal to the paid one the lagged solve is the plain one."""
    from tradewar import datasets
    from tradewar.core.policy import Policy
    from tradewar.models import MultiSectorModel

    b = datasets.load("default-multisector")
    model = MultiSectorModel(b, elasticities="CP", deficits="fixed")
    policy = Policy.from_baseline(b).tariff("USA", on="CHN", rate=0.5, additional=True)
    plain = model.solve(policy)
    lagged = model.solve(policy, felt=policy.demand_wedge())
    np.testing.assert_allclose(lagged.outcomes["welfare"], plain.outcomes["welfare"], atol=1e-8)
    np.testing.assert_allclose(lagged.flows_after, plain.flows_after, rtol=1e-8)
