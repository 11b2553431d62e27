import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradewar.cli import app

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"

runner = CliRunner()


def test_solve_prints_focus_countries():
    result = runner.invoke(
        app,
        ["solve", "--tariff", "USA:CHN=1.45", "--tariff", "CHN:USA=125%", "--focus", "USA,CHN,MEX"],
    )
    assert result.exit_code == 0, result.output
    for code in ("USA", "CHN", "MEX", "others", "Welfare"):
        assert code in result.output


def test_solve_json_is_machine_readable():
    result = runner.invoke(app, ["solve", "--tariff", "USA:ALL=0.1", "--format", "json"])
    data = json.loads(result.stdout)
    assert set(data) == {"USA", "CHN", "others"}
    assert data["USA"]["Welfare"] > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tariff", "USA:CHM=1"], "unknown country 'CHM'"),
        (["--tariff", "USA:CHN=-2"], "below -100%"),
        (["--tariff", "USA/CHN=1"], "IMPORTER:EXPORTER=RATE"),
        (["--tariff", "USA:CHN=1", "--baseline", "nope"], "unknown baseline 'nope'"),
        (["--tariff", "USA:CHN=1", "--focus", "USA,ZZZ"], "unknown country 'ZZZ'"),
    ],
)
def test_bad_input_gets_a_clear_error_not_a_traceback(args, message):
    result = runner.invoke(app, ["solve", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_replicate_json_rows(imls_folder):
    result = runner.invoke(
        app,
        [
            "replicate",
            "ignatenko2025",
            "--table",
            "3",
            "--format",
            "json",
            "--data",
            str(imls_folder.parent),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {tuple(sorted(r)) for r in rows} == {
        ("case", "column", "country", "published", "table", "value")
    }
    first = rows[0]
    assert first["table"] == "3" and first["published"] == 1.14
    assert any(r["published"] is None for r in rows)


def test_replicate_table_layout(imls_folder):
    result = runner.invoke(
        app, ["replicate", "ignatenko2025", "--table", "1", "--data", str(imls_folder.parent)]
    )
    assert result.exit_code == 0, result.output
    assert "(1.13)" in result.output and "Table 1" in result.output


def test_replicate_unknown_table(imls_folder):
    result = runner.invoke(
        app, ["replicate", "ignatenko2025", "--table", "7", "--data", str(imls_folder.parent)]
    )
    assert result.exit_code == 2 and "unknown table" in result.output


def test_demo_writes_report_and_never_overwrites(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "mine.txt").write_text("user file")
    result = runner.invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "mine.txt").read_text() == "user file"
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    written = tmp_path / "report-2"
    names = sorted(p.name for p in written.iterdir())
    assert "summary.md" in names and len(names) == 3
    assert "US-China escalation" in (written / "summary.md").read_text()


def test_baselines_lists_default():
    result = runner.invoke(app, ["baselines"])
    assert "default" in result.output and "liberation_day_2025" in result.output


@pytest.mark.slow
def test_games_commands(tmp_path):
    result = runner.invoke(app, ["optimal", "USA"])
    assert result.exit_code == 0, result.output
    assert "optimal uniform tariff of USA: 25.12%" in result.output
    plot = tmp_path / "deals.png"
    result = runner.invoke(
        app,
        [
            "talks",
            "USA",
            "CHN",
            "--disagreement",
            "USA:CHN=1.45",
            "--disagreement",
            "CHN:USA=1.25",
            "--deal",
            "USA:CHN=0.3",
            "--deal",
            "CHN:USA=0.1",
            "--plot",
            str(plot),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "mutually beneficial" in result.output and plot.stat().st_size > 0
    again = runner.invoke(
        app,
        [
            "talks",
            "USA",
            "CHN",
            "--disagreement",
            "USA:CHN=1",
            "--deal",
            "USA:CHN=0",
            "--plot",
            str(plot),
        ],
    )
    assert again.exit_code == 2 and "not overwriting" in " ".join(again.output.split())


def test_optimal_rejects_an_unknown_structure():
    result = runner.invoke(app, ["optimal", "USA", "--structure", "mfn"])
    assert result.exit_code == 2 and "structure" in result.output


@pytest.mark.slow
def test_nash_on_a_multisector_baseline_runs_in_caliendo_parro():
    result = runner.invoke(
        app, ["nash", "--players", "USA,CHN", "--baseline", "default-multisector"]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Caliendo-Parro model" in text
    foc = float(text.split("largest first-order condition: ")[1].split()[0])
    assert foc < 1e-5


@pytest.mark.slow
def test_nash_on_a_multisector_baseline_with_the_ossa_model():
    result = runner.invoke(
        app,
        ["nash", "--players", "USA,CHN", "--baseline", "default-multisector", "--model", "ossa"],
    )
    assert result.exit_code == 0, result.output
    assert "Ossa model" in result.output and "USA" in result.output and "CHN" in result.output


@pytest.mark.slow
def test_talks_with_scenario_files():
    result = runner.invoke(
        app,
        [
            "talks",
            "USA",
            "CHN",
            "--disagreement",
            str(SCENARIOS / "us_china_2025_truce_expires.yaml"),
            "--deal",
            str(SCENARIOS / "us_china_2025.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "truce expires" in out and "on 2026-10-31" in out
    gains = dict(re.findall(r"(USA|CHN): welfare .*? gain ([+-][0-9.]+)%", out))
    # the deal (the main job: the truce holds, London's approvals, Busan suspends China's
    # October controls) helps both: with the licence rent the licensed buyers', China
    # gives up no rent when it licenses (README "Talks")
    assert float(gains["USA"]) > float(gains["CHN"]) > 0
    assert "the deal is mutually beneficial" in out


def test_run_writes_the_report_and_never_overwrites(tmp_path):
    scenario = SCENARIOS / "us_china_2025_onesector.yaml"  # the main job runs in .ci/run
    out = tmp_path / "report"
    result = runner.invoke(app, ["run", str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "customs.csv",
        "customs.png",
        "customs_by_partner.csv",
        "diversion.png",
        "monthly.csv",
        "prices.png",
        "results.nc",
        "summary.csv",
        "summary.md",
        "us_china_trade.png",
        "welfare.png",
        "welfare_map.png",
    ]
    import pandas as pd
    import xarray as xr

    from tradewar.paths.mirror import PARTS

    monthly = pd.read_csv(out / "monthly.csv")
    assert list(monthly.columns)[:5] == ["month", "exporter", "importer", "sector", "value_usd"]
    parts = [f"gap_{part}_usd" for part in PARTS]
    assert list(monthly.columns)[5:] == [
        "arrival_usd",
        "no_war_usd",
        "exporter_fob_usd",
        "importer_customs_usd",
        *parts,
        "rerouted_usd",
    ]
    gap = monthly["exporter_fob_usd"] - monthly["importer_customs_usd"]
    scale = monthly["exporter_fob_usd"].abs() + monthly["importer_customs_usd"].abs()
    assert ((gap - monthly[parts].sum(axis=1)).abs() <= 1e-4 * scale + 1.0).all()  # 6 digits
    assert monthly["month"].iloc[0] == "2025-01"
    jan = monthly[
        (monthly.month == "2025-01") & (monthly.exporter == "CHN") & (monthly.importer == "USA")
    ]
    assert jan["no_war_usd"].iloc[0] / 1e9 == pytest.approx(440.48 / 12, rel=1e-4)
    # importers buy ahead of the fentanyl duty announced in November 2024
    assert jan["value_usd"].iloc[0] > 1.1 * jan["no_war_usd"].iloc[0]
    with xr.open_dataset(out / "results.nc", engine="h5netcdf") as ds:
        assert ds["welfare"].dims == ("month", "country")
    again = runner.invoke(app, ["run", str(scenario), "--out", str(out)])
    assert again.exit_code == 2 and "already exists" in " ".join(again.output.split())


def test_run_reports_a_malformed_scenario(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nstart: 2025-01\nend: 2025-02\nevents:\n  - {date: 2025-01-02, "
        "actor: USA, rate: 0.1, mdoe: absolute}\n"
    )
    result = runner.invoke(app, ["run", str(bad)])
    assert result.exit_code == 2
    assert "line 5, field events.0.mdoe: unknown field 'mdoe'; did you mean 'mode'?" in " ".join(
        result.output.split()
    )


def test_tariffs_prints_the_rates_in_force():
    result = runner.invoke(app, ["tariffs", "--partner", "CHN", "--date", "2025-05-15"])
    assert result.exit_code == 0, result.output
    assert "C26" in result.output and "goods" in result.output
    result = runner.invoke(
        app,
        [
            "tariffs",
            "--partner",
            "CAN",
            "--date",
            "2025-06-15",
            "--by",
            "authority",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = dict(line.split(",") for line in result.output.strip().splitlines()[1:])
    assert float(rows["ieepa_fentanyl"]) > 0 and float(rows["ieepa_reciprocal"]) == 0
    assert float(rows["total"]) == pytest.approx(
        sum(float(v) for k, v in rows.items() if k != "total"), abs=1e-3
    )


def test_tariffs_path_by_month():
    result = runner.invoke(
        app, ["tariffs", "--path", "--partner", "CHN", "--partner", "ALL", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "month,CHN,ALL"
    by_month = {row.split(",")[0]: row.split(",")[1:] for row in lines[1:]}
    assert by_month["2025-01"] == ["0.0000", "0.0000"]
    assert float(by_month["2025-04"][0]) > 80 and float(by_month["2025-06"][0]) < 35
    assert list(by_month)[-1] == "2026-12"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--partner", "XXX", "--date", "2025-05-15"], "unknown partner 'XXX'"),
        (["--partner", "CHN", "--date", "2024-05-15"], "outside the enacted schedule"),
        (["--partner", "CHN", "--date", "15/05/2025"], "--date must be a day"),
        (["--partner", "CHN"], "give --partner and --date"),
        (["--partner", "CHN", "--date", "2025-05-15", "--schedule", "eu"], "unknown enacted"),
    ],
)
def test_tariffs_bad_input_is_one_line(args, message):
    result = runner.invoke(app, ["tariffs", *args])
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert message in out and "Traceback" not in out


@pytest.mark.slow
def test_run_with_draws_writes_bands_fan_charts_and_error_bars(tmp_path):
    import pandas as pd

    scenario = SCENARIOS / "us_china_2025_onesector.yaml"
    out = tmp_path / "report"
    result = runner.invoke(
        app,
        ["run", str(scenario), "--out", str(out), "--draws", "6", "--seed", "4", "--workers", "1"],
    )
    assert result.exit_code == 0, result.output
    for name in (
        "bands.csv",
        "drivers.csv",
        "parameters.csv",
        "draws.csv",
        "fan_welfare.png",
        "fan_trade.png",
        "welfare_bands.png",
        "welfare_band_map.png",
    ):
        assert (out / name).stat().st_size > 0, name
    bands = pd.read_csv(out / "bands.csv", index_col=0)
    usa = bands.loc["welfare long run USA"]
    assert usa.q05 <= usa.q50 <= usa.q95 and usa.draws == 6
    assert "## Uncertainty" in (out / "summary.md").read_text()
    assert "5-50-95% bands" in " ".join(result.output.split())


def test_run_refuses_a_seed_that_is_not_an_integer():
    scenario = SCENARIOS / "us_china_2025_onesector.yaml"
    result = runner.invoke(app, ["run", str(scenario), "--draws", "5", "--seed", "1.5"])
    assert result.exit_code == 2 and "--seed" in result.output and "Traceback" not in result.output


def test_help_texts_name_the_main_job_once_and_carry_no_markup():
    demo = runner.invoke(app, ["demo", "--help"])
    assert "not the main job" in demo.output
    solve = runner.invoke(app, ["solve", "--help"])
    assert "``" not in solve.output and "CP elasticities" in solve.output


def test_solve_on_a_multisector_baseline_uses_the_scenarios_elasticities():
    result = runner.invoke(
        app,
        ["solve", "--baseline", "default-multisector", "--tariff", "USA:CHN=0.5"],
    )
    assert result.exit_code == 0, result.output
    assert "elasticities CP" in result.output


def test_diversion_is_in_usd_bn_with_gains_and_falls():
    result = runner.invoke(
        app, ["solve", "--tariff", "USA:CHN=1.45", "--diversion", "USA", "--format", "table"]
    )
    assert result.exit_code == 0, result.output
    assert "(USD bn), biggest gains" in result.output
    assert "(USD bn), biggest falls" in result.output
    # China's USD 440 bn of 2023 exports to the US, not 440,477,681 thousand USD
    falls = result.output.split("biggest falls")[1]
    assert re.search(r"CHN\s+\+440\.48", falls)


def test_counts_print_as_integers():
    import pandas as pd
    from rich.console import Console

    from tradewar.cli.common import frame_table

    frame = pd.DataFrame({"months": [3, 12], "mean gap": [1.5, -2.25]}, index=["a", "b"])
    console = Console(width=200, record=True)
    console.print(frame_table(frame, "t"))
    text = console.export_text()
    assert re.search(r"a\s+3\s+\+1\.50", text) and "+3.00" not in text


def test_serve_stops_with_stopped():
    import signal

    from tests.web.conftest import _free_port, start_serve

    proc = start_serve(_free_port(), capture=True)
    try:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, output
    assert output.strip().splitlines()[-1] == "stopped"
    assert "nothing was written" not in output


@pytest.mark.parametrize("months", ["foo", "2025-01:2025-13", "2025-05:2025-01"])
def test_collected_refuses_bad_months_in_one_line(months):
    result = runner.invoke(app, ["collected", "--months", months])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert message.startswith("error:") and "Traceback" not in result.output
    assert "month" in message


def test_households_prints_the_decile_table_of_a_date():
    """`tradewar households` on the multi-sector default (the tariff wall) in a few seconds."""
    import time

    start = time.perf_counter()
    result = runner.invoke(
        app,
        ["households", str(SCENARIOS / "tariff_wall_2025_2026.yaml"), "--on", "2025-11-01",
         "--format", "csv"],
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    rows = {line.split(",")[0]: line.split(",") for line in result.stdout.splitlines()}
    assert rows["decile"][-6:-3] == [
        "before_usd_per_household", "before_pct_of_spending", "before_pct_of_income",
    ]  # fmt: skip
    before, after = float(rows["all"][4]), float(rows["all"][7])
    assert 0 < after < before  # substitution and the terms of trade make it cheaper
    assert float(rows["1"][6]) > float(rows["10"][6])  # a larger share of the poorest's income
    assert elapsed < 15  # 4 s measured on 2 cores; loose for a busy CI machine


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--on", "2031-01-01"], "date 2031-01-01 is outside the path"),
        (["--on", "soon"], "is not a date like"),
    ],
)
def test_households_bad_dates_are_one_line(extra, message):
    result = runner.invoke(
        app, ["households", str(SCENARIOS / "tariff_wall_2025_2026.yaml"), *extra]
    )
    assert result.exit_code == 2 and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_households_refuses_a_decile_table_that_does_not_sum_to_100(tmp_path):
    table = tmp_path / "deciles.csv"
    table.write_text(
        "pce_mp,pce_title,total_billions," + ",".join(f"d{k}" for k in range(1, 11)) + "\n"
        "4,Motor vehicles,750," + ",".join(["9.5"] * 10) + "\n"
    )
    result = runner.invoke(
        app,
        ["households", str(SCENARIOS / "tariff_wall_2025_2026.yaml"), "--deciles", str(table)],
    )
    assert result.exit_code == 2 and "the decile shares sum to 95.00, not 100" in result.output
    assert len(result.output.strip().splitlines()) == 1


def _seed(dataset) -> Path:
    seed = dataset("observed_2025").parent.parent / "seeds" / "london_talks_2025-06.txt"
    if not seed.is_file():
        pytest.skip("the seed report is not beside the data")
    return seed


@pytest.mark.slow
def test_draft_then_run_the_seed_report(tmp_path, dataset):
    """`tradewar draft` on the seed, then `tradewar run` on the draft: the report lists
    the drafted events; the observed rows validate."""
    draft_file, observed = tmp_path / "draft.yaml", tmp_path / "observed.csv"
    result = runner.invoke(
        app,
        ["draft", str(_seed(dataset)), "--published", "2025-06-09", "--out", str(draft_file),
         "--observed", str(observed)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "drafted 8 events, 2 observed figures" in result.output
    run = runner.invoke(app, ["run", str(draft_file), "--out", str(tmp_path / "report")])
    assert run.exit_code == 0, run.output
    summary = (tmp_path / "report" / "summary.md").read_text()
    assert (
        "USA import tariff on CHN: +145%" in summary
        and "CHN import tariff on USA: +125%" in summary
    )
    assert "talks" in summary and "deal" in summary
    check = runner.invoke(
        app, ["validate", str(draft_file), "--observed", str(observed), "--format", "csv"]
    )
    assert check.exit_code == 0, check.output
    assert "CHN_exports_to_USA,2025-05,28.8" in check.stdout


@pytest.mark.parametrize(
    ("content", "extra", "message", "code"),
    [
        (b"", [], "is empty", 2),
        (b"\x00\x01\x02binary", [], "binary", 2),
        (b"Tariffs rose 10% on US goods.", ["--published", "9/6/2025"], "is not a date like", 2),
        (
            b"The weather was fine in Paris on Sunday.",
            ["--published", "2025-06-09"],
            "no policy statement",
            0,
        ),
    ],
)
def test_draft_bad_input_is_one_line(tmp_path, content, extra, message, code):
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    result = runner.invoke(app, ["draft", str(article), *extra, "--out", str(tmp_path / "d.yaml")])
    assert result.exit_code == code and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_draft_never_overwrites_a_file(tmp_path):
    article, out = tmp_path / "a.txt", tmp_path / "d.yaml"
    article.write_text("The US raised tariffs on Chinese goods to 20% on Tuesday.")
    out.write_text("mine")
    result = runner.invoke(
        app, ["draft", str(article), "--published", "2025-03-05", "--out", str(out)]
    )
    assert (
        result.exit_code == 2 and "not overwriting" in result.output and out.read_text() == "mine"
    )
