"""
# A deal against the snap-back of a truce

When Geneva's 90 days ran out, the tariffs in force before the truce would come back
unless a deal replaced them. The snap-back is the disagreement point of the talks: a deal
is worth taking for a side only if it beats the snap-back for that side.

On the one-sector default (IMLS): the snap-back puts the US at 145% on China and China at
125% on the US; we map every pair of bilateral tariffs where both sides gain over it,
mark the Geneva rates (30% / 10%), and find the Nash bargain.
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np

from tradewar import datasets
from tradewar.core.policy import Policy
from tradewar.games import talks
from tradewar.models import model_for

started = time.perf_counter()
baseline = datasets.load("default")
model = model_for(baseline)
snap_back = Policy.from_baseline(baseline, "snap-back")
snap_back = snap_back.tariff("USA", on="CHN", rate=1.45).tariff("CHN", on="USA", rate=1.25)
geneva = snap_back.tariff("USA", on="CHN", rate=0.30).tariff("CHN", on="USA", rate=0.10)
geneva = geneva.named("Geneva rates")

# %%
# ## The Geneva rates as a deal

deal = talks.evaluate_deal(model, ["USA", "CHN"], snap_back, geneva)
for party in deal.parties:
    print(
        f"{party}: welfare {deal.welfare_deal[party]:+.3f}% with the deal, "
        f"{deal.welfare_disagreement[party]:+.3f}% at the snap-back: "
        f"gain {deal.gains[party]:+.3f}"
    )

# %%
# ## Every deal both sides prefer to the snap-back

grid = talks.mutual_gain_grid(
    model, "USA", "CHN", snap_back, rates=tuple(np.linspace(0.0, 1.5, 16))
)
print(f"{int(grid['mutual'].sum())} of {len(grid)} tariff pairs make both sides gain")
bargain = talks.nash_bargain(model, "USA", "CHN", snap_back)
print(
    f"Nash bargain: US {100 * bargain.rates[0]:.1f}% on China, "
    f"China {100 * bargain.rates[1]:.1f}% on the US; gains "
    + ", ".join(f"{k} {v:+.3f}" for k, v in bargain.gains.items())
)

# `talks.mutual_gains_figure` draws the grid (`tradewar talks --plot` saves the same figure):
# green where both gain, and the three policies placed by their bilateral tariffs.
talks.mutual_gains_figure(
    grid,
    "USA",
    "CHN",
    marks={"snap-back": snap_back, "Geneva rates": geneva, "Nash bargain": bargain.policy},
)
plt.show()

# %%
print(f"Run time: {time.perf_counter() - started:.1f} s")
