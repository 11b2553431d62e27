"""Caliendo & Parro (2015): the NAFTA counterfactual and its welfare decomposition.

Run b solves the model at the 1993 tariffs with trade balanced (D = 0); run c also sets
the tariffs among Canada, Mexico and the US to their 2005 values. Outcomes compare c with
b (docs/model.md B.4): welfare = terms of trade + volume of trade (CP's first-order
decomposition, which is what their Table 2 reports), the exact real-income change
(labelled ``welfare_exact``), the real wage, and the change in each member's imports from
the other two members.
"""

from __future__ import annotations

import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.policy import Policy
from tradewar.models import MultiSectorModel
from tradewar.models.multisector import welfare_decomposition
from tradewar.replication import Row, decimals

NAFTA = ("CAN", "MEX", "USA")
CASE = "NAFTA tariff cuts 1993-2005"
#: Published numbers (CP abstract, via docs/model.md H), as printed.
PUBLISHED = {
    ("2", "MEX", "welfare"): "1.31",
    ("2", "USA", "welfare"): "0.08",
    ("2", "CAN", "welfare"): "-0.06",
    ("trade", "MEX", "intra_bloc_imports"): "118",
    ("trade", "CAN", "intra_bloc_imports"): "11",
    ("trade", "USA", "intra_bloc_imports"): "41",
}
TABLES = ("2", "trade")
PAPER_TITLES = {
    "2": "Table 2. Welfare effects of NAFTA's tariff reductions (percent; welfare = ToT + VoT)",
    "trade": "Intra-NAFTA trade: change in imports from the other two members (percent)",
}


def nafta_policy(baseline: Baseline) -> Policy:
    """1993 tariffs everywhere except among NAFTA members, who apply their 2005 rates."""
    t2005 = baseline.schedules["tariffs_2005"]
    idx = baseline.indices(list(NAFTA))
    tariffs = np.array(baseline.tariffs)
    for i in idx:
        for n in idx:
            tariffs[i, n, :] = t2005[i, n, :]
    empty = Policy.from_baseline(baseline, "NAFTA (2005 tariffs among members)")
    return Policy(baseline, tariffs, empty.export_taxes, empty.name)


def _row(table: str, country: str, column: str, value: float) -> Row:
    text = PUBLISHED.get((table, country, column))
    if text is None:
        return Row(table, CASE, country, column, float(value))
    return Row(table, CASE, country, column, float(value), float(text), decimals(text))


def compute(
    baseline: Baseline, tables: tuple[str, ...] | list[str] = TABLES, on_table=None
) -> list[Row]:
    """NAFTA welfare (Table 2 layout) and intra-bloc trade on the CP 1993 baseline."""
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        raise ValueError(f"unknown CP table(s) {unknown}; available: {', '.join(TABLES)}")
    model = MultiSectorModel(baseline, elasticities="cp2015", deficits="zero")
    run_b = model.solve(Policy.from_baseline(baseline, "1993 tariffs, balanced trade"))
    run_c = model.solve(nafta_policy(baseline))
    c_hat = run_c.sector_outcomes["unit_cost_hat"] / run_b.sector_outcomes["unit_cost_hat"]
    tot, vot = welfare_decomposition(
        run_b.flows_after,
        run_c.flows_after,
        np.asarray(baseline.tariffs),
        c_hat,
        run_b.levels["income"],
    )
    rows = []
    members = baseline.indices(list(NAFTA))
    for code in NAFTA:
        k = baseline.index(code)

        def relative(column: str, k: int = k) -> float:
            return 100.0 * ((1 + run_c[column][k] / 100) / (1 + run_b[column][k] / 100) - 1)

        rows += [
            _row("2", code, "welfare", 100 * (tot[k] + vot[k])),
            _row("2", code, "terms_of_trade", 100 * tot[k]),
            _row("2", code, "volume_of_trade", 100 * vot[k]),
            _row("2", code, "real_wage", relative("real_wage")),
            _row("2", code, "welfare_exact", relative("welfare")),
        ]
        partners = [m for m in members if m != k]
        before = run_b.flows_after[partners, k].sum()
        after = run_c.flows_after[partners, k].sum()
        rows.append(_row("trade", code, "intra_bloc_imports", 100 * (after / before - 1)))
    return [r for r in rows if r.table in tables]
