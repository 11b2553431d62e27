r"""Multi-sector model with input-output links of Caliendo & Parro (2015), "CP".

Exact hat algebra (docs/model.md section B), arrays ``[exporter i, importer n, sector j]``.
Axis letters here (CP's): n and i are countries, j and k sectors (in
:mod:`tradewar.models.ossa`, j is the importer).

* (B1) costs  :math:`\ln\hat c_{nj}=\gamma_{nj}\ln\hat w_n+\sum_k\gamma_{nkj}\ln\hat P_{nk}`;
* (B2) prices
  :math:`\hat P_{nj}^{-\theta_j}=\sum_i\pi_{inj}(\hat\kappa_{inj}\hat c_{ij})^{-\theta_j}`;
* (B3) shares :math:`\pi'_{inj}=\pi_{inj}(\hat\kappa_{inj}\hat c_{ij}/\hat P_{nj})^{-\theta_j}`;
* (B4) spending    :math:`X'_{nj}=\sum_k\gamma_{njk}S'_{nk}+\alpha_{nj}I'_n`,
  :math:`I'_n=\hat w_nw_nL_n+R'_n+D'_n` (linear in X' given wages);
* (B5) trade balance :math:`M'_n-D'_n=S'_n` (imports = sales + deficit, domestic cancels).

Solution: Newton on log wages (N unknowns) with the numeraire
:math:`\sum_nw_nL_n(\hat w_n-1)=0` replacing the last trade balance; inside, (B1)-(B2) is a
contraction in :math:`\ln\hat P` and (B4) a contraction in X' (intermediate and revenue
shares are below one), both solved by fixed-point iteration to 1e-13. The Newton Jacobian
is exact: forward-mode autodiff through the converged inner loops.
Deficits: ``"zero"`` (CP's NAFTA runs) or ``"fixed"`` (scaled with world value added,
which under this numeraire equals holding them fixed in nominal terms).
A baseline without input-output data runs with all output as value added (no IO links).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from tradewar.core.baseline import Baseline
from tradewar.core.errors import DataError, TradewarError
from tradewar.models import solver
from tradewar.models.short_run import paid_price_factor
from tradewar.runtime.jax_setup import configure

configure()

Deficits = Literal["zero", "fixed"]
INNER_TOL = 1e-13
INNER_MAX = 2000


class Calibration(NamedTuple):
    """Baseline objects (JAX pytree). N countries, J sectors.

    pi: tariff-inclusive import shares pi[i, n, j] (sum over i = 1), (N, N, J).
    tau: baseline tariffs [i, n, j]. X: gross expenditure X[n, j]. wL: value added (N,).
    D: baseline deficits, imports - sales (N,). alpha: final-demand shares (N, J).
    va: value-added shares gamma[n, j]. io: input shares gamma[n, k, j] of input k in
    sector j's output (N, J, J). theta: trade elasticities (J,). fixed_deficits: 0/1.
    nest: the critical-input nest (:class:`Nest`), None for plain Cobb-Douglas.
    """

    pi: jax.Array
    tau: jax.Array
    X: jax.Array
    wL: jax.Array  # noqa: N815 (w_n L_n, the paper's notation)
    D: jax.Array
    alpha: jax.Array
    va: jax.Array
    io: jax.Array
    theta: jax.Array
    fixed_deficits: jax.Array
    nest: Nest | None = None


#: One critical input's nest: (sector, elasticity, users or None for every other sector).
NestSpec = tuple[str, float, "tuple[str, ...] | None"]


class Nest(NamedTuple):
    """Critical inputs with little substitution (our design; README "Rare earths").

    Nested users combine a critical input m with the Cobb-Douglas bundle of value added
    and every other input at elasticity ``sigma`` (< 1: a shortage raises the user's
    cost, and so cuts its output, far more than its cost share suggests):
    ``c = [s p_m^(1 - sigma) + (1 - s) c_rest^(1 - sigma)]^(1 / (1 - sigma))`` in hats,
    ``s`` the baseline cost share of m. With several critical inputs (K), each wraps the
    bundle of the ones before it with its own elasticity: ``c_0`` is the Cobb-Douglas
    bundle of everything not nested, ``c_k = [a_k p_k^(1 - sigma_k) + (1 - a_k)
    c_(k-1)^(1 - sigma_k)]^(1 / (1 - sigma_k))``, ``a_k = s_k / (1 - s_(k+1) - ... -
    s_K)`` its baseline share of ``c_k`` (one flat CES when the sigmas are equal).
    ``share`` (K, N, J): s_k for nested users, 0 for the others; ``onehot`` (K, J) marks
    each m_k; ``sigma`` (K,), each != 1.
    """

    share: jax.Array
    onehot: jax.Array
    sigma: jax.Array


def negative_final_demand(baseline: Baseline) -> int:
    """Cells (country, sector) whose implied final demand is negative (step 8 of B.2).

    CP set their final-demand shares to 0; the calibrated baseline is then not an exact
    equilibrium of the model, so even a zero shock moves outcomes a little.
    """
    if not baseline.has_io:
        return 0
    spending = (baseline.flows * (1 + baseline.tariffs)).sum(axis=0)
    return int((baseline.final_demand() < -1e-9 * spending.sum()).sum())


def calibrate(
    baseline: Baseline,
    theta: np.ndarray,
    deficits: Deficits = "zero",
    nest: NestSpec | Sequence[NestSpec] | None = None,
) -> Calibration:
    """CP calibration (docs/model.md B.2, steps 2-8) from a baseline with domestic sales.

    ``theta`` is the (J,) vector of sector trade elasticities. Negative final-demand
    shares are set to 0 and the rest renormalised, as CP do (see
    :func:`negative_final_demand`). ``nest``: ``(critical sector, elasticity, users or
    None for every other sector)`` for the critical-input nest (:class:`Nest`), or a list
    of them (innermost first); needs IO links.
    """
    J = baseline.n_sectors
    theta = np.asarray(theta, dtype=float)
    if theta.shape != (J,) or not np.all(theta > 0):
        raise TradewarError(f"theta must be {J} positive trade elasticities, got {theta.shape}")
    if deficits not in ("zero", "fixed"):
        raise TradewarError("deficits must be 'zero' or 'fixed'")
    x, tau = baseline.flows, baseline.tariffs
    z = x * (1 + tau)  # gross of tariffs
    X = z.sum(axis=0)  # [n, j]
    if (X <= 0).any():
        n, j = np.argwhere(X <= 0)[0]
        raise DataError(
            f"no spending at all on sector {baseline.sectors[j]!r} in {baseline.countries[n]}: "
            "shares are undefined (aggregate or drop the sector)"
        )
    pi = z / X[None, :, :]
    sales = x.sum(axis=1)  # [n, j] gross output
    purchases = x.sum(axis=0)  # [n, j]
    surplus = (sales - purchases).sum(axis=1)
    va = baseline.value_added_shares()
    io = baseline.input_coefficients()
    wL = (va * sales).sum(axis=1)
    if (wL <= 0).any():
        bad = [baseline.countries[k] for k in np.flatnonzero(wL <= 0)]
        raise DataError(f"zero value added (no output) for {bad[:10]}")
    revenue = (x * tau).sum(axis=(0, 2))
    income = wL + revenue - surplus
    final = X - np.einsum("njk,nk->nj", io, sales)
    alpha = np.maximum(final / income[:, None], 0.0)
    alpha = alpha / alpha.sum(axis=1, keepdims=True)
    # jax.device_put, not jnp.asarray: outside a trace jnp.asarray of a NumPy array runs
    # a compiled identity (lax.stage), one per shape, each loaded from the compilation
    # cache (20-70 ms a shape at every start)
    return Calibration(
        pi=jax.device_put(pi),
        tau=jax.device_put(tau),
        X=jax.device_put(X),
        wL=jax.device_put(wL),
        D=jax.device_put(-surplus),
        alpha=jax.device_put(alpha),
        va=jax.device_put(va),
        io=jax.device_put(io),
        theta=jax.device_put(theta),
        fixed_deficits=jax.device_put(1.0 if deficits == "fixed" else 0.0),
        nest=None if nest is None else _nests(baseline, io, nest),
    )


def _nests(baseline: Baseline, io: np.ndarray, specs: NestSpec | Sequence[NestSpec]) -> Nest:
    """The :class:`Nest` of one or several :data:`NestSpec`."""
    if isinstance(specs[0], str):
        specs = [specs]  # type: ignore[list-item]
    sectors = [spec[0] for spec in specs]
    if len(set(sectors)) < len(sectors):
        raise TradewarError(f"a critical input is nested twice: {sectors}")
    parts = [_nest(baseline, io, *spec) for spec in specs]  # type: ignore[misc]
    return Nest(*(jax.device_put(np.stack(field)) for field in zip(*parts, strict=True)))


def _nest(
    baseline: Baseline, io: np.ndarray, sector: str, sigma: float, users: tuple[str, ...] | None
) -> Nest:
    """The :class:`Nest` fields of ``sector`` for ``users`` (default: every other sector),
    unstacked."""
    if not baseline.has_io:
        raise TradewarError("a critical-input nest needs a baseline with input-output links")
    names = list(baseline.sectors)
    if sector not in names:
        raise TradewarError(f"unknown critical-input sector {sector!r}; sectors: {names}")
    if not 0 <= sigma < 1:
        raise TradewarError(
            f"critical-input elasticity {sigma} must be in [0, 1) (1 is plain Cobb-Douglas: "
            "leave the nest out)"
        )
    unknown = [u for u in users or () if u not in names]
    if unknown:
        raise TradewarError(f"unknown sectors {unknown} among the critical input's users")
    m = names.index(sector)
    mask = np.array([(s in users) if users else k != m for k, s in enumerate(names)])
    share = io[:, m, :] * mask[None, :]
    return Nest(share, np.eye(len(names))[m], np.float64(sigma))  # stacked by _nests


# ---------------------------------------------------------------------------------------
class Shock(NamedTuple):
    """New policy and the demand shifter, in sector-major layout for batched products.

    tau: new tariffs tau'[i, n, j]. shifter: pi * kappa_hat^-theta as [j, i, n], where
    kappa_hat is the change of the wedge buyers respond to. gross: the buyer's wedge
    (1 + tau')(1 + x') as [j, i, n], or None when there are no export taxes (then
    producers receive the border value and the export-tax terms are skipped, which
    halves the cost of the spending loop); border: 1 + tau' as [j, i, n] (the tariff
    base is the border value, which includes the exporter's export tax x').
    """

    tau: jax.Array
    shifter: jax.Array
    gross: jax.Array | None
    border: jax.Array
    lag: jax.Array | None = None


def prepare(
    tau_new: jax.Array,
    cal: Calibration,
    export_tax: jax.Array | None = None,
    felt: jax.Array | None = None,
    lag: jax.Array | None = None,
) -> Shock:
    """Shock of new tariffs ``tau_new`` and export taxes ``export_tax`` [i, n, j] (docs/model.md
    D.1: buyers face (1 + t')(1 + x')); ``export_tax=None`` means none. ``felt``: the
    wedge demand responds to, if not the statutory one (the short run of a sluggish
    response, docs/model.md E); ``lag`` [i, n, j]: that wedge over the one buyers pay (None:
    no lag). With a lag, producers' input costs are read at the prices they pay
    (:func:`prices`), as consumers' are (:func:`outcomes`)."""
    wedge = 1 + tau_new if export_tax is None else (1 + tau_new) * (1 + export_tax)
    kappa = (wedge if felt is None else felt) / (1 + cal.tau)
    shifter = cal.pi * kappa ** (-cal.theta[None, None, :])
    return Shock(
        tau_new,
        jnp.moveaxis(shifter, 2, 0),
        None if export_tax is None else jnp.moveaxis(wedge, 2, 0),
        jnp.moveaxis(1 + tau_new, 2, 0),
        None if lag is None else jnp.moveaxis(lag, 2, 0),
    )


