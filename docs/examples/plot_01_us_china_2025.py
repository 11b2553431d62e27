"""
# The 2025 US–China war, month by month

The main job of tradewar: `scenarios/us_china_2025.yaml`, the US tariffs of 2025–26 as
enacted and as collected, China's answers, the rare-earth licences and London's
commitments, solved month by month on the embedded multi-sector default (OECD ICIO 2022,
81 economies × 28 sectors, input-output links) with the Caliendo–Parro model.

Here we solve the path from Python, without writing the report, and draw two things the
report draws: US–China trade as each side's customs records it, and welfare, month by
month. Months after May 2025 are the model's forecasts.
"""

# %%
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from tradewar.paths import scenario as scenarios
from tradewar.paths.simulate import simulate

started = time.perf_counter()


def find_scenario(name: str) -> Path:
    """The scenario file of the repository (this script may run from any folder)."""
    for folder in (Path.cwd(), *Path.cwd().parents):
        candidate = folder / "scenarios" / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"scenarios/{name} not found above {Path.cwd()}")


spec = scenarios.load(find_scenario("us_china_2025.yaml"))
print(f"{spec.name}: {len(spec.events)} events, {spec.start} to {spec.end}")
path = simulate(spec)
print(f"solved {len(path.months)} months and the long run in {time.perf_counter() - started:.0f} s")

# %%
# ## Welfare by month
#
# Real income at the prices buyers pay that month (% change from the baseline), for the
# focus countries, and the long run of the last month's policy.

welfare = path.welfare_by_month()
print(welfare.round(2).to_string())

# %%
# ## Trade as each side records it
#
# `ScenarioPath.us_china_trade()` gives each direction of US–China trade by month as the
# exporter's customs (FOB, at shipment) and the importer's (customs value at arrival)
# record it, as % of the same record without the war.

trade = path.us_china_trade()
months = path.months
fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
for name, values in trade.items():
    axes[0].plot(months, np.asarray(values), label=name)
axes[0].set_title("US–China trade, % of the no-war record")
axes[0].legend(fontsize=8)
axes[0].tick_params(axis="x", rotation=90, labelsize=7)
welfare_months = welfare.drop(index="long run", errors="ignore")
for country in ("USA", "CHN"):
    if country in welfare_months.columns:
        axes[1].plot(welfare_months.index, welfare_months[country], label=country)
axes[1].axhline(0, color="black", lw=0.8)
axes[1].set_title("Welfare, % change")
axes[1].legend(fontsize=8)
axes[1].tick_params(axis="x", rotation=90, labelsize=7)
fig.tight_layout()
plt.show()

# %%
print(f"Run time: {time.perf_counter() - started:.1f} s")
