"""The bargain over several levers: which combinations both sides prefer to the
disagreement point, the Nash bargaining solution, and where real deals lie.

Continuous levers, with exact gradients (:meth:`Model.welfare_and_gradients`, implicit
differentiation with the export controls' shadow taxes among the unknowns): the two
bilateral tariffs (each side's uniform tariff on the other, as in
:func:`tradewar.games.talks.nash_bargain`) and the target's rare-earth licence quota (its
own pools, split out of China's shared ones), from its level at the disagreement point up
to :data:`QUOTA_CEILING` (a general licence). Discrete moves, enumerated: the US chip
controls lifted (a rule covers a product or not), student restrictions lifted, China's
purchase commitment, and the suspension of China's October 2025 extension. (Chip
coverage could be a continuous quota too: measured on the snap-back, refining it cost 20
s for a lever worth under 0.01% of welfare there, so it is a switch: our design.)
:func:`bargain`:

1. evaluates every combination of discrete moves with the two sides' trade freed (their
   bilateral tariffs at the baseline's applied rates) and the quotas as at the
   disagreement point (one warm solve each): the gains of both sides and of third
   countries, and whether both gain;
2. refines the continuous levers of the ``refine`` combinations with the largest Nash
   product at step 1 by exact gradients
   (:func:`~tradewar.games.talks.maximise_nash_product`) and returns the best as the
   Nash bargain. Refining only the leaders is our design, to keep five levers within a
   minute: a combination that scores lower at step 1 is not refined.

A purchase commitment holds China's tariff on US farm goods at most at the rate that
meets it; where the bargained tariff is lower the commitment is slack.

Gains are percent changes of welfare from the disagreement point, as in
:mod:`tradewar.games.talks`. With only the tariff levers there is one combination, and its
bargain equals :func:`~tradewar.games.talks.nash_bargain` from another start (tested).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tradewar.cases.us_china_2025.levers import (
    PURCHASES_SECTOR,
    THIRD_COUNTRIES,
    Lever,
    WarmStarts,
    group_value,
    resolve_all,
)
from tradewar.core.errors import TradewarError
from tradewar.core.policy import Policy
from tradewar.core.results import Results
from tradewar.games.talks import gain, maximise_nash_product
from tradewar.models.interface import Model, QuotaChoice, TariffCells, pair_cells, read_cells


@dataclass(frozen=True)
class Outcome:
    """One point of the bargaining set: the levers ``released`` (kinds), the bilateral
    tariffs (a on b, b on a), the gains (percent) of the parties and third countries,
    and the log of the (weighted) Nash product (-inf unless both parties gain)."""

    released: tuple[str, ...]
    rates: tuple[float, float]
    gains: dict[str, float]
    nash_product: float
    policy: Policy
    quotas: dict[str, float] = field(default_factory=dict)

    @property
    def mutual(self) -> bool:
        return bool(np.isfinite(self.nash_product))


@dataclass(frozen=True)
class BargainingSet:
    """Every combination of released levers (at the tariffs of the bargain), the Nash
    bargain, and the real deals placed against the same disagreement point."""

    parties: tuple[str, str]
    combinations: tuple[Outcome, ...]
    nash: Outcome
    deals: tuple[Outcome, ...]

    def table(self) -> pd.DataFrame:
        """One row per combination and per deal: kind, levers released, tariffs, gains."""
        a, b = self.parties
        rows = []
        for kind, outcomes in (("combination", self.combinations), ("deal", self.deals)):
            for o in outcomes:
                rows.append(
                    {
                        "kind": kind,
                        "name": o.policy.name
                        if kind == "deal"
                        else " + ".join(o.released) or "tariffs only",
                        f"tariff {a} on {b}": o.rates[0],
                        f"tariff {b} on {a}": o.rates[1],
                        **{f"gain {c}": g for c, g in o.gains.items()},
                        "both gain": o.mutual,
                        "nash": o is self.nash,
                    }
                )
        return pd.DataFrame(rows)


def _cells(baseline, a: str, b: str, released: Sequence[Lever], theta) -> TariffCells:
    """The pair's bilateral tariff cells, less China's tariff on US farm goods where a
    purchase commitment holds it below the bargained rate (``purchases`` released)."""
    cells = pair_cells(baseline, a, b)
    keep = np.ones(len(cells.index), bool)
    for lever in released:
        side = 0 if lever.holder == a else 1
        if lever.kind == "purchases" and theta[side] > lever.rate:
            h, t = baseline.index(lever.holder), baseline.index(lever.target)
            k = baseline.sectors.index(PURCHASES_SECTOR)
            keep &= ~(
                (np.asarray(cells.importers) == h)
                & (np.asarray(cells.exporters) == t)
                & (np.asarray(cells.sectors) == k)
            )
    return TariffCells(*(field[keep] for field in cells))


def _log_nash(gains: np.ndarray, power: float) -> float:
    if np.any(gains <= 0):
        return -np.inf
    logs = np.log1p(gains / 100)
    return float(2 * (power * np.log(logs[0]) + (1 - power) * np.log(logs[1])))


def _outcome(
    result: Results,
    at_disagreement: Results,
    baseline,
    parties: tuple[str, str],
    third: Sequence[str],
    released: tuple[str, ...],
    rates,
    power: float,
    policy: Policy,
    quotas: dict[str, float] | None = None,
) -> Outcome:
    gains = {
        code: gain(
            group_value(result, baseline, "welfare", code),
            group_value(at_disagreement, baseline, "welfare", code),
        )
        for code in [*parties, *third]
    }
    product = _log_nash(np.array([gains[parties[0]], gains[parties[1]]]), power)
    rates = (float(rates[0]), float(rates[1]))
    return Outcome(released, rates, gains, product, policy, quotas or {})


#: The quota that stands for a general licence when a quota is bargained over
#: continuously: 1.5 times the baseline quantity, which no solve of the talks reaches.
QUOTA_CEILING = 1.5


@dataclass(frozen=True)
class _Switch:
    """A discrete move of a bargain: releasing a lever, or suspending China's October
    2025 extension (``extension``)."""

    lever: Lever
    extension: bool = False

    @property
    def name(self) -> str:
        return "rare_earths_extension" if self.extension else self.lever.kind

    def apply(self, policy: Policy) -> Policy:
        if self.extension:
            return self.lever.extension_suspended(policy)
        return self.lever.released(policy)


#: The levers released whole (not bargained over as a rate or a quota).
_DISCRETE = ("students", "purchases", "chips", "july_relief", "nexperia")


def _switches(levers: Sequence[Lever], disagreement: Policy) -> list[_Switch]:
    """The discrete moves: chips, students, the July relief, purchases, the Nexperia ban,
    and the suspension of China's October extension, where in force."""
    moves = []
    for lever in levers:
        if lever.kind in _DISCRETE and lever.in_force(disagreement):
            moves.append(_Switch(lever))
        elif (
            lever.kind == "rare_earths"
            and lever.extension_suspended(disagreement) is not disagreement
        ):
            moves.append(_Switch(lever, extension=True))
    return moves


