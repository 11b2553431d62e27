"""What each side's card is worth in talks: levers, and the table of releasing each.

A *lever* is an instrument one party holds against another. At a disagreement point (the
policy in force if talks fail, e.g. a scenario on a date) :func:`lever_table` releases
each lever in force alone and reports what it changes, relative to the disagreement
point, for both parties and for third countries: welfare and real wage (percent gains,
as :mod:`tradewar.games.talks` measures them) and the bilateral trade of the two
parties. A lever that is not in force is listed with no change.

The levers and how each is released (our reading of how talks trade these cards; the
sizes are in the constants below, with their sources):

* ``tariffs`` (either party): the holder's tariffs on the target back to the baseline's
  applied rates (which hold the MFN rates and the 2018-19 duties);
* ``rare_earths`` (China): the target leaves the holder's licence pools on rare earths
  and magnets (a general licence for its users, as after Busan for the US), the quotas of
  the other destinations kept; China's October 2025 extension to magnets made abroad (a
  capacity limit below :data:`~tradewar.datasets.magnets.CAPACITY_OUTSIDE_CHINA`) is suspended;
* ``nexperia`` (China): China's ban of October 2025 on exports of the chips Nexperia
  finishes in China (:mod:`tradewar.datasets.nexperia`, on the ``default-chokepoints``
  baseline): released, the target's car makers are exempt, as after November 2025;
* ``chips`` (the US): the US export controls on advanced chips to China, an export
  control on US computers-and-electronics (C26) exports to China at :data:`CHIPS_QUOTA`
  of the baseline quantity; released, the control goes;
* ``students`` (the US): visa restrictions on Chinese students. The baseline (2022)
  already holds them; released, the iceberg cost of US services sold to China falls so
  that they rise by the spending of the students kept out (:data:`STUDENTS_SPENDING_USD_MN`);
* ``july_relief`` (the US): the export controls of late May 2025 on EDA software, ethane
  and jet engines for China, lifted in early July after London
  (:mod:`tradewar.cases.us_china_2025.us_controls`, which sizes them); released, they go;
* ``purchases`` (China): a purchase commitment withheld. Released, China subsidises
  imports of US farm goods (A01) until they reach :data:`PURCHASES_TARGET` of the
  baseline quantity (a negative tariff: China pays for it, our design).

Chips and students are not in the scenario files: :func:`with_status_quo` pulls them
onto a disagreement point (they have been in force since 2020-22). So does it the July
relief and the Nexperia ban where they are not in force: failed talks give the US its
May controls back, and China its ban.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from tradewar.cases.us_china_2025 import us_controls
from tradewar.core.errors import TradewarError
from tradewar.core.policy import Policy, RentHolder
from tradewar.datasets import nexperia
from tradewar.datasets.magnets import CAPACITY_OUTSIDE_CHINA
from tradewar.games.talks import gain
from tradewar.models.interface import Model, WarmStart

#: The sectors a rare-earth lever licenses (the two stages of ``default-rare-earths``).
RARE_EARTH_SECTORS = ("Rare earths", "Magnets")
#: Lever names :func:`standard_levers` knows, and who holds each (None: either party).
LEVER_HOLDERS = {
    "tariffs": None,
    "rare_earths": "CHN",
    "nexperia": "CHN",
    "chips": "USA",
    "students": "USA",
    "july_relief": "USA",
    "purchases": "CHN",
}
LEVER_NAMES = tuple(LEVER_HOLDERS)
#: Third countries a lever table reports by default (those the baseline has; the EU's
#: members together as EU27).
THIRD_COUNTRIES = ("EU27", "JPN", "KOR", "CAN", "MEX", "VNM")

#: The sector the chip controls fall on (semiconductors are part of it; chip-making
#: equipment, in machinery, is left out: no sourced figure for it).
CHIPS_SECTOR = "C26"
#: US semiconductor exports to China lost to the controls, USD mn: USCBC (US-China
#: Business Council, export report, 23 Apr 2024): USD 6.8 bn in 2023, down 39% from 2022
#: (so USD 11.1 bn in 2022), "partly due" to the October 2022 and October 2023 rules. We
#: take the whole fall (USD 4.35 bn) as the controls' effect, an upper bound.
CHIPS_LOSS_USD_MN = 6_800.0 / (1 - 0.39) - 6_800.0
#: The dated chip rules the lever stands for (sized together by :data:`CHIPS_LOSS_USD_MN`).
CHIPS_RULES = (
    ("2022-10-07", "BIS interim final rule: advanced computing and semiconductor items"),
    ("2023-10-17", "BIS rules update: performance density thresholds, more equipment"),
    ("2024-12-02", "BIS: high-bandwidth memory and 24 more kinds of equipment"),
    ("2025-04-15", "licence requirement on H20-class chips (Nvidia 8-K, 15 Apr 2025)"),
    ("2025-07-14", "H20 licences to be granted (eased in July-August 2025)"),
)
#: Chinese students' spending in the US, USD mn a year, and their number: USD 14.4 bn by
#: about 277,000 students in 2023, against 373,000 at the 2019 peak (Open Doors figures,
#: quoted by the US-China Education Trust, China Daily, 29 Jul 2025). Released, the
#: restrictions let the number return to the peak: spending rises by 14.4 (373/277 - 1).
STUDENTS_SPENDING_USD_MN = 14_400.0 * (373 / 277 - 1)
#: The sector US education sold to Chinese students is part of (the ICIO services).
STUDENTS_SECTOR = "Services (aggregate)"
#: China's purchase commitment, as a share of the baseline quantity of US farm goods (A01)
#: sold to China: the soybeans of the Busan commitment (25 Mt a year for 2026-28, White
#: House fact sheet, 1 Nov 2025, close to China's 2024 purchases), valued at the 2024 US
#: soybean exports to China (USD 12.76 bn, ``us_tariffs_2025_tradewartracker/data/
#: china-10-percent-US-exports-030425.csv``), over the baseline's A01 flow (USD 21.3 bn).
PURCHASES_VALUE_USD_MN = 12_761.4
PURCHASES_SECTOR = "A01"


@dataclass(frozen=True)
class Lever:
    """One party's card against another: ``kind`` (one of :data:`LEVER_NAMES`) held by
    ``holder`` against ``target``. ``rate``: what releasing needs from a model
    (:func:`resolve`): for ``purchases`` the import tariff that meets the commitment
    (negative: a subsidy), for ``students`` the iceberg cost once released."""

    kind: str
    holder: str
    target: str
    rate: float | None = None

    @property
    def label(self) -> str:
        what = {
            "tariffs": "tariffs on",
            "rare_earths": "rare-earth licensing of",
            "nexperia": "Nexperia ban on",
            "chips": "chip controls on",
            "students": "student restrictions on",
            "july_relief": "May 2025 controls (EDA, ethane, jet engines) on",
            "purchases": "purchases withheld from",
        }[self.kind]
        return f"{self.holder}'s {what} {self.target}"

    def in_force(self, policy: Policy) -> bool:
        """Whether the lever is pulled under ``policy``."""
        return self.released(policy) is not policy

    def released(self, policy: Policy, *, extension: bool = True) -> Policy:
        """``policy`` with this lever released (the same object when it is not in force).
        ``extension=False``: a rare-earth release licenses the target but keeps China's
        October 2025 extension (as London did, before the extension existed)."""
        b = policy.baseline
        name = f"{policy.name}, {self.label} released"
        t, h = b.index(self.target), b.index(self.holder)
        if self.kind == "tariffs":
            if np.allclose(policy.tariffs[t, h], b.tariffs[t, h], rtol=0, atol=1e-12):
                return policy
            rates = np.array(policy.tariffs)
            rates[t, h] = b.tariffs[t, h]
            return policy.with_tariffs(rates, name)
        if self.kind in ("students", "purchases") and self.rate is None:
            raise TradewarError(f"the {self.kind} lever needs a model: call levers.resolve()")
        if self.kind == "students":
            k = b.sectors.index(STUDENTS_SECTOR)
            cost = 1.0 if policy.trade_costs is None else policy.trade_costs[h, t, k]
            if cost <= self.rate + 1e-12:
                return policy
            return policy.trade_cost(
                self.target,
                on=self.holder,
                change=self.rate - 1,
                additional=False,
                sectors=[STUDENTS_SECTOR],
            ).named(name)
        if self.kind == "purchases":
            k = b.sectors.index(PURCHASES_SECTOR)
            if policy.tariffs[t, h, k] <= self.rate + 1e-12:
                return policy
            return policy.tariff(
                self.holder, on=self.target, rate=self.rate, sectors=[PURCHASES_SECTOR]
            ).named(name)
        released = self._repooled(policy, own_pool=False)
        if extension:
            released = self.extension_suspended(released)
        return policy if released is policy else released.named(name)

    def governs(self, control) -> bool:
        """Whether ``control`` is (part of) this lever: the holder's export control on
        the lever's sectors reaching the target."""
        sectors = _CONTROLLED_SECTORS.get(self.kind, ())
        return (
            bool(sectors)
            and not control.capacity
            and control.exporter == self.holder
            and self.target in control.destinations
            and bool(set(control.sectors) & set(sectors))
        )

    def positions(self, policy: Policy) -> tuple[int, ...]:
        """Positions in ``policy.controls`` of the controls this lever consists of
        (``rare_earths``, ``chips``, ``july_relief``) that reach only the target."""
        return tuple(
            k
            for k, c in enumerate(policy.controls)
            if self.governs(c) and c.destinations == (self.target,)
        )

    def own_pools(self, policy: Policy) -> Policy:
        """``policy`` with the target taken out of the holder's shared licence pools into
        pools of its own at the same quota (one per pool; the others keep theirs), so that
        its quota can be bargained over apart (:meth:`positions`)."""
        return self._repooled(policy, own_pool=True)

    def _repooled(self, policy: Policy, *, own_pool: bool) -> Policy:
        """``policy`` with the target out of each pool of this lever: the other
        destinations keep a pool at the same quota, and the target gets one of its own
        beside it (``own_pool``) or none (a general licence; the others' pools then come
        after the untouched limits). The same object if nothing changes."""
        kept, licensed, changed = [], [], False
        for control in policy.controls:
            if not self.governs(control) or (own_pool and control.destinations == (self.target,)):
                kept.append(control)
                continue
            changed = True
            rest = [d for d in control.destinations if d != self.target]
            if own_pool:  # rest is not empty: the pool reaches more than the target
                kept.append(_pool(policy, control, rest, control.label))
                kept.append(
                    _pool(policy, control, [self.target], f"{control.label} ({self.target})")
                )
            elif rest:
                label = f"{control.label} ({self.target} licensed)"
                licensed.append(_pool(policy, control, rest, label))
        return replace(policy, controls=(*kept, *licensed)) if changed else policy

    def extension_suspended(self, policy: Policy) -> Policy:
        """``policy`` with China's October 2025 extension suspended (rare earths only;
        see :meth:`_extension_lifted`)."""
        controls = tuple(self._extension_lifted(c) for c in policy.controls)
        if all(a is b for a, b in zip(controls, policy.controls, strict=True)):
            return policy
        return replace(policy, controls=controls)

    def _extension_lifted(self, control):
        """For ``rare_earths``: a capacity limit of magnet makers outside China below
        :data:`~tradewar.datasets.magnets.CAPACITY_OUTSIDE_CHINA` is China's October 2025 extension
        to magnets made abroad (licences for their Chinese rare earths); releasing the
        lever suspends it, as Busan did, and the capacity returns to that level."""
        if (
            self.kind == "rare_earths"
            and control.capacity
            and "Magnets" in control.sectors
            and control.quota < CAPACITY_OUTSIDE_CHINA
        ):
            return replace(control, quota=CAPACITY_OUTSIDE_CHINA)
        return control

    def check(self, baseline) -> None:
        """Raise :class:`TradewarError` if ``baseline`` lacks a sector this lever acts on."""
        needs = {
            **_CONTROLLED_SECTORS,
            "students": (STUDENTS_SECTOR,),
            "purchases": (PURCHASES_SECTOR,),
        }.get(self.kind, ())
        missing = [s for s in needs if s not in baseline.sectors]
        either = self.kind == "rare_earths"  # either stage will do
        if missing and (len(missing) == len(needs) or not either):
            where = (
                "default-chokepoints-us2024 (the main job's: the ICIO 2022 default with rare "
                "earths, magnets and Nexperia's chips)"
                if self.kind == "nexperia"
                else "default-rare-earths (the ICIO 2022 default with rare earths and magnets)"
            )
            joined = " or ".join(missing) if either else " and ".join(missing)
            raise TradewarError(
                f"the {self.kind} lever acts on {joined}, which this baseline lacks: use a "
                f"scenario on {where}"
            )

    def pulled(self, policy: Policy) -> Policy:
        """``policy`` with a status-quo lever (``chips``, ``july_relief``, ``nexperia``;
        ``students`` is in the baseline) pulled, if it is not already."""
        if self.kind not in ("chips", "july_relief", "nexperia") or self.in_force(policy):
            return policy
        for sector, quota, label, rent in self._status_quo_controls(policy.baseline):
            policy = policy.export_control(
                self.holder, to=[self.target], quota=quota, sectors=[sector], label=label, rent=rent
            )
        return policy

    def _status_quo_controls(self, baseline) -> list[tuple[str, float, str, RentHolder]]:
        """The export controls (sector, quota, label, rent holder) a status-quo lever pulls
        on the target."""
        if self.kind == "chips":
            return [(CHIPS_SECTOR, chips_quota(baseline), "US chip controls", "exporter")]
        if self.kind == "july_relief":
            return [
                (sector, quota, f"US controls of May 2025 ({sector})", "nobody")
                for sector, quota in us_controls.quotas(baseline).items()
            ]
        if self.kind == "nexperia":
            return [(nexperia.SECTOR, nexperia.BAN_QUOTA, "Nexperia export ban", "nobody")]
        return []


