"""Ossa (2014), "Trade Wars and Trade Talks with Data": Tables 3-5 from his data.

Case "BAS" has no political economy (lambda = 1), case "POL" Ossa's calibrated weights
lambda^POL (his tables' panels a and b). All runs use his balanced baseline (flows after
the deficit purge, reproduced by :func:`purged_flows`) and the main sigma.

* Table 3: each region's optimal tariffs alone (others at factual tariffs);
* Table 4: the Nash tariff war (MFN war first, then the non-MFN war from its tariffs);
* Table 5: cooperative tariffs with equal proportional gains ("restricted": no import
  subsidies), from three re-based starting points: Nash, factual and free trade;
* Tables 8-10: the same under MFN (one tariff per importer and industry; the published
  Tables 10-12 for the cooperative case).

Rows are the 7 regions and their simple mean ("Average"); values are percent changes,
tariffs are medians over a region's 198 tariffs (percent). The published numbers (the
paper's abstract, via docs/model.md H) are the four averages of case POL.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tradewar.datasets.ossa2014 import OssaData
from tradewar.games import ossa as games
from tradewar.games.best_response import TariffGame
from tradewar.models import ossa, ossa_model
from tradewar.models.ossa_model import OssaModel
from tradewar.replication import Row, decimals

TABLES = ("3", "4", "5", "8", "9", "10")
CASES = ("BAS", "POL")
PAPER_TITLES = {
    "3": "Table 3. Optimal tariffs, each region alone (percent changes; tariff = median, %)",
    "4": "Table 4. Nash tariffs: a trade war (percent changes; tariff = median, %)",
    "5": "Table 5. Cooperative tariffs, equal proportional gains (percent changes)",
    "8": "Table 8. Optimal MFN tariffs, each region alone (tariff = median over industries, %)",
    "9": "Table 9. Nash MFN tariffs: a trade war under MFN (tariff = median, %)",
    "10": "Table 10. Cooperative MFN tariffs, equal proportional gains (percent changes)",
}
#: (table, case, column) -> published average as printed (Ossa 2014, abstract).
PUBLISHED = {
    ("3", "POL", "optimal_tariff"): "62",
    ("4", "POL", "nash_tariff"): "63",
    ("4", "POL", "government_welfare"): "-2.9",
    ("5", "POL", "government_welfare_from_factual"): "0.5",
}
#: Ossa's per-region outcome columns (keys of :func:`tradewar.models.ossa.outcomes`).
OUTCOMES = ("government_welfare", "welfare", "wage", "profits_per_wage")
STARTS = ("nash", "factual", "free_trade")
_SHORT = {"government_welfare": "G", "welfare": "W", "wage": "wage", "profits_per_wage": "Pi/w"}
#: Short column headers in Ossa's layout (for printing).
COLUMN_LABELS = {
    **{f"{k}_{side}": f"{v} {side}" for k, v in _SHORT.items() for side in ("own", "others")},
    **_SHORT,
    **{f"{k}_from_{s}": f"{v} {s.replace('_', ' ')}" for k, v in _SHORT.items() for s in STARTS},
    "optimal_tariff": "tariff",
    "nash_tariff": "tariff",
}

#: The Nash wars' own first-order conditions hold to this, in each best response's scaled
#: variables (:func:`tradewar.games.ossa.own_conditions`): every tariff within about
#: 1e-7 / (its flow's share of spending) of its best response, tiny flows included.
NASH_FOC_TOL = 1e-7

_cache: dict[tuple[int, str, str], object] = {}


def calibration(data: OssaData, case: str, flows: np.ndarray | None = None) -> ossa.Calibration:
    """Calibration of ``case`` on Ossa's balanced flows (or ``flows``), main sigma."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; available: {', '.join(CASES)}")
    balanced = data.balanced
    weights = data.political_weights if case == "POL" else None
    return ossa.calibrate(
        balanced.flows if flows is None else flows, balanced.tariffs, data.sigma["main"], weights
    )


def model(data: OssaData, case: str) -> OssaModel:
    """The Ossa model of ``case`` on his balanced data, welfare = the government's."""
    return OssaModel(data.balanced, calibration=calibration(data, case), government=True)


def purged_flows(data: OssaData) -> np.ndarray:
    """Ossa's deficit purge: the raw flows' equilibrium at factual tariffs with net
    exports 0 (his ``DATA.mat`` flows), [exporter, importer, industry]."""
    raw = data.raw
    cal = ossa.calibrate(raw.flows, raw.tariffs, data.sigma["main"])
    x = ossa_model.solve_tariffs(cal, np.asarray(cal.t))
    return np.asarray(ossa.welfare_objects(x, cal.t, cal)["flows"])


def _memo(data: OssaData, case: str, what: str, run: Callable[[], object]):
    key = (id(data), case, what)
    if key not in _cache:
        _cache[key] = run()
    return _cache[key]


def median_tariffs(tariffs: np.ndarray, importers=None) -> np.ndarray:
    """Median import tariff of each region over its partners and industries (N,), %."""
    n = tariffs.shape[0]
    importers = range(n) if importers is None else importers
    return np.array([100 * np.median(np.delete(tariffs[:, j, :], j, axis=0)) for j in importers])


def optimal(data: OssaData, case: str, mfn: bool = False) -> list[TariffGame]:
    """Each region's optimal tariffs (MFN: one per industry), others at factual tariffs
    (cached)."""
    m = model(data, case)
    return _memo(
        data,
        case,
        f"optimal-mfn{mfn}",
        lambda: [games.optimal_tariffs(m, c, mfn=mfn) for c in m.baseline.countries],
    )