def _fixed_point(update, x0, tol: float = INNER_TOL):
    """Iterate ``x <- update(x)`` until the max change is below ``tol``
    (:func:`tradewar.models.solver.fixed_point`: Anderson-accelerated; forward-mode
    derivatives go through the iterations). ``tol`` may be traced (an inexact solve's).

    Callers pass dimensionless unknowns of order one (log prices, spending relative to
    the baseline), so the absolute test is also a relative one.
    """
    return solver.fixed_point(update, x0, tol, INNER_MAX)


def _nest_bundles(lc: jax.Array, lP: jax.Array, nest: Nest) -> list:
    """The nested bundles of :class:`Nest` at Cobb-Douglas log costs ``lc`` (N, J) and log
    prices ``lP``: per nest k (innermost first), ``(nested, a_k, one_minus, lPm, inner,
    outer)`` with ``inner`` the log cost of ``c_(k-1)`` and ``outer`` that of ``c_k``
    (both (N, J); equal where the user is not nested)."""
    s_all = nest.share  # (K, N, J)
    lPm_all = jnp.einsum("nj,kj->kn", lP, nest.onehot)  # (K, N)
    total = s_all.sum(axis=0)
    below = 1.0 - total  # the Cobb-Douglas bundle's baseline share
    inner = (lc - jnp.einsum("kn,knj->nj", lPm_all, s_all)) / below
    out = []
    for k in range(s_all.shape[0]):
        s, lPm = s_all[k], lPm_all[k][:, None]
        nested = s > 0
        below = below + s
        a = jnp.where(nested, s / below, 0.5)
        one_minus = 1.0 - nest.sigma[k]
        combined = (
            jnp.logaddexp(jnp.log(a) + one_minus * lPm, jnp.log1p(-a) + one_minus * inner)
            / one_minus
        )
        outer = jnp.where(nested, combined, inner)
        out.append((nested, a, one_minus, lPm, inner, outer))
        inner = outer
    return out