#: The sectors of the levers that are export controls.
_CONTROLLED_SECTORS = {
    "rare_earths": RARE_EARTH_SECTORS,
    "chips": (CHIPS_SECTOR,),
    "july_relief": us_controls.SECTORS,
    "nexperia": (nexperia.SECTOR,),
}


def _pool(policy: Policy, control, to: Sequence[str], label: str):
    """An export control like ``control`` (exporter, sectors, quota, rent holder) reaching
    ``to``."""
    rebuilt = Policy(policy.baseline, policy.tariffs, policy.export_taxes).export_control(
        control.exporter,
        to=list(to),
        quota=control.quota,
        sectors=list(control.sectors),
        label=label,
        rent=control.rent,
    )
    return rebuilt.controls[0]


class WarmStarts:
    """Solves that start from the last solution with the same quantity limits (exporter,
    destinations, sectors and quota of each): releasing a lever that moves a limit
    (rare earths, chips) changes the shadow taxes far more than a tariff does, so the
    nearest start is the last policy with the same limits. Shared by the lever table,
    the sizing of levers and the bargain."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self._states: dict[tuple, WarmStart] = {}

    @staticmethod
    def key(policy: Policy) -> tuple:
        """The limits of ``policy`` (exporter, destinations, sectors, quota): solves with the same
        key share a start."""
        return tuple((c.exporter, c.destinations, c.sectors, c.quota) for c in policy.controls)

    def start(self, policy: Policy) -> WarmStart | None:
        """The state to start ``policy`` from: the last solve with the same limits; else
        the last solve's wages, with each limit's shadow tax taken from a limit of the
        same exporter on the same sectors reaching some of the same destinations (0 if
        none). None before the first solve."""
        key = self.key(policy)
        if key in self._states:
            return self._states[key]
        if not self._states:
            return None
        last_key, last = next(reversed(self._states.items()))
        n = self.model.baseline.n_countries
        shadows = []
        for exporter, destinations, sectors, _ in key:
            same = [
                n + k
                for k, (e, d, s, _) in enumerate(last_key)
                if e == exporter and s == sectors and set(d) & set(destinations)
            ]
            shadows.append(last.unknowns[same[0]] if same and len(last.unknowns) > n else 0.0)
        return WarmStart(np.concatenate([last.unknowns[:n], np.asarray(shadows, float)]))

    def solve(self, policy: Policy):
        """:meth:`Model.solve_warm` from :meth:`start`, the state kept for the next."""
        result, self._states[self.key(policy)] = self.model.solve_warm(
            policy, warm=self.start(policy)
        )
        return result


def chips_quota(baseline) -> float:
    """The quantity of US C26 exports to China the chip controls allow, relative to the
    baseline: 1 - :data:`CHIPS_LOSS_USD_MN` / the baseline flow."""
    flow = baseline.flows[
        baseline.index("USA"), baseline.index("CHN"), baseline.sectors.index(CHIPS_SECTOR)
    ]
    return float(1 - CHIPS_LOSS_USD_MN / flow)


def students_cost(model: Model) -> float:
    """The iceberg cost of US services sold to China once student restrictions are lifted,
    relative to the baseline: the flow rises by :data:`STUDENTS_SPENDING_USD_MN` where it
    responds to costs with the model's services elasticity (partial equilibrium, flow ~
    cost^-(elasticity + 1))."""
    b = model.baseline
    u, c, k = b.index("USA"), b.index("CHN"), b.sectors.index(STUDENTS_SECTOR)
    elasticity = _elasticity(model, u, c, k)
    return float((1 + STUDENTS_SPENDING_USD_MN / b.flows[u, c, k]) ** (-1 / (elasticity + 1)))


def _elasticity(model: Model, exporter: int, importer: int, sector: int) -> float:
    """The trade elasticity of one flow (:meth:`Model.demand_elasticity`)."""
    shape = model.baseline.flows.shape
    return float(np.broadcast_to(model.demand_elasticity(), shape)[exporter, importer, sector])


def resolve(
    lever: Lever,
    model: Model,
    policy: Policy,
    iterations: int = 6,
    starts: WarmStarts | None = None,
) -> Lever:
    """``lever`` with what it needs from an equilibrium: for ``purchases``, China's
    import tariff on US farm goods (A01, negative: a subsidy) that brings their quantity
    to the commitment at ``policy`` (secant steps on model solves; at most ``iterations``).
    Other levers, and a commitment already met, come back unchanged."""
    if lever.rate is not None or lever.kind not in ("students", "purchases"):
        return lever
    if lever.kind == "students":
        return replace(lever, rate=students_cost(model))
    b = model.baseline
    h, t, k = b.index(lever.holder), b.index(lever.target), b.sectors.index(PURCHASES_SECTOR)
    target = PURCHASES_VALUE_USD_MN / b.flows[t, h, k]

    starts = starts or WarmStarts(model)

    def quantity(rate: float) -> float:
        pledged = policy.tariff(
            lever.holder, on=lever.target, rate=rate, sectors=[PURCHASES_SECTOR]
        )
        r = starts.solve(pledged)
        value = r.flows_after[t, h, k] / r.sector_outcomes["unit_cost_hat"][t, k]
        return float(value / b.flows[t, h, k])

    r0 = float(policy.tariffs[t, h, k])
    q0 = quantity(r0)
    if q0 >= target:
        return replace(lever, rate=r0)
    exponent = _elasticity(model, t, h, k) + 1  # partial equilibrium: q ~ (1 + r)^-exponent
    r1 = (1 + r0) * (q0 / target) ** (1 / exponent) - 1
    q1 = quantity(r1)
    for _ in range(iterations):
        if abs(q1 / target - 1) < 1e-4:
            break
        r0, q0, r1 = r1, q1, r1 + (target - q1) * (r1 - r0) / (q1 - q0)
        q1 = quantity(r1)
    return replace(lever, rate=float(r1))


def resolve_all(
    levers: Sequence[Lever], model: Model, policy: Policy, starts: WarmStarts | None = None
) -> list[Lever]:
    """:func:`resolve` for each lever (each checked against the model's baseline)."""
    for lever in levers:
        lever.check(model.baseline)
    return [resolve(lever, model, policy, starts=starts) for lever in levers]


def with_status_quo(policy: Policy, levers: Sequence[Lever]) -> Policy:
    """``policy`` with the status-quo levers among ``levers`` pulled (:meth:`Lever.pulled`)."""
    for lever in levers:
        lever.check(policy.baseline)
        policy = lever.pulled(policy)
    return policy


def standard_levers(a: str, b: str, names: Sequence[str] = LEVER_NAMES) -> list[Lever]:
    """The levers named in ``names`` that ``a`` and ``b`` hold against each other: tariffs
    both ways; the others (:data:`LEVER_HOLDERS`) between the US and China only."""
    unknown = [n for n in names if n not in LEVER_NAMES]
    if unknown:
        raise TradewarError(f"unknown levers {unknown}: known are {', '.join(LEVER_NAMES)}")
    levers = []
    for name in dict.fromkeys(names):
        for holder, target in ((a, b), (b, a)):
            fixed = LEVER_HOLDERS[name]
            if fixed is None or (holder == fixed and {a, b} == {"USA", "CHN"}):
                levers.append(Lever(name, holder, target))
    if not levers:
        raise TradewarError(f"none of {list(names)} is a lever {a} or {b} holds")
    return levers


def group_value(result, baseline, column: str, code: str) -> float:
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
    starts: WarmStarts | None = None,
) -> pd.DataFrame:
    """One row per lever: whether it is in force at ``disagreement`` and, releasing it
    alone, the welfare gain of each party and third country, the parties' real-wage gains
    and the change of their bilateral trade (percent, relative to the disagreement
    point). Solves 1 + (levers in force) equilibria with ``model``."""
    b = model.baseline
    starts = starts or WarmStarts(model)
    levers = resolve_all(levers, model, disagreement, starts)
    parties = list(dict.fromkeys(code for lever in levers for code in (lever.holder, lever.target)))
    others = [c for c in third if c not in parties and (c in b.countries or c == "EU27")]
    releases = [lever.released(disagreement) for lever in levers]
    pulled = [policy is not disagreement for policy in releases]
    at_disagreement = starts.solve(disagreement)
    rest = iter(starts.solve(p) for p, on in zip(releases, pulled, strict=True) if on)

    def trade(result, exporter: str, importer: str) -> float:
        return float(result.flows_after[b.index(exporter), b.index(importer)].sum())

    rows = []
    for lever, on in zip(levers, pulled, strict=True):
        after = next(rest) if on else at_disagreement
        row = {"lever": lever.label, "in force": on}
        for code in [*parties, *others]:
            row[f"welfare {code}"] = gain(
                group_value(after, b, "welfare", code),
                group_value(at_disagreement, b, "welfare", code),
            )
        for code in parties:
            row[f"real wage {code}"] = gain(
                after.value("real_wage", code), at_disagreement.value("real_wage", code)
            )
        for exporter, importer in ((parties[0], parties[1]), (parties[1], parties[0])):
            before = trade(at_disagreement, exporter, importer)
            row[f"trade {exporter}→{importer}"] = 100 * (
                trade(after, exporter, importer) / before - 1
            )
        rows.append(row)
    return pd.DataFrame(rows).set_index("lever")


__all__ = [
    "LEVER_HOLDERS",
    "LEVER_NAMES",
    "RARE_EARTH_SECTORS",
    "THIRD_COUNTRIES",
    "Lever",
    "WarmStarts",
    "chips_quota",
    "group_value",
    "lever_table",
    "resolve",
    "resolve_all",
    "standard_levers",
    "students_cost",
    "with_status_quo",
]
