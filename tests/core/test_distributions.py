"""Parameter distributions: laws, sources, bad input, the defaults' numbers."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradewar.core.distributions import (
    Distribution,
    blp_months,
    dynamics_months,
    imls_parameters,
    sector_elasticities,
    uniform,
)
from tradewar.core.errors import TradewarError


def test_a_negative_scale_or_an_empty_band_is_a_one_line_error():
    with pytest.raises(TradewarError, match=r"theta\[C26\]: scale must be zero or positive"):
        Distribution("theta[C26]", 4.0, "lognormal", "test", scale=-0.1)
    with pytest.raises(TradewarError, match="low <= high"):
        uniform("kappa", 0.7, 0.2, "test")
    with pytest.raises(TradewarError, match="positive median"):
        Distribution("epsilon", -1.0, "lognormal", "test", scale=0.1)


@given(st.floats(0.1, 50), st.integers(0, 2**32 - 1))
def test_a_zero_spread_always_draws_the_point(point, seed):
    rng = np.random.default_rng(seed)
    for kind in ("lognormal", "normal"):
        assert Distribution("x", point, kind, "test", scale=0.0).sample(rng) == point
    assert uniform("x", point, point, "test").sample(rng) == point


def test_lognormal_band_matches_its_stated_interval():
    eps = imls_parameters()[0]
    lo, hi = eps.interval()
    assert lo == pytest.approx(2.0) and hi == pytest.approx(8.0)
    rng = np.random.default_rng(0)
    values = np.array([eps.sample(rng) for _ in range(20000)])
    assert np.quantile(values, 0.05) == pytest.approx(2.0, rel=0.03)
    assert np.median(values) == pytest.approx(4.0, rel=0.02)


def test_the_dynamics_band_comes_from_blp_long_run_range():
    d = dynamics_months()
    # a larger long-run elasticity means a smaller share reached after a year: slower
    assert d.low == pytest.approx(blp_months(1.75)) and d.high == pytest.approx(blp_months(2.25))
    assert 21 < d.low < d.point == 25.1 < d.high < 30
    assert 1 - math.exp(-12 / d.point) == pytest.approx(0.38, abs=0.005)  # g(12) of the point


def test_sector_elasticities_centre_on_the_chosen_set_and_leave_out_the_uniform_benchmark():
    sets = {
        "CP": np.array([9.0, 4.0]),
        "U4": np.array([4.0, 4.0]),
        "A": np.array([3.0, 4.0]),
        "B": np.array([6.0, 4.0]),
    }
    ds = sector_elasticities(sets, "CP", ("agri", "cars"))
    assert [d.point for d in ds] == [9.0, 4.0]
    expected = np.log([9.0, 3.0, 6.0]).std(ddof=1)
    assert ds[0].scale == pytest.approx(expected) and ds[1].scale == 0.0
    assert "U4" not in ds[0].source and "independent across sectors" in ds[0].source
    with pytest.raises(TradewarError, match="no elasticity set 'XX'"):
        sector_elasticities(sets, "XX", ("agri", "cars"))
