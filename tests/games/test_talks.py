"""Deal evaluation against a disagreement point, mutual-gain maps, Nash bargaining."""

import pytest

from tests.conftest import toy_baseline
from tradewar.core.policy import Policy
from tradewar.games import talks
from tradewar.models import OneSectorModel


@pytest.fixture(scope="module")
def setting():
    b = toy_baseline(5, seed=21)
    model = OneSectorModel(b)
    snap_back = (
        Policy.from_baseline(b, "snap-back")
        .tariff("USA", on="CHN", rate=1.45)
        .tariff("CHN", on="USA", rate=1.25)
    )
    return b, model, snap_back


def test_mutually_beneficial_deal_raises_both_welfares(setting):
    _, model, snap_back = setting
    deal = snap_back.tariff("USA", on="CHN", rate=0.3).tariff("CHN", on="USA", rate=0.1)
    ev = talks.evaluate_deal(model, ("USA", "CHN"), snap_back, deal)
    assert ev.mutually_beneficial
    for p in ("USA", "CHN"):
        assert ev.welfare_deal[p] > ev.welfare_disagreement[p]
        assert ev.gains[p] > 0


def test_one_sided_deal_is_flagged(setting):
    _, model, snap_back = setting
    # the US raises its tariff further and China keeps its own: China loses
    deal = snap_back.tariff("USA", on="CHN", rate=3.0)
    ev = talks.evaluate_deal(model, ("USA", "CHN"), snap_back, deal)
    assert not ev.mutually_beneficial
    assert ev.gains["CHN"] < 0


@pytest.mark.slow
def test_grid_and_plot(setting, tmp_path):
    _, model, snap_back = setting
    grid = talks.mutual_gain_grid(model, "USA", "CHN", snap_back, rates=(0.0, 0.5, 1.45))
    assert len(grid) == 9
    at_disagreement = grid[(grid.iloc[:, 0] == 1.45) & (grid.iloc[:, 1] == 1.45)]
    assert not at_disagreement["mutual"].any()
    assert grid.loc[(grid.iloc[:, 0] == 0.0) & (grid.iloc[:, 1] == 0.0), "mutual"].all()
    path = tmp_path / "mutual.png"
    talks.plot_mutual_gains(grid, "USA", "CHN", path)
    assert path.stat().st_size > 10_000


@pytest.mark.slow
def test_nash_bargain_gives_both_gains(setting):
    _, model, snap_back = setting
    bargain = talks.nash_bargain(model, "USA", "CHN", snap_back)
    assert all(g > 0 for g in bargain.gains.values())
    assert all(0 <= r <= 1.5 for r in bargain.rates)
