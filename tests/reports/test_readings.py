"""Readings of striking numbers: found by their thresholds and computed from the path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import rare_earth_regions
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
    # no licence binds hard in the main job (stocks, then London's approvals): no shadow
    # price or rent to read; the customs peak with its month, and small sectors collapsing
    assert "shadow export tax" not in text and "licence rent" not in text
    assert re.search(r"US customs duties peak at USD [23]\d\.\d bn in 2025-06", text)
    assert "works line by line on each partner's 2024 lines" in text
    assert re.search(r"KHM Wood products output -\d\d% in the long run: a small sector", text)
    # every reading is one line
    assert all("\n" not in line for line in main_readings)


TOY = """
name: toy licences
start: 2025-01
end: 2025-06
focus: [USA, CHN, DEU]
model: {{elasticities: CP, deficits: fixed,
        critical_input: {{sector: Magnets, elasticity: 0.05, users: [C29]}}}}
dynamics: {{profile: long_run}}
{stocks}
events:
  - {{date: 2025-02-01, actor: CHN, target: ALL, instrument: export_control, quota: 0.05,
     pools: {{USA: 0.02}}, sectors: [Magnets], rent: {rent}}}
"""


def _toy(rent: str, stocks: str = "") -> list[str]:
    path = simulate(scenario.loads(TOY.format(rent=rent, stocks=stocks)), rare_earth_regions())
    return readings.readings(path)


@pytest.fixture
def sensitive(monkeypatch):
    """The toy's numbers are small: read every gain and every output fall."""
    monkeypatch.setattr(readings, "STRIKING_RENT_GAIN", 0.0)
    monkeypatch.setattr(readings, "STRIKING_OUTPUT_FALL", -0.05)


@pytest.mark.parametrize(
    ("rent", "says"),
    [
        ("exporter", "gives this rent to the exporter"),
        ("importer", "gives this rent to the licensed buyers"),
        ("nobody", "lets nobody hold this rent"),
    ],
)
def test_a_binding_licence_is_read_with_its_rent_holder(sensitive, rent, says):
    text = "\n".join(_toy(rent))
    assert re.search(r"peaks at a shadow export tax of [\d,]+% \(2025-0\d\)", text)
    assert says in text and "not a tax anyone pays" in text
    # China's gain is read as the rent only where China holds it
    gain = re.search(r"CHN's welfare of \+\d\.\d\d% in 2025-0\d is mostly the licence rent", text)
    assert bool(gain) == (rent == "exporter")


def test_a_shortage_after_the_stocks_ran_out_says_so(sensitive):
    bare = "\n".join(_toy("importer"))
    stocked = "\n".join(_toy("importer", "inventories: {default: 1.0}"))
    assert "no stocks in the scenario: an upper bound of the loss" in bare
    assert "no stocks in the scenario" not in stocked
    assert re.search(r"stocks were down to 0\.0 months of use", stocked)


@pytest.mark.slow
def test_summary_md_carries_the_readings(main_job_path, main_readings, tmp_path):
    from tradewar.reports import scenario as scenario_report

    scenario_report.write(main_job_path, tmp_path)
    summary = (tmp_path / "summary.md").read_text()
    assert "## Reading the striking numbers" in summary
    assert all(line in summary for line in main_readings)
    # the main job's users hold stocks: the users' table says they draw on them first
    assert "Users draw on their stocks of the input first" in summary


def test_a_path_without_striking_numbers_reads_nothing_striking():
    path = simulate(scenario.load(SCENARIOS / "us_china_2025_onesector.yaml"))
    found = readings.readings(path, customs.customs_frame(path))
    # the one-sector path has no export controls and no sector outputs: at most the
    # customs peak (and countries hit by more than the threshold)
    assert not readings.shadow_prices(path) and not readings.output_collapses(path)
    assert any(line.startswith("US customs duties peak at USD") for line in found)