def _log_cost(lw: jax.Array, lP: jax.Array, cal: Calibration) -> jax.Array:
    """(B1) in logs, (N, J): value added at wages plus inputs at sector prices (with the
    critical-input nests of :class:`Nest` for their users)."""
    lc = cal.va * lw[:, None] + jnp.matmul(lP[:, None, :], cal.io)[:, 0, :]
    if cal.nest is None:
        return lc
    return _nest_bundles(lc, lP, cal.nest)[-1][-1]


def input_shares(lw: jax.Array, lP: jax.Array, cal: Calibration) -> jax.Array:
    """Cost shares of inputs [n, k, j] at log wages ``lw`` and log input prices ``lP``:
    ``cal.io`` under Cobb-Douglas. With nests (Shephard's lemma on :func:`_log_cost`), a
    nested user's share of critical input m_k is its share of bundle ``c_k``,
    ``a_k (p_m / c_k)^(1 - sigma_k)``, times the share of ``c_k`` in each bundle around it,
    ``(1 - a_l) (c_(l-1) / c_l)^(1 - sigma_l)``; its other inputs (and value added) scale
    by the Cobb-Douglas bundle's share over its baseline share."""
    if cal.nest is None:
        return cal.io
    nest = cal.nest
    lc = cal.va * lw[:, None] + jnp.matmul(lP[:, None, :], cal.io)[:, 0, :]
    bundles = _nest_bundles(lc, lP, nest)
    around = jnp.ones_like(lc)  # share of the current bundle in the whole cost
    critical = []
    for nested, a, one_minus, lPm, inner, outer in reversed(bundles):
        critical.append(jnp.where(nested, around * a * jnp.exp(one_minus * (lPm - outer)), 0.0))
        around = around * jnp.where(nested, (1 - a) * jnp.exp(one_minus * (inner - outer)), 1.0)
    critical = jnp.stack(critical[::-1])  # (K, N, J), 0 where not nested
    nested_any = (nest.share > 0).astype(lc.dtype)  # (K, N, J)
    base = 1.0 - nest.share.sum(axis=0)  # the Cobb-Douglas bundle's baseline share
    scale = around / base  # (N, J)
    shares = cal.io * scale[:, None, :]
    # a nested input takes its nested share; a critical input of a user not nested on it
    # stays in the Cobb-Douglas bundle (scaled like the rest)
    rows = jnp.einsum("knj,ki->nij", nested_any, nest.onehot)  # (N, J_in, J) nested cells
    values = jnp.einsum("knj,ki->nij", critical, nest.onehot)
    return jnp.where(rows > 0, values, shares)


