"""Derivatives through an equilibrium by the implicit function theorem: the one helper.

At a solution ``x`` (n,) of the equilibrium conditions ``F(x, theta) = 0`` (n,), with
``theta`` (K,) the quantities a game chooses (tariffs, export taxes, quotas), the
solution moves as ``dx/dtheta = -J^-1 dF/dtheta`` (J = dF/dx, n x n). The derivative
of any objective ``g(x, theta)`` (a scalar or (M,)) along the equilibrium is then

* **reverse (adjoint) mode** — one solve ``J^T lambda = dg/dx`` per output:
  ``dg/dtheta = dg/dtheta|_x - lambda^T dF/dtheta`` (cheap when M is small and K large);
* **forward mode** — one solve ``J d = -dF/dtheta e_k`` per choice, then the objective's
  directional derivative along ``(d_k, e_k)`` (cheap when K is small).

No derivative goes through the solver's iterations: only ``F`` and ``g`` at the solution
are differentiated (docs/model.md, section "Gradients"). ``J`` is passed in when the
family already has it (its Newton Jacobian, possibly a cheaper inner tolerance), or a
solve's approximate inverse ``J^-1`` preconditions GMRES on ``J v`` products.

Every family (:mod:`~tradewar.models.onesector_model`,
:mod:`~tradewar.models.multisector_model`, :mod:`~tradewar.models.ossa_model`) and every
game (:func:`tradewar.games.ossa.uniform_focs`) differentiates through this module.
All functions are pure and ``jit``-friendly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp

from tradewar.models import solver

Residual = Callable[[jax.Array, jax.Array], jax.Array]
Objective = Callable[[jax.Array, jax.Array], jax.Array]


class Derivative(NamedTuple):
    """``value``: the objective at the solution (scalar or (M,)); ``jacobian``: its total
    derivative w.r.t. ``theta``, (K,) for a scalar objective, else (M, K); ``error``: the
    relative residual of the linear solves (0 when ``J`` was factorised)."""

    value: jax.Array
    jacobian: jax.Array
    error: jax.Array


def adjoint_combine(
    jacobian: jax.Array,
    d_x: jax.Array,
    d_theta: jax.Array,
    transpose_residual: Callable[[jax.Array], jax.Array],
) -> jax.Array:
    """Reverse mode from the partial derivatives: ``d_theta - transpose_residual(Lambda)``
    with ``J^T Lambda = d_x^T``.

    jacobian: J (n, n); d_x: dg/dx (M, n); d_theta: dg/dtheta|_x (M, K), or any shape
    ``transpose_residual`` returns; transpose_residual: maps the adjoints Lambda (n, M) to
    ``(dF/dtheta)^T Lambda`` in ``d_theta``'s shape (e.g. only its diagonal when each
    output only needs the derivative w.r.t. its own choice).
    """
    adjoints = jnp.linalg.solve(jacobian.T, d_x.T)  # (n, M)
    return d_theta - transpose_residual(adjoints)


def reverse(
    residual: Residual, objective: Objective, x: jax.Array, theta: jax.Array, jacobian: jax.Array
) -> Derivative:
    """Reverse-mode total derivative of ``objective`` at the solution ``x`` of
    ``residual(x, theta) = 0``; ``jacobian`` = dF/dx there (n, n)."""
    value = objective(x, theta)
    scalar = jnp.ndim(value) == 0
    d_x, d_theta = jax.jacrev(objective, argnums=(0, 1))(x, theta)  # (M, n), (M, K)
    if scalar:
        d_x, d_theta = d_x[None], d_theta[None]
    _, pullback_residual = jax.vjp(lambda th: residual(x, th), theta)

    def transpose_residual(adjoints):
        return jax.vmap(lambda v: pullback_residual(v)[0])(adjoints.T)

    total = adjoint_combine(jacobian, d_x, d_theta, transpose_residual)
    return Derivative(value, total[0] if scalar else total, jnp.zeros((), value.dtype))


def forward(
    residual: Residual,
    objective: Objective,
    x: jax.Array,
    theta: jax.Array,
    jacobian: jax.Array | None = None,
    *,
    inverse: jax.Array | None = None,
    krylov: int = 5,
) -> Derivative:
    """Forward-mode total derivative of ``objective`` at the solution ``x`` of
    ``residual(x, theta) = 0``.

    The solves ``J d_k = -dF/dtheta e_k`` use ``jacobian`` (n, n) when given; otherwise
    ``krylov`` GMRES iterations on ``J v`` products (forward-mode autodiff of
    ``residual``), started and right-preconditioned by ``inverse`` (an approximate
    ``J^-1``, e.g. the quasi-Newton inverse of the solve). Check ``error`` (the largest
    relative residual of those solves) and fall back to a Jacobian when it is too big.
    """
    d_res = jax.jacfwd(residual, argnums=1)(x, theta)  # (n, K)
    if jacobian is not None:
        d_x = -jnp.linalg.solve(jacobian, d_res)
        error = jnp.zeros((), d_res.dtype)
    elif inverse is not None:

        def matvec(v):
            return jax.jvp(lambda y: residual(y, theta), (x,), (v,))[1]

        def one(b):
            d = solver.gmres(matvec, b, inverse @ b, lambda v: inverse @ v, krylov)
            return d, jnp.linalg.norm(matvec(d) - b) / jnp.maximum(jnp.linalg.norm(b), 1e-300)

        d_x, errors = jax.vmap(one, in_axes=1, out_axes=(1, 0))(-d_res)
        error = errors.max()
    else:
        raise ValueError("forward mode needs the Jacobian or an approximate inverse")
    value = objective(x, theta)
    basis = jnp.eye(theta.shape[0], dtype=d_res.dtype)
    columns = jax.vmap(lambda d, e: jax.jvp(objective, (x, theta), (d, e))[1], in_axes=(1, 0))(
        d_x, basis
    )  # (K,) or (K, M)
    return Derivative(value, columns.T, error)
