import numpy as np
import pytest

from tests.conftest import toy_baseline
from tradewar.core.baseline import Baseline, usd_per_unit
from tradewar.core.errors import CountryError, DataError


def test_arrays_are_read_only(toy):
    with pytest.raises(ValueError):
        toy.flows[0, 0, 0] = 1.0


def test_trade_identities(toy):
    X = toy.flows[:, :, 0]
    assert np.allclose(toy.exports(), X.sum(axis=1) - np.diag(X))
    assert np.allclose(toy.imports(), X.sum(axis=0) - np.diag(X))
    assert abs(toy.trade_deficit().sum()) < 1e-9


def test_index_and_groups(toy):
    assert toy.index("CHN") == 1
    assert toy.indices("EU27") == [2]
    with pytest.raises(CountryError, match="expected exactly one"):
        toy.index("ALL")


def _args(**over):
    b = toy_baseline()
    kw = dict(
        countries=b.countries, sectors=b.sectors, flows=np.array(b.flows), gdp=b.gdp, tariffs=None
    )
    kw.update(over)
    return kw


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"countries": ("USA", "USA", "DEU", "MEX")}, "duplicate country codes"),
        ({"countries": ("USA", "XXQ", "DEU", "MEX")}, "unknown country codes"),
        ({"gdp": np.array([1.0, -1.0, 1.0, 1.0])}, "non-positive GDP"),
        ({"gdp": np.ones(3)}, "gdp has shape"),
        ({"tariffs": np.full((4, 4, 1), -1.5)}, "above -100%"),
    ],
)
def test_validation_names_the_problem(override, message):
    with pytest.raises(DataError, match=message):
        Baseline(**_args(**override))


def test_negative_flow_is_named():
    flows = np.array(toy_baseline().flows)
    flows[1, 2, 0] = -3.0
    with pytest.raises(DataError, match=r"negative trade flow .* from CHN to DEU"):
        Baseline(**_args(flows=flows))


def test_nan_flow_rejected():
    flows = np.array(toy_baseline().flows)
    flows[0, 1, 0] = np.nan
    with pytest.raises(DataError, match="NaN"):
        Baseline(**_args(flows=flows))


def test_country_without_purchases_rejected():
    flows = np.array(toy_baseline().flows)
    flows[:, 3, 0] = 0.0
    with pytest.raises(DataError, match=r"zero total absorption .*MEX"):
        Baseline(**_args(flows=flows))


def test_negative_domestic_sales_mean_output_below_exports():
    flows = np.array(toy_baseline().flows)
    flows[2, 2, 0] = -1.0
    with pytest.raises(DataError, match=r"negative domestic sales .* in DEU.*output is smaller"):
        Baseline(**_args(flows=flows))


def test_final_demand_is_spending_less_intermediate_use():
    """``input_coefficients`` and ``final_demand`` (the CP calibration's step 8), worked
    by hand on two countries and two sectors; without IO data all spending is final."""
    flows = np.array([[[10.0, 4.0], [2.0, 1.0]], [[3.0, 2.0], [20.0, 8.0]]])
    tariffs = np.zeros_like(flows)
    tariffs[0, 1] = 0.5  # country 1's tariff on country 0
    plain = Baseline(("USA", "CHN"), ("a", "b"), flows, np.array([5.0, 5.0]), tariffs)
    spending = np.array([[13.0, 6.0], [23.0, 9.5]])  # sum over exporters, gross of tariffs
    np.testing.assert_allclose(plain.final_demand(), spending)
    assert not plain.input_coefficients().any()
    np.testing.assert_allclose(plain.value_added_shares(), 1.0)
    va = np.array([[0.5, 0.75], [0.5, 0.5]])
    shares = np.array([[[0.6, 1.0], [0.4, 0.0]], [[0.5, 0.5], [0.5, 0.5]]])  # [n, k, j]
    linked = plain.replace(value_added_share=va, io_shares=shares)
    use = np.array([[[0.3, 0.25], [0.2, 0.0]], [[0.25, 0.25], [0.25, 0.25]]])
    np.testing.assert_allclose(linked.input_coefficients(), use)
    # gross output flows.sum(axis=1) is [[12, 5], [23, 10]]
    intermediate = np.array(
        [
            [0.3 * 12 + 0.25 * 5, 0.2 * 12],
            [0.25 * 23 + 0.25 * 10, 0.25 * 23 + 0.25 * 10],
        ]
    )
    np.testing.assert_allclose(linked.final_demand(), spending - intermediate)


def test_dollars_per_unit_are_known_for_the_readers_units_and_refused_for_others():
    assert usd_per_unit("million USD") == 1e6 and usd_per_unit("thousand USD") == 1e3
    with pytest.raises(DataError, match="unit 'toy': expected one of thousand USD"):
        usd_per_unit("toy")
