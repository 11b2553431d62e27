"""Re-basing a baseline's imports on other totals: tradewar.datasets.rebase."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewar import datasets
from tradewar.core.baseline import Baseline, goods_sectors
from tradewar.core.errors import DataError
from tradewar.datasets import rebase
from tradewar.datasets.rebase import ImportTotals
from tradewar.models.multisector import negative_final_demand

positive = st.floats(0.1, 100.0)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 6).flatmap(
        lambda r: st.tuples(
            st.lists(st.lists(positive, min_size=4, max_size=4), min_size=r, max_size=r),
            st.lists(positive, min_size=r, max_size=r),
            st.lists(positive, min_size=4, max_size=4),
        )
    )
)
def test_ras_meets_both_margins_and_keeps_the_cross_ratios(case):
    seed, rows, cols = (np.array(v) for v in case)
    cols = cols * rows.sum() / cols.sum()  # margins with one grand total
    out = rebase.ras(seed, rows, cols)
    np.testing.assert_allclose(out.sum(axis=1), rows, rtol=1e-8)
    np.testing.assert_allclose(out.sum(axis=0), cols, rtol=1e-8)
    # biproportional: out = r_i * seed * s_j, so every 2x2 cross ratio is the seed's
    cross = lambda a: a[0, 0] * a[1, 1] / (a[0, 1] * a[1, 0])  # noqa: E731
    assert cross(out) == pytest.approx(cross(seed), rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(positive, min_size=3, max_size=3), min_size=1, max_size=5), positive)
def test_proportional_meets_row_totals_and_keeps_each_rows_split(seed, factor):
    seed = np.array(seed)
    rows = seed.sum(axis=1) * factor * np.linspace(0.5, 2.0, len(seed))
    out = rebase.proportional(seed, rows)
    np.testing.assert_allclose(out.sum(axis=1), rows, rtol=1e-10)
    np.testing.assert_allclose(out / out.sum(1, keepdims=True), seed / seed.sum(1, keepdims=True))


def test_ras_refuses_margins_that_do_not_add_up_and_a_zero_seed_it_cannot_fill():
    seed = np.array([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(DataError, match="row totals sum to 10 and the column totals to 11"):
        rebase.ras(seed, np.array([4.0, 6.0]), np.array([5.0, 6.0]))
    with pytest.raises(DataError, match="row 1 has a total but no seed"):
        rebase.ras(np.array([[1.0, 1.0], [0.0, 0.0]]), np.array([1.0, 1.0]), np.array([1.0, 1.0]))
    with pytest.raises(DataError, match="did not meet the totals"):  # zeros make it infeasible
        rebase.ras(np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([2.0, 1.0]), np.array([1.0, 2.0]))


def _world(io: bool) -> Baseline:
    """Four countries, two goods sectors and services; IO links when ``io``."""
    rng = np.random.default_rng(3)
    codes, sectors = ("USA", "MEX", "CHN", "ROW"), ("C26", "C29", "Services (aggregate)")
    flows = rng.uniform(1.0, 5.0, (4, 4, 3))
    for n in range(4):
        flows[n, n] = rng.uniform(40.0, 60.0, 3)
    tariffs = np.where(np.eye(4, dtype=bool)[:, :, None], 0.0, 0.05) * np.ones((4, 4, 3))
    kw = {}
    if io:
        shares = rng.uniform(0.5, 1.5, (4, 3, 3))
        kw = {
            "value_added_share": rng.uniform(0.4, 0.6, (4, 3)),
            "io_shares": shares / shares.sum(axis=1, keepdims=True),
        }
    gdp = flows.sum(axis=(1, 2)) * 0.5
    return Baseline(codes, sectors, flows, gdp, tariffs, unit="million USD", **kw)


def _totals(values: dict[str, float], sectors=("goods",)) -> ImportTotals:
    return ImportTotals(
        "USA", tuple(values), sectors, np.array(list(values.values()))[:, None], "test"
    )


@pytest.mark.parametrize("io", [True, False])
def test_re_based_imports_equal_the_totals_in_a_consistent_world(io):
    world = _world(io)
    totals = _totals({"MEX": 20e6, "CHN": 5e6, "DEU": 3e6, "FRA": 1e6})  # DEU, FRA -> ROW
    out = rebase.rebase_imports(world, totals)
    us, goods = 0, goods_sectors(world)
    bought = out.flows[:, us, goods].sum(axis=1)
    np.testing.assert_allclose(bought[1:], [20.0, 5.0, 4.0], rtol=1e-9)  # million USD
    seed_split = world.flows[1, us, goods] / world.flows[1, us, goods].sum()
    np.testing.assert_allclose(out.flows[1, us, goods] / bought[1], seed_split)
    assert negative_final_demand(out) == 0  # every final demand is the baseline's
    # final demand: the baseline's, except the importer's, which rises by its new imports
    if io:
        after, before = out.final_demand(), world.final_demand()
        np.testing.assert_allclose(after[1:], before[1:], rtol=1e-8, atol=1e-8)
        added = ((out.flows - world.flows)[1:, us, goods] * 1.05).sum(axis=0)
        np.testing.assert_allclose(after[us, goods], before[us, goods] + added)
        np.testing.assert_allclose(after[us, 2], before[us, 2])  # services
    # the world's trade balances add up; Mexico sells more and runs a larger surplus
    assert out.trade_deficit().sum() == pytest.approx(0.0, abs=1e-8)
    assert out.trade_deficit()[1] < world.trade_deficit()[1]
    assert out.gdp[1] > world.gdp[1]
    assert "USA's imports re-based (proportional) on test" in out.source


def test_kept_spending_displaces_home_purchases():
    world = _world(io=True)
    out = rebase.rebase_imports(world, _totals({"MEX": 8e6}), importer_spending="kept")
    goods = goods_sectors(world)
    assert out.flows[1, 0, goods].sum() == pytest.approx(8.0)
    assert out.flows[0, 0, goods].sum() < world.flows[0, 0, goods].sum()
    with pytest.raises(DataError, match="USA's imports of 'C29' exceed what it buys"):
        rebase.rebase_imports(world, _totals({"MEX": 8e9}), importer_spending="kept")


def test_ras_and_cells_by_sector():
    world = _world(io=False)
    cells = ImportTotals(
        "USA", ("MEX", "CHN"), ("C26", "C29"), np.array([[6e6, 9e6], [8e6, 2e6]]), "cells"
    )
    exact = rebase.rebase_imports(world, cells, "cells")
    np.testing.assert_allclose(exact.flows[1:3, 0, :2], [[6.0, 9.0], [8.0, 2.0]])
    fitted = rebase.rebase_imports(world, cells, "ras")
    np.testing.assert_allclose(fitted.flows[1:3, 0, :2].sum(axis=1), [15.0, 10.0])
    np.testing.assert_allclose(fitted.flows[1:3, 0, :2].sum(axis=0), [14.0, 11.0])


@pytest.mark.parametrize(
    ("totals", "method", "message"),
    [
        (_totals({"XXY": 1e6}), "proportional", "unknown partner code 'XXY'"),
        (_totals({"USA": 1e6}), "proportional", "USA is the importer USA itself"),
        (_totals({"MEX": 1e6}), "ras", "method 'ras' needs totals by sector"),
        (_totals({"MEX": 1e6}), "gravity", "unknown re-basing method 'gravity'"),
        (
            ImportTotals("USA", ("MEX",), ("C27",), np.array([[1.0]])),
            "ras",
            "sector 'C27' is not in the baseline",
        ),
        (ImportTotals("JPN", ("MEX",), ("goods",), np.array([[1.0]])), "proportional", "JPN"),
    ],
)
def test_bad_totals_get_one_line_errors(totals, method, message):
    with pytest.raises(DataError, match=message):
        rebase.rebase_imports(_world(io=False), totals, method)


def test_negative_totals_are_refused():
    with pytest.raises(DataError, match=r"negative import total -5 USD from MEX"):
        _totals({"MEX": -5.0})


def test_totals_files_round_trip_and_bad_files_get_one_line_errors(tmp_path):
    cells = ImportTotals(
        "USA", ("MEX", "CHN"), ("C26", "C29"), np.array([[6e6, 9e6], [8e6, 2e6]]), "x"
    )
    path = tmp_path / "totals.csv"
    rebase.write_totals(cells, path, {"source": "test"})
    again = rebase.read_totals(path)
    assert again.partners == ("MEX", "CHN") and again.sectors == ("C26", "C29")
    np.testing.assert_allclose(again.values, cells.values)
    assert (tmp_path / "totals.json").is_file()
    bad = tmp_path / "bad.csv"
    for text, message in [
        ("importer,partner\nUSA,MEX\n", "missing column"),
        ("importer,partner,value_usd\nUSA,MEX,abc\n", "line 2: value_usd 'abc' is not a number"),
        ("importer,partner,value_usd\nUSA,MEX,1\nCAN,MEX,2\n", "one importer per file"),
        ("importer,partner,value_usd\nUSA,MEX,1\nUSA,MEX,2\n", "line 3: MEX / goods is given"),
    ]:
        bad.write_text(text)
        with pytest.raises(DataError, match=message):
            rebase.read_totals(bad)


def test_duties_set_the_importers_tariffs_cell_by_cell_or_over_all_goods():
    """Totals with duties: the importer's applied tariff is duties / value where the
    totals have a value (DEU and FRA pooled in ROW), the baseline's elsewhere."""
    world = _world(io=True)
    cells = ImportTotals(
        "USA",
        ("MEX", "DEU", "FRA"),
        ("C26", "C29"),
        np.array([[6e6, 9e6], [4e6, 0.0], [1e6, 2e6]]),
        "cells",
        duties=np.array([[0.0, 0.9e6], [0.4e6, 0.0], [0.2e6, 0.1e6]]),
    )
    out = rebase.rebase_imports(world, cells, "cells")
    np.testing.assert_allclose(out.tariffs[1, 0, :2], [0.0, 0.1])
    np.testing.assert_allclose(out.tariffs[3, 0, :2], [0.6 / 5, 0.1 / 2])
    assert out.tariffs[2, 0, 0] == 0.05 and out.tariffs[1, 0, 2] == 0.05  # CHN, services
    assert out.tariffs[0, 1, 0] == 0.05  # other importers keep theirs
    over_all = rebase.rebase_imports(world, cells.over_all_goods(), "proportional")
    np.testing.assert_allclose(over_all.tariffs[1, 0, :2], 0.06)
    assert negative_final_demand(out) == 0


