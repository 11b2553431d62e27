"""Ossa (2014): multi-industry Krugman model with a fixed mass of firms, tariffs that
shift profits, and governments with political-economy weights (docs/model.md §C).

Pure JAX functions. Axis letters here (Ossa's): i exporter, j importer, s industry (in
:mod:`tradewar.models.multisector`, j is a sector). Arrays: flows ``X[i, j, s]``,
tariffs ``t`` of the same shape (fractions, diagonal 0), elasticities of substitution
``sigma`` (S,). Unknowns of the hat system are ``x = [ln E_hat (N), ln w_hat (N)]``;
region 0's wage equation is replaced by the numeraire ``sum LI w_hat / sum LI = 1``.
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp

from tradewar.runtime.jax_setup import configure

configure()


class Calibration(NamedTuple):
    """Baseline objects of §C.3 (all arrays; shapes in brackets).

    X, t: flows and tariffs [N, N, S]; sigma [S]; E: expenditure incl. tariffs [N];
    alpha: destination shares of i's sales [N, N, S]; gamma: source shares of j's
    spending [N, N, S]; delta: industry shares of labour income [N, S]; mu: expenditure
    shares [N, S]; profits [N, S]; NX: net exports [N]; R: tariff revenue [N];
    LI: labour income [N]; weights: political-economy weights lambda [N, S];
    NX_new: net exports imposed in counterfactuals [N] (0 in Ossa's tables).
    """

    X: jax.Array
    t: jax.Array
    sigma: jax.Array
    E: jax.Array
    alpha: jax.Array
    gamma: jax.Array
    delta: jax.Array
    mu: jax.Array
    profits: jax.Array
    NX: jax.Array
    R: jax.Array
    LI: jax.Array
    weights: jax.Array
    NX_new: jax.Array


def _safe_div(a, b):
    return jnp.where(b > 0, a / jnp.where(b > 0, b, 1.0), 0.0)


def labour_share_of_industries(X, sigma):
    """delta[i, s]: industry s's share of i's labour income, (sigma-1)/sigma of sales."""
    labour = (sigma - 1.0) / sigma * X.sum(axis=1)
    return _safe_div(labour, labour.sum(axis=1, keepdims=True))


def calibrate(
    X,
    t,
    sigma,
    weights=None,
    net_exports_new=None,
) -> Calibration:
    """Baseline objects from flows ``X`` and tariffs ``t`` [N, N, S] and ``sigma`` [S].

    ``weights`` (N, S) default to 1 (no political economy); ``net_exports_new`` (N,)
    defaults to 0 (Ossa's counterfactuals are all balanced).
    """
    X = jnp.asarray(X, float)
    t = jnp.asarray(t, float)
    sigma = jnp.asarray(sigma, float)
    n, _, s = X.shape
    gross = (1.0 + t) * X
    E = gross.sum(axis=(0, 2))
    sales = X.sum(axis=1)
    profits = sales / sigma
    NX = sales.sum(axis=1) - X.sum(axis=(0, 2))
    R = (t * X).sum(axis=(0, 2))
    weights = jnp.ones((n, s)) if weights is None else jnp.asarray(weights, float)
    nx_new = jnp.zeros(n) if net_exports_new is None else jnp.asarray(net_exports_new, float)
    return Calibration(
        X=X,
        t=t,
        sigma=sigma,
        E=E,
        alpha=_safe_div(X, sales[:, None, :]),
        gamma=_safe_div(gross, gross.sum(axis=0, keepdims=True)),
        delta=labour_share_of_industries(X, sigma),
        mu=_safe_div(gross.sum(axis=0), E[:, None]),
        profits=profits,
        NX=NX,
        R=R,
        LI=E + NX - R - profits.sum(axis=1),
        weights=weights,
        NX_new=nx_new,
    )


def state(x: jax.Array, t_new: jax.Array, cal: Calibration) -> dict[str, jax.Array]:
    """Equilibrium objects at unknowns ``x`` and counterfactual tariffs ``t_new`` (C1)."""
    n = cal.E.shape[0]
    E_hat, w_hat = jnp.exp(x[:n]), jnp.exp(x[n:])
    tau_hat = (1.0 + t_new) / (1.0 + cal.t)
    one_minus_sigma = 1.0 - cal.sigma
    cost = (w_hat[:, None, None] * tau_hat) ** one_minus_sigma  # (N, N, S)
    price_power = (cal.gamma * cost).sum(axis=0)  # P_hat^(1-sigma), (N, S)
    X_hat = cost / tau_hat / price_power[None] * E_hat[None, :, None]
    sales_hat = (cal.alpha * X_hat).sum(axis=1)  # Pi_hat, (N, S)
    return {
        "E_hat": E_hat,
        "w_hat": w_hat,
        "X_hat": X_hat,
        "sales_hat": sales_hat,
        "price_hat": price_power ** (1.0 / one_minus_sigma),
    }


def residuals(x: jax.Array, args) -> jax.Array:
    """Scaled residuals (2N,): expenditure (C3) and wages (C2) with the numeraire."""
    t_new, cal = args
    st = state(x, t_new, cal)
    X_new = cal.X * st["X_hat"]
    E_new = (
        cal.LI * st["w_hat"]
        - cal.NX_new
        + (cal.profits * st["sales_hat"]).sum(axis=1)
        + (t_new * X_new).sum(axis=(0, 2))
    )
    expenditure = E_new / cal.E - st["E_hat"]
    wages = jnp.log((cal.delta * st["sales_hat"]).sum(axis=1)) - x[cal.E.shape[0] :]
    numeraire = (cal.LI * st["w_hat"]).sum() / cal.LI.sum() - 1.0
    return jnp.concatenate([expenditure, wages.at[0].set(numeraire)])


def jacobian(x: jax.Array, args) -> jax.Array:
    """Analytic Jacobian of :func:`residuals` (2N, 2N), columns [ln E_hat, ln w_hat].

    With new spending shares ``sh[i, j, s]``, ``d ln X_hat[i, j, s] = (1 - sigma_s)
    (d ln w_i - sum_k sh[k, j, s] d ln w_k) + d ln E_j``; every block is a contraction of
    that rule (cost N^3 S, against 2N residual evaluations for forward-mode autodiff).
    """
    t_new, cal = args
    n = cal.E.shape[0]
    st = state(x, t_new, cal)
    w_hat = st["w_hat"]
    k = 1.0 - cal.sigma  # (S,)
    tau_hat = (1.0 + t_new) / (1.0 + cal.t)
    cost = (w_hat[:, None, None] * tau_hat) ** k
    share = cal.gamma * cost / (cal.gamma * cost).sum(axis=0, keepdims=True)
    sales_part = cal.alpha * st["X_hat"]  # d Pi_hat[i, s] per d ln E_j: A[i, j, s]
    revenue_part = t_new * cal.X * st["X_hat"]  # B[i, j, s]
    eye = jnp.eye(n)

    def d_sales_weighted(weight):
        """sum_s weight[i, s] d Pi_hat[i, s] / d (ln E_j, ln w_m): two (N, N) blocks."""
        a = sales_part * (weight * k)[:, None, :]  # (N, N, S)
        d_e = (sales_part * weight[:, None, :]).sum(axis=2)
        d_w = jnp.diag(a.sum(axis=(1, 2))) - jnp.einsum("ijs,mjs->im", a, share)
        return d_e, d_w

    pe, pw = d_sales_weighted(cal.profits)
    rev_e = jnp.diag(revenue_part.sum(axis=(0, 2)))
    rev_w = (revenue_part * k).sum(axis=2).T - jnp.einsum(
        "js,mjs->jm", (revenue_part * k).sum(axis=0), share
    )
    exp_e = (pe + rev_e) / cal.E[:, None] - jnp.diag(st["E_hat"])
    exp_w = (jnp.diag(cal.LI * w_hat) + pw + rev_w) / cal.E[:, None]

    level = (cal.delta * st["sales_hat"]).sum(axis=1)
    we, ww = d_sales_weighted(cal.delta / level[:, None])
    ww = ww - eye
    numeraire = jnp.concatenate([jnp.zeros(n), cal.LI * w_hat / cal.LI.sum()])
    wages = jnp.concatenate([we, ww], axis=1).at[0].set(numeraire)
    return jnp.concatenate([jnp.concatenate([exp_e, exp_w], axis=1), wages], axis=0)


def welfare_objects(x: jax.Array, t_new: jax.Array, cal: Calibration) -> dict[str, jax.Array]:
    """Welfare W_hat, government welfare G_hat (C.4), price index hat, all (N,) ratios."""
    st = state(x, t_new, cal)
    X_new = cal.X * st["X_hat"]
    log_price = (cal.mu * jnp.log(st["price_hat"])).sum(axis=1)
    price = jnp.exp(log_price)
    revenue = (cal.t * cal.X).sum(axis=(0, 2))
    revenue_new = (t_new * X_new).sum(axis=(0, 2))
    sales, sales_new = cal.X.sum(axis=1), X_new.sum(axis=1)
    income = sales + cal.delta * revenue[:, None]
    delta_new = labour_share_of_industries(X_new, cal.sigma)
    income_new = sales_new + delta_new * revenue_new[:, None]
    weighted = (cal.weights * income_new).sum(axis=1) / (cal.weights * income).sum(axis=1)
    return {
        "welfare": st["E_hat"] / price,
        "government": weighted / price,
        "price": price,
        "state": st,
        "flows": X_new,
        "revenue": revenue_new,
    }


def outcomes(x: jax.Array, t_new: jax.Array, cal: Calibration) -> dict[str, jax.Array]:
    """Per-region percent changes as in Ossa's tables, plus flows and revenue levels.

    welfare (W_hat), government_welfare (G_hat), wage (w_hat demeaned across regions),
    real_wage, profits_per_wage (sum of profits deflated by the wage), imports, exports
    (excluding domestic sales), prices (consumer price index), expenditure.
    """
    w = welfare_objects(x, t_new, cal)
    st = w["state"]
    X, X_new = cal.X, w["flows"]
    foreign = 1.0 - jnp.eye(X.shape[0])[:, :, None]
    imports = (foreign * X_new).sum(axis=(0, 2)) / (foreign * X).sum(axis=(0, 2))
    exports = (foreign * X_new).sum(axis=(1, 2)) / (foreign * X).sum(axis=(1, 2))
    profits = (cal.profits * st["sales_hat"]).sum(axis=1) / cal.profits.sum(axis=1)
    w_hat = st["w_hat"]

    def pct(ratio):
        return 100.0 * (ratio - 1.0)

    return {
        "welfare": pct(w["welfare"]),
        "government_welfare": pct(w["government"]),
        "wage": pct(w_hat - w_hat.mean() + 1.0),
        "real_wage": pct(w_hat / w["price"]),
        "profits_per_wage": pct(profits / w_hat),
        "imports": pct(imports),
        "exports": pct(exports),
        "prices": pct(w["price"]),
        "expenditure": pct(st["E_hat"]),
        "revenue": w["revenue"],
        "flows": X_new,
    }


def initial_guess(cal: Calibration) -> jax.Array:
    """All hats 1."""
    return jnp.zeros(2 * cal.E.shape[0])
