r"""One-sector model of Ignatenko, Macedoni, Lashkaripour & Simonovska (2025), "IMLS".

Exact hat algebra with trade deficits (fixed transfers scaled with world factor income),
tariff revenue, endogenous employment, scale economies and partial tariff pass-through.
Equations are numbered as in ``docs/model.md`` section A:

* (A1) shares  :math:`\Lambda_{in}=\lambda_{in}(\hat w_i\hat L_i^{-\psi})^{-\varepsilon}
  \hat\omega_{in}^{-\varepsilon\varphi_n}`, :math:`\lambda'=\Lambda/\sum_j\Lambda_{jn}`,
  :math:`\hat\omega` = change of the buyer's wedge :math:`(1+t)(1+x)`;
* (A2) price index :math:`\hat P_n=(\hat E_n/\hat w_n)^{1-\varphi_n}A_n^{-1/\varepsilon}`;
* (A4) factor income = production wages + overhead paid in the destination;
* (A5) budget :math:`E'=R'+\hat w\hat LY+\bar T\sum Y'/\sum Y`;
* (A6) labour supply :math:`\hat L=(\hat\tau\hat w/\hat P)^\kappa`;
* (A7) numeraire :math:`\sum_nE_n(\hat P_n-1)=0`, replacing (A4) for the last country.

Unknowns are logs, ``x = [ln w_hat, ln E_hat, ln L_hat]`` (3N). All functions here are
pure and work on the :class:`Calibration` pytree, so they jit, vmap and differentiate.
Arrays are ``[exporter i, importer n]``; money in the baseline's unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
from scipy import optimize

from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError, TradewarError
from tradewar.models.short_run import paid_price_factor
from tradewar.runtime.jax_setup import configure

configure()

RevenueRecycling = Literal["income_tax", "lump_sum"]


@dataclass(frozen=True)
class OneSectorParams:
    """Parameters of the IMLS one-sector model (defaults: the paper's baseline).

    Attributes:
        trade_elasticity: epsilon, elasticity of trade shares to iceberg costs.
        scale_elasticity: psi, elasticity of variety-adjusted productivity to employment.
        labor_supply_elasticity: kappa (Frisch-type labour supply elasticity).
        pass_through: firm-level tariff pass-through phi-tilde (1 = complete).
        overhead_shares: nu by country: ``"calibrate"`` (two-region SG&A targets, A.2
            step 1), or one number for all countries (0 gives the Eaton-Kortum-Krugman case).
        overhead_targets: (rest-of-world, anchor) sales-weighted SG&A/sales targets.
        overhead_anchor: ISO3 code of the anchor region of the nu calibration.
        revenue_recycling: ``"income_tax"`` (revenue cuts labour-income taxes) or
            ``"lump_sum"`` (rebated, no labour-supply incentive).
        welfare: ``"coded"`` (authors' formula A8) or ``"exact"`` (U'/U).
    """

    trade_elasticity: float = 4.0
    scale_elasticity: float = 0.67 / 4.0
    labor_supply_elasticity: float = 0.5
    pass_through: float = 1.0
    overhead_shares: Literal["calibrate"] | float = "calibrate"
    overhead_targets: tuple[float, float] = (0.12, 0.26)
    overhead_anchor: str = "USA"
    revenue_recycling: RevenueRecycling = "income_tax"
    welfare: Literal["coded", "exact"] = "coded"

    def __post_init__(self) -> None:
        if self.trade_elasticity <= 0:
            raise TradewarError("trade_elasticity must be positive")
        if self.scale_elasticity < 0 or self.labor_supply_elasticity < 0:
            raise TradewarError("scale and labour-supply elasticities must be >= 0")
        if self.revenue_recycling not in ("income_tax", "lump_sum"):
            raise TradewarError("revenue_recycling must be 'income_tax' or 'lump_sum'")
        if self.welfare not in ("coded", "exact"):
            raise TradewarError("welfare must be 'coded' or 'exact'")
        if not isinstance(self.overhead_shares, str) and not 0 <= self.overhead_shares < 1:
            raise TradewarError("overhead_shares must be in [0, 1) or 'calibrate'")


class Calibration(NamedTuple):
    """Baseline objects of the hat system (a JAX pytree; shapes N = countries).

    lam: tariff-inclusive expenditure shares lambda[i, n], columns sum to 1, (N, N).
    X: tariff-exclusive baseline flows X[i, n] incl. domestic sales, (N, N).
    E: gross expenditure, (N,). Y: factor income, (N,). T: transfers (deficit part), (N,).
    R: baseline tariff + export-tax revenue, (N,). wedge: baseline (1+t)(1+x), (N, N).
    t, xt: baseline tariffs and export taxes, (N, N). nu, phi: (N,).
    eps, psi, kappa: scalars. income_tax, exact_welfare: 0./1. switches.
    """

    lam: jax.Array
    X: jax.Array
    E: jax.Array
    Y: jax.Array
    T: jax.Array
    R: jax.Array
    wedge: jax.Array
    t: jax.Array
    xt: jax.Array
    nu: jax.Array
    phi: jax.Array
    eps: jax.Array
    psi: jax.Array
    kappa: jax.Array
    income_tax: jax.Array
    exact_welfare: jax.Array


# ---------------------------------------------------------------------------------------
# Calibration (NumPy / SciPy at the edge)
# ---------------------------------------------------------------------------------------
def overhead_shares(
    offdiag: np.ndarray, gdp: np.ndarray, anchor: int, targets: tuple[float, float] = (0.12, 0.26)
) -> tuple[float, float]:
    """Calibrate (nu_rest, nu_anchor) on a two-region aggregate (docs/model.md A.2 step 1).

    Args:
        offdiag: international flows X[i, n] with a zero diagonal, (N, N).
        gdp: GDP in the unit of ``offdiag``, (N,).
        anchor: index of the anchor country (the US in IMLS).
        targets: sales-weighted SG&A/sales of the rest (R) and the anchor (U).
    """
    N = len(gdp)
    A = np.zeros((2, N))
    A[0] = 1.0
    A[0, anchor] = 0.0
    A[1, anchor] = 1.0
    Xb = A @ offdiag @ A.T
    Yb = A @ gdp

    def equations(v):
        Eb = Yb + (1 - v) * (Xb.sum(axis=0) - ((1 - v)[None, :] * Xb).sum(axis=1))
        rR = (Eb[0] - Xb[1, 0]) / (Eb[0] - Xb[1, 0] + Xb[0, 1])
        rU = (Eb[1] - Xb[0, 1]) / (Eb[1] - Xb[0, 1] + Xb[1, 0])
        return [
            (1 - rR) * v[1] + rR * v[0] - targets[0],
            rU * v[1] + (1 - rU) * v[0] - targets[1],
        ]

    sol = optimize.root(equations, x0=[0.10, 0.24], method="lm", tol=1e-12)
    if not sol.success or np.max(np.abs(equations(sol.x))) > 1e-9:
        raise DataError(f"overhead-share calibration failed: {sol.message}")
    nu_rest, nu_anchor = np.maximum(sol.x, 0.0)
    return float(nu_rest), float(nu_anchor)


def complete_domestic_sales(offdiag: np.ndarray, gdp: np.ndarray, nu: np.ndarray) -> np.ndarray:
    """Fill the diagonal with domestic sales implied by GDP and transfers (A.2 step 2).

    ``X_nn = max(GDP_n + T0_n - M_n, 0)`` with the authors' provisional transfers
    ``T0_n = (1 - nu_n)[M_n - sum_m (1 - nu_m) X_nm]``; ``offdiag`` is (N, N) with a zero
    diagonal. Returns a new (N, N) array.
    """
    X = np.array(offdiag, dtype=float)
    np.fill_diagonal(X, 0.0)
    imports = X.sum(axis=0)
    T0 = (1 - nu) * (imports - (X * (1 - nu)[None, :]).sum(axis=1))
    np.fill_diagonal(X, np.maximum(gdp + T0 - imports, 0.0))
    return X


def overhead_vector(baseline: Baseline, params: OneSectorParams) -> np.ndarray:
    """nu by country, (N,), as ``params.overhead_shares`` asks."""
    N = baseline.n_countries
    if params.overhead_shares != "calibrate":
        return np.full(N, float(params.overhead_shares))
    X = baseline.flows.sum(axis=2)
    offdiag = X - np.diag(np.diag(X))
    anchor = baseline.index(params.overhead_anchor)
    nu_rest, nu_anchor = overhead_shares(offdiag, baseline.gdp, anchor, params.overhead_targets)
    nu = np.full(N, nu_rest)
    nu[anchor] = nu_anchor
    return nu


def pass_through_vector(nu: np.ndarray, params: OneSectorParams) -> np.ndarray:
    """phi_n = phi_tilde + (1 + psi) nu_n / (1 - nu_n), the variety-adjusted pass-through."""
    return params.pass_through + (1 + params.scale_elasticity) * nu / (1 - nu)


def calibrate(baseline: Baseline, params: OneSectorParams) -> Calibration:
    """Model-consistent baseline objects (A.2 step 3, with baseline tariffs if any)."""
    if baseline.n_sectors != 1:
        raise TradewarError(
            f"the one-sector model needs a one-sector baseline; this one has "
            f"{baseline.n_sectors} sectors (aggregate them first)"
        )
    X = baseline.flows[:, :, 0]
    t = baseline.tariffs[:, :, 0]
    xt = np.zeros_like(t)
    nu = overhead_vector(baseline, params)
    wedge = (1 + t) * (1 + xt)
    gross = wedge * X
    E = gross.sum(axis=0)
    Y = ((1 - nu)[None, :] * X).sum(axis=1) + nu * X.sum(axis=0)
    R = (t * (1 + xt) * X).sum(axis=0) + (xt * X).sum(axis=1)
    if (Y <= 0).any():
        bad = [baseline.countries[k] for k in np.flatnonzero(Y <= 0)]
        raise DataError(f"zero factor income in the calibrated baseline for {bad[:10]}")
    # jax.device_put, not jnp.asarray: no compiled lax.stage per shape (multisector.calibrate)
    return Calibration(
        lam=jax.device_put(gross / E[None, :]),
        X=jax.device_put(X),
        E=jax.device_put(E),
        Y=jax.device_put(Y),
        T=jax.device_put(E - Y - R),
        R=jax.device_put(R),
        wedge=jax.device_put(wedge),
        t=jax.device_put(t),
        xt=jax.device_put(xt),
        nu=jax.device_put(nu),
        phi=jax.device_put(pass_through_vector(nu, params)),
        eps=jax.device_put(params.trade_elasticity),
        psi=jax.device_put(params.scale_elasticity),
        kappa=jax.device_put(params.labor_supply_elasticity),
        income_tax=jax.device_put(1.0 if params.revenue_recycling == "income_tax" else 0.0),
        exact_welfare=jax.device_put(1.0 if params.welfare == "exact" else 0.0),
    )


# ---------------------------------------------------------------------------------------
# Equilibrium in changes (pure JAX)
# ---------------------------------------------------------------------------------------
class Instruments(NamedTuple):
    """Counterfactual instruments: tariffs t'[i, n] and export taxes x'[i, n], (N, N).

    ``effective_wedge`` (optional, (N, N)): the buyer wedge (1 + t)(1 + x) that demand
    responds to, when substitution lags the statutory rates (docs/model.md E); buyers still
    pay and governments collect the statutory rates.
    """

    tariffs: jax.Array
    export_taxes: jax.Array
    effective_wedge: jax.Array | None = None


class Shock(NamedTuple):
    """Instruments pre-processed once per solve (the only N x N transcendentals).

    tariffs, export_taxes: as in :class:`Instruments`, (N, N).
    wedge: buyer's wedge (1 + t')(1 + x'), (N, N).
    shifter: lambda[i, n] * (felt wedge / baseline wedge)^(-eps phi_n), (N, N).
    per_spending: shifter / wedge: new tariff-exclusive flows X'[i, n] per unit of
        ``c_i E'_n / A_n`` (see :func:`state`), (N, N).
    tariff_base, export_tax_base: per_spending times the importer's revenue rate
        t'(1 + x') and the exporter's x', (N, N).
    """

    tariffs: jax.Array
    export_taxes: jax.Array
    wedge: jax.Array
    shifter: jax.Array
    per_spending: jax.Array
    tariff_base: jax.Array
    export_tax_base: jax.Array


def prepare(policy: Instruments, cal: Calibration) -> Shock:
    """Pre-compute the policy's demand shifters (A1) for repeated residual evaluations."""
    wedge = (1 + policy.tariffs) * (1 + policy.export_taxes)
    felt = wedge if policy.effective_wedge is None else policy.effective_wedge
    shifter = cal.lam * jnp.exp(-cal.eps * cal.phi[None, :] * jnp.log(felt / cal.wedge))
    per_spending = shifter / wedge
    return Shock(
        policy.tariffs,
        policy.export_taxes,
        wedge,
        shifter,
        per_spending,
        policy.tariffs * (1 + policy.export_taxes) * per_spending,
        policy.export_taxes * per_spending,
    )


