"""The README's figures of the main job and of the test suite, checked against a run.

Each test finds a sentence or table row of README.md by its words and compares the
numbers printed there with what the code produces now, so a README that drifts from the
tool fails the suite. (Timings are measured ranges, stated with their load, and are not
checked here.)
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
README = " ".join((ROOT / "README.md").read_text().split())  # one line, single spaces
NUMBER = r"([−+-]?[0-9][0-9,]*(?:\.[0-9]+)?)"


def _num(text: str) -> float:
    return float(text.replace("−", "-").replace(",", ""))


def _find(pattern: str) -> tuple[float, ...]:
    """The numbers of the first match of ``pattern`` (``{n}`` stands for a number)."""
    match = re.search(pattern.replace("{n}", NUMBER), README)
    assert match, f"README no longer says: {pattern}"
    return tuple(_num(g) for g in match.groups())


@pytest.fixture(scope="module")
def users(main_job_path):
    """Output of magnet users by region and month, % of the baseline (the focus regions,
    the EU, Japan and India)."""
    from tradewar import scenario_report

    original = scenario_report._user_regions
    b = main_job_path.baseline

    def with_japan_and_india(path):
        return {**original(path), "JPN": [b.index("JPN")], "IND": [b.index("IND")]}

    scenario_report._user_regions = with_japan_and_india
    try:
        return scenario_report.users_output(main_job_path)
    finally:
        scenario_report._user_regions = original


@pytest.mark.slow
@pytest.mark.parametrize(
    ("row", "region"),
    [("United States", "USA"), ("EU27", "EU27"), ("Japan", "JPN"), ("India", "IND")],
)
def test_motor_vehicle_table(users, row, region):
    april, may, june = _find(rf"\| {row} \| {{n}} \| {{n}} \| {{n}} \|")
    model = users.loc[["2025-04", "2025-05", "2025-06"], f"{region} C29"].to_numpy()
    np.testing.assert_allclose([april, may, june], model, atol=0.11)


@pytest.mark.slow
def test_magnet_users_in_april(users):
    us, eu, vnm = _find(
        r"All magnet users together lose {n}% in the US, {n}% in the EU and {n}% in Vietnam"
    )
    (china,) = _find(r"China's users gain {n}%")
    april = users.loc["2025-04"]
    np.testing.assert_allclose(
        [-us, -eu, -vnm, china],
        [april["USA users"], april["EU27 users"], april["VNM users"], april["CHN users"]],
        atol=0.55,
    )


@pytest.mark.slow
def test_shadow_prices_of_the_magnet_licences(main_job_path):
    licences = _find(r"is {n} times the price in April, {n} in May, {n} in June")
    capacity = _find(r"that of the capacity outside China {n}, {n}, {n}")
    months = [main_job_path.months.index(m) for m in ("2025-04", "2025-05", "2025-06")]
    taxes = np.array([[c["shadow_tax"] for c in main_job_path.results[m].controls] for m in months])
    magnets = [row.max() for row in taxes[:, :2]]  # the magnet pool (rare earths: < 1)
    np.testing.assert_allclose(licences, magnets, atol=0.55)
    np.testing.assert_allclose(capacity, taxes[:, 2], atol=0.55)


@pytest.mark.slow
def test_welfare_by_month(main_job_path):
    from tradewar.scenario_report import welfare_by_month

    frame = welfare_by_month(main_job_path)
    us_april, china_april, us_low, us_high, world_april, world_long = _find(
        r"In the main job the US loses {n}% in April 2025 \(negative through July\) and China "
        r"gains {n}% .*? from August 2025 the US gains {n}–{n}% .*? the world loses in every "
        r"month \({n}% in April\) and more in the long run \({n}%\)"
    )
    assert frame.loc["2025-04", "USA"] == pytest.approx(-us_april, abs=0.006)
    assert frame.loc["2025-04", "CHN"] == pytest.approx(china_april, abs=0.006)
    assert (frame.loc["2025-04":"2025-07", "USA"] < 0).all()
    later = frame.loc["2025-08":"2026-10", "USA"]
    assert us_low - 0.006 < later.min() and later.max() < us_high + 0.006
    assert (frame.loc["2025-02":"2026-10", "world"] < 0).all()
    assert frame.loc["2025-04", "world"] == pytest.approx(world_april, abs=0.0006)
    assert frame.loc["long run", "world"] == pytest.approx(world_long, abs=0.0006)


@pytest.mark.slow
def test_motor_vehicles_after_may_2025(users):
    june, august, december, low, high = _find(
        r"US motor-vehicle output {n}% below the baseline in June 2025, {n}% in August, "
        r"{n}% in December and {n}–{n}% in 2026"
    )
    us = -users["USA C29"]
    assert us["2025-06"] == pytest.approx(june, abs=0.051)
    assert us["2025-08"] == pytest.approx(august, abs=0.051)
    assert us["2025-12"] == pytest.approx(december, abs=0.051)
    in_2026 = us.loc["2026-01":]
    assert low - 0.051 < in_2026.min() and in_2026.max() < high + 0.051


def _collected(*args: str) -> int:
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    match = re.search(r"(\d+)(?:/\d+)? tests? collected", out)
    assert match, out[-2000:]
    return int(match.group(1))


@pytest.mark.slow
def test_test_counts():
    whole, fast = _find(r"the whole test suite \({n} tests.*?`pytest -m \"not slow\"` \({n} tests")
    assert whole == _collected()
    assert fast == _collected("-m", "not slow")
