"""Permanent magnets split out of electrical equipment (tradewar.datasets.magnets)."""

from __future__ import annotations

import numpy as np
import pytest

from tradewar import datasets
from tradewar.datasets import embedded, magnets, rare_earths
from tradewar.models.multisector import negative_final_demand

UPSTREAM = rare_earths.split(embedded.load(embedded.MULTISECTOR_IO))
SPLIT = datasets.load("default-rare-earths")


def test_the_shipped_values_are_built_from_the_data(dataset):
    fresh = magnets.values_from_data(dataset("critical_minerals"))
    shipped = magnets.shipped_values()
    assert {k: shipped[k] for k in fresh} == fresh
    # China's customs: USD 3.05 bn of magnets in 2024, 87% of its rare-earth exports
    assert fresh["china_exports_total_usd"] / 1e9 == pytest.approx(3.05, abs=0.01)
    assert fresh["magnet_share_of_china_rare_earth_exports"] == pytest.approx(0.867, abs=0.001)
    # unit values: China's magnets to the US, USD 0.43 bn for 620 t a month in 2024
    per_tonne = magnets.unit_values(dataset("critical_minerals"), dataset("observed_2025"), fresh)
    assert shipped["usd_per_tonne"] == per_tonne
    assert per_tonne["Magnets"] == pytest.approx(0.4348e9 / (12 * 620), rel=1e-3)
    # oxides and metals: what is left of China's 166 kt of rare-earth exports
    assert 3_000 < per_tonne["Rare earths"] < 6_000


def test_magnet_flows_follow_the_data():
    flows = magnets.magnet_flows(UPSTREAM)  # million USD
    chn, usa = UPSTREAM.index("CHN"), UPSTREAM.index("USA")
    exports = flows[chn].sum() - flows[chn, chn]
    assert exports == pytest.approx(magnets.shipped_values()["china_exports_total_usd"] / 1e6)
    assert flows[chn, chn] == pytest.approx(magnets.CHINA_HOME_OVER_EXPORTS * exports)
    us = magnets.shipped_values()["us_imports_usd"]
    assert flows[UPSTREAM.index("JPN"), usa] == pytest.approx(us["JPN"] / 1e6)
    c27 = UPSTREAM.flows[:, :, UPSTREAM.sectors.index("C27")]
    others = np.delete(np.arange(UPSTREAM.n_countries), chn)
    assert (flows[others] <= magnets.OTHER_MAX_SHARE * c27[others] + 1e-9).all()


def test_split_keeps_totals_and_gives_magnets_to_their_users():
    names = list(SPLIT.sectors)
    m, r = names.index(magnets.SECTOR), names.index(magnets.REST)
    c27 = UPSTREAM.sectors.index("C27")
    np.testing.assert_allclose(
        SPLIT.flows[:, :, m] + SPLIT.flows[:, :, r], UPSTREAM.flows[:, :, c27], rtol=1e-12
    )
    assert negative_final_demand(SPLIT) == 0
    G = SPLIT.io_shares
    np.testing.assert_allclose(G.sum(axis=1), 1.0, atol=1e-12)
    usa = SPLIT.index("USA")
    users = [names.index(u) for u in magnets.USERS]
    non_users = [k for k in range(len(names)) if k not in users]
    assert G[usa, m, users].min() > 0 and G[usa, m, non_users].max() == 0.0


def test_reassigned_users_buy_every_magnet_and_keep_their_costs():
    s = np.full((UPSTREAM.n_countries, UPSTREAM.n_countries), 0.01)
    from tradewar.datasets.aggregate import split_sector

    raw = split_sector(UPSTREAM, "C27", {magnets.SECTOR: s, magnets.REST: 1 - s})
    moved = magnets.reassign_users(raw)
    names = list(raw.sectors)
    m, r = names.index(magnets.SECTOR), names.index(magnets.REST)
    cost = (1 - raw.value_added_share) * raw.flows.sum(axis=1)

    def use(b, k):
        return (b.io_shares[:, k, :] * cost).sum(axis=1)

    # the two halves of C27 together, and every user's input shares, are unchanged
    np.testing.assert_allclose(use(moved, m) + use(moved, r), use(raw, m) + use(raw, r))
    np.testing.assert_allclose(moved.io_shares.sum(axis=1), raw.io_shares.sum(axis=1))
    # the users buy every magnet a country buys, as far as their C27 inputs go
    purchases = (raw.flows * (1 + raw.tariffs)).sum(axis=0)[:, m]
    users = np.isin(names, magnets.USERS)
    room = ((raw.io_shares[:, m, :] + raw.io_shares[:, r, :]) * cost)[:, users].sum(axis=1)
    np.testing.assert_allclose(use(moved, m), np.minimum(purchases, room), rtol=1e-10)
    assert np.isclose(use(moved, m), purchases, rtol=1e-10).mean() > 0.9
