"""The lever table of talks (tradewar.cases.us_china_2025.levers)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from tests.conftest import rare_earth_world, two_sector_baseline
from tradewar.cases.us_china_2025 import us_controls
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
from tradewar.datasets import nexperia
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
        "nexperia": "CHN",
        "chips": "USA",
        "students": "USA",
        "july_relief": "USA",
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


def _relief_world():
    """Six countries and the three sectors of the May controls, in USD mn."""
    b = two_sector_baseline(6, 13, ("C19", "C28"), (4.0, 4.0))
    flows = np.concatenate([b.flows, 3 * b.flows[:, :, :1]], axis=2) * 1e4
    return b.replace(
        sectors=(*b.sectors, "Services (aggregate)"),
        flows=flows,
        tariffs=np.zeros(flows.shape),
        elasticities={"toy": np.full(3, 4.0)},
        unit="million USD",
    )


def test_the_july_relief_is_pulled_as_the_may_controls_and_released_whole():
    world = _relief_world()
    lever = Lever("july_relief", "USA", "CHN")
    assert lever.label == "USA's May 2025 controls (EDA, ethane, jet engines) on CHN"
    free = Policy.from_baseline(world)
    assert not lever.in_force(free) and lever.released(free) is free
    pulled = lever.pulled(free)
    usa, chn = world.index("USA"), world.index("CHN")
    quotas = {c.sectors: c.quota for c in pulled.controls}
    sizes = {r.sector: r.usd_mn for r in us_controls.RESTRICTIONS}
    assert quotas == {
        (s,): pytest.approx(1 - sizes[s] / world.flows[usa, chn, k])
        for k, s in enumerate(world.sectors)
    }
    assert all(c.rent == "nobody" and c.destinations == ("CHN",) for c in pulled.controls)
    assert lever.pulled(pulled) is pulled and lever.released(pulled).controls == ()
    with pytest.raises(TradewarError, match=r"acts on C28 and C19 and Services \(aggregate\)"):
        Lever("july_relief", "USA", "CHN").check(WORLD)


def test_the_nexperia_ban_is_pulled_for_the_target_and_released_by_exempting_it():
    world = two_sector_baseline(6, 17, ("C29", "Nexperia chips"), (4.0, 4.0))
    lever = Lever("nexperia", "CHN", "USA")
    assert lever.label == "CHN's Nexperia ban on USA"
    free = Policy.from_baseline(world)
    (ban,) = lever.pulled(free).controls
    assert (ban.exporter, ban.destinations, ban.sectors) == ("CHN", ("USA",), ("Nexperia chips",))
    assert ban.quota == nexperia.BAN_QUOTA and ban.rent == "nobody"
    everyone = free.export_control("CHN", quota=0.02, sectors=["Nexperia chips"], rent="nobody")
    assert lever.in_force(everyone) and lever.pulled(everyone) is everyone
    (rest,) = lever.released(everyone).controls
    assert "USA" not in rest.destinations and set(rest.destinations) == set(
        everyone.controls[0].destinations
    ) - {"USA"}
    with pytest.raises(TradewarError, match=r"acts on Nexperia chips.*default-chokepoints-us2024"):
        lever.check(WORLD)


def test_the_main_jobs_may_controls_are_the_levers_sizes():
    from tradewar import datasets
    from tradewar.paths import scenario as scenarios

    baseline = datasets.load("default-rare-earths-us2024")
    sizes = us_controls.quotas(baseline)
    scenario = scenarios.load(Path(__file__).parents[2] / "scenarios" / "us_china_2025.yaml")
    may = [e for e in scenario.events if e.actor == "USA" and e.instrument == "export_control"]
    written = {e.sectors[0]: e.quota for e in may if not e.lift}
    assert written == {s: pytest.approx(q, abs=0.005) for s, q in sizes.items()}
    (lifted,) = [e for e in may if e.lift]
    assert lifted.date.isoformat() == us_controls.LIFTED and set(lifted.sectors) == set(sizes)
    assert {e.date.isoformat() for e in may if not e.lift} == {us_controls.IMPOSED}


def test_the_jet_engine_size_is_chinas_2017_imports_in_the_shared_data(dataset):
    from tradewar.datasets.paths import read_rows

    rows = read_rows(
        dataset("us_china_tariffs_2018_2020") / "bjz_china_imports_from_us_2017_hs8.csv"
    )
    value = sum(
        float(r["china_imports_from_us_2017_thousand_usd"]) / 1e3
        for r in rows
        if r["hs8"] in us_controls.JET_ENGINE_CODES
    )
    assert value == pytest.approx(us_controls.JET_ENGINES_USD_MN, abs=1e-6)


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
