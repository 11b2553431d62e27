"""customs.csv and customs.png of a scenario report."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tradewar.paths import scenario
from tradewar.paths.simulate import simulate
from tradewar.reports import customs

ONE_SECTOR = Path(__file__).resolve().parents[2] / "scenarios" / "us_china_2025_onesector.yaml"


@pytest.fixture(scope="module")
def path():
    return simulate(scenario.load(ONE_SECTOR))


def test_customs_frame_covers_every_importer_whose_tariffs_change(path):
    frame = customs.customs_frame(path)
    assert list(frame.columns) == [
        "month",
        "importer",
        "duties_usd",
        "assessed_usd",
        "imports_usd",
        *customs.LADDER,
    ]
    assert set(frame["importer"]) == {"USA", "CHN"}
    assert len(frame) == 2 * len(path.months)
    us = frame[frame["importer"] == "USA"].set_index("month")
    rate = us["duties_usd"] / us["imports_usd"]
    assert (us["imports_usd"] > 0).all()
    # the one-sector default has no tariffs in the baseline: January collects nothing,
    # and the effective rate peaks after the April escalation has arrived
    assert rate["2025-01"] == pytest.approx(0.0, abs=1e-9)
    assert rate.idxmax() in ("2025-05", "2025-06")  # collected a month after arrival
    assert 0.05 < rate["2025-09"] < 0.25
    # the duties assessed on a month's arrivals are paid the next month
    paid, assessed = us["duties_usd"].to_numpy(), us["assessed_usd"].to_numpy()
    np.testing.assert_allclose(paid[1:], assessed[:-1], rtol=1e-12)
    assert paid[0] == pytest.approx(0.0, abs=1e-3)


def test_customs_chart_draws_against_observed(path, tmp_path):
    from tradewar.reports.outputs import pyplot as _plt

    target = tmp_path / "customs.png"
    customs.customs_chart(_plt(), customs.customs_frame(path), target, "t")
    assert target.stat().st_size > 10_000
    observed = customs.observed_us()
    if observed is not None:
        may = observed.set_index("month").loc["2025-05"]
        assert may["duties_usd"] == pytest.approx(22.173e9)
        assert np.isfinite(observed["imports_usd"]).all()


def test_the_collection_ladder_under_the_paths_us_imports(path):
    frame = customs.customs_frame(path)
    us = frame[frame["importer"] == "USA"].set_index("month")
    china = frame[frame["importer"] == "CHN"]
    assert china[list(customs.LADDER)].isna().all().all()  # the ladder is the US's
    # each step at or below the one before it, where claims and shifting bite
    may = us.loc["2025-06"]
    assert may["after_claims_usd"] < may["statutory_usd"]
    assert may["assessed_declared_usd"] < may["after_claims_usd"]
    assert may["dutiable_usd"] < may["imports_customs_usd"]
    # refunds of the IEEPA duties only after the ruling
    assert (us.loc[:"2026-02", "refunds_usd"] == 0).all() and us.loc[
        "2026-03":, "refunds_usd"
    ].sum() > 0
    by_partner = customs.ladder_by_partner(path)
    assert set(by_partner["partner"]) <= set(path.baseline.countries) - {"USA"}
    totals = by_partner.groupby("month")["collected_ladder_usd"].sum()
    np.testing.assert_allclose(totals.to_numpy(), us.loc[totals.index, "collected_ladder_usd"])
    # the collected rate (2024 duties included) well below the statutory rate on 2024
    # lines (measured 2026-12-06: 11.8-13.9% against 19-22%, July 2025 to January 2026)
    later = us.loc["2025-07":"2026-01"]
    collected = later["collected_ladder_usd"] / later["imports_customs_usd"]
    statutory = later["statutory_usd"] / later["imports_customs_usd"]
    assert collected.between(0.10, 0.16).all() and (collected < statutory - 0.04).all()


def test_the_customs_figure_takes_the_observed_series_read_here(path, monkeypatch):
    """The helper that draws figures may see another data folder than the process that
    wrote the report: the observed series travels with the figure's data."""
    from tradewar.reports import outputs
    from tradewar.reports.drawing import Slot

    seen = customs.observed_us()
    monkeypatch.setattr(customs, "observed_us", lambda: seen if seen is None else seen.head(3))
    drawing = outputs._customs_chart(outputs.ReportContext(path))
    assert drawing.draw is customs.customs_chart
    assert drawing.args[0] is Slot.PLT and drawing.args[2] is Slot.TARGET
    given = drawing.args[-1]
    assert given is None if seen is None else len(given) == 3