class Inner(NamedTuple):
    """Solutions of the inner fixed points at some log wages, to start the next
    evaluation from (nearby wages: a few iterations instead of about twenty): log price
    index ``lP`` (N, J), log paid-price factor ``lM`` (N, J) (0 without a lag) and
    spending relative to the baseline ``X_hat`` [j, n]."""

    lP: jax.Array  # noqa: N815 (the module's log-price names)
    lM: jax.Array  # noqa: N815
    X_hat: jax.Array


def cold_inner(lw: jax.Array, cal: Calibration) -> Inner:
    """The starting points :func:`state` uses without an :class:`Inner`: prices at the
    baseline, spending scaled by the wage changes."""
    zeros = jnp.zeros_like(cal.X)
    return Inner(zeros, zeros, jnp.broadcast_to(jnp.exp(lw)[None, :], cal.X.T.shape))


def prices(
    lw: jax.Array,
    shock: Shock,
    cal: Calibration,
    tol: float = INNER_TOL,
    start: Inner | None = None,
):
    """Log unit costs and price indices (N, J) at log wages ``lw`` (B1)-(B2):
    ``(costs buyers respond to, price index at those costs, costs paid, input price
    index paid)``; the fixed points start from ``start`` (default: :func:`cold_inner`).

    In a lagged month (``shock.lag``; our design, README "Our design") buyers respond to
    the felt wedges and to producers' costs at felt input prices, so a producer's cost
    rise reaches its buyers with the same lag as a tariff; what producers pay for their
    inputs is the index at paid prices, ``P / M`` with M of
    :func:`tradewar.models.short_run.paid_price_factor` taken over every origin's felt /
    paid price (tariff lag times felt / paid cost), solved jointly with P."""

    def index(lc):  # [n, j] log costs -> shares [j, i, n] and log price index [n, j]
        e = jnp.exp(-cal.theta * lc).T  # [j, i]
        A = jnp.matmul(e[:, None, :], shock.shifter)[:, 0, :]  # [j, n]
        return e, A, (-jnp.log(A) / cal.theta[:, None]).T

    start = cold_inner(lw, cal) if start is None else start
    lP = _fixed_point(lambda lP: index(_log_cost(lw, lP, cal))[2], start.lP, tol)
    if shock.lag is None:
        lc = _log_cost(lw, lP, cal)
        return lc, lP, lc, lP

    rho = (cal.theta / (1.0 + cal.theta))[:, None, None]  # [j, 1, 1]
    # the felt index does not depend on what is paid: solved first (above), then M
    lc_felt = _log_cost(lw, lP, cal)
    e, A, _ = index(lc_felt)
    pi_lag = shock.shifter * e[:, :, None] / A[:, None, :] * shock.lag**rho  # [j, i, n]

    def update(lM):  # log M [n, j]
        gap = jnp.exp(lc_felt - _log_cost(lw, lP - lM, cal)).T[:, :, None] ** rho
        return (jnp.log((pi_lag * gap).sum(axis=1)) / rho[:, 0]).T

    lM = _fixed_point(update, start.lM, tol)
    return lc_felt, lP, _log_cost(lw, lP - lM, cal), lP - lM


