"""Input-output links on the ICIO 2022 default from the OECD national IO tables."""

from __future__ import annotations

import numpy as np
import pytest

from tradewar import datasets
from tradewar.core.policy import Policy
from tradewar.datasets import embedded, niot, tariffwar_cubes
from tradewar.datasets.aggregate import floor_final_demand
from tradewar.models import MultiSectorModel
from tradewar.models.multisector import negative_final_demand

LINKED = datasets.load("default-multisector")


def _identities(b):
    """(costs + value added - output, purchases - intermediate - final) relative."""
    beta, G = b.value_added_share, b.io_shares
    costs = beta + (1 - beta) * G.sum(axis=1)
    sales = b.flows.sum(axis=1)
    purchases = (b.flows * (1 + b.tariffs)).sum(axis=0)
    inter = np.einsum("njk,nk->nj", G * (1 - beta)[:, None, :], sales)
    final = purchases - inter
    value_added = (beta * sales).sum(axis=1)
    revenue = (b.flows * b.tariffs).sum(axis=(0, 2))
    surplus = (sales - b.flows.sum(axis=0)).sum(axis=1)
    income = value_added + revenue - surplus
    return (
        float(np.abs(costs - 1).max()),
        float(np.max(np.abs(final.sum(axis=1) - income) / income)),
        float(final.min() / purchases.sum()),
    )


@pytest.mark.parametrize("name", ["default-multisector", "default-rare-earths"])
def test_identities_hold_to_1e8(name):
    b = datasets.load(name)
    assert b.has_io
    cost_gap, spending_gap, most_negative_final = _identities(b)
    assert cost_gap < 1e-12 and spending_gap < 1e-8 and most_negative_final > -1e-12
    assert negative_final_demand(b) == 0


def test_the_embedded_default_is_rebuilt_from_the_data(dataset):
    cube = tariffwar_cubes.load("icio", 2022, dataset("oecd_icio_2023_tariffwar"))
    fresh, checks = niot.with_io(cube, dataset(niot.FOLDER))
    np.testing.assert_allclose(fresh.value_added_share, LINKED.value_added_share, atol=1e-12)
    np.testing.assert_allclose(fresh.io_shares, LINKED.io_shares, atol=1e-12)
    np.testing.assert_allclose(fresh.gdp, LINKED.gdp, rtol=1e-12)
    recorded = embedded.metadata(embedded.MULTISECTOR_IO)
    # the recorded checks are float sums: equal to 1e-6 relative, not to the last bit
    assert recorded["identities"].keys() == checks["identities"].keys()
    for key, value in checks["identities"].items():
        assert recorded["identities"][key] == pytest.approx(value, rel=1e-6, abs=1e-12), key
    # the national tables' own identities (rounded to USD 0.001 bn in the files)
    assert checks["identities"]["table_costs_plus_va_equal_output_max_rel_error"] < 0.01
    # US value added 2022 about USD 25 tn (the national accounts: GDP 25.7 tn)
    assert LINKED.gdp[LINKED.index("USA")] / 1e6 == pytest.approx(24.8, abs=0.5)


def test_zero_shock_gives_all_hats_one():
    model = MultiSectorModel(LINKED, elasticities="CP", deficits="fixed")
    res = model.solve(Policy.from_baseline(LINKED))
    np.testing.assert_allclose(res.outcomes["welfare"], 0.0, atol=1e-8)
    np.testing.assert_allclose(res.flows_after, LINKED.flows, rtol=1e-8, atol=1e-6)


def test_floor_final_demand_moves_costs_into_value_added(toy):
    rng = np.random.default_rng(1)
    S = toy.n_sectors
    G = rng.dirichlet(np.ones(S), size=(toy.n_countries, S)).transpose(0, 2, 1)
    heavy = toy.replace(value_added_share=np.full((toy.n_countries, S), 0.05), io_shares=G)
    fixed, cells, moved = floor_final_demand(heavy)
    assert negative_final_demand(heavy) > 0 and cells > 0 and moved > 0
    assert negative_final_demand(fixed) == 0
    assert _identities(fixed)[0] < 1e-12
    assert floor_final_demand(fixed)[1] == 0  # nothing left to fix
