"""Labeled outcomes of a counterfactual: :class:`Results`.

Holds per-country percent changes (welfare, deficit, exports/GDP, imports/GDP,
employment, prices, real wage, wage, expenditure), tariff revenue, bilateral flows and
the solver diagnostics, and knows how to show itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pandas loads on first use: a solve does not need it (start-up time)
    import pandas as pd

#: Per-country outcome columns (percent changes unless noted) and their labels.
COLUMNS: dict[str, str] = {
    "welfare": "Welfare",
    "deficit": "Deficit",
    "exports_gdp": "Exp/GDP",
    "imports_gdp": "Imp/GDP",
    "employment": "Employment",
    "prices": "Prices",
    "real_wage": "Real wage",
    "wage": "Wage",
    "expenditure": "Spending",
    "revenue_share": "Revenue (% of E)",
    "exports": "Exports",
    "imports": "Imports",
}


#: Headline columns of summaries, in display order (a model shows those it has).
SUMMARY = (
    "welfare",
    "real_wage",
    "employment",
    "prices",
    "exports_gdp",
    "imports_gdp",
    "exports",
    "imports",
    "deficit",
)


@dataclass(frozen=True, eq=False)
class Diagnostics:
    """Solver diagnostics of one equilibrium.

    iterations: Newton steps; max_residual: largest scaled residual at the solution;
    walras_residual: residual of the equation dropped by Walras' law (should be ~0 when
    transfers sum to zero), or None for a model that drops no equation (Caliendo-Parro
    pins the numeraire instead); converged: whether ``max_residual <= tol``.
    """

    iterations: int
    max_residual: float
    walras_residual: float | None
    converged: bool


@dataclass(frozen=True, eq=False)
class Results:
    """Outcomes of one counterfactual on a baseline.

    Attributes:
        scenario: name of the policy.
        countries: ISO3 codes, length N.
        outcomes: column name -> array (N,) of percent changes (see :data:`COLUMNS`).
        flows_before, flows_after: tariff-exclusive flows X[i, n, s] (N, N, S), baseline unit.
        expenditure: baseline gross expenditure E (N,), the weights of group means.
        income: baseline model factor income Y (N,).
        world: scalar world outcomes the model computes (IMLS: ``world_trade_to_gdp``,
            ``world_employment``, percent; empty for models without them).
        diagnostics: solver diagnostics.
        model: short description of model and parameters.
        sectors, sector_outcomes: sector labels and outcomes by [country, sector] (N, S):
            ``output`` and ``prices`` (percent), ``unit_cost_hat`` (ratio).
        levels: further levels by country, e.g. ``income`` and ``income_baseline``.
        controls: export controls of the policy: exporter, label, quota, sectors and the
            shadow export tax (fraction) that enforces it (0 when it does not bind).
    """

    scenario: str
    countries: tuple[str, ...]
    outcomes: dict[str, np.ndarray]
    flows_before: np.ndarray
    flows_after: np.ndarray
    expenditure: np.ndarray
    income: np.ndarray
    world: dict[str, float]
    diagnostics: Diagnostics
    model: str = ""
    unit: str = "thousand USD"
    notes: tuple[str, ...] = field(default=())
    sectors: tuple[str, ...] = ("goods",)
    sector_outcomes: dict[str, np.ndarray] = field(default_factory=dict)
    levels: dict[str, np.ndarray] = field(default_factory=dict)
    controls: tuple[dict, ...] = field(default=())

    def output_quantity(self) -> np.ndarray:
        """Gross output as a quantity, [country, sector] (N, S) in the baseline's unit per
        year at baseline prices: producer values deflated by the producer's unit cost
        (results that carry ``unit_cost_hat``: the multi-sector families)."""
        return self.flows_after.sum(axis=1) / self.sector_outcomes["unit_cost_hat"]

    def __getitem__(self, column: str) -> np.ndarray:
        return self.outcomes[column]

    def value(self, column: str, country: str) -> float:
        """One country's outcome (percent)."""
        return float(self.outcomes[column][self.countries.index(country)])

    def group_mean(
        self, column: str, members: Sequence[str], weights: str = "expenditure"
    ) -> float:
        """Mean of ``column`` over ``members``, weighted by baseline ``"expenditure"``
        (IMLS convention), ``"income"`` or ``"equal"``."""
        idx = [self.countries.index(c) for c in members]
        values = self.outcomes[column][idx]
        if weights == "equal":
            return float(values.mean())
        w = {"expenditure": self.expenditure, "income": self.income}[weights][idx]
        return float((values * w).sum() / w.sum())

    def to_frame(self) -> pd.DataFrame:
        """Per-country outcomes, one row per country (index: ISO3)."""
        import pandas as pd

        frame = pd.DataFrame({k: v for k, v in self.outcomes.items()}, index=list(self.countries))
        frame.index.name = "country"
        return frame

    def bilateral(self, exporter: str, importer: str) -> tuple[float, float]:
        """Tariff-exclusive flow from ``exporter`` to ``importer``, all sectors: (before, after)."""
        i, n = self.countries.index(exporter), self.countries.index(importer)
        return float(self.flows_before[i, n].sum()), float(self.flows_after[i, n].sum())

    def sector_frame(self, country: str) -> pd.DataFrame:
        """Sector outcomes of one country (rows: sectors)."""
        import pandas as pd

        k = self.countries.index(country)
        frame = pd.DataFrame(
            {name: v[k] for name, v in self.sector_outcomes.items()}, index=list(self.sectors)
        )
        frame.index.name = "sector"
        return frame

    def trade_diversion(self, importer: str, sector: str | None = None) -> pd.DataFrame:
        """Change in ``importer``'s imports by source country (tariff-exclusive, baseline
        unit), largest gains first: who takes the market a tariffed partner loses."""
        import pandas as pd

        n = self.countries.index(importer)
        s = slice(None) if sector is None else self.sectors.index(sector)
        before = self.flows_before[:, n, s]
        after = self.flows_after[:, n, s]
        if before.ndim == 2:
            before, after = before.sum(axis=1), after.sum(axis=1)
        frame = pd.DataFrame({"before": before, "after": after}, index=list(self.countries))
        frame["change"] = frame["after"] - frame["before"]
        frame = frame.drop(index=importer)
        frame.index.name = "exporter"
        return frame.sort_values("change", ascending=False)

    def summary_frame(
        self, focus: Sequence[str] = ("USA", "CHN"), columns: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Percent changes of focus countries plus ``others`` (expenditure-weighted mean).

        Default columns: the headline outcomes this model reports, in :data:`SUMMARY` order.
        """
        import pandas as pd

        columns = columns or [c for c in SUMMARY if c in self.outcomes]
        rows = {code: [self.value(c, code) for c in columns] for code in focus}
        rest = [c for c in self.countries if c not in focus]
        rows["others"] = [self.group_mean(c, rest) for c in columns]
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=[COLUMNS[c] for c in columns])
        frame.index.name = "% change"
        return frame
