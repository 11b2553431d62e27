"""The bargain over several levers (tradewar.games.bargain) and the exact gradients it
uses with export controls in force."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import two_sector_baseline
from tradewar.games.bargain import bargain, real_deals
from tradewar.games.levers import Lever, standard_levers
from tradewar.games.talks import nash_bargain
from tradewar.model import MultiSectorModel
from tradewar.models.interface import pair_cells
from tradewar.policy import Policy


def _world():
    b = two_sector_baseline(6, 11, ("goods", "Rare earths"), (4.0, 2.0), spread=(0.2, 0.6))
    return b.replace(tariffs=np.full(b.flows.shape, 0.05))


WORLD = _world()
MODEL = MultiSectorModel(WORLD, deficits="fixed")
WAR = (
    Policy.from_baseline(WORLD, "war")
    .tariff("USA", on="CHN", rate=0.6)
    .tariff("CHN", on="USA", rate=0.5)
    .export_control("CHN", quota=0.4, sectors=["Rare earths"], exempt=["DEU"])
)


def test_welfare_gradients_with_export_controls_match_finite_differences():
    cells = pair_cells(WORLD, "USA", "CHN")
    theta = np.array([0.3, 0.2])
    values, grads, warm = MODEL.welfare_and_gradients(WAR, cells, theta, ["USA", "CHN", "DEU"])
    h = 1e-4  # the gradient's inner loops run to 1e-6 (CONTROLLED_JACOBIAN_INNER_TOL)
    for k in range(2):
        step = np.eye(2)[k] * h
        up = MODEL.welfare_and_gradients(WAR, cells, theta + step, ["USA", "CHN", "DEU"], warm)
        down = MODEL.welfare_and_gradients(WAR, cells, theta - step, ["USA", "CHN", "DEU"], warm)
        np.testing.assert_allclose(grads[:, k], (up[0] - down[0]) / (2 * h), rtol=1e-3, atol=5e-5)
    # one country at a time gives the same
    one = MODEL.welfare_and_gradient(WAR, cells, theta, "CHN")
    np.testing.assert_allclose(one.gradient, grads[1], rtol=1e-10)
    assert one.value == pytest.approx(values[1], abs=1e-12)


def test_with_only_tariffs_the_bargain_equals_todays_talks():
    tariffs = standard_levers("USA", "CHN", ["tariffs"])
    found = bargain(MODEL, "USA", "CHN", WAR, tariffs)
    today = nash_bargain(MODEL, "USA", "CHN", WAR)
    assert len(found.combinations) == 1 and found.nash.released == ()
    np.testing.assert_allclose(found.nash.rates, today.rates, atol=2e-4)
    for party in ("USA", "CHN"):
        assert found.nash.gains[party] == pytest.approx(today.gains[party], abs=1e-5)


def test_the_nash_bargain_is_on_the_frontier_and_gives_each_side_a_gain():
    levers = standard_levers("USA", "CHN", ["tariffs", "rare_earths"])
    found = bargain(MODEL, "USA", "CHN", WAR, levers, deals=real_deals(WAR, levers), third=("DEU",))
    nash = found.nash
    assert nash.gains["USA"] > 0 and nash.gains["CHN"] > 0
    assert len(found.combinations) == 2  # rare earths kept or released
    assert nash.nash_product == max(o.nash_product for o in found.combinations)
    # no small move of the bargained tariffs makes both sides better off
    dis = MODEL.solve(WAR)
    cells = pair_cells(WORLD, "USA", "CHN")
    base = nash.policy
    for move in ([0.01, 0], [-0.01, 0], [0, 0.01], [0, -0.01], [0.01, 0.01], [-0.01, -0.01]):
        rates = np.clip(np.array(nash.rates) + move, 0, None)
        moved = MODEL.solve(MODEL.policy_with(base, cells, rates))
        gains = [
            100 * ((1 + moved.value("welfare", c) / 100) / (1 + dis.value("welfare", c) / 100) - 1)
            for c in ("USA", "CHN")
        ]
        assert not (gains[0] > nash.gains["USA"] + 1e-9 and gains[1] > nash.gains["CHN"] + 1e-9)
    # the deals are placed with every party's and third country's gain
    assert [d.policy.name for d in found.deals] == [
        "Geneva (May 2025)",
        "London (Jun 2025)",
        "Busan (Oct 2025)",
    ]
    assert all("DEU" in d.gains for d in found.deals)
    table = found.table()
    assert table["nash"].sum() == 1 and (table["kind"] == "deal").sum() == 3


def test_a_weighted_bargain_favours_the_stronger_side():
    tariffs = standard_levers("USA", "CHN", ["tariffs"])
    even = bargain(MODEL, "USA", "CHN", WAR, tariffs).nash
    strong = bargain(MODEL, "USA", "CHN", WAR, tariffs, power=0.8).nash
    assert strong.gains["USA"] > even.gains["USA"] and strong.gains["CHN"] < even.gains["CHN"]


def test_a_lever_that_is_not_in_force_is_not_bargained_over():
    free = Policy.from_baseline(WORLD).tariff("USA", on="CHN", rate=0.6)
    levers = [*standard_levers("USA", "CHN", ["tariffs"]), Lever("rare_earths", "CHN", "USA")]
    assert len(bargain(MODEL, "USA", "CHN", free, levers).combinations) == 1


@pytest.mark.slow
def test_five_levers_at_the_snap_back_on_the_command_line(tmp_path):
    """The must-show of the talks over every lever: the snap-back branch with China's
    October 2025 controls in force (15 Dec 2025), five levers, JSON and the figure."""
    import json
    from pathlib import Path

    from typer.testing import CliRunner

    from tradewar.cli import app

    scenario = Path(__file__).parents[2] / "scenarios" / "us_china_2025_truce_expires.yaml"
    plot = tmp_path / "bargain.png"
    result = CliRunner().invoke(
        app,
        [
            "talks",
            "USA",
            "CHN",
            "--levers",
            "tariffs,rare_earths,chips,students,purchases",
            "--disagreement",
            str(scenario),
            "--on",
            "2025-12-15",
            "--format",
            "json",
            "--plot",
            str(plot),
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    levers = {(r["name"], r["holder"]): r for r in out["levers"]}
    assert set(levers) == {
        ("tariffs", "USA"),
        ("tariffs", "CHN"),
        ("rare_earths", "CHN"),
        ("chips", "USA"),
        ("students", "USA"),
        ("purchases", "CHN"),
    }
    assert all(r["in_force"] for r in levers.values())
    # China's licence and capacity rents: releasing rare earths costs it, helps the US
    assert levers["rare_earths", "CHN"]["welfare"]["CHN"] < 0
    assert levers["rare_earths", "CHN"]["welfare"]["USA"] > 0
    nash = out["nash_bargain"]
    assert nash["welfare"]["USA"] > 0 and nash["welfare"]["CHN"] > 0
    best = max(
        c["welfare"]["USA"] * c["welfare"]["CHN"] for c in out["combinations"] if c["both_gain"]
    )
    assert nash["welfare"]["USA"] * nash["welfare"]["CHN"] == pytest.approx(best)
    names = [d["name"] for d in out["deals"]]
    assert names == ["Geneva (May 2025)", "London (Jun 2025)", "Busan (Oct 2025)"]
    assert plot.stat().st_size > 10_000
