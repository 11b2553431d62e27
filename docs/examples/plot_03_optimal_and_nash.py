"""
# An optimal tariff and a Nash war

What uniform tariff would maximise US welfare if nobody answered, and where does a
tariff war end when both the US and China set their best responses? On the one-sector
default (the IMLS model, 194 countries, BACI 2023), with exact gradients through the
equilibrium.
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np

from tradewar import datasets
from tradewar.core.policy import Policy
from tradewar.games.best_response import optimal_tariffs
from tradewar.games.nash import nash_equilibrium
from tradewar.models import model_for

started = time.perf_counter()
baseline = datasets.load("default")
model = model_for(baseline)

# %%
# ## The US optimal tariff, others at their 2023 tariffs

best = optimal_tariffs(model, "USA", "uniform")
print(
    f"US optimal uniform tariff: {100 * float(np.ravel(best.rates)[0]):.1f}%, "
    f"US welfare {float(best.welfare[0]):+.2f}%"
)

# %%
# ## US welfare along the uniform tariff
#
# The same model solved on a grid of US tariffs on every partner: the curve peaks at the
# optimum found above.

grid = np.linspace(0.0, 0.8, 17)
policies = [Policy.from_baseline(baseline, f"{t:.2f}").tariff("USA", rate=t) for t in grid]
curve = [r.value("welfare", "USA") for r in model.solve_many(policies)]

# %%
# ## The Nash war between the US and China
#
# Each sets one uniform tariff on every partner, taking the other's as given, until
# neither wants to move; the other 192 countries keep their 2023 tariffs and do not
# answer. Both can end above the baseline: the tariffs fall on everyone's goods, and the
# rest of the world, which does not retaliate, pays for much of them.

war = nash_equilibrium(model, ["USA", "CHN"])
game = war.game
for player, rate, welfare in zip(game.players, game.rates, game.welfare, strict=True):
    print(f"{player}: Nash tariff {100 * rate:.1f}%, welfare in the war {welfare:+.2f}%")
print(f"({war.how})")

fig, ax = plt.subplots(figsize=(6.5, 3.6))
ax.plot(100 * grid, curve, marker="o", ms=3)
ax.axvline(100 * float(np.ravel(best.rates)[0]), color="tab:red", ls="--", label="optimum")
ax.axhline(0, color="black", lw=0.8)
ax.set_xlabel("US tariff on every partner, %")
ax.set_ylabel("US welfare, % change")
ax.set_title("The optimal tariff if nobody retaliates")
ax.legend()
fig.tight_layout()
plt.show()

# %%
print(f"Run time: {time.perf_counter() - started:.1f} s")
