"""From HS product lines to ICIO sectors: tradewar.enacted.sectors."""

from __future__ import annotations

import numpy as np
import pytest

from tradewar.enacted import sectors
from tradewar.enacted.sectors import ICIO_GOODS


@pytest.mark.parametrize(
    ("isic4", "expected"),
    [
        ("0610", "B06"),  # crude petroleum
        ("0910", None),  # support activities for petroleum extraction: a service
        ("3250", "C31T33"),  # medical and dental instruments
        ("3320", None),  # installation of industrial machinery: a service
        ("3312", None),  # repair of machinery: a service
        ("2431", "C24A"),
        ("2432", "C24B"),
        ("3011", "C301"),  # ships
    ],
)
def test_isic_classes_to_icio_sectors(isic4, expected):
    assert sectors.icio_sector(isic4) == expected


def test_repair_and_mining_support_take_no_share_of_a_good(dataset):
    """The concordance lists ISIC 3320 (installation) beside the makers of laptops and
    ISIC 0910 (mining support) beside crude oil: those services get none of the line."""
    folder = dataset("concordances").parent
    codes = np.array(["847130", "270900", "300490"])
    shares = sectors.hs6_sectors(codes, folder)
    by_sector = [dict(zip(ICIO_GOODS, row, strict=True)) for row in shares]
    laptop, crude, medicine = by_sector
    assert laptop["C31T33"] == 0.0 and laptop["C26"] == pytest.approx(2 / 3)
    assert laptop["C28"] == pytest.approx(1 / 3)
    assert crude["B09"] == 0.0 and crude["B06"] == pytest.approx(1.0)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert medicine["C21"] == pytest.approx(0.5)  # the concordance's 2100 and 3250
