r"""Closed-form optimal tariffs of the IMLS one-sector model (paper Prop. 2, docs/model.md A.6).

.. math::
    t^*_i = \frac{1}{(1+\mathcal E_i)\varphi_i-1},\qquad
    \mathcal E_i = \frac{\varepsilon}{1-\nu_i}
      \frac{\sum_{n\ne i}(1-\nu_n)X_{in}(1-\lambda_{in})}{\mathcal D_i}

with :math:`\mathcal D_i = E_i - X_{ii}` (imports; Prop. 2) or :math:`Y_i - X_{ii}` (the
denominator the authors' code uses for optimal tariffs against optimal retaliation).
A group of countries (e.g. all non-US countries retaliating together) is treated as one
country on the two-region aggregate of the baseline. The formula is a first-order
approximation that ignores third-country wage effects (paper App. D).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from tradewar.core.errors import TradewarError
from tradewar.core.policy import Policy
from tradewar.models import OneSectorModel
from tradewar.models.onesector import Calibration

Denominator = Literal["imports", "income"]


def export_supply_elasticity(
    X: np.ndarray,
    lam: np.ndarray,
    E: np.ndarray,
    Y: np.ndarray,
    nu: np.ndarray,
    eps: float,
    i: int,
    denominator: Denominator = "imports",
) -> float:
    """``E_i`` of (A9) for country ``i`` on arrays X[i, n] (N, N), lam (N, N), E, Y, nu (N,)."""
    others = np.arange(len(E)) != i
    numerator = ((1 - nu[others]) * X[i, others] * (1 - lam[i, others])).sum()
    if denominator == "imports":
        D = E[i] - X[i, i]
    elif denominator == "income":
        D = Y[i] - X[i, i]
    else:
        raise TradewarError("denominator must be 'imports' or 'income'")
    return float(eps / (1 - nu[i]) * numerator / D)


def tariff_from_elasticity(elasticity: float, phi: float) -> float:
    """Optimal uniform tariff ``1 / ((1 + E) phi - 1)`` (fraction)."""
    return 1.0 / ((1.0 + elasticity) * phi - 1.0)


def optimal_tariff(cal: Calibration, i: int, denominator: Denominator = "imports") -> float:
    """Unilaterally optimal uniform import tariff of country ``i`` (fraction)."""
    X, lam = np.asarray(cal.X), np.asarray(cal.lam)
    E, Y, nu = np.asarray(cal.E), np.asarray(cal.Y), np.asarray(cal.nu)
    elasticity = export_supply_elasticity(X, lam, E, Y, nu, float(cal.eps), i, denominator)
    return tariff_from_elasticity(elasticity, float(cal.phi[i]))


def group_optimal_tariff(
    cal: Calibration, members: Sequence[int], denominator: Denominator = "income"
) -> float:
    """Optimal common tariff of a group acting as one country against all the others.

    The baseline is aggregated to two regions (group, rest); the group's nu and phi must be
    uniform across members (true for every non-anchor country in IMLS), and the rest is
    given the income-weighted mean nu.
    """
    members = list(members)
    N = cal.E.shape[0]
    nu, phi, Y = np.asarray(cal.nu), np.asarray(cal.phi), np.asarray(cal.Y)
    if np.ptp(nu[members]) > 1e-12 or np.ptp(phi[members]) > 1e-12:
        raise TradewarError("group optimal tariff needs a uniform nu and phi within the group")
    A = np.zeros((2, N))
    A[1] = 1.0
    A[1, members] = 0.0
    A[0, members] = 1.0
    Xb = A @ np.asarray(cal.X) @ A.T
    Eb = Xb.sum(axis=0)
    Yb = A @ Y
    nu_b = np.array([nu[members[0]], (A[1] * Y * nu).sum() / Yb[1]])
    lam_b = Xb / Eb[None, :]
    elasticity = export_supply_elasticity(Xb, lam_b, Eb, Yb, nu_b, float(cal.eps), 0, denominator)
    return tariff_from_elasticity(elasticity, float(phi[members[0]]))


def small_open_economy_tariff(eps: float, phi: float) -> float:
    """Optimal tariff when the export-supply elasticity equals ``eps``: 1/((1+eps) phi - 1)."""
    return tariff_from_elasticity(eps, phi)


def best_uniform_tariff(
    model: OneSectorModel,
    country: str,
    bounds: tuple[float, float] = (0.0, 1.0),
    in_force: Policy | None = None,
) -> tuple[float, float]:
    """Uniform import tariff of ``country`` that maximises its welfare in full equilibrium,
    the exact counterpart of the first-order formula; others keep the tariffs of ``in_force``.

    Returns ``(rate, welfare change in percent)``; see
    :func:`tradewar.games.best_response.optimal_tariffs` (exact gradients).
    """
    from tradewar.games.best_response import optimal_tariffs

    best = optimal_tariffs(model, country, structure="uniform", in_force=in_force, bounds=bounds)
    return float(best.rates[0]), float(best.welfare[0])