def _quota_levers(levers: Sequence[Lever], disagreement: Policy) -> list[Lever]:
    """The levers bargained over as quotas: rare-earth licences for the target, where in
    force."""
    return [
        lever
        for lever in levers
        if lever.kind == "rare_earths" and any(lever.governs(c) for c in disagreement.controls)
    ]


def bargain(
    model: Model,
    a: str,
    b: str,
    disagreement: Policy,
    levers: Sequence[Lever],
    *,
    deals: Sequence[Policy] = (),
    power: float = 0.5,
    bounds: tuple[float, float] = (0.0, 1.5),
    refine: int = 1,
    third: Sequence[str] = THIRD_COUNTRIES,
    starts: WarmStarts | None = None,
) -> BargainingSet:
    """The bargaining set of ``a`` and ``b`` over ``levers`` at ``disagreement`` (see the
    module docstring); ``deals``: policies to place against it (e.g. :func:`real_deals`);
    ``power``: ``a``'s bargaining weight; ``bounds``: of the bilateral tariffs. Needs the
    tariff levers of both sides."""
    base_line = model.baseline
    parties = (a, b)
    starts = starts or WarmStarts(model)
    levers = resolve_all(levers, model, disagreement, starts)
    if {(lv.holder, lv.target) for lv in levers if lv.kind == "tariffs"} != {(a, b), (b, a)}:
        raise TradewarError("a bargain needs the tariff levers of both sides (tariffs)")
    switches = _switches(levers, disagreement)
    quota_levers = _quota_levers(levers, disagreement)
    others = [c for c in third if c not in parties and (c in base_line.countries or c == "EU27")]
    at_disagreement = starts.solve(disagreement)
    w_dis = np.array([at_disagreement.value("welfare", a), at_disagreement.value("welfare", b)])

    def setting(moves: Sequence[_Switch]):
        """The policy of a combination, its quota choices, bounds and starting values."""
        policy = disagreement
        for move in moves:
            policy = move.apply(policy)
        for lever in quota_levers:
            policy = lever.own_pools(policy)
        positions, index, limits, values = [], [], [], []
        for lever in quota_levers:
            at = lever.positions(policy)
            positions.extend(at)
            index.extend([2 + len(limits)] * len(at))
            quota = policy.controls[at[0]].quota
            limits.append((quota, QUOTA_CEILING))
            values.append(quota)
        return policy, QuotaChoice(tuple(positions), tuple(index)), limits, values

    def solve_at(policy, moves, quotas, theta) -> Outcome:
        released = [m.lever for m in moves if not m.extension]
        cells = _cells(base_line, a, b, released, theta)
        named = model.policy_with(policy, cells, theta, quotas=quotas)
        result = starts.solve(named)
        chosen = {lv.kind: float(theta[2 + k]) for k, lv in enumerate(quota_levers)}
        labels = tuple(m.name for m in moves)
        return _outcome(
            result, at_disagreement, base_line, parties, others, labels, theta, power, named, chosen
        )

    # 1. every combination of discrete moves, the pair's trade freed (baseline rates),
    # the quotas as at the disagreement point
    tariffs = np.clip(read_cells(base_line.tariffs, pair_cells(base_line, a, b), 2), *bounds)
    combos = []
    for size in range(len(switches) + 1):
        for moves in itertools.combinations(switches, size):
            chosen = setting(moves)
            policy, quotas, _, values = chosen
            theta = np.concatenate([tariffs, values])
            combos.append([solve_at(policy, moves, quotas, theta), moves, chosen])
    # 2. the tariffs and quotas of the best, by exact gradients
    ranked = sorted(range(len(combos)), key=lambda i: -combos[i][0].nash_product)
    for i in ranked[:refine]:
        outcome, moves, (policy, quotas, limits, values) = combos[i]
        if not outcome.mutual:
            continue
        theta = np.concatenate([tariffs, values])
        released = [m.lever for m in moves if not m.extension]
        x, _ = maximise_nash_product(
            model,
            parties,
            policy,
            _cells(base_line, a, b, released, theta),
            theta,
            w_dis,
            [bounds, bounds, *limits],
            power=power,
            warm=starts.start(policy),
            quotas=quotas,
        )
        combos[i][0] = solve_at(policy, moves, quotas, x)
    outcomes = tuple(c[0] for c in combos)
    nash = max(outcomes, key=lambda o: o.nash_product)
    if not nash.mutual:
        raise TradewarError(
            f"no combination of levers with {a}'s and {b}'s trade freed makes both gain "
            "over the disagreement point: no bargain found"
        )
    placed = []
    for deal in deals:
        result = starts.solve(deal)
        rates = read_cells(deal.tariffs, pair_cells(base_line, a, b), 2)
        placed.append(
            _outcome(result, at_disagreement, base_line, parties, others, (), rates, power, deal)
        )
    return BargainingSet(parties, outcomes, nash, tuple(placed))


