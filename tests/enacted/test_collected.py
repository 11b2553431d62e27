"""From the rates on paper to the duties collected: the ladder's steps, its parameters,
and its months against what was observed to May 2025."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradewar.core.errors import DataError
from tradewar.core.months import month_days, month_range
from tradewar.enacted import collected, schedule

D = dt.date
SPRING = month_range("2025-01", "2025-05")


@pytest.fixture(scope="module")
def ladder_inputs(enacted_inputs, dataset):
    dataset("trade_elasticities")
    return collected.read_ladder_inputs(enacted_inputs, collected.CollectionParams())


@pytest.fixture(scope="module")
def ladder(ladder_inputs):
    months = month_range("2025-01", "2026-04")
    return collected.ladder(ladder_inputs, months)


def test_a_chinese_parcel_before_and_after_de_minimis_ends(enacted_inputs):
    toy = "9503000073"
    before = collected.parcel_rates(enacted_inputs, "CHN", toy, D(2025, 5, 1), 40.0)
    assert sum(before.values()) == 0.0
    after = collected.parcel_rates(enacted_inputs, "CHN", toy, D(2025, 5, 3), 40.0)
    assert sum(after.values()) == pytest.approx(1.45)  # 20% fentanyl + 125% reciprocal
    # a parcel over USD 800 never entered under de minimis
    big = collected.parcel_rates(enacted_inputs, "CHN", toy, D(2025, 5, 1), 900.0)
    assert sum(big.values()) == pytest.approx(1.45)
    # a Vietnamese parcel stays free until 29 August 2025
    assert sum(collected.parcel_rates(enacted_inputs, "VNM", toy, D(2025, 8, 28), 40).values()) == 0
    assert sum(collected.parcel_rates(enacted_inputs, "VNM", toy, D(2025, 8, 29), 40).values()) > 0
    with pytest.raises(DataError, match="parcel value"):
        collected.parcel_rates(enacted_inputs, "CHN", toy, D(2025, 5, 3), -1.0)


def test_bad_parameters_and_partners_are_one_line(ladder_inputs):
    with pytest.raises(DataError, match=r"claim_cost_median = -0\.01"):
        collected.CollectionParams(claim_cost_median=-0.01)
    with pytest.raises(DataError, match="qualifying share of CAN"):
        collected.CollectionParams(qualifying={"CAN": 1.5})
    with pytest.raises(DataError, match="unknown partner 'XXX'"):
        collected.ladder(ladder_inputs, ["2025-03"], partners=["XXX"])
    with pytest.raises(DataError, match="2025-01 or later"):
        collected.ladder(ladder_inputs, ["2024-12"])
    with pytest.raises(DataError, match="consecutive"):
        collected.ladder(ladder_inputs, ["2025-03", "2025-05"])


def test_each_step_of_the_ladder(ladder):
    frame = ladder.set_index(["partner", "month"]).sort_index()
    # claims only lower the duties of Canada and Mexico
    usmca = frame.loc[["CAN", "MEX"]]
    assert (usmca["after_claims_usd"] <= usmca["statutory_usd"] + 1e-6).all()
    assert (
        usmca.loc[(slice(None), "2025-05"), "after_claims_usd"]
        < 0.6 * usmca.loc[(slice(None), "2025-05"), "statutory_usd"]
    ).all()
    rest = frame.drop(index=["CAN", "MEX"], level="partner")
    np.testing.assert_allclose(rest["after_claims_usd"], rest["statutory_usd"], rtol=1e-9)
    # shifting moves the mix away from the lines hit hardest, on a lag: below the
    # 2024 mix at the April-May peak, a little above it once the peak is past and the
    # lines taxed most since (steel, aluminium) had been hit less (measured: 0.987 to 1.002);
    # undervaluation lowers what is assessed
    china = frame.loc["CHN"]
    ratio = china["after_shifting_usd"] / china["after_claims_usd"]
    assert ratio.between(0.98, 1.005).all() and ratio["2025-05"] < 0.998
    vietnam = frame.loc["VNM"].loc["2025-05":"2025-08"]  # before its parcels pay duty
    assert (vietnam["assessed_usd"] < vietnam["after_shifting_usd"]).all()
    assert (frame["dutiable_usd"] <= frame["imports_usd"] * (1 + 1e-9)).all()
    # duties are paid a month after entry
    np.testing.assert_allclose(
        china["collected_usd"].iloc[1:].to_numpy(), china["assessed_usd"].iloc[:-1].to_numpy()
    )
    # IEEPA refunds come after the ruling, as their own line
    assert (frame.loc[(slice(None), slice(None, "2026-02")), "refunds_usd"] == 0).all()
    assert china.loc["2026-03":, "refunds_usd"].sum() > 0
    # de minimis parcels add to China's recorded imports from May 2025
    assert china.loc["2025-06", "imports_usd"] > china.loc["2025-06", "assessed_usd"] / 2


def test_the_ladder_against_spring_2025(ladder_inputs, enacted_inputs, dataset):
    dataset("observed_2025")
    frame = collected.ladder(ladder_inputs, SPRING)
    table = collected.against_observed(frame, enacted_inputs.weights).set_index("month")
    assert list(table.index) == ["2025-02", "2025-03", "2025-04", "2025-05"]
    # measured 2026-12-06: collected rate 2.62 2.07 4.87 8.38 against 2.51 2.38 5.66 8.02
    gap = (table["collected_rate"] - table["observed_rate"]).abs()
    assert gap.max() <= 1.0, gap.to_dict()
    # dutiable shares of Canada and Mexico, fitted (RMSE 2.9 points over Jan-May)
    for group in ("canada", "mexico"):
        off = (table[f"dutiable_{group}"] - table[f"observed_dutiable_{group}"]).abs()
        assert off.max() <= 5.0, (group, off.to_dict())


@pytest.mark.slow
def test_the_fitted_parameters_are_the_defaults(ladder_inputs, dataset):
    dataset("observed_2025")
    defaults = collected.CollectionParams()
    fitted, rmse = collected.calibrate_claims(ladder_inputs)
    assert rmse <= 3.0
    assert fitted.claim_cost_median <= 0.01 and fitted.claim_speed >= 0.9
    assert min(fitted.qualifying.values()) >= 0.97
    assert defaults.claim_cost_median <= 0.01 and defaults.claim_speed == pytest.approx(
        fitted.claim_speed, abs=0.05
    )
    undervaluation, points = collected.calibrate_undervaluation(ladder_inputs)
    assert list(points.index) == ["2025-03", "2025-04", "2025-05"]
    assert undervaluation == pytest.approx(defaults.undervaluation, abs=0.01)


@given(st.lists(st.integers(0, 40), min_size=1, max_size=3))
def test_loading_weights_cover_every_entry(lags):
    shares = tuple((1 / len(lags), lag) for lag in lags)
    days = [D(2025, 1, 1), D(2025, 3, 4), D(2025, 4, 5)]
    weights = collected._loading_weights(["2025-03", "2025-04"], days, shares)
    np.testing.assert_allclose(weights.sum(axis=1), 1.0)


def test_observed_series_read_from_a_given_data_folder(dataset, tmp_path):
    root = dataset("observed_2025").parent  # the folder holding the datasets, as --data
    revenue = collected.observed_revenue(root).set_index("month")
    assert revenue.loc["2025-05", "duties_usd"] == pytest.approx(22.173e9)
    groups = collected.observed_by_group(root).set_index(["month", "group"])
    assert groups.loc[("2025-05", "canada"), "imports_usd"] == pytest.approx(30168e6)
    with pytest.raises(DataError, match="observed_2025"):
        collected.observed_revenue(tmp_path)


def test_us_paid_averages_the_rates_paid_by_month(ladder_inputs):
    """The shipped us_paid schedule: each month's day-weighted average is the ladder's rate
    paid by month of loading (where the statutory rate is positive), and it is below the
    statutory rate where claims bite (Canada) or little else does (China)."""
    enacted, paid = schedule.load("us_enacted"), schedule.load("us_paid")
    span = month_range(str(paid.days[0])[:7], "2025-11")  # claims and shifting build up
    rates = collected.paid_rates(ladder_inputs, span)
    for month in ("2025-04", "2025-06", "2025-11"):
        m = span.index(month)
        days = month_days(month)
        for code in ("CHN", "CAN", "VNM"):
            p = paid.partner(code)
            average = np.mean([paid.rates[paid.step(d), p] for d in days], axis=0)
            due = np.mean([enacted.rates[enacted.step(d), p] for d in days], axis=0)
            ok = due > 1e-6
            paid_rate = np.maximum(rates[m, p], 0.0)  # claims can cut below 2024: no subsidy
            np.testing.assert_allclose(average[ok], paid_rate[ok], atol=2e-6)
        day = days[14]
        assert paid.rate("CAN", day) < 0.5 * enacted.rate("CAN", day)
        assert 0.8 * enacted.rate("CHN", day) < paid.rate("CHN", day) < enacted.rate("CHN", day)
    # it changes on every statutory change day and on the first of every month
    assert set(map(str, enacted.days)) <= set(map(str, paid.days))
    assert "2025-07-01" in set(map(str, paid.days))
