"""2024 US imports by partner and product line: the weights of the enacted schedule.

The data hold US imports at HS10 for China only; for every other partner they hold HS2
chapters (``data-hs2/``) and, for the top 50 partners and the EU, the value of imports
under the Annex II exemptions and the steel, aluminium and autos lists
(``tariff-summary-latest-data.csv``). Our design (not the tracker's): a partner's
chapter is split over its lines in proportion to China's 2024 imports of those lines
(equally where China ships none of the chapter), then, where the summary gives list
totals, raked (iterative proportional fitting) so that the chapter totals and the four
list totals both hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tradewar.core.errors import DataError
from tradewar.datasets.paths import dataset_folder, read_rows
from tradewar.enacted import lines as lines_mod
from tradewar.enacted.lines import ProductLines

#: tariff-summary columns and the lists they total.
SUMMARY_LISTS = {
    "expempt imports": "annex_ii",
    "steel imports": "steel",
    "alu imports": "aluminium",
    "auto imports": "autos",
}
#: Partner names of the tracker's files that differ from the Census mapping's.
NAME_ALIASES = {
    "KOREA, SOUTH": "KOR",
    "SOUTH KOREA": "KOR",
    "TURKEY": "TUR",
    "BRUNEI": "BRN",
    "MYANMAR (BURMA)": "MMR",
    "CÔTE D`IVOIRE": "CIV",
    "DEMOCRATIC REPUBLIC OF THE CONGO": "COD",
    "EUROPEAN UNION": "EU27",
    "HONG KONG": "HKG",
    "RUSSIA": "RUS",
    "LAOS": "LAO",
}


@dataclass(frozen=True)
class ImportWeights:
    """``partners`` (P,) ISO3; ``census`` (P,) Census CTY_CODE; ``eu`` (P,) bool;
    ``by_line`` (P, L) 2024 imports (USD); ``mfn_by_chapter`` (P, 100) 2024 duties /
    imports by HS2 chapter (fraction); ``names`` ISO3 by upper-case tracker name."""

    partners: np.ndarray
    census: np.ndarray
    eu: np.ndarray
    by_line: np.ndarray
    mfn_by_chapter: np.ndarray
    names: dict[str, str]

    def index(self, code: str) -> int:
        hits = np.flatnonzero(self.partners == code)
        if not len(hits):
            raise DataError(f"unknown partner {code!r}: no 2024 US imports from it in the data")
        return int(hits[0])


def _rake(
    w: np.ndarray,
    chapter: np.ndarray,
    groups: dict[str, np.ndarray],
    targets: dict[str, float],
    sweeps: int = 50,
) -> np.ndarray:
    """Scale ``w`` (L,) towards the list totals ``targets`` while the chapter totals hold
    exactly (they are fitted last in each sweep)."""
    w = w.copy()
    chapter_total = np.bincount(chapter, w, minlength=100)
    for _ in range(sweeps):
        for name, target in targets.items():
            mask = groups[name]
            inside = w[mask].sum()
            if inside > 0 and target > 0:
                w[mask] *= target / inside
        now = np.bincount(chapter, w, minlength=100)
        scale = np.divide(chapter_total, now, out=np.ones(100), where=now > 0)
        w *= scale[chapter]
    return w


def load(product_lines: ProductLines, data: str | Path | None = None) -> ImportWeights:
    """Read the 2024 weights from the shared data (see the module docstring)."""
    root = None if data is None else Path(data)
    tracker = dataset_folder(lines_mod.TRACKER, None if root is None else root / lines_mod.TRACKER)
    mapping = read_rows(tracker / "data" / "CensusCountryMapping_FRBAtl_short.csv")
    iso_of = {r["CTY_CODE"]: r["ISO3"] for r in mapping}
    names = {r["country"].upper(): r["ISO3"] for r in mapping} | NAME_ALIASES
    eu_codes = {r["CTY_CODE"] for r in read_rows(tracker / "data" / "eu-list.csv")}
    chapter = product_lines.chapter()

    china = np.zeros(len(product_lines))
    for row in read_rows(tracker / "us_imports_2024_from_china_hs10.csv"):
        china[product_lines.index(row["HS10"].zfill(10))] += float(row["imports_usd_2024"])
    china_chapter = np.bincount(chapter, china, minlength=100)
    lines_in_chapter = np.bincount(chapter, minlength=100)
    share = np.where(
        china_chapter[chapter] > 0,
        china / np.where(china_chapter[chapter] > 0, china_chapter[chapter], 1.0),
        1.0 / lines_in_chapter[chapter],
    )

    partners, census, eu, rows, mfn = [], [], [], [], []
    for path in sorted((tracker / "data-hs2").glob("hs2-tariff-*.csv")):
        code = path.stem.removeprefix("hs2-tariff-")
        if code not in iso_of:  # the EU aggregate (0003) and two territories without ISO3
            continue
        imports, duties = np.zeros(100), np.zeros(100)
        for row in read_rows(path):
            ch = int(row["HS2"])
            imports[ch] += float(row["2024_imports"] or 0)
            duties[ch] += float(row["2024_duty"] or 0)
        iso = iso_of[code]
        w = china.copy() if iso == "CHN" else imports[chapter] * share
        partners.append(iso)
        census.append(code)
        eu.append(code in eu_codes)
        rows.append(w)
        mfn.append(np.divide(duties, imports, out=np.zeros(100), where=imports > 0))
    by_line = np.array(rows)
    partners_arr = np.array(partners)
    eu_arr = np.array(eu)

    groups = {name: product_lines.masks[name] for name in SUMMARY_LISTS.values()}
    summary = {}
    for row in read_rows(tracker / "tariff-summary-latest-data.csv"):
        iso = names.get(row["country_name"].upper())
        summary[iso] = {lst: float(row[col]) for col, lst in SUMMARY_LISTS.items()}
    eu_targets = summary.pop("EU27", {})
    for k, iso in enumerate(partners):
        if iso == "CHN":
            continue
        targets = summary.get(iso, {})
        if iso not in summary and eu_arr[k] and eu_targets:
            # EU members without their own row: the EU's list totals, pro rata
            eu_total = by_line[eu_arr].sum()
            targets = {n: v * by_line[k].sum() / eu_total for n, v in eu_targets.items()}
        if targets:
            by_line[k] = _rake(by_line[k], chapter, groups, targets)
    return ImportWeights(partners_arr, np.array(census), eu_arr, by_line, np.array(mfn), names)
