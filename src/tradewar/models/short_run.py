"""Reading a short-run month: real income at the prices buyers actually pay.

In a month of a scenario path (docs/model.md E) buyers choose suppliers in response to the
*felt* wedge (a distributed lag of the tariffs) but pay the *statutory* one. The price
index of the demand block is the one at felt prices; it understates what buyers pay
right after a tariff rises and gives the world a free lunch (docs/model.md E.1). Welfare, real
wages and prices are therefore read at the prices paid.

Design (ours, not a paper's; labelled in README "Our design"): with CES demand of
elasticity ``sigma = theta + 1`` across origins, buyers hold new spending shares
``pi'_i`` at felt prices ``p^f_i`` and pay ``p^s_i``, so they receive quantities
``q_i = pi'_i X / p^s_i``. The CES quantity index of those quantities, relative to the
baseline, is

    Q_hat = (X_hat / P^f_hat) * M,   M = (sum_i pi'_i r_i^rho)^(1 / rho),

with ``r_i = p^f_i / p^s_i`` (felt over paid wedge) and ``rho = theta / (theta + 1)``:
the price index at paid prices is ``P^f_hat / M``. When substitution is complete
(``r = 1``) ``M = 1``; with no substitution yet, a tariff only moves income between
countries, so expenditure-weighted world welfare is unchanged to first order.
"""

from __future__ import annotations

import jax


def paid_price_factor(shares: jax.Array, felt_over_paid: jax.Array, theta) -> jax.Array:
    """``M`` of the module docstring: ``P_paid_hat = P_felt_hat / M``.

    Args:
        shares: new spending shares ``pi'[i, n, ...]`` (summing to one over origins i).
        felt_over_paid: felt wedge / paid wedge, same shape (1 = no lag).
        theta: elasticity of substitution across origins minus one, broadcastable
            against ``shares[0]`` (a scalar, or (J,) for sectors last).
    Returns:
        ``M[n, ...]`` (shape of ``shares[0]``), at most one when tariffs only rose.
    """
    rho = theta / (1.0 + theta)
    return (shares * felt_over_paid**rho).sum(axis=0) ** (1.0 / rho)
