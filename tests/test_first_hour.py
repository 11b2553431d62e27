"""What a new user meets in the first hour: one-line errors, nothing half written,
honest reports (issue: a first hour without surprises)."""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradewar.cli import app
from tradewar.datasets import embedded

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
ONE_SECTOR = SCENARIOS / "us_china_2025_onesector.yaml"

runner = CliRunner()


def _one_line_error(result, message: str) -> None:
    text = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert message in text, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _scenario(tmp_path, body: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text("name: t\nbaseline: default\nstart: 2025-01\nend: 2025-03\n" + body)
    return path


def test_an_unwritable_out_fails_before_any_work(tmp_path):
    result = runner.invoke(app, ["run", str(ONE_SECTOR), "--out", "/proc/x"])
    _one_line_error(result, "cannot write report folder '/proc/x'")


def test_a_file_as_out_is_refused_at_once_and_kept(tmp_path):
    target = tmp_path / "afile.txt"
    target.write_text("mine")
    result = runner.invoke(app, ["run", str(ONE_SECTOR), "--out", str(target), "--overwrite"])
    _one_line_error(result, "is not a folder")
    assert target.read_text() == "mine"


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_a_corrupted_embedded_baseline_names_the_file(tmp_path, monkeypatch, damage):
    source = embedded.data_dir()
    for name in ("imls2025_onesector.npz", "imls2025_onesector.json"):
        shutil.copy(source / name, tmp_path / name)
    data = (tmp_path / "imls2025_onesector.npz").read_bytes()
    if damage == "truncate":
        data = data[: len(data) // 2]
    else:  # one flipped byte inside the compressed flows: a CRC error
        k = len(data) // 2
        data = data[:k] + bytes([data[k] ^ 0xFF]) + data[k + 1 :]
    (tmp_path / "imls2025_onesector.npz").write_bytes(data)
    monkeypatch.setattr(embedded, "data_dir", lambda: tmp_path)
    result = runner.invoke(app, ["solve", "--tariff", "USA:CHN=0.1"])
    _one_line_error(result, "is corrupted or truncated")
    assert "build_default_baseline.py" in " ".join(result.output.split())


def test_replicate_with_a_missing_data_folder(tmp_path):
    result = runner.invoke(
        app, ["replicate", "caliendo-parro2015", "--data", str(tmp_path / "missing")]
    )
    _one_line_error(result, "does not exist")


def test_an_event_that_expires_before_it_starts_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _scenario(
        tmp_path,
        "events:\n  - {date: 2025-03-01, actor: USA, target: CHN, rate: 0.1, "
        "expires: 2025-02-01}\n",
    )
    result = runner.invoke(app, ["run", str(path)])
    _one_line_error(result, "line 6, field events.0: expires 2025-02-01 is not after")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("events: []\n", "baseline 'defualt'"),
        (
            "events:\n  - {date: 2025-02-01, actor: USA, target: CHN, rate: 0.1, "
            "sectors: [Rare earth]}\n",
            "unknown sectors ['Rare earth']",
        ),
        ("end: 2024-12\n", "end 2024-12 is before start 2025-01"),
        ("events:\n  - {date: 2025-02-01, actor: USA, target: CHN, rate: 145}\n", "145%"),
    ],
)
def test_failed_validation_leaves_no_folder(tmp_path, monkeypatch, body, message):
    monkeypatch.chdir(tmp_path)
    text = "name: t\nbaseline: default\nstart: 2025-01\nend: 2025-03\n" + body
    if "defualt" in message:
        text = text.replace("baseline: default", "baseline: defualt")
    if body.startswith("end:"):
        text = text.replace("end: 2025-03\n", "")
    (tmp_path / "s.yaml").write_text(text)
    result = runner.invoke(app, ["run", "s.yaml"])
    _one_line_error(result, message)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


def test_a_high_rate_in_a_file_can_be_accepted(tmp_path):
    from tradewar.paths.scenario import load

    path = _scenario(
        tmp_path,
        "accept_high_rates: true\nevents:\n  - {date: 2025-02-01, actor: USA, target: CHN, "
        "rate: 145}\n",
    )
    assert load(path).events[0].rate == 145


