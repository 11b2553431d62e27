"""Tariff revenue over a budget window (tradewar.reports.revenue) on a toy path."""

import numpy as np
import pytest

from tests.paths.test_households import io_world
from tradewar.datasets import households as household_data
from tradewar.paths.scenario import Event, Scenario
from tradewar.paths.simulate import simulate
from tradewar.reports import revenue


def test_fiscal_years_open_in_october():
    assert revenue.fiscal_year("2025-09") == 2025
    assert revenue.fiscal_year("2025-10") == 2026


@pytest.fixture(scope="module")
def toy_path():
    spec = Scenario(
        name="toy",
        start="2025-01",
        end="2025-12",
        focus=["USA"],
        dynamics={"profile": "long_run"},
        events=[Event(date="2025-03-01", actor="USA", target="ALL", rate=0.1, source="toy")],
    )
    return simulate(spec, io_world(7))


def test_revenue_is_zero_before_the_tariff_and_positive_after(toy_path):
    monthly = revenue.monthly_revenue(toy_path)
    assert np.abs(monthly[:2]).max() < 1e-6 * np.abs(monthly).max()
    assert (monthly[5:] > 0).all()
    assert revenue.long_run_revenue(toy_path) == pytest.approx(monthly[-1], rel=0.05)


def test_the_window_grows_the_path_and_the_long_run(toy_path):
    frame = revenue.revenue_frame(toy_path)
    growth = household_data.shipped()["import_growth"]["pct"] / 100
    fy2025 = frame.iloc[0]
    assert fy2025.fiscal_year == "FY2025" and fy2025.months_on_path == 9
    monthly = dict(zip(toy_path.months, revenue.monthly_revenue(toy_path), strict=True))
    expected = sum(
        monthly[m] * (1 + growth) ** ((int(m[5:]) - 7 + 12 * (int(m[:4]) - 2024)) / 12)
        for m in monthly
        if revenue.fiscal_year(m) == 2025
    )
    assert fy2025.conventional_usd_bn == pytest.approx(expected / 1e9, rel=1e-9)
    later = frame.iloc[3:10].conventional_usd_bn.to_numpy()
    np.testing.assert_allclose(later[1:] / later[:-1], 1 + growth, rtol=1e-9)
    total = frame.iloc[-1]
    assert total.conventional_usd_bn == pytest.approx(frame.iloc[:-1].conventional_usd_bn.sum())
    assert total.net_of_offset_usd_bn == pytest.approx(
        (1 - revenue.OFFSET) * total.conventional_usd_bn
    )