def nash(data: OssaData, case: str, mfn: bool = False, progress=None) -> TariffGame:
    """The Nash war: the MFN war from the MFN optimal tariffs, then (unless ``mfn``) the
    non-MFN war from the MFN Nash tariffs (cached)."""
    m = model(data, case)

    def run_mfn():
        start = np.asarray(m.calibration.t).copy()
        for j, sol in enumerate(optimal(data, case, mfn=True)):
            start[:, j, :] = sol.policy.tariffs[:, j, :]
        return games.nash_tariffs(m, mfn=True, start=start, progress=progress, foc_tol=NASH_FOC_TOL)

    war = _memo(data, case, "nash-mfn", run_mfn)
    if mfn:
        return war
    return _memo(
        data,
        case,
        "nash",
        lambda: games.nash_tariffs(
            m, start=war.policy.tariffs, tol=1e-4, progress=progress, foc_tol=NASH_FOC_TOL
        ),
    )


def cooperative(
    data: OssaData, case: str, start: str, mfn: bool = False
) -> tuple[OssaModel, TariffGame]:
    """Cooperative tariffs from a re-based starting point (cached); ``mfn``: one tariff
    per importer and industry, from the MFN Nash war."""
    m = model(data, case)
    if start == "nash":
        rebased = m.rebased(nash(data, case, mfn=mfn).policy.tariffs)
    elif start == "free_trade":
        rebased = m.rebased(np.zeros_like(np.asarray(m.calibration.t)))
    elif start == "factual":
        rebased = m
    else:
        raise ValueError(f"unknown starting point {start!r}; available: {', '.join(STARTS)}")
    return _memo(
        data,
        case,
        f"coop-{start}-mfn{mfn}",
        lambda: (rebased, games.cooperative_tariffs(rebased, mfn=mfn)),
    )


def _outcomes(m: OssaModel, sol: TariffGame) -> dict[str, np.ndarray]:
    tariffs = np.asarray(sol.policy.tariffs)
    x = ossa_model.solve_tariffs(m.calibration, tariffs)
    o = ossa.outcomes(x, tariffs, m.calibration)
    return {k: np.asarray(o[k]) for k in OUTCOMES}


def _rows(table: str, case: str, columns: dict[str, np.ndarray], regions) -> list[Row]:
    rows = []
    for column, values in columns.items():
        for country, value in [*zip(regions, values, strict=True), ("Average", values.mean())]:
            text = PUBLISHED.get((table, case, column)) if country == "Average" else None
            published = None if text is None else float(text)
            rows.append(
                Row(
                    f"{table}",
                    case,
                    country,
                    column,
                    float(value),
                    published,
                    1 if text is None else decimals(text),
                )
            )
    return rows


def table3(data: OssaData, case: str, mfn: bool = False) -> list[Row]:
    """Ossa's Table 3 (Table 8 with ``mfn``): each region's optimal tariffs, the others at factual
    tariffs, and the outcomes."""
    m = model(data, case)
    sols = optimal(data, case, mfn)
    n = len(sols)
    columns: dict[str, np.ndarray] = {}
    per_run = [_outcomes(m, s) for s in sols]
    for key in OUTCOMES:
        own = np.array([per_run[j][key][j] for j in range(n)])
        others = np.array([np.delete(per_run[j][key], j).mean() for j in range(n)])
        columns[f"{key}_own"], columns[f"{key}_others"] = own, others
    columns["optimal_tariff"] = np.array(
        [median_tariffs(s.policy.tariffs, [j])[0] for j, s in enumerate(sols)]
    )
    return _rows("8" if mfn else "3", case, columns, data.balanced.countries)


def table4(data: OssaData, case: str, mfn: bool = False) -> list[Row]:
    """Ossa's Table 4 (Table 9 with ``mfn``): the Nash war's tariffs and outcomes."""
    sol = nash(data, case, mfn)
    columns = dict(_outcomes(model(data, case), sol))
    columns["nash_tariff"] = median_tariffs(sol.policy.tariffs)
    return _rows("9" if mfn else "4", case, columns, data.balanced.countries)


def table5(data: OssaData, case: str, starts=STARTS, mfn: bool = False) -> list[Row]:
    """Ossa's Table 5 (Table 10 with ``mfn``): cooperative tariffs with equal proportional gains,
    from each of ``starts``."""
    columns: dict[str, np.ndarray] = {}
    for start in starts:
        rebased, sol = cooperative(data, case, start, mfn)
        for key, values in _outcomes(rebased, sol).items():
            columns[f"{key}_from_{start}"] = values
    ordered = {f"{k}_from_{s}": columns[f"{k}_from_{s}"] for k in OUTCOMES for s in starts}
    return _rows("10" if mfn else "5", case, ordered, data.balanced.countries)


def compute(data: OssaData, tables=TABLES, cases=CASES) -> list[Row]:
    """Rows of the chosen tables for the chosen cases (minutes: the games are solved)."""
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        raise ValueError(f"unknown Ossa table(s) {unknown}; available: {', '.join(TABLES)}")
    build = {
        "3": table3,
        "4": table4,
        "5": table5,
        "8": lambda d, c: table3(d, c, mfn=True),
        "9": lambda d, c: table4(d, c, mfn=True),
        "10": lambda d, c: table5(d, c, mfn=True),
    }
    return [row for t in tables for case in cases for row in build[t](data, case)]
