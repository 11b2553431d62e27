"""``tradewar validate``: scenario paths against observed monthly series."""

import time
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tradewar.cli import app
from tradewar.reports import growth as validation_growth
from tradewar.reports import validation
from tradewar.reports.validation import SERIES, compare, load_observed, summary

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
ONE_SECTOR = SCENARIOS / "us_china_2025_onesector.yaml"
runner = CliRunner()
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEWAR_CACHE", str(tmp_path / "cache"))


def _csv(tmp_path, text: str) -> Path:
    path = tmp_path / "obs.csv"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("series,month,value\nCHN_exports_to_USA,2025-03,40\n", "missing column(s) unit"),
        ("series,month,value,unit\nGDP,2025-03,1,USD\n", "unknown series 'GDP'"),
        ("series,month,value,unit\nCHN_exports_to_USA,2031-03,4,USD bn\n", "month 2031-03"),
    ],
)
def test_bad_observed_files_get_one_line(tmp_path, text, message):
    result = runner.invoke(
        app, ["validate", str(ONE_SECTOR), "--observed", str(_csv(tmp_path, text))]
    )
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()) and "Traceback" not in result.output


def test_level_series_are_read_against_the_same_month_a_year_earlier():
    observed = pd.DataFrame(
        {
            "series": ["CHN_exports_to_USA", "CHN_exports_to_USA", "CHN_exports_to_USA_yoy"],
            "month": ["2024-04", "2025-04", "2025-04"],
            "value": [40.0, 30.0, -20.0],
            "unit": ["USD bn", "USD bn", "% y/y"],
        }
    )
    paths = {
        "CHN_exports_to_USA": {"model": [0, 0, 0, 8.0], "no_war": [10.0] * 4},
        "CHN_exports_to_USA_yoy": {"model": [0, 0, 0, 8.0], "no_war": [10.0] * 4},
    }
    table = compare(observed, MONTHS[:4], paths)
    level = table[table.series == "CHN_exports_to_USA"].iloc[0]
    assert level["model"] == pytest.approx(32.0) and level["gap"] == pytest.approx(2.0)
    yoy = table[table.series == "CHN_exports_to_USA_yoy"].iloc[0]
    assert yoy["model"] == pytest.approx(-20.0) and yoy["gap"] == pytest.approx(0.0)
    errors = summary(table)
    assert errors.loc["CHN_exports_to_USA", "mean abs gap"] == pytest.approx(100 * 2 / 30)


def test_a_good_file_runs_and_the_second_run_is_cached(tmp_path):
    text = (
        "series,month,value,unit\nUS_imports_from_CHN_census,2024-05,35000,USD mn\n"
        "US_imports_from_CHN_census,2025-05,20494,USD mn\nCHN_exports_to_USA_yoy,2025-05,"
        "-34.5,% y/y\n"
    )
    args = ["validate", str(ONE_SECTOR), "--observed", str(_csv(tmp_path, text))]
    first = runner.invoke(app, [*args, "--plot", str(tmp_path / "v.png")])
    assert first.exit_code == 0, first.output
    assert "solved now and cached" in first.output and (tmp_path / "v.png").is_file()
    assert "US_imports_from_CHN_census" in first.output and "…" not in first.output
    assert "importer's record" in first.output and "China -> US as each side" in first.output
    t0 = time.perf_counter()
    second = runner.invoke(app, [*args, "--format", "json"])
    assert second.exit_code == 0 and time.perf_counter() - t0 < 5
    assert {"series", "month", "observed", "model", "gap", "unit"} <= set(
        pd.read_json(StringIO(second.stdout)).columns
    )


