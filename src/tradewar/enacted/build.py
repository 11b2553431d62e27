"""Build the enacted US schedule from the shared data: line-level rates by authority,
aggregated to partners x ICIO sectors x change days (:class:`~.schedule.Schedule`).

Also answers line-level questions (:func:`line_rates`: "what does a Chinese smartphone
pay on 12 April 2025?"), which need the product lists and so the shared data.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tradewar.core.errors import DataError
from tradewar.datasets.paths import dataset_folder
from tradewar.enacted import lines as lines_mod
from tradewar.enacted import us_law
from tradewar.enacted import weights as weights_mod
from tradewar.enacted.lines import ProductLines
from tradewar.enacted.schedule import Schedule
from tradewar.enacted.sectors import ICIO_GOODS, line_sectors
from tradewar.enacted.us_law import AUTHORITIES, LineClasses, Partner
from tradewar.enacted.weights import ImportWeights


def change_days(dating: us_law.Dating = us_law.LAW_DATING) -> list[dt.date]:
    """Every day on which some US measure of :mod:`us_law` changes (on ``dating``), from
    FIRST_DAY to LAST_DAY (the schedule is constant between them)."""
    law = us_law
    days = {
        law.FIRST_DAY,
        law.RECIPROCAL_START,
        law.ANNEX_I_DAY,
        law.ANNEX_I_DAY + dt.timedelta(days=1),
        law.AUGUST_RATES_DAY,
        law.USMCA_IEEPA_EXEMPT_FROM,
        law.BRAZIL_FARM_EXEMPT_FROM,
        law.FARM_EXEMPT_FROM,
        law.VEHICLES_FROM,
        law.PARTS_FROM,
        law.METALS_ANNEXES_FROM,
        law.S122_START,
        law.S122_END,
        law.SCOTUS_END,
        law.S301_BRAZIL_FROM,
        law.FORCED_LABOUR_FROM,
        law.S338_CANADA_FROM,
    }
    steps = [
        law.CHINA_RECIPROCAL,
        *law.RECIPROCAL_CHANGES.values(),
        law.STEEL_ALU,
        law.STEEL_ALU_UK,
        law.COPPER,
    ]
    days |= {first for s in steps for first, _ in s}
    days |= set(law.FLOOR_FROM.values()) | dating.days()  # fentanyl, add-ons, deals...
    return sorted(d for d in days if law.FIRST_DAY <= d <= law.LAST_DAY)


def line_flags(product_lines: ProductLines, *, metal_articles: bool = True) -> LineClasses:
    """Every line's flags: the lists of :data:`~tradewar.enacted.lines.LISTS`, the
    steel and aluminium articles themselves (unless ``metal_articles=False``: the lists'
    derivatives only, as the tradewartracker has them), ``vehicles`` / ``parts`` of the
    autos list, ``energy`` (chapter 27 and potash 3104) and ``bullion`` (chapter 71)."""
    flags = dict(product_lines.masks)
    hs4 = product_lines.prefix(4)
    if metal_articles:
        flags["steel"] = flags["steel"] | np.isin(hs4, us_law.STEEL_HEADINGS)
        flags["aluminium"] = flags["aluminium"] | np.isin(hs4, us_law.ALUMINIUM_HEADINGS)
    flags["vehicles"] = flags["autos"] & np.isin(hs4, ["8703", "8704"])
    flags["parts"] = flags["autos"] & ~flags["vehicles"]
    chapter = product_lines.chapter()
    flags["energy"] = (chapter == 27) | (hs4 == "3104")
    flags["bullion"] = chapter == 71
    return LineClasses(flags, chapter)


def _rate_table(path: Path, names: dict[str, str], column: str) -> dict[str, float]:
    out = {}
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = (row.get("CTY_NAME") or row.get("country_name") or "").upper()
            iso = names.get(name)
            if iso is None:
                raise DataError(f"{path.name}: partner {name!r} has no ISO3 code")
            out[iso] = float(row[column]) / 100
    return out


def partners(weights: ImportWeights, data: str | Path | None = None) -> list[Partner]:
    """The measures' view of every partner (Annex I and 7 Aug rates from the lists)."""
    root = None if data is None else Path(data)
    tracker = dataset_folder(lines_mod.TRACKER, None if root is None else root / lines_mod.TRACKER)
    lists = tracker / "tariff-lists"
    annex_i = _rate_table(lists / "reciprocal-tariffs-annex-I.csv", weights.names, "tariff_rate")
    august = _rate_table(lists / "clean-august-7-tariffs.csv", weights.names, "rtariff-aug")
    return [
        Partner(
            str(code),
            bool(eu),
            None if eu else annex_i.get(code),
            None if eu else august.get(code),
            tracked=bool(eu) or not donor,
        )
        for code, eu, donor in zip(weights.partners, weights.eu, weights.donor, strict=True)
    ]


