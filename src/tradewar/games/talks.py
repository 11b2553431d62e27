"""Trade talks between two parties: evaluate a deal, map mutual gains, bargain.

Welfare is compared with a *disagreement point* (what happens if talks fail, e.g. a truce
expiring and tariffs snapping back): a party's gain from a deal is the percent change of
its welfare under the deal relative to its welfare at the disagreement point,
``100 (W_deal / W_disagreement - 1)``. A deal is mutually beneficial when every party
gains. Nash bargaining picks the bilateral tariffs that maximise the product of gains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from tradewar.core.errors import TradewarError
from tradewar.core.policy import Policy
from tradewar.models.interface import Model, QuotaChoice, TariffCells, WarmStart, pair_cells


@dataclass(frozen=True)
class DealEvaluation:
    """Gains of each party from ``deal`` against ``disagreement`` (percent)."""

    parties: tuple[str, ...]
    gains: dict[str, float]
    welfare_deal: dict[str, float]
    welfare_disagreement: dict[str, float]

    @property
    def mutually_beneficial(self) -> bool:
        return all(g > 0 for g in self.gains.values())


def gain(w_deal: float, w_dis: float) -> float:
    """A party's gain (percent) from welfare ``w_dis`` to ``w_deal`` (both percent changes
    from the baseline): ``100 (W_deal / W_dis - 1)``."""
    return 100.0 * ((1 + w_deal / 100) / (1 + w_dis / 100) - 1)


def evaluate_deal(
    model: Model, parties: Sequence[str], disagreement: Policy, deal: Policy
) -> DealEvaluation:
    """Each party's welfare gain from ``deal`` relative to ``disagreement``."""
    for p in parties:
        model.baseline.index(p)
    dis, agreed = model.solve_many([disagreement, deal])
    w_dis = {p: dis.value("welfare", p) for p in parties}
    w_deal = {p: agreed.value("welfare", p) for p in parties}
    gains = {p: gain(w_deal[p], w_dis[p]) for p in parties}
    return DealEvaluation(tuple(parties), gains, w_deal, w_dis)


def mutual_gain_grid(
    model: Model,
    a: str,
    b: str,
    disagreement: Policy,
    rates: Sequence[float] = tuple(np.linspace(0.0, 1.5, 16)),
) -> pd.DataFrame:
    """Gains of ``a`` and ``b`` over a grid of their bilateral tariffs.

    Row per pair (``tariff_a_on_b``, ``tariff_b_on_a``), all other tariffs as in
    ``disagreement``; columns ``gain_a``, ``gain_b`` (percent vs the disagreement point)
    and ``mutual`` (both gain). One batched (vmap) solve for the whole grid.
    """
    dis = model.solve(disagreement)
    w_dis = (dis.value("welfare", a), dis.value("welfare", b))
    pairs = [(ta, tb) for ta in rates for tb in rates]
    policies = [
        disagreement.tariff(a, on=b, rate=ta).tariff(b, on=a, rate=tb).named(f"{ta:.3f}/{tb:.3f}")
        for ta, tb in pairs
    ]
    results = model.solve_many(policies)
    frame = pd.DataFrame(pairs, columns=[f"tariff_{a}_on_{b}", f"tariff_{b}_on_{a}"])
    frame["gain_a"] = [gain(r.value("welfare", a), w_dis[0]) for r in results]
    frame["gain_b"] = [gain(r.value("welfare", b), w_dis[1]) for r in results]
    frame["mutual"] = (frame["gain_a"] > 0) & (frame["gain_b"] > 0)
    return frame


def bilateral_rate(policy: Policy, importer: str, exporter: str) -> float:
    """``importer``'s tariff on ``exporter`` under ``policy``: the mean over sectors
    weighted by the baseline's flows (a fraction)."""
    b = policy.baseline
    i, n = b.index(exporter), b.index(importer)
    weights = b.flows[i, n, :]
    rates = policy.tariffs[i, n, :]
    return float((rates * weights).sum() / weights.sum()) if weights.sum() > 0 else 0.0