#: When the US fentanyl duty on China was halved under the Busan deal (EO of 4 Nov 2025).
FENTANYL_HALVED = "2025-11-10"


def real_deals(
    disagreement: Policy, levers: Sequence[Lever], *, fentanyl_halved: bool = False
) -> list[Policy]:
    """The US-China deals of 2025 as moves from a disagreement point where the Geneva
    truce has lapsed (our reading of the joint statements; the levers must be resolved):

    * Geneva (12 May 2025): each side's tariff on the other 24 points lower;
    * London (10-11 Jun 2025): Geneva, and rare-earth licences for US users (China's
      October 2025 extension, if in force, kept) against the easing of US chip controls
      and of student visas and the lifting of the US controls of late May 2025 on EDA
      software, ethane and jet engines (``july_relief``);
    * Busan (30 Oct 2025): London, China's October 2025 controls suspended (in the
      rare-earth lever), the US fentanyl duty halved (10 points; ``fentanyl_halved``:
      already so at the disagreement point, e.g. a scenario read after
      :data:`FENTANYL_HALVED`) against China's purchase commitment and the exemptions
      from its Nexperia ban (``nexperia``).
    """
    by_kind = {lever.kind: lever for lever in levers if lever.kind != "tariffs"}

    def release(policy: Policy, kinds: Sequence[str], extension: bool = True) -> Policy:
        for kind in kinds:
            if kind in by_kind:
                policy = by_kind[kind].released(policy, extension=extension)
        return policy

    geneva = (
        disagreement.tariff("USA", on=["CHN"], rate=-0.24, additional=True, floor=0.0)
        .tariff("CHN", on=["USA"], rate=-0.24, additional=True, floor=0.0)
        .named("Geneva (May 2025)")
    )
    london = release(geneva, ("rare_earths", "chips", "students", "july_relief"), extension=False)
    london = london.named("London (Jun 2025)")
    cut = 0.0 if fentanyl_halved else -0.10
    busan = release(
        london.tariff("USA", on=["CHN"], rate=cut, additional=True, floor=0.0),
        ("rare_earths", "purchases", "nexperia"),
    ).named("Busan (Oct 2025)")
    return [geneva, london, busan]