def test_a_rate_meant_as_percent_is_questioned():
    result = runner.invoke(app, ["solve", "--tariff", "USA:CHN=145"])
    _one_line_error(result, "is 14,500%; did you mean 145%")
    accepted = runner.invoke(
        app, ["solve", "--tariff", "USA:CHN=12", "--accept-high-rates", "--format", "json"]
    )
    assert accepted.exit_code == 0, accepted.output


def test_json_keys_are_plain_and_tables_are_not_cut():
    data = json.loads(
        runner.invoke(app, ["solve", "--tariff", "USA:ALL=0.1", "--format", "json"]).stdout
    )
    assert "Exp/GDP" in data["USA"]
    table = runner.invoke(app, ["solve", "--tariff", "USA:ALL=0.1", "--focus", "USA,CHN,MEX"])
    assert "Employment" in table.output and "…" not in table.output


def test_talks_name_the_tariffs_of_each_side():
    result = runner.invoke(
        app,
        ["talks", "USA", "CHN", "--disagreement", "USA:CHN=1.45", "--deal", "USA:CHN=0.3"],
    )
    assert result.exit_code == 0, result.output
    assert "if talks fail: USA:CHN=1.45" in result.output
    assert "disagreement: disagreement" not in result.output


def test_baselines_say_which_need_missing_data(monkeypatch):
    monkeypatch.setenv("TRADEWAR_DATA", "/nonexistent-tradewar-data")
    result = runner.invoke(app, ["baselines"])
    text = " ".join(result.output.split())
    assert result.exit_code == 0 and "default-multisector:" in text
    assert "not available here" in text and "ossa2014:" not in text


def test_overwrite_replaces_the_report_and_the_report_tells_the_truth(tmp_path):
    out = tmp_path / "report"
    out.mkdir()
    (out / "export_controls.png").write_bytes(b"an old figure")  # from a multi-sector run
    result = runner.invoke(app, ["run", str(ONE_SECTOR), "--out", str(out), "--overwrite"])
    assert result.exit_code == 0, result.output
    assert not (out / "export_controls.png").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["report"]  # no temporary left
    summary = (out / "summary.md").read_text()
    # the schedule's changes (the US rates as paid) are listed with the rates after each
    assert "schedule us_paid added" in summary
    import datetime as dt

    from tradewar.enacted import schedule

    us, day = schedule.load("us_paid"), dt.date(2025, 5, 14)
    line = f"- {day}: {100 * us.average(day):.1f}% on all partners, "
    assert line + f"{100 * us.rate('CHN', day):.1f}% on China" in summary
    assert "London talks" not in summary or "no tariff change (a dated marker)" in summary
    assert "short-run reading" in summary

    import xarray as xr

    with xr.open_dataset(out / "results.nc", engine="h5netcdf") as ds:
        assert ds["flows"].attrs["units"] == "USD per month"
        assert ds["welfare"].attrs["units"] == "percent change from the baseline"


def test_event_lines_show_exemptions_and_absolute_rates():
    from tradewar.paths.scenario import Event
    from tradewar.reports.scenario import _event_line

    event = Event(
        date="2025-04-05", actor="USA", target="ALL", exempt=["CHN", "CAN", "MEX"], rate=0.10
    )
    assert "exempt: CHN, CAN, MEX" in _event_line(event)  # Liberation Day's 10% spares them
    truce = Event(date="2025-05-14", actor="USA", target="CHN", rate=0.30, mode="absolute")
    line = _event_line(truce)
    assert "set to 30%" in line and "(absolute)" not in line


def test_talks_and_truces_are_marked_on_the_monthly_charts():
    from tests.conftest import toy_baseline
    from tradewar.paths import scenario
    from tradewar.paths.timeline import Timeline

    toy = toy_baseline()
    main = scenario.load(Path(__file__).resolve().parents[1] / "scenarios" / "us_china_2025.yaml")
    assert Timeline(main, toy).marks == {"2025-06-10": "London talks (framework)"}
    truce = scenario.Scenario(
        name="t",
        start="2025-01",
        end="2025-12",
        events=[
            scenario.Event(
                date="2025-05-14",
                expires="2025-08-12",
                actor="USA",
                target="CHN",
                rate=0.3,
                mode="absolute",
                label="truce",
            )
        ],
    )
    assert Timeline(truce, toy).marks == {"2025-08-12": "truce expires"}
