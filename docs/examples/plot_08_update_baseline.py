"""
# Updating a baseline with your own totals

The embedded multi-sector default is the OECD ICIO 2022 table. If you have newer or
better totals — here, US goods imports in 2024 from its six largest suppliers at customs
value, as the US Census Bureau published them (USD bn: Mexico 505.9, China 438.9, Canada
412.7, Germany 160.4, Japan 148.2, Vietnam 136.6) — `tradewar.datasets.rebase` sets the
baseline's US imports from each partner to them, keeping each partner's split over
sectors, and keeps the rest of the world consistent (the method and what else moves:
[the model, L](../../model.md#l-imports-at-customs-value-re-basing-a-baseline-ours)).

We write the totals as a CSV (the format `tradewar` reads from users), re-base, and
solve the April 2025 escalation on both baselines.
"""

# %%
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from tradewar import datasets
from tradewar.core.policy import Policy
from tradewar.datasets import rebase
from tradewar.models import model_for

started = time.perf_counter()
census_2024_usd_bn = {
    "MEX": 505.9,
    "CHN": 438.9,
    "CAN": 412.7,
    "DEU": 160.4,
    "JPN": 148.2,
    "VNM": 136.6,
}

folder = Path(tempfile.mkdtemp())
csv_file = folder / "us_imports_2024.csv"
csv_file.write_text(
    "importer,partner,sector,value_usd\n"
    + "".join(f"USA,{p},goods,{v * 1e9:.0f}\n" for p, v in census_2024_usd_bn.items())
)
print(csv_file.read_text())

# %%
# ## Re-base

icio = datasets.load("default-multisector")
totals = rebase.read_totals(csv_file)
updated = rebase.rebase_imports(icio, totals, method="proportional")
print(updated.source[-300:])

before = {p: icio.flows[icio.index(p), icio.index("USA")].sum() for p in census_2024_usd_bn}
after = {p: updated.flows[updated.index(p), updated.index("USA")].sum() for p in census_2024_usd_bn}
shares = pd.DataFrame({"ICIO 2022": before, "re-based on 2024": after})
shares = 100 * shares / shares.sum()
print("Shares of the six in US imports from them, %:")
print(shares.round(1).to_string())

# %%
# ## The same escalation on both baselines


def escalation(baseline):
    policy = Policy.from_baseline(baseline, "April 2025")
    return policy.tariff("USA", on="CHN", rate=1.45).tariff("CHN", on="USA", rate=1.25)


focus = ["USA", "CHN", "MEX", "CAN", "VNM"]
rows = {}
for label, baseline in (("ICIO 2022", icio), ("re-based on 2024", updated)):
    result = model_for(baseline).solve(escalation(baseline))
    rows[label] = {c: result.value("welfare", c) for c in focus}
welfare = pd.DataFrame(rows)
print("Welfare, % change:")
print(welfare.round(3).to_string())

fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
shares.plot.bar(ax=axes[0], rot=0)
axes[0].set_title("Shares in US imports from the six, %")
welfare.plot.bar(ax=axes[1], rot=0)
axes[1].axhline(0, color="black", lw=0.8)
axes[1].set_title("Welfare after the April escalation, %")
fig.tight_layout()
plt.show()

# %%
print(f"Run time: {time.perf_counter() - started:.1f} s")