class State(NamedTuple):
    """Counterfactual objects at given log wages."""

    w_hat: jax.Array  # (N,)
    c_hat: jax.Array  # (N, J) unit costs paid
    c_felt_hat: jax.Array  # (N, J) unit costs buyers respond to (= c_hat unless lagged)
    P_hat: jax.Array  # (N, J)
    pi: jax.Array  # pi'[i, n, j]
    X: jax.Array  # X'[n, j] gross expenditure
    flows: jax.Array  # x'[i, n, j] producer value (excl. tariffs and export taxes)
    income: jax.Array  # I'_n
    revenue: jax.Array  # R'_n, tariff revenue
    deficit: jax.Array  # D'_n
    border_flows: jax.Array  # x'(1 + export tax)[i, n, j], value at the border
    export_revenue: jax.Array  # export-tax revenue of each exporter (N,)
    inner: Inner  # the inner fixed points' solutions


@jax.jit
def state(
    lw: jax.Array,
    shock: Shock,
    cal: Calibration,
    tol: float = INNER_TOL,
    start: Inner | None = None,
) -> State:
    """Solve prices, shares and spending for log wages ``lw`` (N,); ``tol`` is the
    tolerance of the inner fixed points, ``start`` their starting points (default:
    :func:`cold_inner`)."""
    start = cold_inner(lw, cal) if start is None else start
    lc_felt, lP, lc, lP_paid = prices(lw, shock, cal, tol, start)
    io = input_shares(lw, lP_paid, cal)
    share = shock.shifter * jnp.exp(-cal.theta * lc_felt).T[:, :, None]  # [j, i, n]
    pi = share / share.sum(axis=1, keepdims=True)
    border = pi / shock.border  # border value (incl. export tax) per unit of spending
    rho = (pi - border).sum(axis=1)  # [j, n] tariff revenue per unit of spending
    if shock.gross is None:  # no export taxes: producers receive the border value
        net, levy = border, None
    else:
        net = pi / shock.gross  # producer value per unit of importer spending
        levy = border - net  # [j, i, n] export tax per unit of n's spending, to exporter i
    w_hat = jnp.exp(lw)
    value_added = w_hat * cal.wL
    D = cal.fixed_deficits * cal.D * value_added.sum() / cal.wL.sum()
    X0 = cal.X.T  # [j, n]
    alpha = cal.alpha.T

    def export_revenue(X):  # [j, n] -> (N,)
        return 0.0 * w_hat if levy is None else jnp.einsum("jin,jn->i", levy, X)

    def update(X_hat):  # [j, n], spending relative to the baseline
        X = X_hat * X0
        sales = jnp.matmul(net, X[:, :, None])[:, :, 0]  # [j, i]
        inputs = jnp.matmul(io, sales.T[:, :, None])[:, :, 0]  # [n, j]
        income = value_added + (rho * X).sum(axis=0) + export_revenue(X) + D
        return (inputs.T + alpha * income[None, :]) / X0

    X_hat = _fixed_point(update, start.X_hat, tol)
    XT = X_hat * X0
    revenue = (rho * XT).sum(axis=0)
    levies = export_revenue(XT)
    flows = jnp.moveaxis(net * XT[:, None, :], 0, 2)
    return State(
        w_hat,
        jnp.exp(lc),
        jnp.exp(lc_felt),
        jnp.exp(lP),
        jnp.moveaxis(pi, 0, 2),
        XT.T,
        flows,
        value_added + revenue + levies + D,
        revenue,
        D,
        jnp.moveaxis(border * XT[:, None, :], 0, 2),
        levies,
        Inner(lP, lP - lP_paid, X_hat),
    )


def _balances(s: State, cal: Calibration) -> jax.Array:
    imports = s.border_flows.sum(axis=(0, 2))
    sales = s.border_flows.sum(axis=(1, 2))
    balance = (imports - s.deficit - sales) / cal.wL
    numeraire = jnp.dot(cal.wL, s.w_hat - 1) / cal.wL.sum()
    return balance.at[-1].set(numeraire)


def residuals(lw: jax.Array, args: tuple[Shock, Calibration], tol: float = INNER_TOL) -> jax.Array:
    """Trade balances (B5) at border values, scaled by value added; numeraire in the last
    entry, (N,). (With export taxes, income = expenditure implies balance at border
    values: export-tax revenue stays in the exporting country.)"""
    shock, cal = args
    return _balances(state(lw, shock, cal, tol), cal)


