r"""Analytic Jacobian of the IMLS one-sector system and its structured factorisation.

The unknowns of :func:`tradewar.models.onesector.residuals` are ``x = [u, e, l]`` with
``u = ln w_hat``, ``e = ln E_hat``, ``l = ln L_hat`` (each (N,)). In the coordinates
``(c, e, l)`` with ``c = u - psi l`` (the log unit-cost shifter that moves trade shares)
most of the Jacobian is structured:

* the l-columns are diagonal in the labour-supply rows, diagonal plus a rank-one world-
  income term in the budget rows, and diagonal except the numeraire row in the labour-market
  rows;
* without export taxes the e-columns of the budget and labour-supply rows are diagonal.

:func:`factorize` eliminates l and e with O(N^2) work (Sherman-Morrison for the budget
block when there are no export taxes) and leaves one dense N x N Schur complement in c to
LU-factorise: one N x N product and one LU per factorisation. :func:`apply_factors` then
gives a Newton step in O(N^2), so the chord solver can reuse a factorisation cheaply.
Rows are: 1 labour markets (A4, last row the numeraire A7), 2 budget (A5), 3 labour
supply (A6). The test suite checks the Jacobian against forward-mode autodiff and the
factorised step against a dense solve.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import jax
import jax.numpy as jnp
from jax.scipy.linalg import lu_factor, lu_solve

from tradewar.models import solver
from tradewar.models.onesector import Calibration, Shock, residuals, state
from tradewar.runtime.jax_setup import configure

configure()

#: chord solves keep a factorisation while each step shrinks ``max |F|`` ten-fold; with a
#: factorisation costing about six residual evaluations this is the fastest of 0.02-0.3
#: on the USTR, US-China and small-shock cases (``benchmarks/onesector.py``)
CHORD_KEEP = 0.1


class JacobianParts(NamedTuple):
    """The Jacobian in ``(c, e, l)`` coordinates, with the structure kept.

    Labour-market rows (the last one is the numeraire):
    ``F1c = F1c_rest + W @ eps_lam_t`` and ``F1e = W + diag(e1)`` with its last row
    replaced by ``r1e``, where ``W[i, n] = (1 - nu_n) X'_in / Y_i`` (last row zero) and
    ``eps_lam_t = eps lambda'^T``; keeping the product ``W @ eps_lam_t`` unformed lets the
    factorisation fold it into its one N x N product.
    Dense (N, N) blocks: ``F1c_rest, W, eps_lam_t, F2c, F2e, F3c, F3e``.
    Structured blocks from (N,) vectors: ``e1, r1e`` as above; the l-columns
    ``A13 = diag(a13)`` with its last row replaced by ``r13``,
    ``A23 = diag(a23) + outer(p, q)`` and ``A33 = diag(a33)``.
    """

    F1c_rest: jax.Array
    W: jax.Array
    eps_lam_t: jax.Array
    e1: jax.Array
    r1e: jax.Array
    a13: jax.Array
    r13: jax.Array
    F2c: jax.Array
    F2e: jax.Array
    a23: jax.Array
    p: jax.Array
    q: jax.Array
    F3c: jax.Array
    F3e: jax.Array
    a33: jax.Array


def jacobian_parts(
    x: jax.Array, args: tuple[Shock, Calibration], export_taxes: bool = True
) -> JacobianParts:
    """The analytic Jacobian at ``x`` as :class:`JacobianParts`.

    ``export_taxes=False`` promises that the policy has no export taxes and skips the
    export-tax revenue terms (one N x N product); the result is then wrong if it has some.

    Derivation: ``d ln lambda'_in = -eps (dc_i - m_n)`` with ``m_n = sum_j lambda'_jn dc_j``,
    so a destination-weighted row sum ``S_i = sum_n M_in`` of ``M = a * X'`` has
    ``dS/dc = -eps diag(S) + eps M lambda'^T`` and ``dS/de = M``, and an origin-weighted
    column sum ``C_n`` has ``dC/dc = -eps M^T + eps diag(C) lambda'^T`` and ``dC/de =
    diag(C)``; ``d ln P = (1 - phi)(de - du) + lambda'^T dc``.
    """
    policy, cal = args
    eps, psi, kappa = cal.eps, cal.psi, cal.kappa
    s = state(x, policy, cal)
    lamT = s.lam.T  # [n, j] = lambda'_jn

    def col_sum(M):
        C = M.sum(axis=0)
        return -eps * M.T + eps * C[:, None] * lamT, jnp.diag(C)

    # revenue R' = tariff revenue (column sums) + export-tax revenue (row sums)
    R_c, R_e = col_sum(policy.tariffs * (1 + policy.export_taxes) * s.X)
    if export_taxes:
        M = policy.export_taxes * s.X
        R_c = R_c - eps * jnp.diag(M.sum(axis=1)) + eps * (M @ lamT)
        R_e = R_e + M

    wL = s.w_hat * s.L_hat
    one_minus_phi = 1 - cal.phi

    # (A4) factor demand FD_i = sum_n (1 - nu_n) X'_in + nu_i sum_j X'_ji over Y_i (a row
    # sum and a column sum); the last row is the numeraire (A7) sum_n E_n (P_hat_n - 1) = 0
    weight = cal.E * s.P_hat / cal.E.sum()
    W = ((1 - cal.nu)[None, :] * s.X / cal.Y[:, None]).at[-1].set(0.0)
    imports = s.X.sum(axis=0)
    F1c_rest = (
        (
            -eps * jnp.diag(W.sum(axis=1))
            + cal.nu[:, None] * eps * (imports[:, None] * lamT - s.X.T) / cal.Y[:, None]
            - jnp.diag(wL)
        )
        .at[-1]
        .set(weight @ lamT - weight * one_minus_phi)
    )
    e1 = cal.nu * imports / cal.Y
    r1e = weight * one_minus_phi
    a13 = -(1 + psi) * wL
    r13 = -psi * weight * one_minus_phi

    # (A5) budget: E_hat E = R' + Y' + T sum(Y') / sum(Y)
    world = s.Y / cal.Y.sum()
    F2c = (R_c + jnp.diag(s.Y) + cal.T[:, None] * world[None, :]) / cal.E[:, None]
    F2e = R_e / cal.E[:, None] - jnp.diag(s.E_hat)
    a23 = (1 + psi) * s.Y / cal.E
    p = (1 + psi) * cal.T / cal.E
    q = world

    # (A6) labour supply: l - kappa (ln(1 - tau0) - ln(1 - tau') + u - ln P), tau' = R'/Y'
    g = cal.income_tax / (1 - s.tau)  # d[-ln(1 - tau')] / d tau' (times the switch)
    tax = g * s.R / s.Y  # minus d[-ln(1 - tau')] / du through Y' (= d/dl)
    F3c = -kappa * (g[:, None] * R_c / s.Y[:, None] - lamT) + jnp.diag(
        kappa * (tax - 1 - one_minus_phi)
    )
    F3e = -kappa * (g[:, None] * R_e / s.Y[:, None] - jnp.diag(one_minus_phi))
    a33 = 1 - psi * kappa + kappa * (1 + psi) * tax - psi * kappa * one_minus_phi
    return JacobianParts(
        F1c_rest, W, eps * lamT, e1, r1e, a13, r13, F2c, F2e, a23, p, q, F3c, F3e, a33
    )


def _diag_last_row_times(diag: jax.Array, last_row: jax.Array, B: jax.Array) -> jax.Array:
    """``A @ B`` for ``A = diag(diag)`` with its last row replaced by ``last_row``, for B of
    shape (N,) or (N, K), in O(N K)."""
    scale = diag if B.ndim == 1 else diag[:, None]
    return (scale * B).at[-1].set(last_row @ B)


def _diag_rank_one_times(d: jax.Array, p: jax.Array, q: jax.Array, B: jax.Array) -> jax.Array:
    """``(diag(d) + outer(p, q)) @ B`` for B of shape (N,) or (N, K), in O(N K)."""
    if B.ndim == 1:
        return d * B + p * (q @ B)
    return d[:, None] * B + p[:, None] * (q @ B)[None, :]


def jacobian_blocks(x: jax.Array, args: tuple[Shock, Calibration]):
    """Dense blocks ``((F1_u, F1_e, F1_l), (F2_u, F2_e, F2_l), (F3_u, F3_e, F3_l))`` of the
    Jacobian in the solver's coordinates ``(u, e, l)``, each (N, N)."""
    J = jacobian_parts(x, args)
    psi = args[1].psi
    eye = jnp.eye(J.a13.shape[0])
    F1c = J.F1c_rest + J.W @ J.eps_lam_t
    F1e = J.W + _diag_last_row_times(J.e1, J.r1e, eye)
    A13 = _diag_last_row_times(J.a13, J.r13, eye)
    A23 = _diag_rank_one_times(J.a23, J.p, J.q, eye)
    A33 = jnp.diag(J.a33)
    # d/dl at fixed u = d/dl at fixed c - psi d/dc
    return (
        (F1c, F1e, A13 - psi * F1c),
        (J.F2c, J.F2e, A23 - psi * J.F2c),
        (J.F3c, J.F3e, A33 - psi * J.F3c),
    )