@pytest.mark.slow
def test_the_main_job_against_china_customs_and_the_census(tmp_path, dataset):
    """Must show: China's exports to the US fall by 3-30% from April to May 2025."""
    shipped = dataset("observed_2025") / "monthly_reported_2024_2025-05.csv"
    months = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 11)]
    assert not load_observed(shipped, months, strict=False).empty
    result = runner.invoke(
        app, ["validate", str(SCENARIOS / "us_china_2025.yaml"), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(StringIO(result.stdout))
    level = table[table.series == "CHN_exports_to_USA"].set_index("month")["model"]
    change = level["2025-05"] / level["2025-04"] - 1
    assert -0.30 < change < -0.03
    assert set(table.series) <= set(SERIES) | set(validation.LADDER_SERIES)
    # the collection ladder under the path's imports at customs value, month by month
    # against the Treasury and the Census (issue 27: February-May 2025 observed
    # collected rates 2.51, 2.38, 5.66, 8.02%)
    ladder = table[table.series == "US_collected_rate"].set_index("month")
    assert list(ladder.index) == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    assert ladder.loc["2025-05", "observed"] == pytest.approx(8.02, abs=0.01)
    assert (ladder["gap"].abs() < 3.5).all()
    imports = table[table.series == "US_imports_customs_value"].set_index("month")
    assert (imports["gap"].abs() / imports["observed"] < 0.2).all()  # the 2024 base
    dutiable = table[table.series == "US_dutiable_share_mexico"].set_index("month")
    assert dutiable.loc["2025-05", "model"] == pytest.approx(
        dutiable.loc["2025-05", "observed"], abs=6
    )
    # China's magnet exports in May 2025: the world figure sets the quota (-74%); the US
    # (-93.3%) and Germany (-70%) are checks. One licence pool with one shadow price cuts
    # every destination alike (README "Rare earths": the model has the US near -70%;
    # China licensed US users more slowly than others)
    magnets = table[table.series.str.startswith("CHN_RE_magnet")].set_index("series")["model"]
    assert magnets["CHN_RE_magnet_exports_world_yoy"] == pytest.approx(-74, abs=1)
    assert -95 < magnets["CHN_RE_magnet_exports_USA_yoy"] < -65
    assert -85 < magnets["CHN_RE_magnet_exports_DEU_yoy"] < -60


@pytest.mark.slow
def test_the_main_job_front_loads_in_january_to_march(main_job_path):
    """Must show: January-March 2025 lie above the no-war path (importers bought ahead
    of the announced duties), then trade falls below it."""
    from tradewar.core.baseline import goods_sectors
    from tradewar.paths.recorded_trade import record

    path = main_job_path
    rec = record(path)
    b = path.baseline
    i, n, goods = b.index("CHN"), b.index("USA"), goods_sectors(b)
    ratio = rec.shipped[:, i, n, goods].sum(axis=1) / rec.no_war[:, i, n, goods].sum(axis=1)
    assert (ratio[:3] > 1).all() and (ratio[3:12] < 1).all()

    # the magnet users' output (users_output.png): US motor vehicles lose in April-June

    output = path.users_output()
    assert {"USA C29", "USA users", "EU27 C29", "EU27 users"} <= set(output.columns)
    assert (output.loc["2025-04":"2025-06", "USA C29"] < -1).all()
    assert output.loc["2025-01"].abs().max() < 1e-6
    # the tariffs' loss eases as buyers and makers adjust
    assert output.loc["2025-04", "USA C29"] < output.loc["2025-07", "USA C29"]

    # export_controls.png in tonnes: January is China's 2024 average (USD 3.05 bn of
    # magnets a year at the unit value of magnets); in May what the two pools license
    # (US users 7% of their baseline quantity, everyone else 29%): customs see purchases,
    # the users draw the rest from their stocks
    from tradewar.datasets import magnets

    _, panels = path.controlled_exports()
    unit, lines = panels["Magnets"]
    world = sum(lines.values())
    values = magnets.shipped_values()
    tonnes = values["china_exports_total_usd"] / values["usd_per_tonne"]["Magnets"] / 12
    assert unit == "tonnes a month" and world[0] == pytest.approx(tonnes, rel=0.01)
    us = lines["to USA"][0]
    assert world[4] == pytest.approx(0.07 * us + 0.29 * (world[0] - us), rel=0.01)
    assert lines["to USA"][4] == pytest.approx(0.07 * us, rel=0.01)


def test_ladder_series_against_observed_months():
    """The ladder's rates, levels and dutiable shares by Census group, read as they are
    (no year-earlier reference), only where the path and the observed months meet."""
    by_partner = pd.DataFrame(
        {
            "month": ["2025-04", "2025-04", "2025-04", "2025-05", "2025-05", "2025-05"],
            "partner": ["MEX", "DEU", "JPN", "MEX", "DEU", "JPN"],
            "imports_customs_usd": [40e9, 10e9, 10e9, 40e9, 10e9, 10e9],
            "dutiable_usd": [4e9, 8e9, 9e9, 6e9, 9e9, 9e9],
            "collected_ladder_usd": [1e9, 1e9, 1e9, 2e9, 2e9, 2e9],
        }
    )
    months = ["2025-03", "2025-04", "2025-05"]
    series = validation.ladder_series(by_partner, months)
    assert series["US_collected_rate"]["model"] == [None, 5.0, 10.0]
    assert series["US_dutiable_share_mexico"]["model"][1:] == [10.0, 15.0]
    assert series["US_dutiable_share_eu"]["model"][1:] == [80.0, 90.0]  # DEU
    assert series["US_dutiable_share_row"]["model"][1:] == [90.0, 90.0]  # JPN
    observed = pd.DataFrame(
        {
            "series": ["US_collected_rate"] * 3 + ["US_imports_customs_value"],
            "month": ["2025-03", "2025-04", "2025-06", "2025-05"],
            "value": [2.0, 5.5, 9.0, 55.0],
            "unit": ["%", "%", "%", "USD bn"],
        }
    )
    table = validation.compare_ladder(observed, months, series)
    assert list(zip(table.series, table.month, table.gap, strict=True)) == [
        ("US_collected_rate", "2025-04", -0.5),
        ("US_imports_customs_value", "2025-05", 5.0),
    ]
    errors = summary(table)
    assert errors.loc["US_collected_rate", "in"] == "points"
    assert errors.loc["US_imports_customs_value", "mean gap"] == pytest.approx(100 * 5 / 55)
    assert validation.compare_ladder(None, months, series).empty


def test_observed_ladder_from_the_treasury_and_the_census(dataset):
    frame = validation.observed_ladder(dataset("observed_2025").parent)
    may = frame[frame.month == "2025-05"].set_index("series")["value"]
    assert may["US_collected_rate"] == pytest.approx(8.02, abs=0.01)
    assert 250 < may["US_imports_customs_value"] < 300
    assert set(may.index) == set(validation.LADDER_SERIES)


def test_a_broken_cache_entry_is_solved_again(tmp_path):
    from tradewar.paths.recorded_trade import RecordingParams
    from tradewar.reports.validation import cache_dir, cache_key

    params = RecordingParams()
    entry = cache_dir() / "paths" / f"{cache_key(ONE_SECTOR, params)}.json"
    entry.parent.mkdir(parents=True)
    entry.write_text("null")
    text = "series,month,value,unit\nCHN_exports_to_USA_yoy,2025-05,-34.5,% y/y\n"
    result = runner.invoke(
        app, ["validate", str(ONE_SECTOR), "--observed", str(_csv(tmp_path, text))]
    )
    assert result.exit_code == 0, result.output
    assert "solved now and cached" in result.output


def test_the_no_war_growth_multiplies_the_ratio_and_zero_growth_changes_nothing():
    """(path / no-war) x (1 + g): a % y/y and a level both carry the no-war trend; no
    growth (none, an empty rule) reproduces the flat no-war path exactly."""
    observed = pd.DataFrame(
        {
            "series": ["CHN_exports_to_USA", "CHN_exports_to_USA", "CHN_exports_to_ASEAN_yoy"],
            "month": ["2024-04", "2025-04", "2025-04"],
            "value": [40.0, 30.0, 20.0],
            "unit": ["USD bn", "USD bn", "% y/y"],
        }
    )
    paths = {
        "CHN_exports_to_USA": {"model": [0, 0, 0, 8.0], "no_war": [10.0] * 4},
        "CHN_exports_to_ASEAN_yoy": {"model": [0, 0, 0, 10.5], "no_war": [10.0] * 4},
    }
    months = MONTHS[:4]
    flat = compare(observed, months, paths).set_index("series")["model"]
    for rule in (None, {}, validation_growth.choose("none")):
        again = compare(observed, months, paths, rule).set_index("series")["model"]
        pd.testing.assert_series_equal(again, flat, rtol=1e-10, atol=1e-10)
    grown = compare(
        observed, months, paths, {"CHN_exports_to_ASEAN_yoy": 0.12, "CHN_exports_to_USA": 0.05}
    ).set_index("series")["model"]
    assert grown["CHN_exports_to_ASEAN_yoy"] == pytest.approx(100 * (1.05 * 1.12 - 1))
    assert grown["CHN_exports_to_USA"] == pytest.approx(40.0 * 0.8 * 1.05)


def test_the_shipped_growth_is_each_flows_2024_growth(dataset):
    """The shipped rates are what the build script reads from ``observed_2025/`` (China's
    customs' full-year 2024 figures, the Census's 2024 over 2023)."""
    folder = dataset("observed_2025")
    built = validation_growth.from_observed(folder)
    shipped = validation_growth.shipped()
    assert set(shipped) == set(SERIES)
    for name, g in built.items():
        assert shipped[name].rate == pytest.approx(g.rate, abs=1e-6), name
    assert shipped["CHN_exports_to_ASEAN_yoy"].rate == pytest.approx(0.12)
    assert shipped["CHN_total_exports_yoy"].rate == pytest.approx(0.059)
    assert 0.02 < shipped["US_imports_from_CHN_census"].rate < 0.035  # 427 -> 439 USD bn


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("series,growth_pct\nGDP,3\n", "unknown series 'GDP'"),
        ("series,growth_pct\nCHN_total_exports_yoy,fast\n", "growth_pct 'fast' is not a number"),
        ("series,growth_pct\nCHN_total_exports_yoy,-100\n", "must be above -100%"),
        ("series,rate\nCHN_total_exports_yoy,3\n", "expected columns series, growth_pct"),
        (
            "series,growth_pct\nCHN_total_exports_yoy,3\nCHN_total_exports_yoy,4\n",
            "line 3: CHN_total_exports_yoy is given twice",
        ),
    ],
)
def test_bad_growth_files_get_one_line(tmp_path, text, message):
    path = tmp_path / "growth.csv"
    path.write_text(text)
    result = runner.invoke(app, ["validate", str(ONE_SECTOR), "--growth", str(path)])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()) and "Traceback" not in result.output