def test_negative_duties_are_refused_and_duties_round_trip(tmp_path):
    with pytest.raises(DataError, match=r"duty -1 USD on imports from MEX in sector 'C26'"):
        ImportTotals("USA", ("MEX",), ("C26",), np.array([[5.0]]), duties=np.array([[-1.0]]))
    cells = ImportTotals(
        "USA", ("MEX",), ("C26",), np.array([[5e6]]), "x", duties=np.array([[2e5]])
    )
    rebase.write_totals(cells, tmp_path / "t.csv")
    again = rebase.read_totals(tmp_path / "t.csv")
    assert again.duties is not None and again.duties[0, 0] == 2e5
    bad = tmp_path / "bad.csv"
    bad.write_text("importer,partner,value_usd,duty_usd\nUSA,MEX,1,-\n")
    with pytest.raises(DataError, match="line 2: duty_usd '-' is not a number"):
        rebase.read_totals(bad)


def test_the_default_re_based_on_2024_customs_values():
    """``default-multisector-us2024``: US imports of every partner x customs sector equal
    the packaged 2024 Census values (customs value), its tariffs the 2024 duties on them;
    ``default-rare-earths-us2024`` has the same partner totals; final demands positive."""
    totals = rebase.read_totals(datasets.embedded.data_dir() / datasets.US_CUSTOMS_2024)
    assert totals.duties is not None
    cells = datasets.load("default-multisector-us2024")
    us = cells.index("USA")
    columns = [cells.sectors.index(s) for s in totals.sectors]
    for code in ("MEX", "CHN", "CAN", "DEU", "VNM"):
        p, i = totals.partners.index(code), cells.index(code)
        np.testing.assert_allclose(cells.flows[i, us, columns] * 1e6, totals.values[p], rtol=1e-9)
        paid = totals.values[p] > 0
        rate = totals.duties[p, paid] / totals.values[p, paid]
        np.testing.assert_allclose(cells.tariffs[i, us, np.array(columns)[paid]], rate)
    chn = totals.partners.index("CHN")
    assert 0.09 < totals.duties[chn].sum() / totals.values[chn].sum() < 0.13  # with 301s
    seed = datasets.load("default-rare-earths")
    world = datasets.load("default-rare-earths-us2024")
    customs = [k for k in goods_sectors(world) if world.sectors[k] != "B09"]  # B09: services
    bought = world.flows[:, us, customs].sum(axis=1) * 1e6
    for code in ("MEX", "CHN", "CAN", "DEU", "VNM"):
        p = totals.partners.index(code)
        assert bought[world.index(code)] == pytest.approx(totals.by_partner[p], rel=1e-9)
    bought[us] = 0.0
    assert bought.sum() / 1e9 == pytest.approx(totals.by_partner.sum() / 1e9, rel=1e-9)
    assert 3_110 < bought.sum() / 1e9 < 3_130  # USD 3,251 bn less chapters 98-99
    assert negative_final_demand(world) == 0
    assert world.gdp[us] == pytest.approx(seed.gdp[us], rel=0.01)
