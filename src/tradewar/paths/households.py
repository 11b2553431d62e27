"""Who pays: the cost of a policy for households, by income decile in the US and on
average elsewhere (docs/model.md M.3-M.4).

Two versions, as the Yale Budget Lab labels them:

* **before substitution** (:func:`static_prices`): the tariffs in force times the import
  content of what is bought, through the input-output links, as if nobody changed what
  they buy or where they buy it, foreign producers' prices unchanged and every duty passed
  on in full: ``dq_j = sum_(i != n) pi_inj d_inj + pi_nnj sum_k a_nkj dq_k`` with ``d =
  (t' - t) / (1 + t)``, linear in the tariff change;
* **after substitution**: the general equilibrium, month by month (shop prices with the
  retail lag, :mod:`tradewar.paths.prices`) and in the long run.

Both reach households at shop prices (the distribution margin priced as services) and
are costed on BEA's 2023 consumption by decile (:mod:`tradewar.datasets.households`):
``cost_d = sum_p spending_pd dp_p``, ``dp_p`` the change of the price of PCE product p
(the model's sectors mapped by :data:`~tradewar.datasets.households.PCE_PRODUCT`, weighted by
the country's final demand). Prices are measured against the country's own wage (what a
household whose earnings did not change pays; :func:`at_wages`): before substitution
wages and foreign prices are unchanged by construction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradewar.core.baseline import Baseline, goods_sectors
from tradewar.core.errors import TradewarError
from tradewar.datasets import household_counts
from tradewar.datasets import households as data
from tradewar.paths.prices import RetailParams, shop_prices

#: The decile rows of the tables, lowest first.
DECILES = tuple(range(1, 11))


def spending_shares(baseline: Baseline) -> np.ndarray:
    """Tariff-inclusive import shares ``pi[i, n, s]`` of the baseline (sum over i = 1
    where anything is bought)."""
    spending = baseline.flows * (1 + baseline.tariffs)
    total = spending.sum(axis=0, keepdims=True)
    return spending / np.where(total > 0, total, 1.0)


def static_prices(baseline: Baseline, tariffs: np.ndarray) -> np.ndarray:
    """Price change before substitution of each sector's goods bought in each country,
    (N, S) fractions, when tariffs go from the baseline's to ``tariffs`` [i, n, s]
    (module docstring: linear, foreign producers' prices held)."""
    pi = spending_shares(baseline)
    duty = (np.asarray(tariffs) - baseline.tariffs) / (1 + baseline.tariffs)
    N, S = baseline.n_countries, baseline.n_sectors
    own = np.eye(N, dtype=bool)[:, :, None]
    direct = np.where(own, 0.0, pi * duty).sum(axis=0)  # (N, S)
    inputs = baseline.input_coefficients()  # [n, k, j]
    home = pi[np.arange(N), np.arange(N)]  # (N, S)
    # (I - diag(pi_nn) a_n^T) dq_n = direct_n, one small system per country
    systems = np.eye(S)[None] - home[:, :, None] * np.transpose(inputs, (0, 2, 1))
    return np.linalg.solve(systems, direct[:, :, None])[:, :, 0]


def import_content(baseline: Baseline) -> np.ndarray:
    """Imports embodied in a unit of spending on each sector's goods, (N, S): direct
    imports plus those in the domestic producers' inputs, through the Leontief inverse
    of the domestic input coefficients (a check of :func:`static_prices`: a uniform duty
    change d raises prices by d times this)."""
    pi = spending_shares(baseline)
    N, S = baseline.n_countries, baseline.n_sectors
    home = pi[np.arange(N), np.arange(N)]  # (N, S)
    direct = 1.0 - home
    inputs = baseline.input_coefficients()
    out = np.empty((N, S))
    for n in range(N):
        domestic = inputs[n] * home[n][:, None]  # [k, j]: domestic input k per unit of j
        leontief = np.linalg.inv(np.eye(S) - domestic.T)
        out[n] = home[n] * (leontief @ (inputs[n].T @ direct[n])) + direct[n]
    return out


def product_weights(
    baseline: Baseline, distribution: data.Distribution, country: str
) -> np.ndarray:
    """``w[p, s]``: the weight of sector s in PCE product p for ``country``, (P, S) (rows
    sum to 1): the sectors :data:`~tradewar.datasets.households.PCE_PRODUCT` maps to p (a
    goods sector it does not list: other nondurable goods, line 12; every service sector:
    each services product), weighted by the country's final demand; a product no sector
    maps to takes all goods."""
    goods = set(goods_sectors(baseline))
    demand = np.clip(baseline.final_demand()[baseline.index(country)], 0.0, None) + 1e-9
    out = np.zeros((len(distribution.pce_mp), baseline.n_sectors))
    for row, product in enumerate(distribution.pce_mp):
        for s, name in enumerate(baseline.sectors):
            if s in goods:
                hit = data.PCE_PRODUCT.get(name, 12) == product
            else:
                hit = product in data.SERVICE_PRODUCTS
            out[row, s] = demand[s] if hit else 0.0
        if out[row].sum() == 0:
            out[row, sorted(goods)] = demand[sorted(goods)]
    return out / out.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Deciles:
    """Households and incomes by decile (10,): ``households`` (number), ``income``
    (after taxes, USD per household a year), ``source``."""

    households: np.ndarray
    income: np.ndarray
    source: str


def ce_deciles() -> Deciles:
    """The BLS Consumer Expenditure Surveys' 2023 deciles
    (:data:`~tradewar.datasets.households.CE_DECILES`)."""
    table = data.CE_DECILES
    return Deciles(
        np.array(table["consumer_units_thousands"]) * 1e3,
        np.array(table["income_after_taxes_usd"], dtype=float),
        data.CE_SOURCE,
    )


def decile_costs(
    sector_changes: np.ndarray,
    weights: np.ndarray,
    distribution: data.Distribution,
    deciles: Deciles,
) -> pd.DataFrame:
    """One row per decile (1-10, then ``all``): households, spending and income per
    household (USD a year), and the cost of price changes ``sector_changes`` (S,
    fractions, at shop prices) on the decile's 2023 consumption: USD per household a
    year, percent of its spending and of its after-tax income, USD bn in all."""
    product = weights @ sector_changes  # (P,)
    cost_bn = product @ distribution.spending  # (10,)
    spend_bn = distribution.decile_spending()
    count = deciles.households
    rows = {
        "households_million": np.append(count, count.sum()) / 1e6,
        "spending_usd": np.append(spend_bn * 1e9 / count, spend_bn.sum() * 1e9 / count.sum()),
        "income_after_tax_usd": np.append(
            deciles.income, (deciles.income * count).sum() / count.sum()
        ),
        "cost_usd_bn": np.append(cost_bn, cost_bn.sum()),
    }
    frame = pd.DataFrame(rows, index=pd.Index([*map(str, DECILES), "all"], name="decile"))
    frame["cost_usd_per_household"] = frame.cost_usd_bn * 1e9 / (frame.households_million * 1e6)
    frame["cost_pct_of_spending"] = 100 * frame.cost_usd_per_household / frame.spending_usd
    frame["cost_pct_of_income"] = 100 * frame.cost_usd_per_household / frame.income_after_tax_usd
    return frame


@dataclass(frozen=True, eq=False)
class WhoPays:
    """Everything the household tables read, for one baseline: the US distribution and
    deciles, the PCE weights, the margins; built once (:func:`who_pays`)."""

    baseline: Baseline
    distribution: data.Distribution
    deciles: Deciles
    weights: np.ndarray
    margins: np.ndarray

    def before(self, tariffs: np.ndarray) -> np.ndarray:
        """Shop-price changes before substitution (N, S), fractions."""
        return shop_prices(static_prices(self.baseline, tariffs), self.baseline, self.margins)

    def us_table(self, shop_changes: np.ndarray) -> pd.DataFrame:
        """The decile table of shop-price changes (N, S) fractions."""
        us = self.baseline.index("USA")
        return decile_costs(shop_changes[us], self.weights, self.distribution, self.deciles)


def who_pays(
    baseline: Baseline,
    retail: RetailParams | None = None,
    distribution: data.Distribution | None = None,
) -> WhoPays:
    """The household tables' inputs for ``baseline`` (which must hold the US)."""
    if "USA" not in baseline.countries:
        raise TradewarError("the decile tables are the US's: the baseline has no USA")
    retail = retail or RetailParams()
    dist = distribution or data.us_distribution()
    return WhoPays(
        baseline,
        dist,
        ce_deciles(),
        product_weights(baseline, dist, "USA"),
        retail.margin_array(baseline.countries),
    )


def at_wages(log_prices: np.ndarray, result) -> np.ndarray:
    """Price changes (N, S) fractions against each country's own wage, from log changes
    (N, S) in the model's numeraire and the equilibrium ``result`` (its ``wage``, %)."""
    wage = np.log1p(np.asarray(result.outcomes["wage"]) / 100)
    return np.expm1(log_prices - wage[:, None])


def country_costs(baseline: Baseline, result, codes) -> pd.DataFrame:
    """Cost for the households of each country in ``codes`` of the change of its
    consumer price index against its wage in the equilibrium ``result`` (the model's
    ``prices`` and ``wage``): households' 2022 consumption in the national tables times
    the change, USD bn a year and percent of consumption, and per household on average
    (USD a year: over the country's households,
    :mod:`tradewar.datasets.household_counts`). NaN where the tables or the counts do
    not cover an economy."""
    idx = [baseline.index(c) for c in codes]
    chosen = [baseline.countries[k] for k in idx]
    consumption = data.household_consumption(chosen)
    homes = household_counts.households_million(chosen)
    index = 1 + np.asarray(result.outcomes["prices"]) / 100
    change = (index / (1 + np.asarray(result.outcomes["wage"]) / 100))[idx] - 1
    cost = consumption * change
    per_household = 1e3 / homes  # USD bn over millions of households: USD per household
    return pd.DataFrame(
        {
            "households_million": homes,
            "spending_usd": consumption * per_household,
            "household_consumption_usd_bn": consumption,
            "cost_usd_bn": cost,
            "cost_usd_per_household": cost * per_household,
            "cost_pct_of_spending": 100 * change,
        },
        index=pd.Index(list(codes), name="country"),
    )


def on_date(
    scenario,
    day: dt.date,
    distribution: data.Distribution | None = None,
    baseline: Baseline | None = None,
) -> pd.DataFrame:
    """The US decile table of the policy ``scenario`` has in force on ``day``, without a
    monthly path: before substitution (the tariffs times import content) and after (the
    long-run equilibrium of that policy, prices against US wages), both with every change
    on the shelf (no retail lag). Columns: households, spending and after-tax income per
    household, then ``before_*`` and ``after_*`` costs (USD per household a year, % of
    spending, % of income). A day outside the scenario's months is a one-line error."""
    from tradewar import datasets
    from tradewar.paths.prices import retail_params
    from tradewar.paths.scenario import ScenarioError
    from tradewar.paths.simulate import scenario_model
    from tradewar.paths.timeline import Timeline

    months = scenario.months()
    if not months[0] <= f"{day:%Y-%m}" <= months[-1]:
        raise ScenarioError(
            f"date {day} is outside the path of {scenario.name!r} ({months[0]} to {months[-1]})"
        )
    baseline = baseline or datasets.load(scenario.baseline)
    tables = who_pays(baseline, retail_params(scenario), distribution)
    policy = Timeline(scenario, baseline).policy_on(day)
    before = tables.us_table(tables.before(policy.tariffs))
    result = scenario_model(scenario, baseline).long_run_model().solve(policy)
    basic = np.log1p(result.sector_outcomes["prices"] / 100)
    after = tables.us_table(at_wages(shop_prices(basic, baseline, tables.margins), result))
    frame = before[["households_million", "spending_usd", "income_after_tax_usd"]].copy()
    for label, table in (("before", before), ("after", after)):
        for column in ("cost_usd_per_household", "cost_pct_of_spending", "cost_pct_of_income"):
            frame[f"{label}_{column.removeprefix('cost_')}"] = table[column]
    return frame
