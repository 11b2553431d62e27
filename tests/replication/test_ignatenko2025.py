"""IMLS (2025) one-sector tables from the raw data, against the published numbers."""

import numpy as np
import pytest

from tradewar.core.policy import Policy
from tradewar.models import OneSectorModel
from tradewar.models.onesector import balanced_transfers
from tradewar.replication import ignatenko2025 as imls


@pytest.fixture(scope="module")
def rows(imls_baseline):
    return imls.compute(imls_baseline)


def _tolerance(row):
    # half a unit of the last printed digit plus solver noise (docs/model.md F.14)
    return 0.5 * 10.0 ** (-row.printed_decimals) + 1e-6


@pytest.mark.parametrize("table", ["1", "3", "9"])
def test_published_numbers_to_the_printed_digit(rows, table):
    published = [r for r in rows if r.table == table and r.published is not None]
    expected = {"1": 36, "3": 4, "9": 48}[table]
    assert len(published) == expected
    misses = [
        f"{r.case}/{r.country}/{r.column}: ours {r.value:.4f}, paper {r.published}"
        for r in published
        if abs(r.value - r.published) > _tolerance(r)
    ]
    assert not misses, misses


def test_every_table_is_complete_and_finite(rows):
    counts = {t: sum(r.table == t for r in rows) for t in imls.TABLES}
    assert counts == {"1": 36, "2": 48, "3": 8, "8": 48, "9": 48, "10": 40}
    assert np.isfinite([r.value for r in rows]).all()


def test_table2_and_8_retaliation_hurts_the_us_relative_to_table1(rows):
    value = {(r.table, r.case, r.country, r.column): r.value for r in rows}
    no_retaliation = value[("1", "1 income-tax relief", "USA", "welfare")]
    for case in ("1 USTR + reciprocal retaliation", "2 USTR + optimal retaliation"):
        assert value[("2", case, "USA", "welfare")] < no_retaliation
    # a two-way 108% US-China war hurts China more than the 54% one
    assert (
        value[("8", "3 US vs China at 108%", "CHN", "welfare")]
        < value[("8", "2 US vs China", "CHN", "welfare")]
    )


def test_table10_copies_case3_non_us_welfare_into_case4_as_coded(rows):
    value = {(r.case, r.country, r.column): r.value for r in rows if r.table == "10"}
    assert (
        value[("4 balanced trade, retaliation", "non-US", "welfare")]
        == value[("3 fixed transfers, retaliation", "non-US", "welfare")]
    )


def test_table10_balanced_runs_are_differences_from_a_zero_tariff_run(imls_baseline):
    """Balanced transfers do not sum to zero; with no tariffs the model still moves (F.7)."""
    base = OneSectorModel(imls_baseline)
    us = imls_baseline.index("USA")
    transfers = balanced_transfers(base.calibration, us)
    assert abs(float(transfers.sum()) / float(base.calibration.E.sum()) - 0.005315) < 5e-7
    balanced = OneSectorModel(imls_baseline, transfers=transfers)
    zero = balanced.solve(Policy.from_baseline(imls_baseline))
    assert abs(zero.value("welfare", "USA")) > 1e-3  # the reference run is not a no-op


def test_unknown_table():
    with pytest.raises(ValueError, match="unknown IMLS table"):
        imls.compute(None, ["7"])
