"""Aggregation and splitting conserve totals and keep the baseline an equilibrium."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.models.test_multisector import _two_sector_toy
from tradewar.core.errors import CountryError, DataError
from tradewar.core.policy import Policy
from tradewar.datasets import aggregate as ag
from tradewar.models import MultiSectorModel


@pytest.fixture
def toy():
    return _two_sector_toy(seed=4)


def _country_totals(b):
    return {
        "sales": b.flows.sum(axis=(1, 2)),
        "purchases": b.flows.sum(axis=(0, 2)),
        "deficit": b.trade_deficit(),
        "gdp": b.gdp,
    }


def test_country_aggregation_conserves_totals(toy):
    agg = ag.aggregate_countries(toy, {"NAFTA": ["USA", "MEX"]}, rest="ROW")
    assert agg.countries == ("NAFTA", "ROW")
    assert agg.regions["NAFTA"] == ("USA", "MEX")
    assert agg.flows.sum() == pytest.approx(toy.flows.sum())
    before, after = _country_totals(toy), _country_totals(agg)
    members = [toy.index("USA"), toy.index("MEX")]
    rest = [k for k in range(toy.n_countries) if k not in members]
    for key in ("sales", "purchases", "gdp"):
        assert after[key][0] == pytest.approx(before[key][members].sum())
        assert after[key][1] == pytest.approx(before[key][rest].sum())
    assert after["deficit"].sum() == pytest.approx(0.0, abs=1e-9)
    assert (np.diagonal(agg.tariffs, axis1=0, axis2=1) == 0).all()
    # value added by region is conserved through the IO rebuild
    va = lambda b: (b.value_added_share * b.gross_output()).sum(axis=1)  # noqa: E731
    assert va(agg)[0] == pytest.approx(va(toy)[members].sum())


def test_tariffs_are_trade_weighted(toy):
    t = np.zeros_like(toy.tariffs)
    t[toy.index("CHN"), toy.index("USA"), :] = 0.5  # USA taxes China only
    b = toy.replace(tariffs=t)
    agg = ag.aggregate_countries(b, {"NA": ["USA", "MEX"]})
    chn, na = agg.index("CHN"), agg.index("NA")
    x = b.flows
    usa, mex, c = b.index("USA"), b.index("MEX"), b.index("CHN")
    expected = 0.5 * x[c, usa] / (x[c, usa] + x[c, mex])
    np.testing.assert_allclose(agg.tariffs[chn, na], expected)


def test_sector_aggregation_and_elasticity_weights(toy):
    agg = ag.aggregate_sectors(toy, {"all": ["goods", "parts"]})
    assert agg.sectors == ("all",)
    np.testing.assert_allclose(agg.flows[:, :, 0], toy.flows.sum(axis=2))
    assert 4.0 < agg.elasticities["toy"][0] < 6.0
    np.testing.assert_allclose(agg.io_shares.sum(axis=1), 1.0)


def test_split_conserves_totals(toy):
    share = np.random.default_rng(0).uniform(0, 0.3, (5, 5))
    sp = ag.split_sector(
        toy,
        "parts",
        {"rare earths": share, "other parts": 1 - share},
        elasticities={"rare earths": 1.5},
    )
    assert sp.sectors == ("goods", "rare earths", "other parts")
    np.testing.assert_allclose(sp.flows[:, :, 1:].sum(axis=2), toy.flows[:, :, 1])
    for key, value in _country_totals(toy).items():
        np.testing.assert_allclose(_country_totals(sp)[key], value)
    assert sp.elasticities["toy"].tolist() == [4.0, 1.5, 6.0]
    np.testing.assert_allclose(sp.io_shares.sum(axis=1), 1.0)


@pytest.mark.parametrize("how", ["countries", "sectors", "split"])
def test_zero_shock_on_transformed_baselines(toy, how):
    b = {
        "countries": lambda: ag.aggregate_countries(toy, {"EU27": "EU27"}, rest="ROW"),
        "sectors": lambda: ag.aggregate_sectors(toy, {"all": ["goods", "parts"]}),
        "split": lambda: ag.split_sector(toy, "goods", {"a": 0.3, "b": 0.7}),
    }[how]()
    res = MultiSectorModel(b, deficits="fixed").solve(Policy.from_baseline(b))
    np.testing.assert_allclose(res["welfare"], 0.0, atol=1e-8)


def test_bad_inputs(toy):
    with pytest.raises(DataError, match="must sum to 1"):
        ag.split_sector(toy, "parts", {"a": 0.5, "b": 0.4})
    with pytest.raises(DataError, match="unknown sector 'steel'"):
        ag.split_sector(toy, "steel", {"a": 0.5, "b": 0.5})
    with pytest.raises(DataError, match="unknown sector 'steel' in group"):
        ag.aggregate_sectors(toy, {"metal": ["steel"]})
    with pytest.raises(DataError, match="in two groups"):
        ag.aggregate_sectors(toy, {"a": ["goods"], "b": ["goods", "parts"]})
    with pytest.raises(CountryError, match="unknown country 'XXX'"):
        ag.aggregate_countries(toy, {"bloc": ["XXX"]})


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 2), min_size=6, max_size=6), st.booleans())
def test_any_grouping_conserves_totals(labels, with_rest):
    toy = _two_sector_toy(seed=4)
    codes = list(toy.countries)
    groups = {}
    for code, label in zip(codes, labels[: len(codes)], strict=False):
        if label > 0:
            groups.setdefault(f"G{label}", []).append(code)
    if not groups:
        return
    agg = ag.aggregate_countries(toy, groups, rest="ROW" if with_rest else None)
    assert agg.flows.sum() == pytest.approx(toy.flows.sum())
    assert agg.gdp.sum() == pytest.approx(toy.gdp.sum())
    assert agg.trade_deficit().sum() == pytest.approx(0.0, abs=1e-8 * toy.flows.sum())
    for name, members in groups.items():
        idx = [toy.index(c) for c in members]
        assert agg.flows[agg.index(name)].sum() == pytest.approx(toy.flows[idx].sum())


def test_split_country_conserves_totals_and_solves_at_the_baseline():
    from tradewar import datasets
    from tradewar.core.policy import Policy
    from tradewar.datasets.aggregate import split_country
    from tradewar.models import MultiSectorModel

    b = datasets.load("default-multisector")
    split = split_country(b, "USA", {"US-1": 0.6, "US-2": 0.4})
    assert split.countries[-2:] == ("US-1", "US-2") and "USA" not in split.countries
    np.testing.assert_allclose(split.flows.sum(), b.flows.sum(), rtol=1e-12)
    us = b.index("USA")
    sales = split.flows.sum(axis=(1, 2))
    np.testing.assert_allclose(sales[-2:], [0.6 * b.flows[us].sum(), 0.4 * b.flows[us].sum()])
    assert split.tariffs[-2, -1].max() == 0.0  # the regions trade untaxed
    res = MultiSectorModel(split, elasticities="CP", deficits="fixed").solve(
        Policy.from_baseline(split)
    )
    np.testing.assert_allclose(res.outcomes["welfare"], 0.0, atol=1e-9)
    with pytest.raises(DataError, match="must be positive and sum to 1"):
        split_country(b, "USA", {"US-1": 0.6, "US-2": 0.6})