def partner_layers(
    partner: Partner,
    classes: LineClasses,
    mfn: np.ndarray,
    day: dt.date,
    dating: us_law.Dating = us_law.LAW_DATING,
) -> np.ndarray:
    """(A, C) rates by authority for a partner's goods, USMCA and non-USMCA flows blended."""
    share = us_law.USMCA_SHARE.get(partner.code)
    if share is None:
        return us_law.layers(partner, classes, mfn, day, dating=dating)
    return share * us_law.layers(partner, classes, mfn, day, usmca=True, dating=dating) + (
        1 - share
    ) * us_law.layers(partner, classes, mfn, day, usmca=False, dating=dating)


@dataclass(frozen=True)
class Inputs:
    """Everything read from the shared data that the schedule needs."""

    lines: ProductLines
    weights: ImportWeights
    partners: list[Partner]
    flags: LineClasses  # one class per line
    sector_share: np.ndarray  # (L, S)
    dating: us_law.Dating = us_law.LAW_DATING


def read_inputs(
    data: str | Path | None = None,
    *,
    padded_subheadings: bool = True,
    metal_articles: bool = True,
    dating: us_law.Dating = us_law.LAW_DATING,
) -> Inputs:
    """Lines, lists, weights and sector shares from the shared data (``data``: the folder
    holding the datasets; default: found by :func:`shared_data_dir`). The switches read
    the law as the tradewartracker does (for :mod:`.compare`): ``padded_subheadings``
    False (:meth:`~tradewar.enacted.lines.ProductLines.matching`), ``metal_articles``
    False (:func:`line_flags`), ``dating`` :data:`~.us_law.TRACKER_DATING`."""
    product_lines = lines_mod.load(data, padded_subheadings=padded_subheadings)
    sector_share = line_sectors(product_lines, data)
    weights = weights_mod.load(product_lines, data)
    return Inputs(
        product_lines,
        weights,
        partners(weights, data),
        line_flags(product_lines, metal_articles=metal_articles),
        sector_share,
        dating,
    )


def build(inputs: Inputs, days: list[dt.date] | None = None) -> Schedule:
    """Aggregate line-level rates to partners x (ICIO sectors + all goods) x days, each
    partner on its own 2024 lines (those it ships) and line-level 2024 duty rates."""
    days = change_days(inputs.dating) if days is None else days
    w = inputs.weights
    n_sectors = inputs.sector_share.shape[1] + 1
    rates = np.zeros((len(days), len(w.partners), n_sectors), np.float32)
    by_authority = np.zeros((len(days), len(w.partners), len(AUTHORITIES)), np.float32)
    imports = np.zeros((len(w.partners), n_sectors))
    for p, partner in enumerate(inputs.partners):
        shipped = np.flatnonzero(w.by_line[p] > 0)
        lines = inputs.flags.subset(shipped)
        value = w.by_line[p, shipped]
        by_sector = np.column_stack([inputs.sector_share[shipped] * value[:, None], value])
        imports[p] = by_sector.sum(axis=0)
        share = by_sector / np.where(imports[p] > 0, imports[p], 1.0)  # (lines, S+1)
        mfn = w.mfn_by_line[p, shipped]
        for d, day in enumerate(days):
            lay = partner_layers(partner, lines, mfn, day, inputs.dating)  # (A, lines)
            rates[d, p] = lay.sum(axis=0) @ share
            by_authority[d, p] = lay @ share[:, -1]
    mfn = np.einsum("pl,pl->p", w.by_line, w.mfn_by_line)
    mfn = mfn / np.where(imports[:, -1] > 0, imports[:, -1], 1.0)
    return Schedule(
        days=np.array([d.isoformat() for d in days]),
        partners=w.partners,
        sectors=np.array([*ICIO_GOODS, "goods"]),
        rates=rates,
        by_authority=by_authority,
        imports=imports,
        mfn=mfn,
        authorities=AUTHORITIES,
        last_day=us_law.LAST_DAY.isoformat(),
    )


def line_rates(
    inputs: Inputs, partner: str, product: str, day: dt.date, *, usmca: bool = False
) -> dict[str, float]:
    """Additional rates by authority on one product line of one partner on ``day``
    (``usmca``: the goods claim USMCA; Canada and Mexico only)."""
    if not us_law.FIRST_DAY <= day <= us_law.LAST_DAY:
        raise DataError(
            f"date {day} is outside the enacted schedule ({us_law.FIRST_DAY} to {us_law.LAST_DAY})"
        )
    p = inputs.weights.index(partner)
    line = np.array([inputs.lines.index(product)])
    mfn = inputs.weights.mfn_by_line[p, line]
    classes = inputs.flags.subset(line)
    lay = us_law.layers(inputs.partners[p], classes, mfn, day, usmca=usmca, dating=inputs.dating)
    return dict(zip(AUTHORITIES, map(float, lay[:, 0]), strict=True))
