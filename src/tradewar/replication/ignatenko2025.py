"""Ignatenko, Macedoni, Lashkaripour & Simonovska (2025), one-sector tables 1, 2, 3, 8, 9, 10.

Recipes follow ``docs/model.md`` A.10 (the authors' replication package), including
the code's conventions that differ from the paper text: the EU is 25 countries (CZE and
SVK are missing), group means are weighted by baseline expenditure E, Table 10's non-US
welfare is a simple mean, and its case (4) prints case (3)'s non-US welfare.
Table 9 alt. 1 (multi-sector) needs ITPD data that are not public and is not computed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tradewar.core.baseline import Baseline
from tradewar.core.countries import eu27
from tradewar.core.policy import Policy
from tradewar.core.results import Results
from tradewar.games.optimal_tariff import (
    group_optimal_tariff,
    optimal_tariff,
    small_open_economy_tariff,
)
from tradewar.models import OneSectorModel
from tradewar.models.onesector import OneSectorParams, balanced_transfers
from tradewar.replication import Row, decimals

TABLES = ("1", "2", "3", "8", "9", "10")
PAPER_TITLES = {
    "1": "Table 1. USTR tariffs without retaliation (percent changes)",
    "2": "Table 2. USTR tariffs with retaliation",
    "3": "Table 3. US tariff revenue",
    "8": "Table 8. Regional trade wars (tariffs both ways)",
    "9": "Table 9. Robustness (one-sector rows)",
    "10": "Table 10. Deficit frameworks (non-US welfare: simple mean)",
}
#: The authors' EU list: EU27 without Czechia and Slovakia (docs/model.md A.2).
EU25 = tuple(c for c in eu27() if c not in ("CZE", "SVK"))
FEDERAL_SHARE_OF_GDP = 0.23
SIX = ("welfare", "deficit", "exports_gdp", "imports_gdp", "employment", "prices")
FOUR = ("welfare", "deficit", "employment", "prices")
T10_COLUMNS = ("welfare", "exports_gdp", "imports_gdp", "employment", "prices")

#: Published numbers (docs/model.md H), as printed: (table, case, row, column) -> text.
PUBLISHED: dict[tuple[str, str, str, str], str] = {}


def _publish(table: str, case: str, row: str, values: str, columns=SIX) -> None:
    for column, text in zip(columns, values.split(), strict=True):
        PUBLISHED[(table, case, row, column)] = text


_publish("1", "1 income-tax relief", "USA", "1.13 -18.1 -52.7 -43.6 0.32 12.8")
_publish("1", "1 income-tax relief", "non-US", "-0.58 11.6 -3.2 -3.3 -0.14 -4.7")
_publish("1", "2 lump-sum rebate", "USA", "-0.01 -18.4 -52.5 -43.3 -0.41 13.1")
_publish("1", "2 lump-sum rebate", "non-US", "-0.57 11.7 -3.3 -3.4 -0.14 -4.8")
_publish("1", "3 optimal US tariff", "USA", "1.79 -19.1 -55.3 -45.6 0.51 12.6")
_publish("1", "3 optimal US tariff", "non-US", "-0.61 17.1 -4.2 -3.7 -0.16 -4.6")
_publish("9", "baseline", "USA", "1.13 -18.1 -52.7 -43.6 0.32 12.8")
_publish("9", "baseline", "non-US", "-0.58 11.6 -3.2 -3.3 -0.14 -4.7")
_publish("9", "alt 2 pass-through 0.25", "USA", "1.36 -11.8 -35.0 -28.8 0.30 7.9")
_publish("9", "alt 2 pass-through 0.25", "non-US", "-0.23 7.1 -2.1 -2.2 -0.04 -2.9")
_publish("9", "alt 3 epsilon 8", "USA", "0.33 -26.3 -71.6 -58.0 0.10 11.8")
_publish("9", "alt 3 epsilon 8", "non-US", "-0.44 18.6 -5.3 -4.9 -0.11 -4.3")
_publish("9", "alt 4 Eaton-Kortum-Krugman", "USA", "1.24 -0.4 -46.3 -33.3 0.41 10.9")
_publish("9", "alt 4 Eaton-Kortum-Krugman", "non-US", "-0.50 0.1 -1.9 -2.9 -0.10 -4.0")
_T3 = ("revenue_pct_gdp", "revenue_pct_budget")
_publish("3", "USTR", "USA", "1.14 4.95", _T3)
_publish("3", "optimal tariff", "USA", "1.35 5.88", _T3)


@dataclass
class _Context:
    """Baseline, calibrated models (cached by parameters) and country groups."""

    baseline: Baseline
    models: dict

    def model(self, params: OneSectorParams | None = None, balanced: bool = False):
        params = params or OneSectorParams()
        key = (params, balanced)
        if key not in self.models:
            model = OneSectorModel(self.baseline, params)
            if balanced:
                us = self.baseline.index("USA")
                model = OneSectorModel(
                    self.baseline, params, transfers=balanced_transfers(model.calibration, us)
                )
            self.models[key] = model
        return self.models[key]

    @property
    def non_us(self) -> list[str]:
        return [c for c in self.baseline.countries if c != "USA"]

    @property
    def eu(self) -> list[str]:
        return [c for c in EU25 if c in self.baseline.countries]

    @property
    def rest_of_world(self) -> list[str]:
        skip = {"USA", "CHN", *EU25}
        return [c for c in self.baseline.countries if c not in skip]

    # -- policies --------------------------------------------------------------------
    def free(self, name: str = "free") -> Policy:
        return Policy.from_baseline(self.baseline, name)

    def ustr(self) -> Policy:
        """USTR 'Liberation Day' rates on US imports, floored at 10% (A.2)."""
        schedule = self.baseline.schedules["ustr_2025"]
        return self.free("USTR").tariff("USA", on="ALL", rate=schedule, floor=0.10)

    def us_uniform(self, rate: float) -> Policy:
        return self.free(f"US uniform {rate:.4f}").tariff("USA", on="ALL", rate=rate)

    def partners_on_us(self, policy: Policy, rate: float) -> Policy:
        return policy.tariff(self.non_us, on="USA", rate=rate)


def _row(table: str, case: str, country: str, column: str, value: float) -> Row:
    text = PUBLISHED.get((table, case, country, column))
    if text is None:
        return Row(table, case, country, column, float(value))
    return Row(table, case, country, column, float(value), float(text), decimals(text))


def _group_rows(
    table: str,
    case: str,
    res: Results,
    groups: dict[str, list[str] | None],
    columns: Iterable[str],
    equal_welfare: bool = False,
) -> list[Row]:
    rows = []
    for label, members in groups.items():
        for column in columns:
            if members is None:
                value = res.value(column, label)
            else:
                weights = "equal" if (equal_welfare and column == "welfare") else "expenditure"
                value = res.group_mean(column, members, weights)
            rows.append(_row(table, case, label, column, value))
    return rows


def _difference(b: Results, a: Results) -> Results:
    """Results whose outcomes are ``b - a`` (balanced-trade runs of Table 10)."""
    diff = {k: b.outcomes[k] - a.outcomes[k] for k in b.outcomes}
    return Results(
        b.scenario,
        b.countries,
        diff,
        b.flows_before,
        b.flows_after,
        b.expenditure,
        b.income,
        b.world,
        b.diagnostics,
        b.model,
        b.unit,
    )


def _optimal_rates(ctx: _Context) -> dict[str, float]:
    cal = ctx.model().calibration
    us = ctx.baseline.index("USA")
    others = [k for k in range(ctx.baseline.n_countries) if k != us]
    phi_us = float(cal.phi[us])
    return {
        "us_imports": optimal_tariff(cal, us, "imports"),
        "us_income": optimal_tariff(cal, us, "income"),
        "retaliation": group_optimal_tariff(cal, others, "income"),
        "soe_ek": small_open_economy_tariff(float(cal.eps), 1.0),
        "soe_us_phi": small_open_economy_tariff(float(cal.eps), phi_us),
    }


def _table1(ctx: _Context, rates: dict) -> list[Row]:
    groups = {"USA": None, "non-US": ctx.non_us}
    rows = []
    cases = [
        ("1 income-tax relief", OneSectorParams(), ctx.ustr()),
        ("2 lump-sum rebate", OneSectorParams(revenue_recycling="lump_sum"), ctx.ustr()),
        ("3 optimal US tariff", OneSectorParams(), ctx.us_uniform(rates["us_imports"])),
    ]
    for case, params, policy in cases:
        rows += _group_rows("1", case, ctx.model(params).solve(policy), groups, SIX)
    return rows


def _table2_policies(ctx: _Context, rates: dict) -> dict[str, Policy]:
    return {
        "1 USTR + reciprocal retaliation": ctx.ustr().mirror("USA").named("USTR+reciprocal"),
        "2 USTR + optimal retaliation": ctx.partners_on_us(ctx.ustr(), rates["retaliation"]),
        "3 optimal tariff + optimal retaliation": ctx.partners_on_us(
            ctx.us_uniform(rates["us_income"]), rates["retaliation"]
        ),
    }


def _table2(ctx: _Context, rates: dict) -> list[Row]:
    groups = {"USA": None, "CHN": None, "EU": ctx.eu, "non-US": ctx.non_us}
    rows = []
    for case, policy in _table2_policies(ctx, rates).items():
        rows += _group_rows("2", case, ctx.model().solve(policy), groups, FOUR)
    return rows


def _table3(ctx: _Context, rates: dict) -> list[Row]:
    t2 = _table2_policies(ctx, rates)
    cases = {
        "USTR": ctx.ustr(),
        "optimal tariff": ctx.us_uniform(rates["us_imports"]),
        "USTR + optimal retaliation": t2["2 USTR + optimal retaliation"],
        "USTR + reciprocal retaliation": t2["1 USTR + reciprocal retaliation"],
    }
    rows = []
    for case, policy in cases.items():
        share = ctx.model().solve(policy).value("revenue_share", "USA")
        rows.append(_row("3", case, "USA", "revenue_pct_gdp", share))
        rows.append(_row("3", case, "USA", "revenue_pct_budget", share / FEDERAL_SHARE_OF_GDP))
    return rows


def _table8(ctx: _Context, rates: dict) -> list[Row]:
    ustr = ctx.baseline.schedules["ustr_2025"]
    ten_percent = ctx.us_uniform(0.10)
    cases = {
        "1 US vs EU and China": ten_percent.tariff("USA", on=["CHN", *ctx.eu], rate=ustr),
        "2 US vs China": ten_percent.tariff("USA", on="CHN", rate=ustr),
        "3 US vs China at 108%": ten_percent.tariff("USA", on="CHN", rate=1.08),
    }
    groups = {"USA": None, "CHN": None, "EU": ctx.eu, "RoW": ctx.rest_of_world}
    rows = []
    for case, policy in cases.items():
        res = ctx.model().solve(policy.mirror("USA").named(case))
        rows += _group_rows("8", case, res, groups, FOUR)
    return rows


def _table9(ctx: _Context, rates: dict) -> list[Row]:
    groups = {"USA": None, "non-US": ctx.non_us}
    cases = {
        "baseline": OneSectorParams(),
        "alt 2 pass-through 0.25": OneSectorParams(pass_through=0.25),
        "alt 3 epsilon 8": OneSectorParams(trade_elasticity=8.0),
        "alt 4 Eaton-Kortum-Krugman": OneSectorParams(overhead_shares=0.0),
    }
    rows = []
    for case, params in cases.items():
        rows += _group_rows("9", case, ctx.model(params).solve(ctx.ustr()), groups, SIX)
    return rows


def _table10(ctx: _Context, rates: dict) -> list[Row]:
    ek = OneSectorParams(overhead_shares=0.0)
    balanced = ctx.model(OneSectorParams(), balanced=True)
    zero = balanced.solve(ctx.free("balanced, no tariffs"))
    runs = {
        "1 fixed transfers": ctx.model(ek).solve(ctx.ustr()),
        "2 balanced trade": _difference(balanced.solve(ctx.ustr()), zero),
        "3 fixed transfers, retaliation": ctx.model(ek).solve(
            ctx.partners_on_us(ctx.ustr(), rates["soe_ek"])
        ),
        "4 balanced trade, retaliation": _difference(
            balanced.solve(ctx.partners_on_us(ctx.ustr(), rates["soe_us_phi"])), zero
        ),
    }
    groups = {"USA": None, "non-US": ctx.non_us}
    rows = []
    for case, res in runs.items():
        rows += _group_rows("10", case, res, groups, T10_COLUMNS, equal_welfare=True)
    # the authors' table prints case (3)'s non-US welfare in case (4) (docs/model.md A.10)
    copied = next(
        r
        for r in rows
        if r.case.startswith("3") and r.country == "non-US" and r.column == "welfare"
    )
    return [
        _row("10", r.case, r.country, r.column, copied.value)
        if (r.case.startswith("4") and r.country == "non-US" and r.column == "welfare")
        else r
        for r in rows
    ]


_BUILDERS: dict[str, Callable[[_Context, dict], list[Row]]] = {
    "1": _table1,
    "2": _table2,
    "3": _table3,
    "8": _table8,
    "9": _table9,
    "10": _table10,
}


def compute(
    baseline: Baseline,
    tables: Iterable[str] = TABLES,
    on_table: Callable[[str], None] | None = None,
) -> list[Row]:
    """Reproduce the requested tables on ``baseline`` (the IMLS 194-country data).

    Args:
        baseline: output of :func:`tradewar.datasets.liberation_day.load` (or the
            embedded default, which is derived from the same files).
        tables: subset of :data:`TABLES`.
        on_table: called with each table's id before it is computed (progress bars).
    """
    unknown = [t for t in tables if t not in _BUILDERS]
    if unknown:
        raise ValueError(f"unknown IMLS table(s) {unknown}; available: {', '.join(TABLES)}")
    ctx = _Context(baseline, {})
    rates = _optimal_rates(ctx)
    rows: list[Row] = []
    for table in tables:
        if on_table:
            on_table(table)
        rows += _BUILDERS[table](ctx, rates)
    return rows
