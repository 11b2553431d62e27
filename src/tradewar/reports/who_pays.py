"""Who pays, in a scenario report: ``prices.csv``, ``consumer_prices.csv``,
``households.csv``, ``consumer_prices.png`` and ``households.png`` (docs/model.md M).

* ``prices.csv``: by month, importer (each focus country), partner group and goods
  sector (and ``all goods``): the % change of the exporter's FOB price, the landed price
  before duty, the duty-paid price and ``1 + tariff`` (world prices, the model's
  numeraire), and the border pass-through (:func:`tradewar.paths.prices.pass_through`);
  rows with partner ``all partners`` add the importer's basic price (the sector price
  index buyers pay) and its shop price, both against the importer's wage.
* ``consumer_prices.csv``: US shop prices by PCE major product and month (and ``long
  run``), % change against US wages.
* ``households.csv``: the cost for US households by income decile, before substitution
  (the tariffs of each month times import content) and after (the month's general
  equilibrium; the long run), USD per household a year, % of spending and of after-tax
  income; then every focus country's households on average (the model's consumer price
  index times households' consumption).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradewar.core.baseline import goods_sectors
from tradewar.paths import households, prices

#: The stages of ``prices.csv``, in the order of the chain.
STAGES = ("fob", "landed", "duty_paid", "tariff")


def _pct(log_change: np.ndarray) -> np.ndarray:
    return 100 * np.expm1(log_change)


def prices_frame(path, chain: prices.ChainPrices) -> pd.DataFrame:
    """``prices.csv`` (module docstring)."""
    b = path.baseline
    goods = goods_sectors(b)
    weights = b.flows * (1 + b.tariffs)
    groups = {**prices.partner_groups(path), "all partners": list(range(b.n_countries))}
    sectors = {"all goods": goods, **{b.sectors[s]: [s] for s in goods}}
    demand = np.clip(b.final_demand(), 0, None) + 1e-12
    M, G, K = len(chain.months), len(groups), len(sectors)
    frames = []
    for code in path.scenario.focus:
        n = b.index(code)
        means = prices.importer_means(chain, weights, n, groups, sectors)
        own = np.full((M, G, K, 2), np.nan)  # the importer's basic and shop prices
        for k, cols in enumerate(sectors.values()):
            share = demand[n, cols] / demand[n, cols].sum()
            own[:, -1, k, 0] = chain.basic[:, n, cols] @ share
            own[:, -1, k, 1] = chain.shop[:, n, cols] @ share
        index = pd.MultiIndex.from_product(
            [chain.months, [code], list(groups), list(sectors)],
            names=["month", "importer", "partner", "sector"],
        )
        columns = {f"{s}_pct": _pct(means[s]).ravel() for s in STAGES}
        columns["border_pass_through"] = means["pass_through"].ravel()
        columns["basic_vs_wage_pct"] = _pct(own[..., 0]).ravel()
        columns["shop_vs_wage_pct"] = _pct(own[..., 1]).ravel()
        frame = pd.DataFrame(columns, index=index)
        bought = np.isfinite(means["fob"][0]).ravel()  # the group sells that sector
        frames.append(frame[np.tile(bought, M)])
    return pd.concat(frames).reset_index()


def consumer_prices_frame(path, chain: prices.ChainPrices, tables: households.WhoPays):
    """``consumer_prices.csv``: US shop prices by PCE product (rows: months, then ``long
    run``), % change."""
    us = path.baseline.index("USA")
    changes = np.vstack([np.expm1(chain.shop[:, us]), np.expm1(chain.long_run_shop[us])])
    frame = pd.DataFrame(
        100 * changes @ tables.weights.T,
        columns=list(tables.distribution.titles),
        index=pd.Index([*chain.months, "long run"], name="month"),
    )
    return frame


def households_frame(path, chain: prices.ChainPrices, tables: households.WhoPays) -> pd.DataFrame:
    """``households.csv`` (module docstring): columns ``country, decile, version, month``
    and the cost columns of :func:`tradewar.paths.households.decile_costs`."""
    frames = []
    results = [*path.results, path.long_run]
    shops = np.concatenate([chain.shop, chain.long_run_shop[None]])
    # before substitution reaches the shelf at the same pace as the equilibrium's prices
    static = np.log1p(np.array([tables.before(t) for t in path.tariffs]))
    before = [*np.expm1(prices.sticky(static, chain.frequency)), np.expm1(static[-1])]
    runs = zip([*chain.months, "long run"], before, np.expm1(shops), strict=True)
    for month, before, after in runs:
        for version, change in (("before substitution", before), ("after substitution", after)):
            table = tables.us_table(change).reset_index()
            table.insert(0, "month", month)
            table.insert(0, "version", version)
            table.insert(0, "country", "USA")
            frames.append(table)
    others = [c for c in path.scenario.focus if c != "USA"]
    for month, res in zip([*chain.months, "long run"], results, strict=True):
        table = households.country_costs(path.baseline, res, others)
        table = table.reset_index().assign(decile="all", version="after substitution", month=month)
        frames.append(table)
    columns = [
        "country", "version", "month", "decile", "households_million", "spending_usd",
        "income_after_tax_usd", "cost_usd_per_household", "cost_pct_of_spending",
        "cost_pct_of_income", "cost_usd_bn", "household_consumption_usd_bn",
    ]  # fmt: skip
    return pd.concat(frames, ignore_index=True).reindex(columns=columns)


def consumer_prices_chart(plt, frame: pd.DataFrame, target) -> None:
    """US shop prices by PCE product and month (the largest movers), % change."""
    monthly = frame.drop(index="long run")
    movers = monthly.abs().max().sort_values(ascending=False).index[:8]
    fig, ax = plt.subplots(figsize=(9, 4.8))
    for title in movers:
        ax.plot(range(len(monthly)), monthly[title], marker=".", label=title)
    ax.set_xticks(range(len(monthly)), monthly.index, rotation=90, fontsize=7)
    ax.axhline(0, color="grey", lw=0.6)
    ax.set_ylabel("shop price, % change against US wages")
    ax.set_title("US consumer prices by PCE product (shop prices, with the retail lag)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def households_chart(plt, frame: pd.DataFrame, month: str, target) -> None:
    """The US decile burden in ``month``: bars before and after substitution, USD per
    household a year, with the percent of after-tax income above them."""
    us = frame[(frame.country == "USA") & (frame.month == month) & (frame.decile != "all")]
    fig, ax = plt.subplots(figsize=(9, 4.5))
    x = np.arange(10)
    for offset, version in ((-0.2, "before substitution"), (0.2, "after substitution")):
        rows = us[us.version == version]
        bars = ax.bar(x + offset, rows.cost_usd_per_household, width=0.4, label=version)
        for bar, pct in zip(bars, rows.cost_pct_of_income, strict=True):
            ax.annotate(
                f"{pct:.1f}%", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center", va="bottom", fontsize=7,
            )  # fmt: skip
    ax.set_xticks(x, [f"decile {d}" for d in range(1, 11)], fontsize=8)
    ax.set_ylabel("USD per household a year (labels: % of after-tax income)")
    ax.set_title(f"Cost of the policy for US households by income decile, {month}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def summary_lines(path, chain, households_table: pd.DataFrame, revenue: pd.DataFrame) -> list:
    """The numbers people quote, for the top of ``summary.md``."""
    last = chain.months[-1]
    us = path.baseline.index("USA")
    level = households_table[
        (households_table.country == "USA")
        & (households_table.month == last)
        & (households_table.decile == "all")
    ].set_index("version")
    total = revenue.iloc[-1]
    shop = path.baseline.final_demand()[us].clip(0)
    shop_level = 100 * (np.expm1(chain.shop[-1, us]) @ shop) / shop.sum()
    res = path.results[-1]
    index_level = 100 * (
        (1 + res.value("prices", "USA") / 100) / (1 + res.value("wage", "USA") / 100) - 1
    )
    abroad = households_table[
        (households_table.country != "USA")
        & (households_table.month == last)
        & households_table.cost_usd_per_household.notna()
    ]
    elsewhere = (
        [
            f"- **Cost per household elsewhere, {last}** (on average, against each country's "
            "wages; households.csv): "
            + "; ".join(
                f"{row.country} USD {row.cost_usd_per_household:+,.0f} a year "
                f"({row.cost_pct_of_spending:+.2f}% of spending)"
                for row in abroad.itertuples()
            )
            + "."
        ]
        if len(abroad)
        else []
    )
    return [
        "## Who pays (US)",
        "",
        f"- **Price level, {last}**: shop prices {shop_level:+.2f}% (with the retail margin "
        "and lag; prices.csv, consumer_prices.csv); the index of what all buyers pay "
        f"{index_level:+.2f}% (basic prices, no lag); both against US wages.",
        f"- **Cost per household, {last}**: USD "
        f"{level.loc['after substitution', 'cost_usd_per_household']:,.0f} a year after "
        f"substitution, USD {level.loc['before substitution', 'cost_usd_per_household']:,.0f}"
        " before (the tariffs times import content); by decile in households.csv and "
        "households.png.",
        *elsewhere,
        f"- **Tariff revenue, {total.fiscal_year}**: USD {total.conventional_usd_bn:,.0f} bn "
        f"conventional, USD {total.net_of_offset_usd_bn:,.0f} bn net of the 25% income and "
        f"payroll tax offset, USD {total.dynamic_usd_bn:,.0f} bn dynamic (our design; "
        "revenue.csv).",
        "",
        "Household costs are price changes against the country's own wages: what a "
        "household whose earnings did not change would pay (docs/model.md M.3).",
        "",
    ]
