"""From HS product lines to ICIO sectors: tradewar.enacted.sectors."""

from __future__ import annotations

import numpy as np
import pytest

from tradewar.enacted import sectors
from tradewar.enacted.lines import ProductLines
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


def test_the_isic_concordance_gives_repair_and_mining_support_no_share(dataset):
    """The ISIC concordance lists ISIC 3320 (installation) beside the makers of laptops
    and ISIC 0910 (mining support) beside crude oil: those services get none of the line;
    the rest is split equally (the coarseness the GTAP crosswalk removes)."""
    isic = sectors._isic_shares(dataset("concordances").parent)
    laptop = dict(zip(ICIO_GOODS, isic["847130"], strict=True))
    assert laptop["C31T33"] == 0.0 and laptop["C26"] == pytest.approx(2 / 3)
    assert laptop["C28"] == pytest.approx(1 / 3)
    assert isic["270900"][ICIO_GOODS.index("B06")] == pytest.approx(1.0)
    assert isic["300490"][ICIO_GOODS.index("C21")] == pytest.approx(0.5)  # 2100 and 3250


@pytest.mark.parametrize(
    ("hs6", "expected"),
    [
        ("847130", "C26"),  # laptops: computers, not office machinery
        ("300490", "C21"),  # medicines: pharmaceuticals, not instruments
        ("220830", "C10T12"),  # whiskies: beverages, not chemicals
        ("270900", "B06"),  # crude oil
        ("260300", "B07"),  # copper ores (GTAP oxt, split by the ISIC concordance)
        ("251010", "B08"),  # natural phosphates (oxt)
        ("890110", "C301"),  # cruise ships (GTAP otn)
        ("880240", "C302T309"),  # aeroplanes (otn)
        ("850511", "C27"),  # permanent magnets: our override (fmp in GTAP)
        ("710812", "C24B"),  # unwrought gold
    ],
)
def test_named_products_go_to_the_sector_that_makes_them(dataset, hs6, expected):
    shares = sectors.hs6_sectors(np.array([hs6]), dataset("concordances").parent)[0]
    assert shares[ICIO_GOODS.index(expected)] == pytest.approx(1.0)


def test_lines_outside_the_crosswalk_and_goods_of_utilities(dataset):
    """A car (crosswalk), electricity (a utility: no goods sector), US goods returned
    (chapter 98, blank in the crosswalk, absent from the ISIC concordance: none)."""
    product_lines = ProductLines(np.array(["8703230190", "2716000000", "9801001015"]), {})
    shares = sectors.line_sectors(product_lines, dataset("concordances").parent)
    assert shares[0, ICIO_GOODS.index("C29")] == 1.0
    np.testing.assert_array_equal(shares[1:].sum(axis=1), [0.0, 0.0])
