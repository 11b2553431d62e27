"""What each side's card is worth in talks: levers, and the table of releasing each.

A *lever* is an instrument one party holds against another: its tariffs on the other's
goods, or (China) its licensing of rare earths and magnets. At a disagreement point (the
policy in force if talks fail, e.g. a scenario on a date) :func:`lever_table` releases
each lever in force alone and reports what it changes, relative to the disagreement
point, for both parties and for third countries: welfare and real wage (percent gains,
as :mod:`tradewar.games.talks` measures them) and the bilateral trade of the two
parties. A lever that is not in force is listed with no change.

Releasing (our reading of how talks trade these cards):

* ``tariffs``: the holder's tariffs on the target back to the baseline's applied rates
  (which hold the MFN rates and the 2018-19 duties);
* ``rare_earths``: the target leaves the holder's licence pools on rare earths and
  magnets (a general licence for its users, as after Busan for the US), the quotas of
  the other destinations kept.

Chips, students and purchase commitments are not levers yet: their sizes need shares the
shared data do not give (README "Not yet there").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from tradewar.errors import TradewarError
from tradewar.models.interface import Model
from tradewar.policy import Policy

#: The sectors a rare-earth lever licenses (the two stages of ``default-rare-earths``).
RARE_EARTH_SECTORS = ("Rare earths", "Magnets")
#: Lever names :func:`standard_levers` knows.
LEVER_NAMES = ("tariffs", "rare_earths")
#: Third countries a lever table reports by default (those the baseline has; the EU's
#: members together as EU27).
THIRD_COUNTRIES = ("EU27", "JPN", "KOR", "CAN", "MEX", "VNM")


@dataclass(frozen=True)
class Lever:
    """One party's card against another: ``kind`` (one of :data:`LEVER_NAMES`) held by
    ``holder`` against ``target``."""

    kind: str
    holder: str
    target: str

    @property
    def label(self) -> str:
        what = "tariffs on" if self.kind == "tariffs" else "rare-earth licensing of"
        return f"{self.holder}'s {what} {self.target}"

    def in_force(self, policy: Policy) -> bool:
        """Whether the lever is pulled under ``policy``."""
        return self.released(policy) is not policy

    def released(self, policy: Policy) -> Policy:
        """``policy`` with this lever released (the same object when it is not in force)."""
        b = policy.baseline
        if self.kind == "tariffs":
            t, h = b.index(self.target), b.index(self.holder)
            if np.allclose(policy.tariffs[t, h], b.tariffs[t, h], rtol=0, atol=1e-12):
                return policy
            rates = np.array(policy.tariffs)
            rates[t, h] = b.tariffs[t, h]
            return policy.with_tariffs(rates, f"{policy.name}, {self.label} released")
        kept, changed = [], False
        for control in policy.controls:
            licensed = (
                not control.capacity
                and control.exporter == self.holder
                and self.target in control.destinations
                and set(control.sectors) & set(RARE_EARTH_SECTORS)
            )
            if not licensed:
                kept.append(control)
                continue
            changed = True
            rest = [d for d in control.destinations if d != self.target]
            if rest:  # the others stay licensed at the same quota
                kept.extend(
                    Policy(b, policy.tariffs, policy.export_taxes)
                    .export_control(
                        control.exporter,
                        to=rest,
                        quota=control.quota,
                        sectors=list(control.sectors),
                        label=f"{control.label} ({self.target} licensed)",
                    )
                    .controls
                )
        if not changed:
            return policy
        return replace(policy, controls=tuple(kept), name=f"{policy.name}, {self.label} released")


def standard_levers(a: str, b: str, names: Sequence[str] = LEVER_NAMES) -> list[Lever]:
    """The levers named in ``names`` that ``a`` and ``b`` hold against each other: tariffs
    both ways, rare-earth licensing for whichever of them is China."""
    unknown = [n for n in names if n not in LEVER_NAMES]
    if unknown:
        raise TradewarError(
            f"unknown levers {unknown}: known are {', '.join(LEVER_NAMES)} (chips, students "
            "and purchases need shares the shared data do not give)"
        )
    levers = []
    for name in names:
        for holder, target in ((a, b), (b, a)):
            if name == "rare_earths" and holder != "CHN":
                continue
            levers.append(Lever(name, holder, target))
    if not levers:
        raise TradewarError(f"none of {list(names)} is a lever {a} or {b} holds")
    return levers


def _gain(after: float, before: float) -> float:
    return 100.0 * ((1 + after / 100) / (1 + before / 100) - 1)


def _group(result, baseline, column: str, code: str) -> float:
    """A country's outcome, or the EU's members' expenditure-weighted mean for EU27."""
    if code == "EU27" and "EU27" not in result.countries:
        members = [baseline.countries[k] for k in baseline.indices("EU27")]
        return result.group_mean(column, members)
    return result.value(column, code)


def lever_table(
    model: Model,
    disagreement: Policy,
    levers: Sequence[Lever],
    third: Sequence[str] = THIRD_COUNTRIES,
) -> pd.DataFrame:
    """One row per lever: whether it is in force at ``disagreement`` and, releasing it
    alone, the welfare gain of each party and third country, the parties' real-wage gains
    and the change of their bilateral trade (percent, relative to the disagreement
    point). Solves 1 + (levers in force) equilibria with ``model``."""
    b = model.baseline
    parties = list(dict.fromkeys(code for lever in levers for code in (lever.holder, lever.target)))
    others = [c for c in third if c not in parties and (c in b.countries or c == "EU27")]
    releases = [lever.released(disagreement) for lever in levers]
    pulled = [policy is not disagreement for policy in releases]
    changed = [p for p, on in zip(releases, pulled, strict=True) if on]
    solved = model.solve_many([disagreement, *changed])
    base, rest = solved[0], iter(solved[1:])

    def trade(result, exporter: str, importer: str) -> float:
        return float(result.flows_after[b.index(exporter), b.index(importer)].sum())

    rows = []
    for lever, on in zip(levers, pulled, strict=True):
        after = next(rest) if on else base
        row = {"lever": lever.label, "in force": on}
        for code in [*parties, *others]:
            row[f"welfare {code}"] = _gain(
                _group(after, b, "welfare", code), _group(base, b, "welfare", code)
            )
        for code in parties:
            row[f"real wage {code}"] = _gain(
                after.value("real_wage", code), base.value("real_wage", code)
            )
        for exporter, importer in ((parties[0], parties[1]), (parties[1], parties[0])):
            before = trade(base, exporter, importer)
            row[f"trade {exporter}→{importer}"] = 100 * (
                trade(after, exporter, importer) / before - 1
            )
        rows.append(row)
    return pd.DataFrame(rows).set_index("lever")


__all__ = [
    "LEVER_NAMES",
    "RARE_EARTH_SECTORS",
    "THIRD_COUNTRIES",
    "Lever",
    "lever_table",
    "standard_levers",
]
