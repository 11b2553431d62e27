"""2024 US imports by partner and product line: the weights of the enacted schedule.

Two sources, both US Census imports for consumption of 2024 (USD):

* ``us_imports_2024_by_partner_hs10.csv.gz``: every HS10 line of the tradewartracker's 51
  partners (its top 50 non-EU partners and the EU as a whole, Census code ``0003``), with
  the duties calculated on them. These partners take their own lines and their own
  line-level 2024 duty rates (the MFN rate a floor deal tops up to 15%).
* ``data-hs2/``: every partner's imports and duties by HS2 chapter. Our design (not the
  tracker's): a partner without HS10 lines splits each chapter over lines like the *most
  similar large partner*, the one of the 51 whose chapter mix is closest (cosine
  similarity of the 2024 import shares by chapter) among those that ship something in
  that chapter; :attr:`ImportWeights.donor` names it. A member of the EU takes the EU's
  lines (the EU as a whole is the large partner it is part of), so that the members add
  up to the EU's own HS10 weights. Such a partner's 2024 duty rates by line are the
  donor's, scaled within each chapter to the partner's own chapter rate (the MFN
  schedule is the same for every MFN partner; preferences move the chapter rate).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tradewar.core.errors import DataError
from tradewar.datasets.paths import dataset_folder, read_rows
from tradewar.enacted import lines as lines_mod
from tradewar.enacted.lines import ProductLines

HS10_FILE = "us_imports_2024_by_partner_hs10.csv.gz"
#: Census code of the EU as a whole in the tracker's files.
EU_CENSUS = "0003"
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
    ``by_line`` (P, L) 2024 imports (USD); ``mfn_by_line`` (P, L) 2024 duties / imports
    of each line (fraction; the chapter's rate where the partner has no HS10 data);
    ``donor`` (P,) ISO3 of the partner whose line mix splits this partner's chapters
    (``""``: its own HS10 lines); ``names`` ISO3 by upper-case tracker name."""

    partners: np.ndarray
    census: np.ndarray
    eu: np.ndarray
    by_line: np.ndarray
    mfn_by_line: np.ndarray
    donor: np.ndarray
    names: dict[str, str]

    def index(self, code: str) -> int:
        """Row of partner ``code`` (ISO3); one-line error without 2024 US imports from it."""
        hits = np.flatnonzero(self.partners == code)
        if not len(hits):
            raise DataError(f"unknown partner {code!r}: no 2024 US imports from it in the data")
        return int(hits[0])

    def own_lines(self, code: str) -> bool:
        """Whether ``code`` has its own HS10 weights (one-line error for an unknown one)."""
        return not self.donor[self.index(code)]


