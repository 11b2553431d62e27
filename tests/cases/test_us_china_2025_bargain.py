"""The bargain over several levers (tradewar.cases.us_china_2025.bargain) and the exact gradients it
uses with export controls in force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tests.conftest import rare_earth_world
from tradewar.cases.us_china_2025.bargain import bargain, real_deals
from tradewar.cases.us_china_2025.levers import Lever, standard_levers
from tradewar.core.errors import TradewarError
from tradewar.core.policy import Policy
from tradewar.games.talks import nash_bargain
from tradewar.models import MultiSectorModel
from tradewar.models.interface import QuotaChoice, pair_cells

WORLD = rare_earth_world()
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


def test_welfare_gradients_with_respect_to_a_quota_match_finite_differences():
    cells = pair_cells(WORLD, "USA", "CHN")
    quotas = QuotaChoice((0,), (2,))  # theta[2] sets China's licence quota
    theta = np.array([0.3, 0.2, 0.3])
    countries = ["USA", "CHN", "DEU"]
    _, grads, warm = MODEL.welfare_and_gradients(WAR, cells, theta, countries, quotas=quotas)
    step = np.array([0, 0, 1e-4])
    up = MODEL.welfare_and_gradients(WAR, cells, theta + step, countries, warm, quotas)
    down = MODEL.welfare_and_gradients(WAR, cells, theta - step, countries, warm, quotas)
    np.testing.assert_allclose(grads[:, 2], (up[0] - down[0]) / 2e-4, rtol=1e-3, atol=5e-5)
    assert grads[0, 2] > 0  # a larger licence helps the US
    free = Policy.from_baseline(WORLD)
    with pytest.raises(TradewarError, match="has 0 export controls"):
        MODEL.welfare_and_gradients(free, cells, theta, countries, quotas=quotas)


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
    # the US licence quota is bargained over continuously: one combination
    assert len(found.combinations) == 1 and set(nash.quotas) == {"rare_earths"}
    assert WAR.controls[0].quota <= nash.quotas["rare_earths"] <= 1.5
    # no small move of the bargained tariffs and quota makes both sides better off
    dis = MODEL.solve(WAR)
    cells = pair_cells(WORLD, "USA", "CHN")
    licence = levers[2]
    at = licence.positions(nash.policy)
    quotas = QuotaChoice(at, (2,) * len(at))
    theta = np.array([*nash.rates, nash.quotas["rare_earths"]])
    for move in itertools.product((-0.01, 0, 0.01), repeat=3):
        if not any(move):
            continue
        moved = MODEL.solve(
            MODEL.policy_with(nash.policy, cells, np.clip(theta + move, 0, None), quotas=quotas)
        )
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
    found = bargain(MODEL, "USA", "CHN", free, levers)
    assert len(found.combinations) == 1 and found.nash.quotas == {}


def test_a_licence_of_its_own_keeps_the_quota_and_frees_nobody():
    lever = Lever("rare_earths", "CHN", "USA")
    apart = lever.own_pools(WAR)
    (others, own) = apart.controls
    assert own.destinations == ("USA",) and "USA" not in others.destinations
    assert own.quota == others.quota == WAR.controls[0].quota
    assert lever.positions(apart) == (1,) and lever.positions(WAR) == ()
    np.testing.assert_array_equal(others.cells | own.cells, WAR.controls[0].cells)


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