def warm_residuals(
    lw: jax.Array, args: tuple[Shock, Calibration], start: Inner, accuracy: jax.Array
) -> tuple[jax.Array, Inner]:
    """:func:`residuals` with the inner fixed points started from ``start`` and solved to
    ``accuracy`` (at least INNER_TOL), and their solutions, for the next evaluation
    (``inner`` of :func:`tradewar.models.solver.newton`)."""
    shock, cal = args
    s = state(lw, shock, cal, jnp.maximum(INNER_TOL, accuracy), start)
    return _balances(s, cal), s.inner


class Controls(NamedTuple):
    """K export controls (docs/model.md D.2): ``cells`` (K, N, N, J) 0/1 marks each control's
    flows, ``quota`` (K,) their allowed quantity relative to the baseline,
    ``baseline_quantity`` (K,) their baseline producer value; who holds each rent (D.4):
    ``away`` (K,) 1 where the exporter does not, ``to_importer`` (K,) 1 where the importer
    does, ``licensed`` (K,) 1 for a licence, 0 for a capacity limit (whose scarcity rent is
    its producers'). Built as NumPy arrays (:func:`controls_from`), traced inside the
    compiled solves."""

    cells: jax.Array
    quota: jax.Array
    baseline_quantity: jax.Array
    away: jax.Array
    to_importer: jax.Array
    licensed: jax.Array


def padded_controls(controls: Controls, size: int) -> Controls:
    """``controls`` with inert ones appended up to ``size`` (no flows, quota 2 of a unit
    baseline quantity: always slack, shadow tax 0), so that paths whose number of
    controls changes from month to month reuse a few compiled shapes. Built with NumPy
    (host arrays, no compiled operation per number of controls)."""
    extra = size - controls.quota.shape[0]
    if extra <= 0:
        return controls
    cells = np.zeros((extra, *controls.cells.shape[1:]))
    zeros, ones = np.zeros(extra), np.ones(extra)
    fill = (cells, 2.0 * ones, ones, zeros, zeros, zeros)
    return Controls(
        *(np.concatenate([np.asarray(a), b]) for a, b in zip(controls, fill, strict=True))
    )


def controls_from(cells, quota, cal: Calibration, holders=None) -> Controls:
    """:class:`Controls` from cell masks (K, N, N, J), quotas (K,) and rent holders (K
    of ``"exporter"``, ``"importer"``, ``"nobody"`` for licences, ``"producers"`` for a
    capacity limit; None: every rent a licence's exporter's). Host (NumPy) arrays: built
    once per policy, outside the compiled solves."""
    cells = np.asarray(cells, float)
    flows = np.asarray(cal.pi) * np.asarray(cal.X)[None, :, :] / (1 + np.asarray(cal.tau))
    holders = ["exporter"] * cells.shape[0] if holders is None else list(holders)
    return Controls(
        cells,
        np.asarray(quota, float),
        (cells * flows).sum(axis=(1, 2, 3)),
        np.asarray([h in ("importer", "nobody") for h in holders], float),
        np.asarray([h == "importer" for h in holders], float),
        np.asarray([h != "producers" for h in holders], float),
    )


def licence_rents(shadow, controls: Controls, flows, export_tax):
    """Licence rents by country (N,) in baseline units per year, D.4: ``(held, moved)``.

    The rent of control k is its shadow tax times the value of its flows at the exporter's
    border before the licence (producer value ``flows`` [i, n, j] times 1 + the export tax
    ``export_tax``). ``held``: the licence rent each country holds (the exporter's, or the
    importer's where the importer holds the licence; a rent held by nobody, or a capacity
    limit's scarcity rent, counts for none); ``moved``: the change of each country's
    income against every rent being the exporter's (which is how the equilibrium books it:
    the shadow tax is an export tax)."""
    rent = controls.cells * (flows * (1 + export_tax))[None] * shadow[:, None, None, None]
    by_exporter = rent.sum(axis=(2, 3))  # (K, N)
    to_importer = (controls.to_importer[:, None] * rent.sum(axis=(1, 3))).sum(axis=0)
    kept = ((controls.licensed - controls.away)[:, None] * by_exporter).sum(axis=0)
    lost = (controls.away[:, None] * by_exporter).sum(axis=0)
    return kept + to_importer, to_importer - lost


def welfare_with_rents(welfare, income, moved, controls: Controls):
    """Welfare (N,, percent) when licence rents move from the exporter (``moved``, the
    change of income of :func:`licence_rents`; ``income`` the equilibrium's, same unit):
    the first-order transfer of D.4, spending left as the equilibrium has it. Exactly
    ``welfare`` when every rent is the exporter's."""
    adjusted = 100.0 * ((1.0 + welfare / 100.0) * (1.0 + moved / income) - 1.0)
    return jnp.where(controls.away.sum() > 0, adjusted, welfare)