def plot_bargaining_set(result: BargainingSet, path) -> None:
    """Save a PNG: each combination of released levers and each real deal by the two
    parties' gains, the Nash bargain marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    a, b = result.parties
    fig, ax = plt.subplots(figsize=(7, 5.5))
    for o in result.combinations:
        ax.scatter(o.gains[a], o.gains[b], c="tab:green" if o.mutual else "lightgrey", s=30)
    for k, o in enumerate(result.deals):  # labels stacked: deals may lie close together
        ax.scatter(o.gains[a], o.gains[b], marker="*", s=160, c="tab:red", zorder=3)
        ax.annotate(
            o.policy.name,
            (o.gains[a], o.gains[b]),
            fontsize=8,
            xytext=(6, 4 + 11 * k),
            textcoords="offset points",
            arrowprops={"arrowstyle": "-", "color": "tab:red", "lw": 0.5},
        )
    n = result.nash
    ax.scatter(n.gains[a], n.gains[b], marker="D", s=70, c="tab:blue", zorder=3)
    ax.annotate(
        "Nash bargain",
        (n.gains[a], n.gains[b]),
        fontsize=8,
        xytext=(4, -10),
        textcoords="offset points",
    )
    ax.axhline(0, c="k", lw=0.6)
    ax.axvline(0, c="k", lw=0.6)
    ax.scatter([], [], c="tab:green", s=30, label="levers released, both gain")
    ax.scatter([], [], c="lightgrey", s=30, label="levers released, one loses")
    ax.set_xlabel(f"welfare gain of {a} over the disagreement point (%)")
    ax.set_ylabel(f"welfare gain of {b} (%)")
    ax.set_title(f"The bargaining set {a}-{b}: combinations of levers and the 2025 deals")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


__all__ = [
    "FENTANYL_HALVED",
    "BargainingSet",
    "Outcome",
    "bargain",
    "plot_bargaining_set",
    "real_deals",
]
