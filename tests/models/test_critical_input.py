"""The critical-input nest of the Caliendo-Parro model (models.multisector.Nest)."""

from __future__ import annotations

import numpy as np
import pytest

from tradewar import datasets
from tradewar.errors import TradewarError
from tradewar.model import MultiSectorModel
from tradewar.policy import Policy

RARE = datasets.load("default-rare-earths")
USERS = ["C29", "Other electrical equipment", "C26", "C28"]
C29, USA = RARE.sectors.index("C29"), RARE.index("USA")


def _model(sigma):
    nest = None if sigma is None else {"sector": "Rare earths", "elasticity": sigma, "users": USERS}
    return MultiSectorModel(RARE, elasticities="CP", deficits="fixed", critical_input=nest)


def test_zero_shock_gives_all_hats_one_with_the_nest():
    res = _model(0.05).solve(Policy.from_baseline(RARE))
    np.testing.assert_allclose(res.outcomes["welfare"], 0.0, atol=1e-10)
    np.testing.assert_allclose(res.flows_after, RARE.flows, rtol=1e-9, atol=1e-6)


def test_an_elasticity_near_one_is_cobb_douglas_and_lower_ones_cut_output_more():
    # the US rare-earth supply made 20 times dearer for its users
    shock = Policy.from_baseline(RARE).trade_cost(
        "USA", on="ALL", change=20.0, sectors=["Rare earths"]
    )
    loss = {}
    for sigma in (None, 1 - 1e-7, 0.5, 0.1, 0.0):
        res = _model(sigma).solve(shock)
        loss[sigma] = 1 - res.flows_after[USA, :, C29].sum() / RARE.flows[USA, :, C29].sum()
    assert loss[1 - 1e-7] == pytest.approx(loss[None], rel=1e-5)
    assert loss[None] < loss[0.5] < loss[0.1] < loss[0.0]


def test_bad_nests_are_refused():
    with pytest.raises(TradewarError, match="must be in \\[0, 1\\)"):
        _model(1.0)
    with pytest.raises(TradewarError, match="unknown critical-input sector"):
        MultiSectorModel(RARE, critical_input={"sector": "Widgets", "elasticity": 0.1})
    with pytest.raises(TradewarError, match="input-output links"):
        MultiSectorModel(
            datasets.load("default-multisector-noio"),
            critical_input={"sector": "B07", "elasticity": 0.1},
        )
    with pytest.raises(TradewarError, match="critical_input takes"):
        MultiSectorModel(RARE, critical_input={"sector": "Rare earths", "sigma": 0.1})
