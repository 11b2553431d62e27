"""Customs revenue by month in a scenario report: ``customs.csv``,
``customs_by_partner.csv`` and ``customs.png``.

``customs.csv`` has ``month, importer, duties_usd, assessed_usd, imports_usd``: import
duties collected in the model (paid a month after arrival, as on the US periodic monthly
statement: :class:`tradewar.paths.recorded_trade.RecordingParams`), the same duties assessed on
arrival (at the rate in force when the goods were loaded) and the tariff-exclusive value
of goods arriving, USD per month, for every importer whose tariffs change in the
scenario. For the US it adds the collection ladder (:mod:`tradewar.enacted.collected`)
under the path's imports, the columns of :data:`LADDER`: imports at customs (declared)
value, the dutiable value, duties at statutory rates on 2024 line weights, after USMCA
claims, after product shifting, as assessed on declared values, as collected, and the
IEEPA refunds (empty for other importers: the ladder is the US's).
``customs_by_partner.csv`` has the same ladder by US partner (baseline countries).

``customs.png`` draws the US effective tariff rate (duties collected / imports, as the
observed rate is Treasury receipts over Census imports), customs duties by month, and the
ladder's rates, against the Treasury / Census series of ``observed_2025/`` where the
months overlap.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from tradewar.core.baseline import goods_sectors
from tradewar.core.countries import GROUPS
from tradewar.datasets.paths import shared_data_dir
from tradewar.enacted import collected


def changed_importers(path) -> list[int]:
    """Indices of importers whose tariffs differ from the baseline in some month."""
    baseline_tariffs = path.baseline.tariffs
    changed = np.abs(np.asarray(path.tariffs) - baseline_tariffs[None]).max(axis=(0, 1, 3)) > 1e-12
    return [int(n) for n in np.flatnonzero(changed)]


#: The ladder's columns in customs.csv: name there -> step of the ladder.
LADDER = {
    "imports_customs_usd": "imports_usd",
    "dutiable_usd": "dutiable_usd",
    "statutory_usd": "statutory_usd",
    "after_claims_usd": "after_claims_usd",
    "after_shifting_usd": "after_shifting_usd",
    "assessed_declared_usd": "assessed_usd",
    "collected_ladder_usd": "collected_usd",
    "refunds_usd": "refunds_usd",
}


def _ladder_partner(code: str, countries: tuple[str, ...], eu: set[str]) -> str | None:
    """The baseline country a ladder partner belongs to (None: not in the baseline)."""
    if code in countries:
        return code
    if code in eu and "EU27" in countries:
        return "EU27"
    return "ROW" if "ROW" in countries else None


@functools.cache
def _shipped_ladder() -> pd.DataFrame:
    return collected.shipped()


def ladder_by_partner(path) -> pd.DataFrame | None:
    """The US collection ladder under the path's US imports, by month and baseline
    partner (USD a month): the built-in ladder's steps per dollar of 2024 imports (true
    value) of the partners each baseline country stands for, times the path's goods
    arriving from it. None when the path does not change US tariffs; months outside the
    built-in ladder (2025-01 to 2027-12) are left out."""
    b = path.baseline
    if "USA" not in b.countries or b.index("USA") not in changed_importers(path):
        return None
    ladder = _shipped_ladder()
    eu = set(GROUPS["EU27"]())
    owner = {c: _ladder_partner(c, b.countries, eu) for c in ladder["partner"].unique()}
    ladder = ladder.assign(country=ladder["partner"].map(owner)).dropna(subset=["country"])
    steps = ladder.groupby(["month", "country"])[["value_usd", *LADDER.values()]].sum()
    per_dollar = steps[list(LADDER.values())].div(steps["value_usd"], axis=0)
    recorded = path.recorded
    months = [m for m in recorded.months if m in steps.index.get_level_values("month")]
    countries = [
        c for c in b.countries if c != "USA" and c in set(steps.index.get_level_values("country"))
    ]
    full = pd.MultiIndex.from_product([months, countries], names=["month", "country"])
    ratios = per_dollar.reindex(full).to_numpy().reshape(len(months), len(countries), len(LADDER))
    goods = goods_sectors(b)
    rows_m = [recorded.months.index(m) for m in months]
    cols_i = [b.index(c) for c in countries]
    arrived = recorded.arrived[:, :, b.index("USA")][..., goods].sum(axis=2)
    values = arrived[np.ix_(rows_m, cols_i)][..., None] * ratios  # (M, C, K)
    frame = pd.DataFrame(values.reshape(-1, len(LADDER)), columns=list(LADDER))
    frame.insert(0, "partner", np.tile(countries, len(months)))
    frame.insert(0, "month", np.repeat(months, len(countries)))
    return frame


def customs_frame(path, by_partner: pd.DataFrame | None = None) -> pd.DataFrame:
    """Duties and tariff-exclusive imports by month and importer (goods only, USD), from
    the path's trade as recorded, with the US collection ladder's totals (:data:`LADDER`;
    empty for other importers and months outside the ladder). ``by_partner``: the
    path's :func:`ladder_by_partner` where the caller has it already."""
    recorded = path.recorded
    b = path.baseline
    goods = goods_sectors(b)
    foreign = ~np.eye(b.n_countries, dtype=bool)[None, :, :, None]
    paid = np.where(foreign, recorded.collected, 0.0)[..., goods].sum(axis=(1, 3))
    assessed = np.where(foreign, recorded.duties, 0.0)[..., goods].sum(axis=(1, 3))
    imports = np.where(foreign, recorded.arrived, 0.0)[..., goods].sum(axis=(1, 3))
    importers = changed_importers(path)
    rows = [
        (month, b.countries[n], paid[m, n], assessed[m, n], imports[m, n])
        for m, month in enumerate(recorded.months)
        for n in importers
    ]
    columns = ["month", "importer", "duties_usd", "assessed_usd", "imports_usd"]
    frame = pd.DataFrame(rows, columns=columns)
    if by_partner is None:
        by_partner = ladder_by_partner(path)
    if by_partner is None:
        return frame.assign(**dict.fromkeys(LADDER, np.nan))
    totals = by_partner.groupby("month")[list(LADDER)].sum().assign(importer="USA")
    return frame.merge(totals.reset_index(), on=["month", "importer"], how="left")