def jacobian(x: jax.Array, args: tuple[Shock, Calibration]) -> jax.Array:
    """Analytic Jacobian of :func:`~tradewar.models.onesector.residuals`, (3N, 3N)."""
    return jnp.block([list(row) for row in jacobian_blocks(x, args)])


class Factors(NamedTuple):
    """The block elimination of the Jacobian at one point (see :func:`factorize`).

    psi: scalar. W, e1, r1e: the e-columns of the labour-market rows as in
    :class:`JacobianParts`. a13, r13, a23, p, q, a33: the structured l-columns, (N,).
    F3e: e-columns of the labour-supply rows, (N, N). K_inv: inverse of the budget block
    left after eliminating l, (N, N). D1, L1: de/dc and dl/dc after elimination, (N, N).
    S_lu, S_piv: LU factors of the Schur complement in c.
    """

    psi: jax.Array
    W: jax.Array
    e1: jax.Array
    r1e: jax.Array
    a13: jax.Array
    r13: jax.Array
    a23: jax.Array
    p: jax.Array
    q: jax.Array
    a33: jax.Array
    F3e: jax.Array
    K_inv: jax.Array
    D1: jax.Array
    L1: jax.Array
    S_lu: jax.Array
    S_piv: jax.Array


def factorize(x: jax.Array, args: tuple[Shock, Calibration], export_taxes: bool = True) -> Factors:
    """Block factorisation of the Jacobian at ``x``.

    Row 3 gives ``dl = (-f3 - F3c dc - F3e de) / a33``; row 2 then gives
    ``K de = -f2 + A23 (f3 / a33) + M dc`` with ``K = F2e - A23 F3e / a33``, and row 1 is
    left with the Schur complement ``S = F1c + F1e D1 + A13 L1`` in dc, formed with one
    N x N product ``W @ (eps lambda'^T + D1)``. Without export taxes
    (``export_taxes=False``, a promise) K is diagonal plus rank one and is inverted by
    Sherman-Morrison; otherwise K is inverted densely.
    """
    J = jacobian_parts(x, args, export_taxes)
    a33 = J.a33
    M = -J.F2c + _diag_rank_one_times(J.a23, J.p, J.q, J.F3c / a33[:, None])
    if export_taxes:
        K = J.F2e - _diag_rank_one_times(J.a23, J.p, J.q, J.F3e / a33[:, None])
        K_inv = jnp.linalg.inv(K)
        D1 = K_inv @ M
        L1 = (-J.F3c - J.F3e @ D1) / a33[:, None]
    else:
        f3e = jnp.diagonal(J.F3e)
        k = jnp.diagonal(J.F2e) - J.a23 * f3e / a33  # K = diag(k) - outer(p, v)
        v = J.q * f3e / a33
        pk = J.p / k
        scale = 1.0 / (1.0 - v @ pk)
        K_inv = jnp.diag(1.0 / k) + scale * jnp.outer(pk, v / k)
        Mk = M / k[:, None]
        D1 = Mk + scale * pk[:, None] * (v @ Mk)[None, :]
        L1 = (-J.F3c - f3e[:, None] * D1) / a33[:, None]
    S = (
        J.F1c_rest
        + J.W @ (J.eps_lam_t + D1)
        + _diag_last_row_times(J.e1, J.r1e, D1)
        + _diag_last_row_times(J.a13, J.r13, L1)
    )
    S_lu, S_piv = lu_factor(S)
    return Factors(
        args[1].psi, J.W, J.e1, J.r1e, J.a13, J.r13, J.a23, J.p, J.q, a33, J.F3e, K_inv,
        D1, L1, S_lu, S_piv.astype(jnp.int32),
    )  # fmt: skip


