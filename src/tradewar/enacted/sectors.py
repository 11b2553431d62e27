"""From HS product lines to the ICIO sectors of the multi-sector default.

Two concordances, the finer first:

1. HTS10 -> GTAP commodity (``us_tariffs_2025_yale/hs10_gtap_crosswalk_tracker.csv``,
   the Yale Budget Lab's crosswalk: one GTAP code per line) -> ICIO 2022 sector
   (:data:`GTAP_TO_ICIO`; GTAP's sectors are ISIC divisions or groups of them). Two GTAP
   codes span two ICIO sectors: ``oxt`` (metal ores ``B07`` and other mining ``B08``) and
   ``otn`` (ships ``C301`` and other transport ``C302T309``); their lines are split by
   the ISIC concordance of step 2 restricted to those two sectors, else by chapter
   (ores: HS 26; ships: HS 89).
2. For lines the crosswalk lacks or leaves blank (chapter 98 provisions): HS6 -> ISIC
   Rev.4 (``concordances/hs_isic4.csv``, many-to-many: a line's weight is split equally
   over its ISIC classes) -> ICIO sector (ISIC divisions; basic metals split at ISIC
   241/2431 = iron and steel ``C24A``, 242/2432 = non-ferrous ``C24B``). Lines whose HS6
   is not in it either take their chapter's most common sector.

Why the crosswalk first: the ISIC concordance lists every class that can make a product
and an equal split puts half of all medicines in medical instruments (ISIC 3250 beside
2100), a third of laptops in office machinery (2817) and spirits in chemicals (2011);
summed over 2024 US imports that tripled machinery n.e.c. (``C28``) against the ICIO.
The GTAP crosswalk assigns each line to the one industry whose output it is.

Goods the concordances put in service industries (electricity, GTAP ``ely``; ISIC 58
publishing goes to paper and printing) are out of the sector weights. Two ISIC divisions
are services that the ISIC concordance lists beside the class that makes the good: 09
(support activities for mining, beside crude oil) and 33 (repair and installation of
machinery, beside 2,192 machines, computers and instruments); they make no goods and
take no share (in the concordance no HS6 code has only them).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from tradewar.datasets.paths import dataset_folder, read_rows
from tradewar.enacted.lines import YALE, ProductLines

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


#: GTAP commodity (lower case) -> ICIO 2022 goods sector, or the two sectors a code
#: spans (split by :func:`_split_span`); codes absent here (utilities, services) make
#: no goods.
GTAP_TO_ICIO: dict[str, str | tuple[str, str]] = {
    **dict.fromkeys(
        ("pdr", "wht", "gro", "v_f", "osd", "c_b", "pfb", "ocr", "ctl", "oap", "rmk", "wol"),
        "A01",
    ),
    "frs": "A02",
    "fsh": "A03",
    "coa": "B05",
    "oil": "B06",
    "gas": "B06",
    "oxt": ("B07", "B08"),
    **dict.fromkeys(("cmt", "omt", "vol", "mil", "pcr", "sgr", "ofd", "b_t"), "C10T12"),
    **dict.fromkeys(("tex", "wap", "lea"), "C13T15"),
    "lum": "C16",
    "ppp": "C17_18",
    "p_c": "C19",
    "chm": "C20",
    "bph": "C21",
    "rpp": "C22",
    "nmm": "C23",
    "i_s": "C24A",
    "nfm": "C24B",
    "fmp": "C25",
    "ele": "C26",
    "eeq": "C27",
    "ome": "C28",
    "mvh": "C29",
    "otn": ("C301", "C302T309"),
    "omf": "C31T33",
}
#: The chapter that decides a spanning GTAP code when the ISIC concordance does not: HS
#: 26 (ores) is ``B07``, HS 89 (ships and boats) is ``C301``.
SPAN_CHAPTER = {("B07", "B08"): "26", ("C301", "C302T309"): "89"}
CROSSWALK = "hs10_gtap_crosswalk_tracker.csv"
#: HS6 codes whose sector we set ourselves: permanent magnets, which both concordances
#: put in fabricated metals (GTAP ``fmp``; ISIC 2599/2630), belong with the electrical
#: equipment (C27) that the rare-earth baselines split magnets out of (docs D.3).
HS6_OVERRIDES = {"850511": "C27"}


def _isic_shares(data: str | Path | None) -> dict[str, np.ndarray]:
    """Share of each HS6 code in each goods sector by the ISIC concordance (equal split
    over its goods classes); codes with no goods class are absent."""
    folder = dataset_folder("concordances", None if data is None else Path(data) / "concordances")
    by_hs6: dict[str, list[int]] = {}
    with (folder / "hs_isic4.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sector = icio_sector(row["ISIC4_4d"])
            if sector is not None:
                by_hs6.setdefault(row["HS_6d"], []).append(ICIO_GOODS.index(sector))
    out = {}
    for code, found in by_hs6.items():
        out[code] = np.bincount(found, minlength=len(ICIO_GOODS)) / len(found)
    return out


def _split_span(span: tuple[str, str], hs10: str, isic: dict[str, np.ndarray]) -> np.ndarray:
    """(S,) shares of a line whose GTAP code spans ``span``: the ISIC concordance's split
    of its HS6 over those two sectors, else all in the one its chapter names."""
    out = np.zeros(len(ICIO_GOODS))
    at = [ICIO_GOODS.index(s) for s in span]
    found = isic.get(hs10[:6], np.zeros(len(ICIO_GOODS)))[at]
    if found.sum() > 0:
        out[at] = found / found.sum()
    else:
        out[at[0] if hs10[:2] == SPAN_CHAPTER[span] else at[1]] = 1.0
    return out


def _crosswalk_shares(
    data: str | Path | None, isic: dict[str, np.ndarray]
) -> dict[str, np.ndarray | None]:
    """(S,) shares of each HTS10 line of the GTAP crosswalk (``None``: the crosswalk leaves
    it blank, so another concordance decides)."""
    folder = dataset_folder(YALE, None if data is None else Path(data) / YALE)
    out: dict[str, np.ndarray | None] = {}
    for row in read_rows(folder / CROSSWALK):
        hs10 = row["hs10"].zfill(10)
        gtap = row["gtap_code"].strip().lower()
        target = HS6_OVERRIDES.get(hs10[:6]) or GTAP_TO_ICIO.get(gtap)
        if gtap in ("", "na") and hs10[:6] not in HS6_OVERRIDES:
            out[hs10] = None
        elif isinstance(target, tuple):
            out[hs10] = _split_span(target, hs10, isic)
        else:
            shares = np.zeros(len(ICIO_GOODS))
            if target is not None:
                shares[ICIO_GOODS.index(target)] = 1.0
            out[hs10] = shares  # all zeros: a good made by a utility (electricity)
    return out


def hs6_sectors(hs6: np.ndarray, data: str | Path | None = None) -> np.ndarray:
    """(K, len(ICIO_GOODS)) share of each 6-digit HS code in each goods sector: the mean
    over its HTS10 lines in the GTAP crosswalk, else the ISIC concordance (rows sum to 1,
    or to 0 for codes neither has or that make no goods)."""
    isic = _isic_shares(data)
    lines: dict[str, list[np.ndarray]] = {}
    for hs10, shares in _crosswalk_shares(data, isic).items():
        if shares is not None:
            lines.setdefault(hs10[:6], []).append(shares)
    out = np.zeros((len(hs6), len(ICIO_GOODS)))
    for k, code in enumerate(hs6):
        if code in HS6_OVERRIDES:
            out[k, ICIO_GOODS.index(HS6_OVERRIDES[code])] = 1.0
        elif code in lines:
            out[k] = np.mean(lines[code], axis=0)
        elif code in isic:
            out[k] = isic[code]
    return out


def line_sectors(product_lines: ProductLines, data: str | Path | None = None) -> np.ndarray:
    """(L, len(ICIO_GOODS)) share of each line in each goods sector (rows sum to 1, or to
    0 for the few lines with no goods sector): the GTAP crosswalk, else the ISIC
    concordance of its HS6, else its chapter's most common sector."""
    isic = _isic_shares(data)
    crosswalk = _crosswalk_shares(data, isic)
    out = np.zeros((len(product_lines.codes), len(ICIO_GOODS)))
    decided = np.zeros(len(out), bool)
    for k, code in enumerate(product_lines.codes):
        shares = crosswalk.get(str(code))
        if shares is None:
            shares = isic.get(str(code)[:6])
        if shares is not None:
            out[k], decided[k] = shares, True
    chapter = product_lines.chapter()
    for ch in np.unique(chapter[~decided]):
        mapped = (chapter == ch) & decided & (out.sum(axis=1) > 0)
        if mapped.any():
            out[~decided & (chapter == ch), out[mapped].sum(axis=0).argmax()] = 1.0
    return out