def observed_us(data: str | Path | None = None) -> pd.DataFrame | None:
    """Observed US customs duties and imports by month (USD), or None without the data
    (:func:`tradewar.enacted.collected.observed_revenue`)."""
    root = Path(data) if data is not None else shared_data_dir()
    if root is None or not (root / collected.OBSERVED_REVENUE).is_file():
        return None
    return collected.observed_revenue(root)


LADDER_LINES = {
    "statutory_usd": "statutory, 2024 lines",
    "after_claims_usd": "after USMCA claims",
    "after_shifting_usd": "after product shifting",
    "assessed_declared_usd": "assessed on declared values",
    "collected_ladder_usd": "collected (a month later)",
}


#: ``observed`` of :func:`customs_chart` when not given: read here (:func:`observed_us`)
READ_OBSERVED = "read"


def customs_chart(
    plt,
    frame: pd.DataFrame,
    target: Path,
    title: str,
    observed: pd.DataFrame | str | None = READ_OBSERVED,
) -> None:
    """US effective rate (%) and duties (USD bn) by month, model and observed, and the
    collection ladder's rates (% of imports at customs value) where customs.csv has it;
    ``observed``: :func:`observed_us` (read here unless given; None: not drawn)."""
    us = frame[frame["importer"] == "USA"].set_index("month")
    if isinstance(observed, str):
        observed = observed_us()
    has_ladder = "collected_ladder_usd" in us and us["collected_ladder_usd"].notna().any()
    fig, axes = plt.subplots(
        3 if has_ladder else 2,
        1,
        figsize=(9, 9.5 if has_ladder else 6.5),
        sharex=True,
        layout="constrained",
    )
    ax_rate, ax_duty = axes[0], axes[1]
    if us.empty:
        title += ": the scenario does not change US tariffs"
    months = list(us.index)
    x = np.arange(len(months))
    ax_rate.plot(x, 100 * us["duties_usd"] / us["imports_usd"], marker="o", label="model")
    ax_duty.plot(x, us["duties_usd"] / 1e9, marker="o", label="model")
    if has_ladder:
        ax_ladder = axes[2]
        base = us["imports_customs_usd"]
        for column, label in LADDER_LINES.items():
            ax_ladder.plot(x, 100 * us[column] / base, label=label)
        ax_duty.plot(x, us["collected_ladder_usd"] / 1e9, marker=".", label="collected (ladder)")
        ax_duty.bar(x, us["refunds_usd"] / 1e9, color="tab:red", alpha=0.4, label="IEEPA refunds")
        ax_ladder.set_ylabel("US duties, % of imports\nat customs value")
        ax_ladder.set_title(
            "From the rates on paper to the duties collected (tradewar.enacted.collected)",
            fontsize=9,
        )
    if observed is not None:
        seen = observed[observed["month"].isin(months)]
        xs = [months.index(m) for m in seen["month"]]
        seen_rate = 100 * seen["duties_usd"] / seen["imports_usd"]
        rate_axes = [(ax_rate, "observed (Treasury duties / Census imports)")]
        if has_ladder:
            rate_axes.append((ax_ladder, "observed collected rate"))
        for ax, label in rate_axes:
            ax.plot(xs, seen_rate, "s-", color="black", label=label)
        ax_duty.plot(xs, seen["duties_usd"] / 1e9, "s-", color="black", label="observed")
    if has_ladder:
        ax_ladder.legend(fontsize=7, ncol=2)
    ax_rate.set_ylabel("effective tariff rate (%)")
    ax_duty.set_ylabel("customs duties (USD bn / month)")
    bottom = axes[-1]
    bottom.set_xticks(x[:: max(1, len(x) // 12)], months[:: max(1, len(x) // 12)], rotation=45)
    label = "month of payment (duties are paid a month after the goods arrive)"
    if has_ladder:  # the ladder's steps before collection are read by month of entry
        label += "\nthe ladder's lines from statutory to assessed: month of entry"
    bottom.set_xlabel(label)
    ax_rate.legend(fontsize=8)
    ax_duty.legend(fontsize=8)
    if observed is None:
        fig.text(
            0.01,
            0.005,
            "Observed Treasury and Census series not shown: the observed_2025 dataset is not "
            "here (`tradewar data fetch observed_2025`).",
            fontsize=7,
            color="dimgray",
        )
    fig.suptitle(title, fontsize=10)
    fig.savefig(target, dpi=110)
    plt.close(fig)
