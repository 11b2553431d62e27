"""Re-basing a baseline's imports on other totals: one importer's purchases from each
partner (and sector) set to totals the user has, e.g. 2024 customs values.

Three methods, each a pure function on a partner x sector matrix (docs/model.md, section
L):

* ``proportional``: each partner's row scaled to its total; the seed's split over
  sectors is kept (totals by partner only).
* ``ras``: biproportional scaling (RAS, iterative proportional fitting) to totals by
  partner and by sector at once; the seed's cell pattern is kept as far as both margins
  allow.
* ``cells``: the totals replace the seed cell by cell.

Totals may carry the duties paid on them; the importer's applied tariff on each re-based
partner x sector is then duties / value (the tariffs the imports were bought at).
:func:`rebase_imports` applies one to a :class:`Baseline`. Our design, not a paper's,
for keeping the economy consistent: the importer's spending on each sector stays what
it was and its own producers' home sales absorb the change (down to zero; beyond that
its spending rises); the partners sell more or less and keep their own spending, so
their output, value added and trade balances move with their sales to the importer.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from tradewar.core import countries
from tradewar.core.baseline import USD_PER_UNIT, Baseline, goods_sectors
from tradewar.core.errors import DataError, read_user_text

Method = Literal["proportional", "ras", "cells"]
Spending = Literal["rises", "kept"]
METHODS: tuple[str, ...] = ("proportional", "ras", "cells")
#: The sector label of a total over all goods (a partner total without sector detail).
ALL_GOODS = "goods"
#: RAS stops when every row and column total is met to this relative tolerance.
RAS_TOL = 1e-10
RAS_MAX_ITER = 5_000


@dataclass(frozen=True)
class ImportTotals:
    """What ``importer`` bought from each partner, USD.

    ``partners`` (P,) ISO3 codes (or labels of the baseline's regions); ``sectors`` (S,)
    sector names of the baseline, or the single sector :data:`ALL_GOODS`; ``values``
    (P, S) USD, non-negative; ``source`` where they come from; ``duties`` (P, S) USD
    paid on ``values`` (non-negative, or ``None`` when unknown)."""

    importer: str
    partners: tuple[str, ...]
    sectors: tuple[str, ...]
    values: np.ndarray
    source: str = ""
    duties: np.ndarray | None = None

    def __post_init__(self) -> None:
        values = np.asarray(self.values, dtype=float)
        if values.shape != (len(self.partners), len(self.sectors)):
            raise DataError(
                f"import totals have shape {values.shape}, expected "
                f"({len(self.partners)}, {len(self.sectors)}) partners x sectors"
            )
        if not np.all(np.isfinite(values)):
            raise DataError("import totals contain NaN or infinite values")
        if (values < 0).any():
            p, s = np.argwhere(values < 0)[0]
            raise DataError(
                f"negative import total {values[p, s]:.6g} USD from {self.partners[p]} "
                f"in sector {self.sectors[s]!r}"
            )
        if len(set(self.partners)) != len(self.partners):
            raise DataError("import totals name a partner twice")
        object.__setattr__(self, "values", values)
        if self.duties is not None:
            duties = np.asarray(self.duties, dtype=float)
            if duties.shape != values.shape:
                raise DataError(
                    f"duties have shape {duties.shape}, the import totals {values.shape}"
                )
            if not (duties >= 0).all() or not np.isfinite(duties).all():
                p, s = np.argwhere(~((duties >= 0) & np.isfinite(duties)))[0]
                raise DataError(
                    f"duty {duties[p, s]:.6g} USD on imports from {self.partners[p]} in "
                    f"sector {self.sectors[s]!r} is negative or not a number"
                )
            object.__setattr__(self, "duties", duties)

    @property
    def by_partner(self) -> np.ndarray:
        """(P,) totals over sectors, USD."""
        return self.values.sum(axis=1)

    def over_all_goods(self) -> ImportTotals:
        """The same totals summed over sectors (one sector, :data:`ALL_GOODS`)."""
        duties = None if self.duties is None else self.duties.sum(axis=1)[:, None]
        return ImportTotals(
            self.importer,
            self.partners,
            (ALL_GOODS,),
            self.by_partner[:, None],
            self.source,
            duties,
        )


def read_totals(path: str | Path) -> ImportTotals:
    """Import totals from a CSV file with columns ``importer, partner, value_usd`` and
    optionally ``sector`` (without it, or with ``goods``, totals are over all goods) and
    ``duty_usd`` (the duties paid on them).

    One importer per file; a partner x sector pair at most once; one-line errors."""
    text = read_user_text(path, "import totals file", DataError)
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise DataError(f"{path}: no rows (expected columns importer, partner, value_usd)")
    missing = {"importer", "partner", "value_usd"} - set(rows[0])
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    importers = {row["importer"].strip().upper() for row in rows}
    if len(importers) != 1:
        raise DataError(f"{path}: one importer per file, found {', '.join(sorted(importers))}")
    columns = ("value_usd", "duty_usd") if "duty_usd" in rows[0] else ("value_usd",)
    cells: dict[tuple[str, str], list[float]] = {}
    for line, row in enumerate(rows, start=2):
        partner = row["partner"].strip().upper()
        sector = (row.get("sector") or ALL_GOODS).strip()
        numbers = []
        for column in columns:
            try:
                numbers.append(float(row[column]))
            except (TypeError, ValueError):
                raise DataError(
                    f"{path}, line {line}: {column} {row[column]!r} is not a number"
                ) from None
        if (partner, sector) in cells:
            raise DataError(f"{path}, line {line}: {partner} / {sector} is given twice")
        cells[partner, sector] = numbers
    partners = tuple(dict.fromkeys(p for p, _ in cells))
    sectors = tuple(dict.fromkeys(s for _, s in cells))
    if ALL_GOODS in sectors and len(sectors) > 1:
        raise DataError(f"{path}: totals over all goods mixed with totals by sector")
    table = np.zeros((len(columns), len(partners), len(sectors)))
    for (partner, sector), numbers in cells.items():
        table[:, partners.index(partner), sectors.index(sector)] = numbers
    duties = table[1] if len(columns) > 1 else None
    return ImportTotals(importers.pop(), partners, sectors, table[0], str(path), duties)


def write_totals(totals: ImportTotals, path: Path, provenance: dict | None = None) -> None:
    """``totals`` as the CSV :func:`read_totals` reads (and ``provenance`` as JSON beside
    it, with the same name and ``.json``)."""
    with Path(path).open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        duty_column = ["duty_usd"] if totals.duties is not None else []
        writer.writerow(["importer", "partner", "sector", "value_usd", *duty_column])
        for p, partner in enumerate(totals.partners):
            for s, sector in enumerate(totals.sectors):
                if totals.values[p, s] > 0:
                    row = [totals.importer, partner, sector, f"{totals.values[p, s]:.0f}"]
                    if totals.duties is not None:
                        row.append(f"{totals.duties[p, s]:.0f}")
                    writer.writerow(row)
    if provenance is not None:
        Path(path).with_suffix(".json").write_text(json.dumps(provenance, indent=2) + "\n")


# -- the methods: pure functions on a (partners, sectors) matrix ----------------------------
def proportional(seed: np.ndarray, row_totals: np.ndarray) -> np.ndarray:
    """``seed`` (R, C) with each row scaled to ``row_totals`` (R,). A row with a positive
    total needs a positive seed (there is no split to keep otherwise)."""
    seed, row_totals = np.asarray(seed, float), np.asarray(row_totals, float)
    have = seed.sum(axis=1)
    empty = (have <= 0) & (row_totals > 0)
    if empty.any():
        raise DataError(f"row {int(np.flatnonzero(empty)[0])} has a total but no seed to split")
    factor = np.divide(row_totals, have, out=np.zeros_like(have), where=have > 0)
    return seed * factor[:, None]


def ras(
    seed: np.ndarray,
    row_totals: np.ndarray,
    col_totals: np.ndarray,
    tol: float = RAS_TOL,
    max_iter: int = RAS_MAX_ITER,
) -> np.ndarray:
    """Biproportional scaling: ``r[:, None] * seed * s[None, :]`` whose rows sum to
    ``row_totals`` (R,) and columns to ``col_totals`` (C,) (Bacharach 1970). The two
    margins must have the same sum; zero cells stay zero, so a margin the seed's zeros
    cannot reach is an error, as is no convergence in ``max_iter`` sweeps."""
    seed = np.asarray(seed, float)
    row_totals, col_totals = np.asarray(row_totals, float), np.asarray(col_totals, float)
    if (seed < 0).any() or (row_totals < 0).any() or (col_totals < 0).any():
        raise DataError("RAS needs a non-negative seed and non-negative totals")
    total = row_totals.sum()
    if not np.isclose(total, col_totals.sum(), rtol=1e-9):
        raise DataError(
            f"RAS: the row totals sum to {total:.6g} and the column totals to "
            f"{col_totals.sum():.6g}; they must be equal"
        )
    for axis, totals in ((1, row_totals), (0, col_totals)):
        empty = (seed.sum(axis=axis) <= 0) & (totals > 0)
        if empty.any():
            kind = "row" if axis == 1 else "column"
            raise DataError(f"RAS: {kind} {int(np.flatnonzero(empty)[0])} has a total but no seed")
    out = seed.copy()
    scale = max(total, 1e-300)
    for _ in range(max_iter):
        have = out.sum(axis=1)
        out *= np.divide(row_totals, have, out=np.zeros_like(have), where=have > 0)[:, None]
        have = out.sum(axis=0)
        out *= np.divide(col_totals, have, out=np.zeros_like(have), where=have > 0)[None, :]
        if np.all(np.abs(out.sum(axis=1) - row_totals) <= tol * (row_totals + 1e-12 * scale)):
            return out
    raise DataError(
        f"RAS did not meet the totals in {max_iter} sweeps: the seed's zeros make them "
        "infeasible (a partner that sells nothing in a sector whose total needs it)"
    )


# -- applying a method to a baseline ---------------------------------------------------------
def _partner_rows(baseline: Baseline, totals: ImportTotals) -> np.ndarray:
    """(P,) baseline index of each partner of ``totals``: itself, the region holding it,
    else ``ROW``; the importer itself is refused."""
    member_of = {m: region for region, members in baseline.regions.items() for m in members}
    rows = []
    for code in totals.partners:
        if code in baseline.countries:
            target = code
        elif code in member_of and member_of[code] in baseline.countries:
            target = member_of[code]
        elif not (countries.is_known_code(code) or code in baseline.regions):
            raise DataError(f"import totals: unknown partner code {code!r}")
        elif "ROW" in baseline.countries:
            target = "ROW"
        else:
            raise DataError(f"import totals: partner {code} is not in the baseline (no ROW)")
        if target == totals.importer:
            raise DataError(f"import totals: {code} is the importer {totals.importer} itself")
        rows.append(baseline.countries.index(target))
    return np.array(rows, dtype=int)


def _sector_columns(baseline: Baseline, totals: ImportTotals, method: str) -> list[int]:
    """Baseline sector index of each totals sector (checked against ``method``)."""
    if totals.sectors == (ALL_GOODS,):
        if method != "proportional":
            raise DataError(
                f"method {method!r} needs totals by sector; these are over all goods "
                "(use method proportional)"
            )
        return []
    unknown = [s for s in totals.sectors if s not in baseline.sectors]
    if unknown:
        raise DataError(
            f"import totals: sector {unknown[0]!r} is not in the baseline "
            f"(its sectors: {', '.join(baseline.sectors[:6])}, ...)"
        )
    return [baseline.sectors.index(s) for s in totals.sectors]


def rebase_imports(
    baseline: Baseline,
    totals: ImportTotals,
    method: Method = "proportional",
    importer_spending: Spending = "rises",
) -> Baseline:
    """``baseline`` with ``totals.importer``'s imports re-based on ``totals`` by ``method``
    (see the module docstring for what else moves). Partners outside the baseline count
    in its ``ROW``; members of a region in the region. Proportional totals over all goods
    re-base the goods sectors (:func:`goods_sectors`); totals by sector re-base those
    sectors. ``importer_spending``: ``"rises"`` (the importer's final demand rises by the
    change in its imports; its output and GDP stay, its deficit moves) or ``"kept"``
    (imports displace its home purchases; its output and GDP move). Totals with duties
    also set the importer's applied tariff on each re-based partner x sector to duties /
    value (partners in one region pooled). The source line records the step."""
    if method not in METHODS:
        raise DataError(f"unknown re-basing method {method!r}; choose one of {', '.join(METHODS)}")
    if importer_spending not in ("rises", "kept"):
        raise DataError(f"importer_spending must be 'rises' or 'kept', not {importer_spending!r}")
    if totals.importer not in baseline.countries:
        raise DataError(f"import totals: importer {totals.importer} is not in the baseline")
    if baseline.unit not in USD_PER_UNIT:
        raise DataError(f"cannot re-base a baseline in {baseline.unit!r} on totals in USD")
    n = baseline.index(totals.importer)
    rows = _partner_rows(baseline, totals)
    cols = _sector_columns(baseline, totals, method)
    sectors = goods_sectors(baseline) if not cols else sorted(set(cols))
    per_unit = USD_PER_UNIT[baseline.unit]
    # totals in the baseline's unit, on the baseline's countries x the re-based sectors
    target = np.zeros((baseline.n_countries, len(sectors)))
    if cols:
        at = [sectors.index(c) for c in cols]
        np.add.at(target, (rows[:, None], np.array(at)[None, :]), totals.values / per_unit)
    else:
        np.add.at(target[:, 0], rows, totals.by_partner / per_unit)
    seed = baseline.flows[:, n, sectors].copy()
    seed[n] = 0.0
    listed = np.zeros(baseline.n_countries, bool)
    listed[rows] = True
    if method == "proportional":
        new = proportional(seed[listed], target[listed].sum(axis=1))
    elif method == "ras":
        new = ras(seed[listed], target[listed].sum(axis=1), target[listed].sum(axis=0))
    else:
        new = target[listed]
    pinned = seed.copy()
    pinned[listed] = new
    if totals.duties is not None:
        baseline = _with_paid_tariffs(baseline, totals, n, rows, cols or [sectors])
    flows, gdp = consistent_world(baseline, n, sectors, pinned, importer_spending == "rises")
    note = f"; {totals.importer}'s imports re-based ({method}) on {totals.source or 'user totals'}"
    return baseline.replace(flows=flows, gdp=gdp, source=baseline.source + note)


def _with_paid_tariffs(
    baseline: Baseline,
    totals: ImportTotals,
    importer: int,
    rows: np.ndarray,
    columns: list,
) -> Baseline:
    """``baseline`` with ``importer``'s applied tariffs set to duties / value wherever
    ``totals`` have a positive value. ``rows`` (P,) the baseline row of each partner;
    ``columns`` the baseline sector (or list of sectors) each totals column applies to."""
    assert totals.duties is not None
    value = np.zeros((baseline.n_countries, baseline.n_sectors))
    duty = np.zeros_like(value)
    for c, where in enumerate(columns):
        for k in np.atleast_1d(where):
            np.add.at(value[:, k], rows, totals.values[:, c])
            np.add.at(duty[:, k], rows, totals.duties[:, c])
    tariffs = np.array(baseline.tariffs)
    paid = value > 0
    of_importer = tariffs[:, importer, :]
    of_importer[paid] = duty[paid] / value[paid]
    tariffs[:, importer, :] = of_importer
    return baseline.replace(tariffs=tariffs)


def consistent_world(
    baseline: Baseline,
    importer: int,
    sectors: list[int],
    imports: np.ndarray,
    spending_rises: bool = True,
    tol: float = 1e-12,
) -> tuple[np.ndarray, np.ndarray]:
    """Flows (N, N, S) and GDP (N,) of a world in which ``importer`` buys ``imports`` (N,
    len(sectors), baseline unit, tariff-exclusive; its own row ignored) of ``sectors``.

    Our design (docs/model.md L): every country's final demand for each sector is what
    the baseline implies (spending gross of tariffs less intermediate use, the CP
    calibration's step 8), except the importer's, which rises by the change in its
    imports (gross of the baseline's tariffs) when ``spending_rises``: the goods it buys
    from abroad come on top of what it buys at home (else they displace them). Every
    producer buys its intermediate inputs in proportion to its output (the IO shares)
    and every buyer keeps its sourcing shares; the multi-region input-output system is
    iterated to its fixed point (a Leontief inverse). Value added and GDP move with
    output (``gdp`` scaled by value added, or by output without IO)."""
    x = np.array(baseline.flows)
    gross = 1.0 + np.asarray(baseline.tariffs)
    va = baseline.value_added_shares()
    use = baseline.input_coefficients()  # [n, input, output]
    output0 = baseline.gross_output()
    final = baseline.final_demand()
    scale = max(float((x * gross).sum()), 1e-300)  # the baseline's spending
    foreign = np.ones(baseline.n_countries, bool)
    foreign[importer] = False
    rows, cols = np.ix_(foreign, sectors)
    bought = x[:, importer, :]  # a view: the importer's purchases, (N, S)
    change = (imports[foreign] - bought[rows, cols]) * gross[:, importer, :][rows, cols]
    if spending_rises:
        final[importer, sectors] += change.sum(axis=0)
    bought[rows, cols] = imports[foreign]
    for _ in range(10_000):
        wanted = final + np.einsum("nks,ns->nk", use, x.sum(axis=1))
        have = (x * gross).sum(axis=0)
        if np.abs(wanted - have).max() <= tol * scale:
            break
        ratio = np.divide(wanted, have, out=np.ones_like(have), where=have > 0)
        ratio[importer, sectors] = 1.0
        x *= ratio[None, :, :]  # every buyer's purchases, its sourcing shares kept
        # the importer's re-based sectors: imports as given, home purchases take the rest
        abroad = (x[:, importer, :] * gross[:, importer, :])[rows, cols].sum(axis=0)
        home = wanted[importer, sectors] - abroad
        if (home < -1e-9 * scale).any():
            k = sectors[int(np.argmin(home))]
            raise DataError(
                f"re-basing: {baseline.countries[importer]}'s imports of "
                f"{baseline.sectors[k]!r} exceed what it buys of it "
                "(importer_spending='rises' lets its spending grow)"
            )
        x[importer, importer, sectors] = np.maximum(home, 0.0)
    else:
        raise DataError("re-basing: the input-output system did not converge")
    value_added = (va * x.sum(axis=1)).sum(axis=1)
    gdp = np.asarray(baseline.gdp) * value_added / (va * output0).sum(axis=1)
    return x, gdp
