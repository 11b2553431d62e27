"""Readings of striking numbers: found by their thresholds and computed from the path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tradewar.paths import scenario
from tradewar.paths.simulate import simulate
from tradewar.reports import customs, readings

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def main_readings(main_job_path):
    path = main_job_path
    return readings.readings(path, customs.customs_frame(path))


@pytest.mark.slow
def test_the_main_jobs_striking_numbers_are_read(main_job_path, main_readings):
    text = "\n".join(main_readings)
    # a licence's shadow price is a scarcity price, not a tax paid; the rent's holder
    assert re.search(r"shadow export tax of \d\d,\d{3}% \(2025-04\): the scarcity price", text)
    assert "not a tax anyone pays" in text and "upper bound" in text
    # China's April gain is the licence rent
    assert re.search(r"CHN's welfare of \+1\.\d\d% in 2025-04 is mostly the licence rent", text)
    # Vietnam's April loss: its magnet users
    assert re.search(r"VNM -\d\.\d\d% in 2025-04: .* users of Magnets", text)
    # the EU's green channel and the customs peak, with the month
    assert re.search(r"EU27 buys \d\.\d times its pre-war quantity of Magnets", text)
    assert re.search(r"US customs duties peak at USD [34]\d\.\d bn in 2025-06", text)
    assert "works line by line on each partner's 2024 lines" in text
    # every reading is one line
    assert all("\n" not in line for line in main_readings)


@pytest.mark.slow
def test_summary_md_carries_the_readings(main_job_path, main_readings, tmp_path):
    from tradewar.reports import scenario as scenario_report

    scenario_report.write(main_job_path, tmp_path)
    summary = (tmp_path / "summary.md").read_text()
    assert "## Reading the striking numbers" in summary
    assert all(line in summary for line in main_readings)
    assert "Upper bounds of the loss in the first months" in summary


def test_a_path_without_striking_numbers_reads_nothing_striking():
    path = simulate(scenario.load(SCENARIOS / "us_china_2025_onesector.yaml"))
    found = readings.readings(path, customs.customs_frame(path))
    # the one-sector path has no export controls and no sector outputs: at most the
    # customs peak (and countries hit by more than the threshold)
    assert not readings.shadow_prices(path) and not readings.output_collapses(path)
    assert any(line.startswith("US customs duties peak at USD") for line in found)