def shadow_wedge(shadow: jax.Array, controls: Controls) -> jax.Array:
    """1 + the export tax the controls impose, [i, n, j] (controls do not overlap)."""
    return 1.0 + jnp.tensordot(shadow, controls.cells, axes=1)


def controlled_shock(tau, export_tax, felt, lag, shadow, controls: Controls, cal: Calibration):
    """The :func:`prepare` shock of tariffs ``tau``, export taxes ``export_tax``, felt
    wedges ``felt`` and ``lag`` with the controls' shadow export taxes ``shadow`` (K,)
    on top (D.2): each raises the export tax on its flows and the wedge buyers feel."""
    extra = shadow_wedge(shadow, controls)
    return prepare(tau, cal, (1 + export_tax) * extra - 1, felt * extra, lag)


def controlled_quantities(controls: Controls, flows, c_hat) -> jax.Array:
    """Quantity index of each control's flows relative to the baseline (K,): producer
    values ``flows`` [i, n, j] deflated by the exporter's unit cost ``c_hat`` [i, j]."""
    quantity = (controls.cells * (flows / c_hat[:, None, :])[None]).sum(axis=(1, 2, 3))
    return quantity / controls.baseline_quantity


def fischer_burmeister(a: jax.Array, b: jax.Array) -> jax.Array:
    """phi(a, b) = a + b - sqrt(a^2 + b^2): zero iff a >= 0, b >= 0 and a b = 0."""
    return a + b - jnp.sqrt(a * a + b * b)


def controlled_residuals(z: jax.Array, args, tol: float = INNER_TOL) -> jax.Array:
    """Residuals (N + K,) with export controls: :func:`residuals` in log wages
    ``z[:N]`` and, per control k, the complementarity of its shadow export tax
    ``z[N + k] >= 0`` and its slack ``quota_k - q_hat_k >= 0``, where the quantity index
    ``q_hat_k`` deflates the controlled flows by the exporter's unit cost (D.2).

    ``args = (tariffs, export_taxes, felt, lag, controls, cal)``; the control binds at
    once (it also enters the wedge demand responds to).
    """
    return _controlled(z, args, tol, None)[0]


def warm_controlled_residuals(
    z: jax.Array, args, start: Inner, accuracy: jax.Array
) -> tuple[jax.Array, Inner]:
    """:func:`controlled_residuals` with the inner fixed points started from ``start``
    and solved to ``accuracy``, and their solutions (as :func:`warm_residuals`)."""
    return _controlled(z, args, jnp.maximum(INNER_TOL, accuracy), start)


def _controlled(z: jax.Array, args, tol, start: Inner | None) -> tuple[jax.Array, Inner]:
    """:func:`controlled_residuals` and the inner fixed points' solutions."""
    tau, export_tax, felt, lag, controls, cal = args
    n = cal.wL.shape[0]
    lw, shadow = z[:n], z[n:]
    shock = controlled_shock(tau, export_tax, felt, lag, shadow, controls, cal)
    s = state(lw, shock, cal, tol, start)
    slack = controls.quota - controlled_quantities(controls, s.flows, s.c_hat)
    return jnp.concatenate([_balances(s, cal), fischer_burmeister(shadow, slack)]), s.inner


def controlled_first_jacobian(z: jax.Array, args) -> jax.Array:
    """Cheap first Jacobian (N + K, N + K): CP's tatonnement rows for the wages (as
    :func:`tatonnement_jacobian`) and exact columns for the K shadow taxes (K forward
    passes instead of N + K); Broyden updates refine it."""
    *_, cal = args
    n = cal.wL.shape[0]

    def of_shadow(shadow):
        return controlled_residuals(
            jnp.concatenate([z[:n], shadow]), args, CONTROLLED_JACOBIAN_INNER_TOL
        )

    shadow_columns = jax.jacfwd(of_shadow)(z[n:])  # (N + K, K)
    wage_columns = jnp.zeros((z.shape[0], n)).at[:n].set(tatonnement_jacobian(z[:n], (None, cal)))
    return jnp.concatenate([wage_columns, shadow_columns], axis=1)


def controlled_jacobian(z: jax.Array, args) -> jax.Array:
    """Jacobian of :func:`controlled_residuals`, forward-mode as :func:`jacobian`, with
    the inner fixed points to CONTROLLED_JACOBIAN_INNER_TOL."""
    return jax.jacfwd(lambda v: controlled_residuals(v, args, CONTROLLED_JACOBIAN_INNER_TOL))(z)


