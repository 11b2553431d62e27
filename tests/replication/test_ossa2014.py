"""Ossa (2014) from his data: the four published averages to the printed digit."""

import numpy as np
import pytest

from tradewar.replication import ossa2014 as rep


def _average(rows, table, column):
    (row,) = [r for r in rows if r.table == table and r.column == column and r.country == "Average"]
    return row


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("3", "optimal_tariff"),
        ("4", "nash_tariff"),
        ("4", "government_welfare"),
    ],
)
def test_published_average(ossa_data, table, column):
    rows = rep.compute(ossa_data, [table], ["POL"])
    row = _average(rows, table, column)
    assert round(row.value, row.printed_decimals) == pytest.approx(row.published)


def test_gains_from_multilateral_talks(ossa_data):
    rows = rep.table5(ossa_data, "POL", starts=("factual",))
    row = _average(rows, "5", "government_welfare_from_factual")
    assert round(row.value, 1) == pytest.approx(row.published)
    gains = [r.value for r in rows if r.column == row.column and r.country != "Average"]
    assert np.ptp(gains) < 1e-4  # equal proportional gains


def test_nash_hurts_everyone_and_talks_from_nash_help(ossa_data):
    war = rep.table4(ossa_data, "POL")
    assert all(r.value < 0 for r in war if r.column == "government_welfare")
    talks = rep.table5(ossa_data, "POL", starts=("nash",))
    assert all(r.value > 0 for r in talks if r.column == "government_welfare_from_nash")


def test_mfn_war_reuses_the_first_stage_and_hurts_everyone(ossa_data):
    rows = rep.compute(ossa_data, ["9"], ["POL"])  # cached from the Table 4 run
    assert all(r.value < 0 for r in rows if r.column == "government_welfare")
    tariffs = [r.value for r in rows if r.column == "nash_tariff" and r.country != "Average"]
    assert min(tariffs) > 30 and max(tariffs) < 100


def test_nash_tariffs_themselves_are_converged(ossa_data):
    """Every tariff of the Nash war, tiny flows included, is a best response to the
    others' to the stated tolerance (not only the change between rounds)."""
    from tradewar.games import ossa as games

    for mfn in (True, False):
        war = rep.nash(ossa_data, "POL", mfn=mfn)  # cached from the Table 4 run
        assert war.converged
        _, conditions, scaled = games.own_conditions(rep.model(ossa_data, "POL"), war.policy, mfn)
        assert scaled < rep.NASH_FOC_TOL
        np.testing.assert_allclose(conditions, war.gradients)


def test_japans_best_response_is_the_better_of_two_local_optima(ossa_data):
    """With political-economy weights Japan's welfare has (at least) two local optima:
    the search from 1/(sigma - 1) stops on the worse one; the multi-start keeps the
    better."""
    from tradewar.games import ossa as games

    model = rep.model(ossa_data, "POL")
    best = games.optimal_tariffs(model, "JPN")
    locals_ = [
        games.optimal_tariffs(model, "JPN", starts=(start,)).welfare[0]
        for start in games.default_starts(model, mfn=False)
    ]
    assert max(locals_) - min(locals_) > 0.01  # two optima, percentage points apart
    assert best.welfare[0] >= max(locals_) - 1e-9
    assert best.max_foc < 1e-5