def plot_mutual_gains(
    grid: pd.DataFrame,
    a: str,
    b: str,
    path,
    marks: dict[str, Policy] | None = None,
) -> None:
    """Save a PNG of :func:`mutual_gains_figure` to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = mutual_gains_figure(grid, a, b, marks)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def mutual_gains_figure(grid: pd.DataFrame, a: str, b: str, marks: dict[str, Policy] | None = None):
    """A matplotlib figure of the grid of :func:`mutual_gain_grid`: where both gain (the set
    of mutually beneficial deals); ``marks`` places up to three policies on it by their
    bilateral tariffs (e.g. the disagreement point, a deal and the bargain, by label)."""
    import matplotlib.pyplot as plt

    x, y = grid.columns[0], grid.columns[1]
    fig, ax = plt.subplots(figsize=(6, 5))
    colors = np.where(
        grid["mutual"],
        "tab:green",
        np.where(
            grid["gain_a"] > 0, "tab:blue", np.where(grid["gain_b"] > 0, "tab:orange", "lightgrey")
        ),
    )
    ax.scatter(100 * grid[x], 100 * grid[y], c=list(colors), s=60, marker="s")
    for label, color in (
        ("both gain", "tab:green"),
        (f"only {a} gains", "tab:blue"),
        (f"only {b} gains", "tab:orange"),
        ("both lose", "lightgrey"),
    ):
        ax.scatter([], [], c=color, marker="s", label=label)
    for (label, policy), style in zip(
        (marks or {}).items(), (("X", "black"), ("*", "tab:red"), ("D", "tab:purple")), strict=False
    ):
        xy = (100 * bilateral_rate(policy, a, b), 100 * bilateral_rate(policy, b, a))
        ax.scatter(
            *xy,
            marker=style[0],
            c=style[1],
            s=170,
            edgecolors="white",
            zorder=3,
            label=f"{label} ({xy[0]:.0f}%, {xy[1]:.0f}%)",
        )
    ax.set_xlabel(f"tariff of {a} on {b} (%)")
    ax.set_ylabel(f"tariff of {b} on {a} (%)")
    ax.set_title(f"Deals {a}-{b} vs the disagreement point")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=8)
    fig.tight_layout()
    return fig


@dataclass(frozen=True)
class Bargain:
    """Nash-bargaining tariffs: ``rates`` = (tariff of a on b, tariff of b on a)."""

    rates: tuple[float, float]
    gains: dict[str, float]
    policy: Policy


def nash_bargain(
    model: Model,
    a: str,
    b: str,
    disagreement: Policy,
    bounds: tuple[float, float] = (0.0, 1.5),
    *,
    power: float = 0.5,
) -> Bargain:
    """Bilateral tariffs maximising the (weighted) product of both parties' gains, exact
    gradients; ``power``: the bargaining weight of ``a`` (0.5: the symmetric Nash
    solution). Raises :class:`TradewarError` if no pair of bilateral tariffs makes both
    gain."""
    cells = pair_cells(model.baseline, a, b)
    dis = model.solve(disagreement)
    w_dis = np.array([dis.value("welfare", a), dis.value("welfare", b)])
    grid = mutual_gain_grid(
        model, a, b, disagreement, rates=tuple(np.linspace(bounds[0], bounds[1], 7))
    )
    if not grid["mutual"].any():
        raise TradewarError(
            f"no bilateral tariffs make both {a} and {b} gain over the disagreement point"
        )
    start = grid.loc[grid["mutual"]].assign(p=lambda g: g.gain_a * g.gain_b).nlargest(1, "p")
    x0 = start.iloc[0, :2].to_numpy(dtype=float)
    theta, _ = maximise_nash_product(
        model, (a, b), disagreement, cells, x0, w_dis, [bounds] * 2, power=power
    )
    policy = model.policy_with(disagreement, cells, theta, f"{a}-{b} Nash bargain")
    evaluation = evaluate_deal(model, (a, b), disagreement, policy)
    return Bargain((float(theta[0]), float(theta[1])), evaluation.gains, policy)


def maximise_nash_product(
    model: Model,
    parties: Sequence[str],
    policy: Policy,
    cells: TariffCells,
    x0: np.ndarray,
    w_dis: np.ndarray,
    bounds: Sequence[tuple[float, float]],
    *,
    power: float | Sequence[float] = 0.5,
    warm: WarmStart | None = None,
    quotas: QuotaChoice | None = None,
    scale: np.ndarray | None = None,
    gtol: float | None = None,
) -> tuple[np.ndarray, float]:
    """The tariffs in ``cells`` (from ``x0``, within ``bounds``) that maximise the
    weighted Nash product of the parties' gains over their disagreement welfare ``w_dis``
    (percent), everything else as in ``policy``: L-BFGS-B on ``-sum_p w_p ln g_p``,
    ``g = ln(W / W_dis)``, with exact gradients (:meth:`Model.welfare_and_gradients`).
    ``x0`` must make every party gain. Returns the tariffs and the maximised objective
    (the log of the weighted Nash product).

    ``power``: two parties, the bargaining weight of the first (0.5: symmetric; weights
    ``2 (power, 1 - power)``); or one positive weight per party (scaled to average 1).
    ``quotas``: export-control quotas ``theta`` also sets (after the tariffs). ``scale``:
    optimise ``theta / scale`` (well conditioned when some cells carry tiny flows);
    ``gtol``: L-BFGS-B's gradient tolerance in those variables (default SciPy's).
    """
    weights = bargaining_weights(power, len(parties))
    scale = np.ones(len(x0)) if scale is None else np.asarray(scale, float)
    state = {"warm": warm}

    def loss(u):
        theta = u * scale
        values, grads, state["warm"] = model.welfare_and_gradients(
            policy, cells, theta, list(parties), state["warm"], quotas=quotas
        )
        ratio = (1 + values / 100) / (1 + w_dis / 100)
        if np.any(ratio <= 1):
            return 1e6, np.zeros(len(theta))
        logs = np.log(ratio)
        f = -float(weights @ np.log(logs))
        d = (weights / logs / (100 + values))[:, None] * grads  # d ln ln ratio / d theta
        return f, -d.sum(axis=0) * scale

    options = {} if gtol is None else {"ftol": 1e-15, "gtol": gtol, "maxiter": 3000}
    res = optimize.minimize(
        loss,
        np.asarray(x0, float) / scale,
        jac=True,
        method="L-BFGS-B",
        bounds=[(lo / k, hi / k) for (lo, hi), k in zip(bounds, scale, strict=True)],
        options=options,
    )
    return np.asarray(res.x * scale, float), -float(res.fun)


def bargaining_weights(power: float | Sequence[float], parties: int) -> np.ndarray:
    """Weights of the parties' log gains in the Nash product (see
    :func:`maximise_nash_product`)."""
    if np.ndim(power) == 0:
        if parties != 2:
            raise TradewarError(f"{parties} parties need one bargaining weight each")
        if not 0 < float(power) < 1:
            raise TradewarError(f"bargaining power {power} must lie strictly between 0 and 1")
        return 2 * np.array([float(power), 1 - float(power)])
    weights = np.asarray(power, float)
    if weights.shape != (parties,) or np.any(weights <= 0) or not np.all(np.isfinite(weights)):
        raise TradewarError(f"bargaining weights must be {parties} positive numbers")
    return parties * weights / weights.sum()