def apply_factors(fac: Factors, f: jax.Array) -> jax.Array:
    """Newton step ``-J^-1 f`` (3N,) with the Jacobian of :func:`factorize`, O(N^2)."""
    N = fac.a33.shape[0]
    f1, f2, f3 = f[:N], f[N : 2 * N], f[2 * N :]
    d0 = fac.K_inv @ (-f2 + _diag_rank_one_times(fac.a23, fac.p, fac.q, f3 / fac.a33))
    l0 = (-f3 - fac.F3e @ d0) / fac.a33
    F1e_d0 = fac.W @ d0 + _diag_last_row_times(fac.e1, fac.r1e, d0)
    rhs = -f1 - F1e_d0 - _diag_last_row_times(fac.a13, fac.r13, l0)
    dc = lu_solve((fac.S_lu, fac.S_piv), rhs)
    dl = l0 + fac.L1 @ dc
    return jnp.concatenate([dc + fac.psi * dl, d0 + fac.D1 @ dc, dl])


def newton_direction(
    x: jax.Array, args: tuple[Shock, Calibration], f: jax.Array, export_taxes: bool = True
) -> jax.Array:
    """Newton step ``-J(x)^-1 f`` (3N,): :func:`factorize` then :func:`apply_factors`."""
    return apply_factors(factorize(x, args, export_taxes), f)


def solve(
    args: tuple[Shock, Calibration],
    x0: jax.Array,
    *,
    taxes: bool,
    tol: float,
    max_iter: int,
    chord: bool = True,
) -> solver.Solution:
    """Solve the one-sector system from ``x0`` (3N,): chord steps on kept factorisations
    (single solves), or pure Newton with ``chord=False`` (``vmap`` batches, where a
    refresh would run in every lane). ``taxes=False`` promises no export taxes."""
    if chord:
        return solver.newton_chord(
            residuals,
            x0,
            args,
            factorize=partial(factorize, export_taxes=taxes),
            apply=apply_factors,
            tol=tol,
            max_iter=max_iter,
            keep=CHORD_KEEP,
        )
    return solver.newton(
        residuals,
        x0,
        args,
        direction=partial(newton_direction, export_taxes=taxes),
        tol=tol,
        max_iter=max_iter,
    )
