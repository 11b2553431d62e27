"""
# Rare-earth licences and the magnet users

In April 2025 China put seven rare earths and the magnets made from them under export
licensing. How much does licensing a share of the baseline quantity cost the users of
magnets — car makers (`C29`), machinery (`C28`), electrical equipment — and what is a
licence worth?

On the embedded `default-rare-earths` baseline (the OECD ICIO 2022 cube with rare earths
split out of metal-ore mining and permanent magnets out of electrical equipment), an
`export_control` on China's magnets and rare earths with the EU exempt (a "green
channel"), solved for quotas from 90% down to 30% of the baseline quantity. A binding
quota is solved as a shadow export tax: the price of a licence.

These are long-run equilibria, where users can substitute; the monthly paths of the main
job add the short run, where car makers cannot do without magnets.
"""

# %%
import time

import matplotlib.pyplot as plt
import pandas as pd

from tradewar import datasets
from tradewar.core.policy import Policy
from tradewar.models import model_for

started = time.perf_counter()
baseline = datasets.load("default-rare-earths")
model = model_for(baseline)
USERS = ["C29", "C28", "Other electrical equipment"]

rows = []
for quota in (0.9, 0.7, 0.5, 0.3):
    policy = Policy.from_baseline(baseline, f"licences {quota:.0%}").export_control(
        "CHN", quota=quota, sectors=["Magnets", "Rare earths"], exempt=["EU27"]
    )
    result = model.solve(policy)
    control = result.controls[0]
    us, eu = result.sector_frame("USA"), result.sector_frame("DEU")
    japan = result.sector_frame("JPN")
    rows.append(
        {
            "quota": quota,
            "licence price (shadow tax, %)": 100 * control["shadow_tax"],
            **{f"US {s} output, %": us.loc[s, "output"] for s in USERS},
            "German car output, %": eu.loc["C29", "output"],
            "Japan's magnet output, %": japan.loc["Magnets", "output"],
            "US welfare, %": result.value("welfare", "USA"),
            "China welfare, %": result.value("welfare", "CHN"),
        }
    )
table = pd.DataFrame(rows).set_index("quota")
print(table.round(3).T.to_string())

# %%
# ## The price of a licence and the users' output
#
# The tighter the quota, the higher the licence price. The US makes no magnets in the
# baseline (its users buy them abroad); magnet makers outside China (Japan) gain, US
# users lose a little in the long run, and car makers in the exempt EU gain a little.

fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
axes[0].plot(100 * table.index, table["licence price (shadow tax, %)"], marker="o")
axes[0].set_xlabel("quota, % of the baseline quantity")
axes[0].set_ylabel("shadow export tax, %")
axes[0].set_title("The price of a licence")
axes[0].invert_xaxis()
for s in USERS:
    axes[1].plot(100 * table.index, table[f"US {s} output, %"], marker="o", label=s)
axes[1].axhline(0, color="black", lw=0.8)
axes[1].set_xlabel("quota, % of the baseline quantity")
axes[1].set_ylabel("US output, % change")
axes[1].set_title("US users of magnets")
axes[1].invert_xaxis()
axes[1].legend(fontsize=8)
fig.tight_layout()
plt.show()

# %%
print(f"Run time: {time.perf_counter() - started:.1f} s")