#: inner tolerance when differentiating: the Jacobian only steers the Newton steps
JACOBIAN_INNER_TOL = 1e-8
#: ... and with export controls, looser: near a scarce critical input (shadow taxes of
#: hundreds of times the price) the inner loops crawl to 1e-8, and the Jacobian they give
#: steers no better (the main job's path: 23 s -> 14 s, the same answers)
CONTROLLED_JACOBIAN_INNER_TOL = 1e-6


def jacobian(lw: jax.Array, args: tuple[Shock, Calibration]) -> jax.Array:
    """Jacobian of :func:`residuals` (N, N): forward-mode autodiff through the inner
    fixed points, solved to JACOBIAN_INNER_TOL (the residuals themselves use INNER_TOL)."""
    return jax.jacfwd(lambda x: residuals(x, args, JACOBIAN_INNER_TOL))(lw)


def tatonnement_jacobian(lw: jax.Array, args: tuple[Shock, Calibration]) -> jax.Array:
    """Cheap first Jacobian (N, N): CP's own wage update ``d ln w = -r / 2`` read as a
    Newton step (2 I for the scaled trade balances) with the exact numeraire row. Broyden
    updates refine it; the exact :func:`jacobian` replaces it when progress is poor."""
    _, cal = args
    rows = 2.0 * jnp.eye(lw.shape[0])
    return rows.at[-1].set(cal.wL * jnp.exp(lw) / cal.wL.sum())


def outcomes(
    lw: jax.Array, shock: Shock, cal: Calibration, felt_over_paid: jax.Array | None = None
) -> dict[str, jax.Array]:
    """Country outcomes (percent) and sector objects of the equilibrium at ``lw``.

    ``felt_over_paid`` [i, n, j]: the wedge demand responds to over the wedge buyers pay,
    in a month of a lagged path; prices and welfare are then read at the prices paid
    (:mod:`tradewar.models.short_run`)."""
    s = state(lw, shock, cal)
    base_flows = cal.pi * cal.X[None, :, :] / (1 + cal.tau)
    base_income = (
        cal.wL + (cal.X * (cal.pi - cal.pi / (1 + cal.tau)).sum(axis=0)).sum(axis=1) + cal.D
    )
    P_paid = s.P_hat
    if felt_over_paid is not None:
        gap = (s.c_felt_hat / s.c_hat)[:, None, :]  # felt / paid unit cost of each origin
        P_paid = s.P_hat / paid_price_factor(s.pi, felt_over_paid * gap, cal.theta)
    P_index = jnp.exp((cal.alpha * jnp.log(P_paid)).sum(axis=1))
    pct = lambda r: 100.0 * (r - 1.0)  # noqa: E731
    N = cal.wL.shape[0]
    off = (1.0 - jnp.eye(N))[:, :, None]
    exports0, exports1 = (base_flows * off).sum(axis=(1, 2)), (s.flows * off).sum(axis=(1, 2))
    imports0, imports1 = (base_flows * off).sum(axis=(0, 2)), (s.flows * off).sum(axis=(0, 2))
    return {
        "welfare": pct((s.income / base_income) / P_index),
        "real_wage": pct(s.w_hat / P_index),
        "wage": pct(s.w_hat),
        "prices": pct(P_index),
        "expenditure": pct(s.income / base_income),
        "exports": pct(exports1 / exports0),
        "imports": pct(imports1 / imports0),
        "revenue_share": 100.0 * s.revenue / base_income,
        "export_tax_revenue": s.export_revenue,
        "sector_output": s.flows.sum(axis=1),  # [i, j] gross output, level
        "sector_prices": pct(P_paid),  # [n, j]
        "flows": s.flows,
        "income": s.income,
        "c_hat": s.c_hat,
    }


def welfare_decomposition(
    flows_b: np.ndarray,
    flows_c: np.ndarray,
    tau_b: np.ndarray,
    c_hat: np.ndarray,
    income_b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """CP's first-order welfare decomposition of run c against run b (docs/model.md B.4).

    Args:
        flows_b, flows_c: tariff-exclusive flows x[i, n, j] of the two runs, (N, N, J).
        tau_b: tariffs of run b, [i, n, j].
        c_hat: unit-cost change c^c / c^b by [country, sector], (N, J).
        income_b: income I^b of run b, (N,).

    Returns:
        (terms of trade, volume of trade) by country, fractions (x 100 for percent); their
        sum is CP's welfare effect. Terms with zero baseline flows are zero.
    """
    dc = c_hat - 1.0
    exports = (flows_b * dc[:, None, :]).sum(axis=(1, 2))
    imports = (flows_b * dc[:, None, :]).sum(axis=(0, 2))
    tot = (exports - imports) / income_b
    ratio = np.divide(flows_c, flows_b, out=np.zeros_like(flows_b), where=flows_b > 0)
    vot = (tau_b * flows_b * (ratio - c_hat[:, None, :]) * (flows_b > 0)).sum(axis=(0, 2))
    return tot, vot / income_b
