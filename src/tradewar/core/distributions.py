"""Parameter distributions with their sources, and the defaults for each model family.

A :class:`Distribution` is one scalar parameter: its point value (what a plain run uses),
a law to draw from, and where both come from. Draws are independent across parameters
unless a source gives a covariance; none of the sources used here does, so every
default is independent (said in each ``source``).

Defaults (:func:`defaults_for`):

* **Caliendo-Parro sector trade elasticities** theta_j: log-normal around the set the
  model uses (its value is the median), with the log-spread of the sector-specific
  published sets shipped with the baseline (the ICIO cube ships eight; the uniform "U4"
  is a benchmark value, not an estimate, and is left out). Independent across sectors:
  the papers give no covariance between sectors.
* **IMLS trade elasticity** epsilon: log-normal, median 4 (the paper's baseline), 5-95%
  band [2, 8]: from the long-run estimates of Boehm, Levchenko & Pandalai-Nayar (2023,
  about 2) to the paper's own robustness value (8).
* **IMLS labour-supply elasticity** kappa: uniform [0.25, 0.75] around the paper's 0.5
  (Chetty et al. 2011); the width is our design (labelled so in the README).
* **Dynamics** (months to the long run, the ``months`` of the BLP profile): uniform
  [21.1, 29.1]: g(12) = 0.76 / e_LR with the long-run elasticity e_LR in BLP's published
  range 1.75-2.25, months = -12 / ln(1 - g(12)).
* **Scenario quantities a file marks uncertain** (``quota: {low: 0.3, high: 0.7}``,
  ``rate: {low: ..., high: ...}``): uniform between the bounds; the point run uses the
  midpoint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from tradewar.core.errors import TradewarError

Kind = Literal["lognormal", "uniform", "normal"]

#: z-value of the 95th percentile of the standard normal (5-95% bands).
Z95 = 1.6448536269514722


@dataclass(frozen=True)
class Distribution:
    """One uncertain scalar parameter.

    name: what it sets (``theta[C26]``, ``epsilon``, ``dynamics.months``,
    ``events[5].quota``); point: the value a plain run uses; kind: ``lognormal`` (median
    ``point``, log-sd ``scale``), ``normal`` (mean ``point``, sd ``scale``) or ``uniform``
    (``low`` to ``high``); source: where the point and the spread come from.
    """

    name: str
    point: float
    kind: Kind
    source: str
    scale: float = 0.0
    low: float = math.nan
    high: float = math.nan

    def __post_init__(self) -> None:
        if self.kind not in ("lognormal", "uniform", "normal"):
            raise TradewarError(f"distribution {self.name}: unknown kind {self.kind!r}")
        if not math.isfinite(self.point):
            raise TradewarError(f"distribution {self.name}: point {self.point} is not finite")
        if self.kind in ("lognormal", "normal") and not (self.scale >= 0):
            raise TradewarError(
                f"distribution {self.name}: scale must be zero or positive, not {self.scale}"
            )
        if self.kind == "lognormal" and not self.point > 0:
            raise TradewarError(
                f"distribution {self.name}: a log-normal needs a positive median, not {self.point}"
            )
        if self.kind == "uniform" and not (self.low <= self.high):
            raise TradewarError(
                f"distribution {self.name}: uniform needs low <= high, got {self.low} and "
                f"{self.high}"
            )

    def sample(self, rng: np.random.Generator) -> float:
        """One draw (uses exactly one standard-normal or uniform variate of ``rng``)."""
        if self.kind == "uniform":
            return float(self.low + (self.high - self.low) * rng.random())
        z = rng.standard_normal()
        if self.kind == "normal":
            return float(self.point + self.scale * z)
        return float(self.point * math.exp(self.scale * z))

    def interval(self, lo: float = 0.05, hi: float = 0.95) -> tuple[float, float]:
        """The central band of the law (for docs and tables)."""
        from scipy import stats

        if self.kind == "uniform":
            w = self.high - self.low
            return self.low + lo * w, self.low + hi * w
        q = stats.norm.ppf([lo, hi]) * self.scale
        if self.kind == "normal":
            return float(self.point + q[0]), float(self.point + q[1])
        return float(self.point * math.exp(q[0])), float(self.point * math.exp(q[1]))


def uniform(name: str, low: float, high: float, source: str, point: float | None = None):
    """A uniform law on [low, high]; ``point`` defaults to the midpoint."""
    mid = 0.5 * (low + high) if point is None else point
    return Distribution(name, mid, "uniform", source, low=low, high=high)


#: BLP (2023): short-run (one year) elasticity 0.76, long run 1.75-2.25 (abstract).
BLP_SHORT, BLP_LONG = 0.76, (1.75, 2.25)


def blp_months(long_run: float) -> float:
    """Months of the profile g(h) = 1 - exp(-h / months) with g(12) = 0.76 / long_run."""
    return -12.0 / math.log(1.0 - BLP_SHORT / long_run)


def dynamics_months() -> Distribution:
    """Months to the long run of the BLP (2023) profile, from BLP's long-run range."""
    lo, hi = sorted(blp_months(e) for e in BLP_LONG)
    return uniform(
        "dynamics.months",
        lo,
        hi,
        "Boehm, Levchenko & Pandalai-Nayar (2023, AER 113(4)): short-run elasticity 0.76, "
        "long-run 1.75-2.25 give g(12) = 0.34-0.43, i.e. 21.1-29.1 months",
        point=25.1,
    )


def sector_elasticities(
    sets: dict[str, np.ndarray], chosen: str, sectors: tuple[str, ...]
) -> list[Distribution]:
    """theta_j log-normal around the set ``chosen`` with the log-spread across the
    sector-specific ``sets`` (all but the uniform benchmark ``U4``), independent across
    sectors."""
    estimates = {k: np.asarray(v, float) for k, v in sets.items() if k != "U4"}
    if chosen not in sets:
        raise TradewarError(f"no elasticity set {chosen!r}; the baseline has {sorted(sets)}")
    if len(estimates) < 2:
        raise TradewarError("a spread of sector elasticities needs at least two published sets")
    logs = np.log(np.stack(list(estimates.values())))
    spread = logs.std(axis=0, ddof=1)
    names = ", ".join(sorted(estimates))
    return [
        Distribution(
            f"theta[{sector}]",
            float(sets[chosen][j]),
            "lognormal",
            f"median: set {chosen}; log-sd {spread[j]:.2f}: spread of the {len(estimates)} "
            f"published sets shipped with the baseline ({names}); independent across "
            "sectors (no published covariance)",
            scale=float(spread[j]),
        )
        for j, sector in enumerate(sectors)
    ]


def imls_parameters(epsilon: float = 4.0, kappa: float = 0.5) -> list[Distribution]:
    """epsilon and kappa of the IMLS model (module docstring)."""
    return [
        Distribution(
            "epsilon",
            epsilon,
            "lognormal",
            "median 4 (IMLS 2025 baseline), 5-95% band [2, 8]: BLP (2023) long run about 2 "
            "to IMLS's robustness value 8",
            scale=math.log(2.0) / Z95,
        ),
        uniform(
            "kappa",
            0.25,
            0.75,
            "Chetty et al. (2011) 0.5 as in IMLS (2025); the band [0.25, 0.75] is our design",
            point=kappa,
        ),
    ]
