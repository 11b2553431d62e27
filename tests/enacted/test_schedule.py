"""The built-in enacted schedules: queries, invariants and their use on baselines."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewar.core.errors import DataError
from tradewar.enacted import schedule

D = dt.date
US = schedule.load("us_enacted")
CN = schedule.load("china_enacted")


def test_schedules_are_well_formed():
    for table in (US, CN):
        assert list(table.days) == sorted(table.days)
        assert np.isfinite(table.rates).all() and (table.rates >= 0).all()
        # the authorities add up to the all-goods rate
        np.testing.assert_allclose(table.by_authority.sum(axis=2), table.rates[:, :, -1], atol=1e-5)
    assert US.first == D(2025, 1, 1) and US.last == D(2026, 12, 6)
    assert len(US.partners) > 200 and {"CHN", "CAN", "MEX", "DEU", "VNM"} <= set(US.partners)


def test_the_us_china_path():
    assert US.rate("CHN", D(2025, 1, 15)) == 0.0
    assert US.rate("CHN", D(2025, 2, 15)) == pytest.approx(0.10)
    assert US.rate("CHN", D(2025, 3, 15)) == pytest.approx(0.20, abs=0.02)
    assert 1.0 < US.rate("CHN", D(2025, 4, 15)) < 1.45  # exemptions keep it below 145%
    assert US.rate("CHN", D(2025, 5, 15)) == pytest.approx(0.30, abs=0.02)
    assert US.rate("CHN", D(2026, 3, 15)) < US.rate("CHN", D(2026, 2, 15))  # IEEPA ends
    assert CN.rate("USA", D(2025, 4, 15)) > 1.25 > CN.rate("USA", D(2025, 4, 11))
    assert CN.rate("USA", D(2025, 5, 15)) == pytest.approx(0.10, abs=0.04)


def test_china_lifts_the_farm_lists_in_november():
    a01 = list(CN.sectors).index("A01")
    k_march, k_nov = CN.step(D(2025, 3, 15)), CN.step(D(2025, 11, 15))
    assert CN.rates[k_march, 0, a01] > 0.05  # soybeans, corn, meat: 10-15%
    assert CN.rates[k_nov, 0, a01] == pytest.approx(0.10)  # only the 10% across the board


def test_by_authority():
    rates = US.by_authority_on("CAN", D(2025, 6, 15))
    assert rates["ieepa_fentanyl"] > 0 and rates["section_232"] > 0
    assert rates["ieepa_reciprocal"] == 0.0  # Canada is outside the reciprocal duties
    after = US.by_authority_on("CAN", D(2026, 3, 15))
    assert after["ieepa_fentanyl"] == 0.0 and after["section_122"] > 0


def test_errors_name_the_problem():
    with pytest.raises(DataError, match="unknown partner 'XXX'"):
        US.rate("XXX", D(2025, 5, 1))
    with pytest.raises(DataError, match="2024-12-31 is outside the enacted schedule"):
        US.rate("CHN", D(2024, 12, 31))
    with pytest.raises(DataError, match="outside"):
        US.rate("CHN", D(2026, 12, 7))
    with pytest.raises(DataError, match="unknown enacted schedule 'eu_enacted'"):
        schedule.load("eu_enacted")


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 12, 6)))
def test_the_step_in_force_is_the_last_change_on_or_before_the_day(day):
    k = US.step(day)
    assert US.days[k] <= day.isoformat()
    assert k == len(US.days) - 1 or US.days[k + 1] > day.isoformat()


def test_monthly_rates_weight_the_days():
    (april,) = US.monthly(["2025-04"])
    chn = US.partner("CHN")
    days = [D(2025, 4, d) for d in range(1, 31)]
    assert april[chn] == pytest.approx(np.mean([US.rate("CHN", d) for d in days]), rel=1e-6)


def test_additions_on_the_default_baselines(default_baseline):
    from tradewar.datasets import load

    day = D(2025, 5, 15)
    one = US.additions(default_baseline, day)
    assert one.shape == (default_baseline.n_countries, 1)
    assert one[default_baseline.index("USA")].sum() == 0.0
    assert one[default_baseline.index("CHN"), 0] == pytest.approx(US.rate("CHN", day))
    multi = load("default-rare-earths")
    add = US.additions(multi, day)
    sectors = list(multi.sectors)
    assert add[:, sectors.index("Services (aggregate)")].max() == 0.0
    np.testing.assert_allclose(
        add[:, sectors.index("Rare earths")], add[:, sectors.index("Other metal ores")]
    )
    row = multi.index("ROW")
    assert 0.05 < add[row, sectors.index("C13T15")] < 0.5  # the rest of the world's rate


def test_in_transit_rules_fall_on_change_days():
    """The schedule is dated by loading date: each in-transit rule's cutoff is a day on
    which the rates change, and goods loaded before it keep the earlier rate."""
    from tradewar.enacted import us_law

    for label, loaded_before, entered_by in us_law.IN_TRANSIT:
        assert loaded_before.isoformat() in set(US.days), label
        assert entered_by > loaded_before
        before = US.average(loaded_before - dt.timedelta(days=1))
        assert US.average(loaded_before) != before, label
