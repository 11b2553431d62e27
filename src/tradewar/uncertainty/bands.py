"""Quantile bands over draws, the parameters that drive each headline, and failed draws."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradewar.core.distributions import Distribution

#: Quantiles reported by default: the 90% band and the median.
QUANTILES = (0.05, 0.5, 0.95)


@dataclass(frozen=True)
class Bands:
    """Draws of one run, collected.

    distributions: the P parameters; seed; values: (n, P) drawn values of every draw;
    ok: indices of the draws that converged; headline: frame (draws that converged x
    headline names); series: name -> (draws that converged, T); failed: (index, error)
    of the draws that did not; point: headline of the point run (parameters at their
    point values) when computed; quantiles.
    """

    distributions: tuple[Distribution, ...]
    seed: int
    values: np.ndarray
    ok: np.ndarray
    headline: pd.DataFrame
    series: dict[str, np.ndarray]
    failed: tuple[tuple[int, str], ...]
    quantiles: tuple[float, ...] = QUANTILES
    point: dict[str, float] | None = None

    @property
    def n(self) -> int:
        return len(self.values)

    def headline_bands(self) -> pd.DataFrame:
        """One row per headline: its quantiles (columns ``q05``, ``q50``, ``q95``), the
        point value and the number of draws behind them."""
        q = self.headline.quantile(list(self.quantiles)).T
        q.columns = [f"q{round(100 * p):02d}" for p in self.quantiles]
        if self.point is not None:
            q["point"] = [self.point.get(k, np.nan) for k in q.index]
        q["draws"] = len(self.headline)
        q.index.name = "headline"
        return q

    def series_bands(self, name: str) -> np.ndarray:
        """Quantiles (Q, T) of one series over the draws that converged."""
        return np.quantile(self.series[name], self.quantiles, axis=0)

    def drivers(self) -> pd.DataFrame:
        """For each headline, the Spearman rank correlation with each varying parameter,
        and the parameter with the largest |correlation| (columns ``driver``, ``rho``)."""
        varying = [k for k in range(len(self.distributions)) if np.ptp(self.values[self.ok, k]) > 0]
        rows = {}
        if len(self.ok) < 3 or not varying:
            return pd.DataFrame(columns=["driver", "rho"])
        ranks = pd.DataFrame(self.values[np.ix_(self.ok, varying)]).rank().to_numpy()
        for name in self.headline.columns:
            y = self.headline[name].rank().to_numpy()
            if np.ptp(y) == 0:
                continue
            rho = np.array([np.corrcoef(ranks[:, j], y)[0, 1] for j in range(len(varying))])
            best = int(np.nanargmax(np.abs(rho)))
            rows[name] = {
                "driver": self.distributions[varying[best]].name,
                "rho": float(rho[best]),
                **{self.distributions[varying[j]].name: float(rho[j]) for j in range(len(varying))},
            }
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "headline"
        return frame

    def parameters_frame(self) -> pd.DataFrame:
        """The distributions: name, law, point, 5-95% band, source."""
        rows = []
        for d in self.distributions:
            lo, hi = d.interval()
            rows.append(
                {
                    "parameter": d.name,
                    "law": d.kind,
                    "point": d.point,
                    "p05": lo,
                    "p95": hi,
                    "source": d.source,
                }
            )
        return pd.DataFrame(rows)


def collect(
    distributions: Sequence[Distribution],
    seed: int,
    values: np.ndarray,
    results: Sequence,
    point: dict[str, float] | None = None,
) -> Bands:
    """:class:`Bands` from the :class:`~tradewar.uncertainty.tasks.DrawResult` of every
    draw (any order)."""
    results = sorted(results, key=lambda r: r.index)
    good = [r for r in results if r.error is None]
    failed = tuple((r.index, r.error) for r in results if r.error is not None)
    headline = pd.DataFrame([r.headline for r in good], index=[r.index for r in good])
    series = {}
    if good:
        for name in good[0].series:
            series[name] = np.stack([np.asarray(r.series[name], float) for r in good])
    return Bands(
        tuple(distributions),
        seed,
        values,
        np.array([r.index for r in good], dtype=int),
        headline,
        series,
        failed,
        point=point,
    )
