"""
# The US tariff wall as enacted, by authority

The US tariffs of 2025–26 were built from several legal authorities, each with its own
dates, rates and exemptions: IEEPA's "fentanyl" and reciprocal duties, Section 232 on
steel, aluminium, cars and more, Section 301 on China, the Section 122 surcharge after
the Supreme Court's ruling. tradewar ships them as the built-in schedule `us_enacted`:
the rate in force on every day, by partner, sector and authority, weighted by 2024
imports.

Here we draw the import-weighted additional US tariff on all goods, stacked by
authority, for all partners together and for China alone. No solve: this is the law as
written (the duties collected are lower: see `us_paid` and `tradewar collected`).
"""

# %%
import datetime as dt
import time

import matplotlib.pyplot as plt
import numpy as np

from tradewar.enacted import schedule

started = time.perf_counter()
wall = schedule.load("us_enacted")
print(
    f"{len(wall.partners)} partners, {len(wall.days)} change days from {wall.first} to "
    f"{wall.last}; authorities: {', '.join(wall.authorities)}"
)

# %%
# ## Weighted by 2024 imports
#
# `by_authority` holds each change day's all-goods rate by partner and authority; the
# weights are each partner's 2024 imports of all goods (the schedule's last sector).

imports = wall.imports[:, -1]
everyone = np.einsum("dpa,p->da", wall.by_authority, imports) / imports.sum()
china = wall.by_authority[:, wall.partner("CHN"), :]
days = [dt.date.fromisoformat(str(d)) for d in wall.days]
for label, rates in (("all partners", everyone), ("China", china)):
    peak = int(np.argmax(rates.sum(axis=1)))
    print(
        f"{label}: peak {100 * rates[peak].sum():.1f}% on {days[peak]}, "
        f"{100 * rates[-1].sum():.1f}% from {days[-1]}"
    )

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=False)
for ax, (label, rates) in zip(axes, (("all partners", everyone), ("China", china)), strict=True):
    x = [*days, wall.last]  # each rate holds until the next change day
    y = 100 * np.vstack([rates, rates[-1:]])
    ax.stackplot(x, y.T, labels=wall.authorities, step="post")
    ax.set_title(f"Additional US tariff on {label}, import-weighted, %")
    ax.tick_params(axis="x", rotation=30, labelsize=8)
axes[1].legend(fontsize=7, loc="upper right")
fig.tight_layout()
plt.show()

# %%
print(f"Run time: {time.perf_counter() - started:.1f} s")
