"""HTS product lines and the legal lists (annexes, Section 232 lists) that name them.

A *line* is a 10-digit HTSUS statistical number (``"8517130000"``). The universe is the
union of the Yale Budget Lab crosswalk (18,700 lines) and the lines of 2024 US imports from
China. A list names lines by prefix: a 4-, 6-, 8- or 10-digit code covers every line that
starts with it (``"7208"`` covers all of heading 72.08).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tradewar.core.errors import DataError
from tradewar.datasets.paths import dataset_folder

TRACKER = "us_tariffs_2025_tradewartracker"
YALE = "us_tariffs_2025_yale"

#: The legal lists used by the US schedule: name -> (file in tariff-lists/, what it is).
LISTS: dict[str, tuple[str, str]] = {
    "annex_ii": ("annex-II-exemptions.csv", "EO 14257 Annex II: exempt from reciprocal duties"),
    "annex_ii_nov14": (
        "annex-II-exemptions-nov14.csv",
        "EO 14360 (14 Nov 2025): farm products added to the reciprocal exemptions",
    ),
    "electronics": (
        "consumer_electronics_EO14257_apr11.csv",
        "Memorandum of 11 Apr 2025: smartphones, computers etc. exempt from reciprocal",
    ),
    "steel": ("steel-tariffs.csv", "Section 232 steel and derivatives (Procl. 10896)"),
    "aluminium": ("alu-tariffs.csv", "Section 232 aluminium and derivatives (Procl. 10895)"),
    "autos": ("auto-tariffs.csv", "Section 232 automobiles and parts (Procl. 10908)"),
    "copper": ("copper-list.csv", "Section 232 copper (Procl. 10962)"),
    "metals_ia": ("metals-annex-IA.csv", "232 metals Annex I-A from 6 Apr 2026: 50% tier"),
    "metals_ib": ("metals-annex-IB.csv", "232 metals Annex I-B from 6 Apr 2026: 25% tier"),
    "metals_ii_removed": (
        "metals-annex-II-removed.csv",
        "232 metals Annex II from 6 Apr 2026: removed from Section 232",
    ),
    "metals_iii": ("metals-annex-III-temporary.csv", "232 metals Annex III: 15% temporary"),
    "s122_exempt": (
        "section122-product-exemptions.csv",
        "Section 122 proclamation Annex I (aa)(ii): products exempt from the surcharge",
    ),
    "civil_aircraft": (
        "section122-aircraft-exemptions.csv",
        "civil aircraft, engines and parts (General Note 6 products): the Section 122 "
        "proclamation's aircraft annex, also the aerospace products of the UK and EU deals",
    ),
    "s122_specific": (
        "section122-specific-exemptions.csv",
        "Section 122: named articles exempt from the surcharge",
    ),
    "brazil_aircraft": (
        "brazil-airplane-exemptions.csv",
        "EO 14323 Annex I: civil aircraft and parts exempt from the Brazil duty",
    ),
    "brazil_other": (
        "brazil-non-airplane-exemptions.csv",
        "EO 14323 Annex I: other articles (energy, orange juice, metals...) exempt from the "
        "Brazil duty",
    ),
    "brazil_301_exempt": (
        "brazil-301-exemptions.csv",
        "Section 301 on Brazil (22 Jul 2026): listed subheadings, civil aircraft and "
        "pharmaceutical-application codes exempt",
    ),
    "canada_338_alcohol": ("canada-338-alcohol.csv", "Section 338 on Canada: alcohol, 50%"),
    "canada_338_dairy": ("canada-338-dairy.csv", "Section 338 on Canada: dairy, 50%"),
    "canada_338_autos": (
        "canada-338-autos.csv",
        "Section 338 on Canada: the 'autos' list (439 codes in 56 chapters), 50%",
    ),
    "canada_338_aircraft": (
        "canada-338-aircraft-exempt.csv",
        "Section 338 on Canada: civil-aircraft codes taken out of the lists",
    ),
}


@dataclass(frozen=True)
class ProductLines:
    """The line universe: ``codes`` (L,) 10-digit strings, sorted; ``masks[name]`` (L,) bool."""

    codes: np.ndarray
    masks: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.codes)

    def chapter(self) -> np.ndarray:
        """HS2 chapter of each line, (L,) int."""
        return np.array([int(c[:2]) for c in self.codes])

    def prefix(self, digits: int) -> np.ndarray:
        """The first ``digits`` digits of each line, (L,) str."""
        return np.array([c[:digits] for c in self.codes])

    def index(self, code: str) -> int:
        """Position of a 10-digit line; :class:`DataError` naming the code if it is unknown."""
        clean = code.replace(".", "").strip()
        pos = int(np.searchsorted(self.codes, clean))
        if len(clean) != 10 or not clean.isdigit() or pos >= len(self.codes):
            raise DataError(f"unknown HTS product line {code!r}: give a 10-digit HTSUS number")
        if self.codes[pos] != clean:
            raise DataError(
                f"unknown HTS product line {code!r}: not in the 2025 HTSUS lines tradewar holds"
            )
        return pos

    def matching(self, codes: list[str], *, padded_subheadings: bool = True) -> np.ndarray:
        """(L,) bool: lines starting with any of ``codes`` (prefixes of 2-10 digits).

        A 10-digit code that is no HTS line but ends in ``00`` is an 8-digit subheading
        padded with zeros (the lists give e.g. ``2709002000`` for 2709.00.20, whose lines
        are 2709.00.20.10 and .90): it covers the subheading, as the orders say; with
        ``padded_subheadings=False`` it covers nothing (how the tradewartracker reads
        its lists: 10-digit codes match exactly)."""
        out = np.zeros(len(self.codes), bool)
        known = set(self.codes.tolist())
        by_length: dict[int, set[str]] = {}
        for c in codes:
            if padded_subheadings and len(c) == 10 and c not in known and c.endswith("00"):
                c = c[:8]
            by_length.setdefault(len(c), set()).add(c)
        for digits, group in by_length.items():
            out |= np.isin(self.prefix(digits), sorted(group))
        return out


def _codes_in(path: Path) -> list[str]:
    """HTS codes of a list file (first column, header skipped), digits only."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    codes = [r[0].replace(".", "").strip() for r in rows[1:] if r and r[0].strip()]
    bad = [c for c in codes if not c.isdigit()]
    if bad:
        raise DataError(f"{path}: not an HTS code: {bad[0]!r}")
    return codes


def load(data: str | Path | None = None, *, padded_subheadings: bool = True) -> ProductLines:
    """Read the line universe and every list of :data:`LISTS` from the shared data
    (``data``: the folder holding the datasets; default :func:`shared_data_dir`;
    ``padded_subheadings``: see :meth:`ProductLines.matching`)."""
    root = None if data is None else Path(data)
    tracker = dataset_folder(TRACKER, None if root is None else root / TRACKER)
    yale = dataset_folder(YALE, None if root is None else root / YALE)
    codes: set[str] = set()
    for path, column in (
        (yale / "hs10_gtap_crosswalk_tracker.csv", "hs10"),
        (tracker / "us_imports_2024_from_china_hs10.csv", "HS10"),
    ):
        with path.open(newline="", encoding="utf-8") as f:
            codes |= {row[column].zfill(10) for row in csv.DictReader(f)}
    universe = ProductLines(np.array(sorted(codes)), {})
    masks = {
        name: universe.matching(
            _codes_in(tracker / "tariff-lists" / file), padded_subheadings=padded_subheadings
        )
        for name, (file, _) in LISTS.items()
    }
    return ProductLines(universe.codes, masks)
