"""The lever table of talks (tradewar.cases.us_china_2025.levers)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from tests.conftest import rare_earth_world, two_sector_baseline
from tradewar.cases.us_china_2025.levers import (
    CHIPS_LOSS_USD_MN,
    PURCHASES_VALUE_USD_MN,
    Lever,
    lever_table,
    resolve,
    standard_levers,
)
from tradewar.cli import app
from tradewar.core.errors import TradewarError
from tradewar.core.policy import Policy
from tradewar.models import MultiSectorModel

WORLD = rare_earth_world()
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
    names = [lever.label for lever in standard_levers("USA", "CHN", ["tariffs", "rare_earths"])]
    assert names == [
        "USA's tariffs on CHN",
        "CHN's tariffs on USA",
        "CHN's rare-earth licensing of USA",
    ]
    holders = {lever.kind: lever.holder for lever in standard_levers("CHN", "USA")}
    assert holders == {
        "tariffs": "USA",  # the last of the two
        "rare_earths": "CHN",
        "chips": "USA",
        "students": "USA",
        "purchases": "CHN",
    }
    with pytest.raises(TradewarError, match="unknown levers \\['tanks'\\]"):
        standard_levers("USA", "CHN", ["tariffs", "tanks"])
    with pytest.raises(TradewarError, match="none of"):
        standard_levers("USA", "DEU", ["rare_earths", "chips"])
    with pytest.raises(TradewarError, match="acts on C26, which this baseline lacks"):
        Lever("chips", "USA", "CHN").check(WORLD)
    Lever("rare_earths", "CHN", "USA").check(WORLD)  # one of the two stages is enough


def _chips_world():
    b = two_sector_baseline(6, 12, ("A01", "C26"), (4.0, 4.0))
    return b.replace(flows=b.flows * 1e4)  # USD mn: the chip loss is a small share


def test_chip_controls_are_pulled_once_and_released_whole():
    world = _chips_world()
    lever = Lever("chips", "USA", "CHN")
    free = Policy.from_baseline(world)
    assert not lever.in_force(free) and lever.released(free) is free
    pulled = lever.pulled(free)
    (control,) = pulled.controls
    assert control.exporter == "USA" and control.destinations == ("CHN",)
    assert control.sectors == ("C26",)
    flow = world.flows[world.index("USA"), world.index("CHN"), 1]
    assert control.quota == pytest.approx(1 - CHIPS_LOSS_USD_MN / flow)
    assert lever.pulled(pulled) is pulled and lever.released(pulled).controls == ()


def test_a_purchase_commitment_lowers_chinas_farm_tariff_only_where_it_binds():
    world = _chips_world()
    war = Policy.from_baseline(world).tariff("CHN", on="USA", rate=0.5)
    pledge = Lever("purchases", "CHN", "USA", rate=-0.05)
    released = pledge.released(war)
    chn, usa = world.index("CHN"), world.index("USA")
    np.testing.assert_allclose(released.tariffs[usa, chn], [-0.05, 0.5])
    free = Policy.from_baseline(world).tariff("CHN", on="USA", rate=-0.1, sectors=["A01"])
    assert pledge.released(free) is free  # already buys more than the commitment
    with pytest.raises(TradewarError, match="needs a model"):
        Lever("purchases", "CHN", "USA").released(war)


def test_resolving_sizes_students_and_purchases_from_the_model():
    world = _chips_world()
    model = MultiSectorModel(world, deficits="fixed")
    war = Policy.from_baseline(world).tariff("CHN", on="USA", rate=0.9)
    pledge = resolve(Lever("purchases", "CHN", "USA"), model, war)
    chn, usa = world.index("CHN"), world.index("USA")
    result = model.solve(pledge.released(war))
    quantity = result.flows_after[usa, chn, 0] / result.sector_outcomes["unit_cost_hat"][usa, 0]
    target = PURCHASES_VALUE_USD_MN / world.flows[usa, chn, 0]
    assert pledge.rate < 0.9
    assert quantity / world.flows[usa, chn, 0] == pytest.approx(target, rel=1e-3)


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
    out = json.loads(result.stdout)
    rows = {(r["name"], r["holder"]): r for r in out["levers"]}
    assert set(rows) == {("tariffs", "USA"), ("tariffs", "CHN")}
    assert all(r["in_force"] for r in rows.values())
    # each side gains from releasing its partner's tariffs on it
    assert rows["tariffs", "CHN"]["welfare"]["USA"] > 0
    nash = out["nash_bargain"]
    assert nash["released"] == [] and nash["both_gain"]
    assert nash["welfare"]["USA"] > 0 and nash["welfare"]["CHN"] > 0
    assert [d["name"] for d in out["deals"]] == [
        "Geneva (May 2025)",
        "London (Jun 2025)",
        "Busan (Oct 2025)",
    ]
    missing = runner.invoke(app, ["talks", "USA", "CHN", "--disagreement", "USA:CHN=0.5"])
    assert missing.exit_code == 2 and "needs --deal" in missing.output
