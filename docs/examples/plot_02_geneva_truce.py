"""
# What the Geneva truce was worth

On 12 May 2025 the US and China agreed in Geneva to cut, for 90 days, the tariffs they
had piled on each other in April: the US from 145% (20% "fentanyl" + 125% reciprocal) to
30%, China from 125% to 10% (the White House and MOFCOM statements of 12 May 2025). What
was the cut worth to each side, and to everyone else?

We solve the long-run equilibrium at the April rates and at the Geneva rates, in the
one-sector IMLS model (194 countries) and in the multi-sector Caliendo–Parro model with
input-output links (81 economies × 28 sectors), and read the truce's worth as the
difference in welfare between the two.
"""

# %%
import time

import matplotlib.pyplot as plt
import pandas as pd

from tradewar import datasets
from tradewar.core.policy import Policy
from tradewar.models import model_for

started = time.perf_counter()
FOCUS = ["USA", "CHN", "MEX", "VNM", "DEU", "JPN"]

# %%
# ## The two policies, on both defaults
#
# `Policy.tariff(importer, on=exporter, rate=...)` sets a tariff in place of the baseline's
# 2023 tariffs; `model_for` picks the model family that fits the baseline.


def welfare(baseline_name: str) -> pd.DataFrame:
    """Welfare (% change from the baseline) at the April and Geneva rates."""
    baseline = datasets.load(baseline_name)
    model = model_for(baseline)
    april = Policy.from_baseline(baseline, "April 2025")
    april = april.tariff("USA", on="CHN", rate=1.45).tariff("CHN", on="USA", rate=1.25)
    geneva = Policy.from_baseline(baseline, "Geneva truce")
    geneva = geneva.tariff("USA", on="CHN", rate=0.30).tariff("CHN", on="USA", rate=0.10)
    rows = {}
    for policy in (april, geneva):
        result = model.solve(policy)
        rows[policy.name] = [result.value("welfare", c) for c in FOCUS]
    frame = pd.DataFrame(rows, index=FOCUS)
    frame["truce worth (points)"] = frame["Geneva truce"] - frame["April 2025"]
    return frame


one_sector = welfare("default")
multi_sector = welfare("default-multisector")
print("One-sector IMLS (welfare, % change from the 2023 baseline):")
print(one_sector.round(3).to_string())
print("\nCaliendo-Parro with IO links:")
print(multi_sector.round(3).to_string())

# %%
# ## The truce's worth, side by side
#
# In both models the truce gives most back to the two parties; third countries that had
# gained from trade diverted away from US–China trade give some of it back.

fig, ax = plt.subplots(figsize=(7, 3.6))
worth = pd.DataFrame(
    {
        "one sector (IMLS)": one_sector["truce worth (points)"],
        "28 sectors, IO links (CP)": multi_sector["truce worth (points)"],
    }
)
worth.plot.bar(ax=ax, rot=0)
ax.axhline(0, color="black", lw=0.8)
ax.set_ylabel("welfare, Geneva less April (points)")
ax.set_title("What the Geneva truce was worth, in the long run")
fig.tight_layout()
plt.show()

# %%
print(f"Run time: {time.perf_counter() - started:.1f} s")