class State(NamedTuple):
    """Counterfactual objects implied by the unknowns (hats are new / old)."""

    w_hat: jax.Array
    E_hat: jax.Array
    L_hat: jax.Array
    P_hat: jax.Array
    lam: jax.Array  # new shares lambda'[i, n]
    X: jax.Array  # new tariff-exclusive flows X'[i, n]
    R: jax.Array  # new revenue (import tariffs + export taxes) by country
    Y: jax.Array  # new factor income Y'
    tau: jax.Array  # labour-income tax replaced by revenue (0 under lump-sum)
    factor_demand: jax.Array  # LHS of (A4): wages + overhead earned, by country


def state(x: jax.Array, policy: Shock, cal: Calibration) -> State:
    """Counterfactual objects at log-unknowns ``x = [ln w_hat, ln E_hat, ln L_hat]``.

    With ``c_i = (w_hat_i L_hat_i^-psi)^-eps`` and ``A_n = sum_i shifter_in c_i``, new flows
    are ``X'_in = per_spending_in c_i E'_n / A_n``, so revenue and factor demand are
    matrix-vector products (the N x N arrays ``lam`` and ``X`` are only built if used).
    """
    N = cal.E.shape[0]
    lw, lE, lL = x[:N], x[N : 2 * N], x[2 * N :]
    c = jnp.exp(-cal.eps * (lw - cal.psi * lL))
    A = c @ policy.shifter
    lam = policy.shifter * c[:, None] / A[None, :]
    E_hat, w_hat, L_hat = jnp.exp(lE), jnp.exp(lw), jnp.exp(lL)
    P_hat = jnp.exp((1 - cal.phi) * (lE - lw) - jnp.log(A) / cal.eps)
    spending = E_hat * cal.E / A  # E'_n / A_n
    X = policy.per_spending * c[:, None] * spending[None, :]
    R = spending * (c @ policy.tariff_base) + c * (policy.export_tax_base @ spending)
    Y = w_hat * L_hat * cal.Y
    tau = cal.income_tax * R / Y
    imports = spending * (c @ policy.per_spending)  # incl. domestic sales
    exports = c * (policy.per_spending @ ((1 - cal.nu) * spending))  # (1 - nu_n) weighted
    factor_demand = exports + cal.nu * imports
    return State(w_hat, E_hat, L_hat, P_hat, lam, X, R, Y, tau, factor_demand)