def _hs10(tracker: Path, product_lines: ProductLines) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Imports and duties (USD) by line, (L,) each, for every Census code of the HS10 file."""
    frame = pd.read_csv(
        tracker / HS10_FILE,
        dtype={"CTY_CODE": str, "HS10": str},
        usecols=["CTY_CODE", "HS10", "imports_usd_2024", "calculated_duty_usd_2024"],
    )
    codes = frame["HS10"].str.zfill(10).to_numpy()
    pos = np.searchsorted(product_lines.codes, codes)
    pos = np.minimum(pos, len(product_lines.codes) - 1)
    unknown = product_lines.codes[pos] != codes
    if unknown.any():
        raise DataError(f"{HS10_FILE}: unknown HTS product line {codes[unknown][0]!r}")
    imports = frame["imports_usd_2024"].to_numpy()
    duties = frame["calculated_duty_usd_2024"].to_numpy()
    n = len(product_lines)
    return {
        str(census): (
            np.bincount(pos[rows], imports[rows], n),
            np.bincount(pos[rows], duties[rows], n),
        )
        for census, rows in frame.groupby("CTY_CODE").indices.items()
    }


def _chapters(path: Path) -> tuple[np.ndarray, np.ndarray]:
    imports, duties = np.zeros(100), np.zeros(100)
    for row in read_rows(path):
        chapter = int(row["HS2"])
        imports[chapter] += float(row["2024_imports"] or 0)
        duties[chapter] += float(row["2024_duty"] or 0)
    return imports, duties


def load(product_lines: ProductLines, data: str | Path | None = None) -> ImportWeights:
    """Read the 2024 weights from the shared data (see the module docstring)."""
    root = None if data is None else Path(data)
    tracker = dataset_folder(lines_mod.TRACKER, None if root is None else root / lines_mod.TRACKER)
    mapping = read_rows(tracker / "data" / "CensusCountryMapping_FRBAtl_short.csv")
    iso_of = {r["CTY_CODE"]: r["ISO3"] for r in mapping} | {EU_CENSUS: "EU27"}
    names = {r["country"].upper(): r["ISO3"] for r in mapping} | NAME_ALIASES
    eu_codes = {r["CTY_CODE"] for r in read_rows(tracker / "data" / "eu-list.csv")}
    chapter = product_lines.chapter()

    hs10 = _hs10(tracker, product_lines)
    donors = sorted(hs10)
    donor_lines = np.array([hs10[c][0] for c in donors])  # (K, L)
    donor_chapters = np.array([np.bincount(chapter, w, minlength=100) for w in donor_lines])
    donor_unit = donor_chapters / np.linalg.norm(donor_chapters, axis=1, keepdims=True)
    share_in_chapter = donor_lines / np.where(donor_chapters > 0, donor_chapters, 1.0)[:, chapter]
    donor_duties = np.array([hs10[c][1] for c in donors])
    donor_rate = np.divide(
        donor_duties, donor_lines, out=np.zeros_like(donor_lines), where=donor_lines > 0
    )
    donor_chapter_rate = np.divide(
        np.array([np.bincount(chapter, d, minlength=100) for d in donor_duties]),
        donor_chapters,
        out=np.zeros_like(donor_chapters),
        where=donor_chapters > 0,
    )

    partners, census, eu, rows, mfn, donor_of = [], [], [], [], [], []
    for path in sorted((tracker / "data-hs2").glob("hs2-tariff-*.csv")):
        code = path.stem.removeprefix("hs2-tariff-")
        if code == EU_CENSUS or code not in iso_of:  # the EU aggregate; two territories
            continue
        if code in hs10:
            imports, duties = hs10[code]
            rows.append(imports)
            mfn.append(np.divide(duties, imports, out=np.zeros_like(imports), where=imports > 0))
            donor_of.append("")
        else:
            imports, duties = _chapters(path)
            similarity = donor_unit @ (imports / max(np.linalg.norm(imports), 1e-300))
            if code in eu_codes:
                similarity[donors.index(EU_CENSUS)] = np.inf
            ranked = np.argsort(-similarity, kind="stable")
            # for each chapter, the most similar donor that ships something in it
            ships = donor_chapters[ranked] > 0  # (K, 100)
            pick = ranked[np.argmax(ships, axis=0)]  # (100,)
            line = np.arange(len(chapter))
            rows.append(imports[chapter] * share_in_chapter[pick[chapter], line])
            own_rate = np.divide(duties, imports, out=np.zeros(100), where=imports > 0)
            theirs = donor_chapter_rate[pick, np.arange(100)]
            scale = np.divide(own_rate, theirs, out=np.zeros(100), where=theirs > 0)
            mfn.append(
                np.where(
                    theirs[chapter] > 0,
                    donor_rate[pick[chapter], line] * scale[chapter],
                    own_rate[chapter],
                )
            )
            donor_of.append(iso_of[donors[ranked[0]]])
        partners.append(iso_of[code])
        census.append(code)
        eu.append(code in eu_codes)
    return ImportWeights(
        np.array(partners),
        np.array(census),
        np.array(eu),
        np.array(rows),
        np.array(mfn),
        np.array(donor_of),
        names,
    )
