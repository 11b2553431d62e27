"""
# A what-if with uncertainty bands

The April 2025 escalation (the US at 145% on China, China at 125% on the US) on the
one-sector default, with the model's uncertain parameters drawn from their published
ranges: for the IMLS model, the trade elasticity ε and the labour-supply elasticity κ
(the distributions and their sources are printed below and listed on
[uncertainty](../../uncertainty.md)). Each draw is one equilibrium; the bands are the
5th and 95th percentiles over the draws, and the drivers say which parameter moves each
outcome most.

The draws run in this process here (`where="inprocess"`); `where="pool"` spreads them
over the machine's cores and `where="tcp://scheduler:8786"` over a Dask cluster, with
the same results for the same seed.
"""

# %%
import time

import matplotlib.pyplot as plt

from tradewar import datasets, uncertainty
from tradewar.core.policy import Policy

started = time.perf_counter()
baseline = datasets.load("default")
escalation = Policy.from_baseline(baseline, "April 2025")
escalation = escalation.tariff("USA", on="CHN", rate=1.45).tariff("CHN", on="USA", rate=1.25)

bands = uncertainty.policy_bands(
    escalation, n=200, seed=1, focus=("USA", "CHN", "MEX", "VNM"), where="inprocess"
)
for distribution in bands.distributions:
    print(distribution)
print(f"{len(bands.ok)} of {bands.n} draws converged")
table = bands.headline_bands()
print(table.round(3).to_string())

# %%
# ## Which parameter drives each outcome

print(bands.drivers().to_string())

# %%
# ## The bands
#
# Median and 90% band of each outcome over the draws.

welfare = table.loc[[name for name in table.index if name.startswith("welfare")]]
fig, ax = plt.subplots(figsize=(6.5, 3.4))
y = range(len(welfare))
ax.errorbar(
    welfare["q50"],
    y,
    xerr=[welfare["q50"] - welfare["q05"], welfare["q95"] - welfare["q50"]],
    fmt="o",
    capsize=4,
)
ax.set_yticks(list(y), welfare.index)
ax.axvline(0, color="black", lw=0.8)
ax.set_xlabel("% change from the 2023 baseline (median, 5th-95th percentile)")
ax.set_title("The April 2025 escalation, 200 draws")
fig.tight_layout()
plt.show()

# %%
print(f"Run time: {time.perf_counter() - started:.1f} s")
