"""The lever table of talks (tradewar.games.levers)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from tests.conftest import two_sector_baseline
from tradewar.cli import app
from tradewar.errors import TradewarError
from tradewar.games.levers import Lever, lever_table, standard_levers
from tradewar.model import MultiSectorModel
from tradewar.policy import Policy


def _world():
    """Six countries, goods and rare earths, applied tariffs of 5% in the baseline."""
    b = two_sector_baseline(6, 11, ("goods", "Rare earths"), (4.0, 2.0), spread=(0.2, 0.6))
    return b.replace(tariffs=np.full(b.flows.shape, 0.05))


WORLD = _world()
MODEL = MultiSectorModel(WORLD, deficits="fixed")
WAR = (
    Policy.from_baseline(WORLD, "war")
    .tariff("USA", on="CHN", rate=0.5, additional=True)
    .export_control("CHN", quota=0.4, sectors=["Rare earths"], exempt=["DEU"])
)


def test_releasing_a_lever_not_in_force_changes_nothing():
    china_tariffs = Lever("tariffs", "CHN", "USA")
    assert not china_tariffs.in_force(WAR) and china_tariffs.released(WAR) is WAR
    table = lever_table(MODEL, WAR, [china_tariffs], third=("DEU",))
    row = table.loc["CHN's tariffs on USA"]
    assert not row["in force"]
    np.testing.assert_allclose(row.drop("in force").to_numpy(float), 0.0, atol=1e-12)


def test_releasing_tariffs_restores_the_baseline_rates_on_that_pair_only():
    released = Lever("tariffs", "USA", "CHN").released(WAR)
    usa, chn = WORLD.index("USA"), WORLD.index("CHN")
    np.testing.assert_allclose(released.tariffs[chn, usa], 0.05)
    changed = released.tariffs != WAR.tariffs
    assert changed[chn, usa].all() and changed.sum() == WORLD.n_sectors
    assert released.controls == WAR.controls


def test_releasing_rare_earths_licenses_the_target_and_keeps_the_others_quota():
    lever = Lever("rare_earths", "CHN", "USA")
    released = lever.released(WAR)
    (control,) = released.controls
    assert "USA" not in control.destinations and "DEU" not in control.destinations
    assert set(control.destinations) == set(WAR.controls[0].destinations) - {"USA"}
    assert control.quota == 0.4
    table = lever_table(MODEL, WAR, [lever], third=("DEU", "MEX"))
    row = table.loc["CHN's rare-earth licensing of USA"]
    assert row["in force"] and row["welfare USA"] > 0
    chn, usa, rare = WORLD.index("CHN"), WORLD.index("USA"), 1
    before, after = MODEL.solve_many([WAR, released])
    assert after.flows_after[chn, usa, rare] > 1.5 * before.flows_after[chn, usa, rare]


def test_standard_levers_and_their_errors():
    names = [lever.label for lever in standard_levers("USA", "CHN")]
    assert names == [
        "USA's tariffs on CHN",
        "CHN's tariffs on USA",
        "CHN's rare-earth licensing of USA",
    ]
    with pytest.raises(TradewarError, match="unknown levers \\['chips'\\]"):
        standard_levers("USA", "CHN", ["tariffs", "chips"])
    with pytest.raises(TradewarError, match="none of"):
        standard_levers("USA", "DEU", ["rare_earths"])


runner = CliRunner()


def test_talks_levers_on_the_command_line():
    result = runner.invoke(
        app,
        [
            "talks",
            "USA",
            "CHN",
            "--levers",
            "tariffs",
            "--disagreement",
            "USA:CHN=1.45",
            "--disagreement",
            "CHN:USA=1.25",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = {r["lever"]: r for r in json.loads(result.stdout)}
    assert set(rows) == {"USA's tariffs on CHN", "CHN's tariffs on USA"}
    assert all(r["in force"] for r in rows.values())
    # China's 125% on US goods costs US exports to China most of their value
    assert rows["CHN's tariffs on USA"]["trade USA→CHN"] > 100
    missing = runner.invoke(app, ["talks", "USA", "CHN", "--disagreement", "USA:CHN=0.5"])
    assert missing.exit_code == 2 and "needs --deal" in missing.output