def residuals(x: jax.Array, args: tuple[Shock, Calibration]) -> jax.Array:
    """Scaled residuals of (A4)-(A7), shape (3N,); zero at the equilibrium."""
    policy, cal = args
    N = cal.E.shape[0]
    s = state(x, policy, cal)
    labor = s.factor_demand / cal.Y - s.w_hat * s.L_hat
    numeraire = jnp.dot(cal.E, s.P_hat - 1) / cal.E.sum()
    labor = labor.at[N - 1].set(numeraire)
    world_income = s.Y.sum() / cal.Y.sum()
    budget = (s.R + s.Y + cal.T * world_income) / cal.E - s.E_hat
    tau0 = cal.income_tax * cal.R / cal.Y
    log_tax_relief = jnp.log1p(-tau0) - jnp.log1p(-s.tau)
    supply = x[2 * N :] - cal.kappa * (log_tax_relief + x[:N] - jnp.log(s.P_hat))
    return jnp.concatenate([labor, budget, supply])


def welfare(s: State, cal: Calibration) -> jax.Array:
    """Welfare change W_hat (A8): coded formula, or exact U'/U if ``exact_welfare``."""
    k = cal.kappa / (1 + cal.kappa)
    tau0 = cal.income_tax * cal.R / cal.Y
    real_spending = s.E_hat / s.P_hat
    real_income = s.w_hat * s.L_hat / s.P_hat
    coded_delta = cal.E / (cal.E - k * (1 - s.tau) * cal.Y)
    coded = coded_delta * real_spending + (1 - coded_delta) * real_income
    exact = (cal.E * real_spending - k * (1 - s.tau) * cal.Y * real_income) / (
        cal.E - k * (1 - tau0) * cal.Y
    )
    return jnp.where(cal.exact_welfare > 0, exact, coded)


