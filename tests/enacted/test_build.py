"""The built-in schedules are what the build script makes from the shared data."""

from __future__ import annotations

import numpy as np
import pytest

from tradewar.datasets import load as load_baseline
from tradewar.enacted import build, china, schedule
from tradewar.enacted.sectors import ICIO_GOODS


def test_the_embedded_us_schedule_is_rebuilt_from_the_data(enacted_inputs):
    fresh = build.build(enacted_inputs)
    shipped = schedule.load("us_enacted")
    assert list(fresh.days) == list(shipped.days)
    assert list(fresh.partners) == list(shipped.partners)
    np.testing.assert_allclose(fresh.rates, shipped.rates, atol=1e-6)
    np.testing.assert_allclose(fresh.by_authority, shipped.by_authority, atol=1e-6)
    np.testing.assert_allclose(fresh.imports, shipped.imports, rtol=1e-9)


def test_the_embedded_china_schedule_is_rebuilt_from_the_data(enacted_inputs):
    icio = load_baseline("default-multisector")
    usa, chn = icio.countries.index("USA"), icio.countries.index("CHN")
    weights = icio.flows[usa, chn, [icio.sectors.index(s) for s in ICIO_GOODS]] * 1e6
    fresh = china.build(weights)
    np.testing.assert_allclose(fresh.rates, schedule.load("china_enacted").rates, atol=1e-6)


def test_weights_hold_the_2024_imports(enacted_inputs):
    w = enacted_inputs.weights
    chn = w.index("CHN")
    assert w.by_line[chn].sum() / 1e9 == pytest.approx(429.4, abs=0.1)
    # raking keeps every partner's chapter totals
    can = w.index("CAN")
    assert w.by_line[can].sum() / 1e9 == pytest.approx(411.7, abs=0.5)
