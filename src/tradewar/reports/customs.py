"""Customs revenue by month in a scenario report: ``customs.csv`` and ``customs.png``.

``customs.csv`` has ``month, importer, duties_usd, assessed_usd, imports_usd``: import
duties collected in the model (paid a month after arrival, as on the US periodic monthly
statement: :class:`tradewar.paths.recorded_trade.RecordingParams`), the same duties assessed on
arrival (at the rate in force when the goods were loaded) and the tariff-exclusive value
of goods arriving, USD per month, for every importer whose tariffs change in the
scenario. ``customs.png`` draws the US effective tariff rate (duties collected / imports,
as the observed rate is Treasury receipts over Census imports) and customs duties by
month against the Treasury / Census series of ``observed_2025/`` where the months overlap.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tradewar.datasets.paths import shared_data_dir
from tradewar.paths.recorded_trade import goods_sectors

OBSERVED = "observed_2025/us_customs_duties_and_imports_monthly_1982_2025-05.csv"


def changed_importers(path) -> list[int]:
    """Indices of importers whose tariffs differ from the baseline in some month."""
    baseline_tariffs = path.baseline.tariffs
    changed = np.abs(np.asarray(path.tariffs) - baseline_tariffs[None]).max(axis=(0, 1, 3)) > 1e-12
    return [int(n) for n in np.flatnonzero(changed)]


def customs_frame(path) -> pd.DataFrame:
    """Duties and tariff-exclusive imports by month and importer (goods only, USD), from
    the path's trade as recorded."""
    recorded = path.recorded
    b = path.baseline
    goods = goods_sectors(b)
    foreign = ~np.eye(b.n_countries, dtype=bool)[None, :, :, None]
    paid = np.where(foreign, recorded.collected, 0.0)[..., goods].sum(axis=(1, 3))
    assessed = np.where(foreign, recorded.duties, 0.0)[..., goods].sum(axis=(1, 3))
    imports = np.where(foreign, recorded.arrived, 0.0)[..., goods].sum(axis=(1, 3))
    rows = [
        (month, b.countries[n], paid[m, n], assessed[m, n], imports[m, n])
        for m, month in enumerate(recorded.months)
        for n in changed_importers(path)
    ]
    columns = ["month", "importer", "duties_usd", "assessed_usd", "imports_usd"]
    return pd.DataFrame(rows, columns=columns)


def observed_us(data: str | Path | None = None) -> pd.DataFrame | None:
    """Observed US customs duties and imports by month (USD), or None without the data."""
    root = Path(data) if data is not None else shared_data_dir()
    if root is None or not (root / OBSERVED).is_file():
        return None
    frame = pd.read_csv(root / OBSERVED)
    frame["month"] = frame["date"].str[:7]
    return pd.DataFrame(
        {
            "month": frame["month"],
            "duties_usd": frame["customs_duties"] * 1e6,
            "imports_usd": frame["imports_value"] * 1e6,
        }
    )


def customs_chart(plt, frame: pd.DataFrame, target: Path, title: str) -> None:
    """US effective rate (%) and duties (USD bn) by month, model and observed."""
    us = frame[frame["importer"] == "USA"].set_index("month")
    observed = observed_us()
    fig, (ax_rate, ax_duty) = plt.subplots(
        2, 1, figsize=(9, 6.5), sharex=True, layout="constrained"
    )
    if us.empty:
        title += ": the scenario does not change US tariffs"
    months = list(us.index)
    x = np.arange(len(months))
    ax_rate.plot(x, 100 * us["duties_usd"] / us["imports_usd"], marker="o", label="model")
    ax_duty.plot(x, us["duties_usd"] / 1e9, marker="o", label="model")
    if observed is not None:
        seen = observed[observed["month"].isin(months)]
        xs = [months.index(m) for m in seen["month"]]
        ax_rate.plot(
            xs,
            100 * seen["duties_usd"] / seen["imports_usd"],
            "s-",
            color="black",
            label="observed (Treasury duties / Census imports)",
        )
        ax_duty.plot(xs, seen["duties_usd"] / 1e9, "s-", color="black", label="observed")
    ax_rate.set_ylabel("effective tariff rate (%)")
    ax_duty.set_ylabel("customs duties (USD bn / month)")
    ax_duty.set_xticks(x[:: max(1, len(x) // 12)], months[:: max(1, len(x) // 12)], rotation=45)
    ax_duty.set_xlabel("month of payment (duties are paid a month after the goods arrive)")
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