def test_held_out_months_carry_the_model_past_the_observed_ones():
    """After a series' last observed month the model's reading goes on to December:
    a % y/y in every month, a level only where the year-earlier observation exists."""
    observed = pd.DataFrame(
        {
            "series": ["CHN_exports_to_USA"] * 3 + ["CHN_exports_to_ASEAN_yoy"],
            "month": ["2024-06", "2024-07", "2025-05", "2025-05"],
            "value": [40.0, 42.0, 30.0, 15.0],
            "unit": ["USD bn"] * 3 + ["% y/y"],
        }
    )
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    paths = {
        "CHN_exports_to_USA": {"model": [8.0] * 12, "no_war": [10.0] * 12},
        "CHN_exports_to_ASEAN_yoy": {"model": [11.0] * 12, "no_war": [10.0] * 12},
    }
    ahead = validation.held_out(observed, months, paths, {"CHN_exports_to_ASEAN_yoy": 0.1})
    asean = ahead[ahead.series == "CHN_exports_to_ASEAN_yoy"].set_index("month")["model"]
    assert list(asean.index) == [f"2025-{m:02d}" for m in range(6, 13)]
    assert asean["2025-09"] == pytest.approx(100 * (1.1 * 1.1 - 1))
    level = ahead[ahead.series == "CHN_exports_to_USA"].set_index("month")["model"]
    # June and July have 2024 observations; later months take the 2024 mean of them
    assert level["2025-06"] == pytest.approx(32.0) and level["2025-07"] == pytest.approx(33.6)
    assert level["2025-12"] == pytest.approx(0.8 * 41.0)
    assert validation.held_out(observed, months, paths, until="2025-07").month.max() == "2025-07"