def outcomes(
    x: jax.Array, policy: Shock, cal: Calibration, felt_over_paid: jax.Array | None = None
) -> dict[str, jax.Array]:
    """Per-country outcomes in percent (A.4), plus levels needed for reports.

    ``felt_over_paid`` (N, N): the wedge demand responds to over the wedge buyers pay, in
    a month of a lagged path; welfare, prices and real wages are then read at the prices
    paid (:mod:`tradewar.models.short_run`, with the pass-through phi_n of the wedge).

    Keys (shape (N,) unless noted): ``welfare``, ``deficit``, ``exports_gdp``,
    ``imports_gdp``, ``employment``, ``prices``, ``real_wage``, ``wage``,
    ``expenditure``, ``revenue_share`` (100 R'/E, E = baseline expenditure),
    ``flows`` (X'[i, n], (N, N)), ``walras_residual`` (scalar: the dropped equation),
    ``world_trade_to_gdp`` and ``world_employment`` (scalars, percent).
    """
    N = cal.E.shape[0]
    s = state(x, policy, cal)
    if felt_over_paid is not None:
        ratio = felt_over_paid ** cal.phi[None, :]
        s = s._replace(P_hat=s.P_hat / paid_price_factor(s.lam, ratio, cal.eps))
    X0, X1 = cal.X, s.X
    off = 1.0 - jnp.eye(N)
    exports0, exports1 = (X0 * off).sum(axis=1), (X1 * off).sum(axis=1)
    imports0, imports1 = (X0 * off).sum(axis=0), (X1 * off).sum(axis=0)
    D0, D1 = imports0 - exports0, imports1 - exports1
    pct = lambda r: 100.0 * (r - 1.0)  # noqa: E731
    wedge = policy.wedge
    world_trade = (wedge * X1 * off).sum() / (X0 * off).sum()
    world_income = s.Y.sum() / cal.Y.sum()
    walras = (s.factor_demand[N - 1] / cal.Y[N - 1]) - s.w_hat[N - 1] * s.L_hat[N - 1]
    return {
        "welfare": pct(welfare(s, cal)),
        "deficit": 100.0 * (D1 - D0) / jnp.abs(D0),
        "exports_gdp": pct((exports1 / s.Y) / (exports0 / cal.Y)),
        "imports_gdp": pct((imports1 / s.Y) / (imports0 / cal.Y)),
        "employment": pct(s.L_hat),
        "prices": pct(s.P_hat),
        "real_wage": pct(s.w_hat / s.P_hat),
        "wage": pct(s.w_hat),
        "expenditure": pct(s.E_hat),
        "revenue_share": 100.0 * s.R / cal.E,
        "flows": X1,
        "walras_residual": walras,
        "world_trade_to_gdp": pct(world_trade / world_income),
        "world_employment": 100.0 * jnp.dot(cal.Y, s.L_hat - 1) / cal.Y.sum(),
    }


def initial_guess(cal: Calibration) -> jax.Array:
    """All hats equal to one: x = 0, shape (3N,)."""
    return jnp.zeros(3 * cal.E.shape[0])


def balanced_transfers(cal: Calibration, anchor: int) -> jax.Array:
    """IMLS "balanced trade" closure as coded (docs/model.md A.7), shape (N,).

    ``T_n - (X[anchor, n] - X[n, anchor])`` for every n other than the anchor, 0 for the
    anchor: each partner's bilateral balance with the anchor is removed. These transfers do
    not sum to zero, so the dropped (Walras) equation carries a residual (F.7).
    """
    bilateral = cal.X[anchor, :] - cal.X[:, anchor]
    return (cal.T - bilateral).at[anchor].set(0.0)
