"""From HS product lines to the ICIO sectors of the multi-sector default.

HS6 -> ISIC Rev.4 (``concordances/hs_isic4.csv``, many-to-many: a line's weight is split
equally over its ISIC classes) -> ICIO 2022 sector (ISIC divisions; basic metals split
at ISIC 241/2431 = iron and steel ``C24A``, 242/2432 = non-ferrous ``C24B``). Lines whose
HS6 is not in the concordance (HS 2022 codes) take their chapter's most common sector;
the few goods the concordance puts in service industries (e.g. printed books, ISIC 58)
go to the nearest goods sector or, failing one, out of the weights. Two ISIC divisions
are services that the concordance lists beside the class that makes the good: 09
(support activities for mining, beside crude oil) and 33 (repair and installation of
machinery, beside 2,192 machines, computers and instruments); they make no goods and
take no share (in the concordance no HS6 code has only them).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from tradewar.datasets.paths import dataset_folder
from tradewar.enacted.lines import ProductLines

#: The goods sectors of the ICIO 2022 default, in its order.
ICIO_GOODS = (
    "A01",
    "A02",
    "A03",
    "B05",
    "B06",
    "B07",
    "B08",
    "B09",
    "C10T12",
    "C13T15",
    "C16",
    "C17_18",
    "C19",
    "C20",
    "C21",
    "C22",
    "C23",
    "C24A",
    "C24B",
    "C25",
    "C26",
    "C27",
    "C28",
    "C29",
    "C301",
    "C302T309",
    "C31T33",
)
#: Sectors that split an ICIO sector in a derived baseline, and their parent.
SPLIT_PARENTS = {
    "Rare earths": "B07",
    "Other metal ores": "B07",
    "Magnets": "C27",
    "Other electrical equipment": "C27",
}


#: ISIC divisions of services the concordance pairs with goods: 09 support activities
#: for mining, 33 repair and installation of machinery.
SERVICE_DIVISIONS = (9, 33)


def icio_sector(isic4: str) -> str | None:
    """ICIO 2022 goods sector of a 4-digit ISIC Rev.4 class (None for services, including
    :data:`SERVICE_DIVISIONS`)."""
    if not isic4[:2].isdigit():
        return None
    division = int(isic4[:2])
    if division in SERVICE_DIVISIONS:
        return None
    simple = {
        1: "A01",
        2: "A02",
        3: "A03",
        5: "B05",
        6: "B06",
        7: "B07",
        8: "B08",
        16: "C16",
        19: "C19",
        20: "C20",
        21: "C21",
        22: "C22",
        23: "C23",
        25: "C25",
        26: "C26",
        27: "C27",
        28: "C28",
        29: "C29",
        58: "C17_18",
    }
    if division in simple:
        return simple[division]
    if 10 <= division <= 12:
        return "C10T12"
    if 13 <= division <= 15:
        return "C13T15"
    if division in (17, 18):
        return "C17_18"
    if division == 24:
        return "C24A" if isic4[:3] == "241" or isic4 == "2431" else "C24B"
    if division == 30:
        return "C301" if isic4[:3] == "301" else "C302T309"
    if 31 <= division <= 32:
        return "C31T33"
    return None


def hs6_sectors(hs6: np.ndarray, data: str | Path | None = None) -> np.ndarray:
    """(K, len(ICIO_GOODS)) share of each 6-digit HS code in each goods sector (rows sum to
    1, or to 0 for codes the concordance lacks or puts in services)."""
    folder = dataset_folder("concordances", None if data is None else Path(data) / "concordances")
    by_hs6: dict[str, list[int]] = {}
    with (folder / "hs_isic4.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sector = icio_sector(row["ISIC4_4d"])
            if sector is not None:
                by_hs6.setdefault(row["HS_6d"], []).append(ICIO_GOODS.index(sector))
    out = np.zeros((len(hs6), len(ICIO_GOODS)))
    for k, code in enumerate(hs6):
        for s in by_hs6.get(code, ()):
            out[k, s] += 1.0 / len(by_hs6[code])
    return out


def line_sectors(product_lines: ProductLines, data: str | Path | None = None) -> np.ndarray:
    """(L, len(ICIO_GOODS)) share of each line in each goods sector (rows sum to 1, or to
    0 for the few lines with no goods sector)."""
    out = hs6_sectors(product_lines.prefix(6), data)
    chapter = product_lines.chapter()
    missing = out.sum(axis=1) == 0
    for ch in np.unique(chapter[missing]):
        mapped = (chapter == ch) & ~missing
        if mapped.any():
            out[missing & (chapter == ch), out[mapped].sum(axis=0).argmax()] = 1.0
    return out