def test_census_imports_by_partner_group_are_observed_series(dataset):
    """US imports from Canada, Mexico, the EU and the world (Census, USD mn a month,
    2024-01 to 2025-05); the world is every group together."""
    frame = validation.observed_census(dataset("observed_2025").parent)
    assert set(frame.series) == set(validation.CENSUS_SERIES) <= set(SERIES)
    may = frame[frame.month == "2025-05"].set_index("series")["value"]
    assert 250_000 < may["US_imports_census"] < 300_000  # USD 276 bn
    parts = ("US_imports_from_CAN_census", "US_imports_from_MEX_census")
    assert sum(may[p] for p in parts) < may["US_imports_census"]
    assert frame.month.min() == "2024-01" and frame.month.max() == "2025-05"


def test_the_error_table_says_what_the_model_reads_for_each_series():
    assert validation.describe("CHN_exports_to_ASEAN_yoy") == (
        "exporter's record CHN -> BRN+IDN+KHM+LAO+MMR+MYS+PHL+SGP+THA+VNM, goods; "
        "% y/y of path / no-war"
    )
    assert validation.describe("US_imports_census") == (
        "importer's record the world -> USA, goods; year-earlier x path / no-war"
    )
    assert validation.describe("CHN_RE_magnet_exports_DEU_yoy").startswith(
        "exporter's record CHN -> DEU, Magnets"
    )
    assert "collection ladder" in validation.describe("US_collected_rate")
    table = pd.DataFrame(
        {
            "series": ["CHN_total_exports_yoy"],
            "month": ["2025-04"],
            "observed": [8.1],
            "model": [11.9],
            "gap": [3.8],
            "unit": ["% y/y"],
        }
    )
    reads = summary(table).loc["CHN_total_exports_yoy", "model reads"]
    assert reads.startswith("exporter's record CHN")
