"""Generic root finding in JAX: Newton with an exact Jacobian and a backtracking line search.

The solver is a pure function, so it can be ``jit``-compiled and ``vmap``-ed over a batch
of scenarios; each lane stops independently (a lane that has converged takes no more
steps). It never raises inside traced code: the returned :class:`Solution` carries the
diagnostics and :func:`check` turns a failed lane into a :class:`SolverError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from tradewar.errors import SolverError

jax.config.update("jax_enable_x64", True)

Residual = Callable[[jax.Array, Any], jax.Array]


class Solution(NamedTuple):
    """Result of :func:`newton` (arrays get a leading batch axis under ``vmap``).

    Attributes:
        x: the last iterate, shape (K,).
        converged: ``max |F(x)| <= tol``.
        iterations: Newton steps taken.
        max_residual: ``max |F(x)|`` at the last iterate (scaled residuals).
    """

    x: jax.Array
    converged: jax.Array
    iterations: jax.Array
    max_residual: jax.Array


def newton(
    residual: Residual,
    x0: jax.Array,
    args: Any,
    *,
    jacobian: Callable[[jax.Array, Any], jax.Array] | None = None,
    tol: float = 1e-10,
    max_iter: int = 60,
    max_backtracks: int = 40,
    reuse: float = 0.0,
) -> Solution:
    """Solve ``residual(x, args) = 0`` by damped Newton.

    Args:
        residual: pure function ``(x, args) -> F`` with ``F.shape == x.shape``.
        x0: starting point, shape (K,).
        args: pytree of arrays passed through to ``residual``.
        jacobian: ``(x, args) -> dF/dx`` of shape (K, K); forward-mode autodiff if None.
        tol: stop when ``max |F| <= tol``.
        max_iter: most Newton steps.
        max_backtracks: most step halvings per line search (Armijo on ``|F|^2 / 2``).
        reuse: keep the last LU factorisation of the Jacobian for the next step while a
            full step shrank ``max |F|`` by at least this factor (a Shamanskii / chord
            variant for models whose Jacobian costs far more than a residual); 0 gives
            pure Newton, a fresh Jacobian every step.
    """
    jac = jacobian if jacobian is not None else jax.jacfwd(residual)

    def merit(f):
        return 0.5 * jnp.dot(f, f)

    def factor(x):
        return jax.scipy.linalg.lu_factor(jac(x, args))

    def not_done(state):
        f, it = state[1], state[2]
        err = jnp.max(jnp.abs(f))
        return (err > tol) & (it < max_iter) & jnp.isfinite(err)

    def step(state):
        x, f, it, lu, fresh = state
        # with reuse, keep the factorisation while it contracts well (decided last step)
        lu = jax.lax.cond(fresh, lambda: lu, lambda: factor(x)) if reuse > 0 else factor(x)
        dx = jax.scipy.linalg.lu_solve(lu, -f)
        m0 = merit(f)

        def too_long(ls):
            a, fa, k = ls
            ma = merit(fa)
            return (~jnp.isfinite(ma) | (ma > (1.0 - 2e-4 * a) * m0)) & (k < max_backtracks)

        def halve(ls):
            a, _, k = ls
            return a * 0.5, residual(x + 0.5 * a * dx, args), k + 1

        a, fa, _ = jax.lax.while_loop(too_long, halve, (1.0, residual(x + dx, args), 0))
        keep = (a == 1.0) & (jnp.max(jnp.abs(fa)) <= reuse * jnp.max(jnp.abs(f)))
        return x + a * dx, fa, it + 1, lu, keep

    f0 = residual(x0, args)
    n = x0.shape[0]
    empty = (jnp.zeros((n, n), x0.dtype), jnp.zeros(n, jnp.int32))
    x, f, it, _, _ = jax.lax.while_loop(not_done, step, (x0, f0, 0, empty, False))
    err = jnp.max(jnp.abs(f))
    return Solution(x, jnp.isfinite(err) & (err <= tol), it, err)


def check(solution: Solution, names: list[str] | str) -> None:
    """Raise :class:`SolverError` for the first lane of ``solution`` that did not converge.

    ``names`` labels the scenarios (one per lane, or one string for an unbatched solve).
    """
    converged = np.atleast_1d(np.asarray(solution.converged))
    errors = np.atleast_1d(np.asarray(solution.max_residual))
    iters = np.atleast_1d(np.asarray(solution.iterations))
    labels = [names] if isinstance(names, str) else list(names)
    for k in np.flatnonzero(~converged):
        raise SolverError(
            labels[k] if k < len(labels) else f"#{k}",
            float(errors[k]),
            int(iters[k]),
            hint="Check the policy for extreme rates, or try a smaller step towards it "
            "(the model may have no equilibrium near the baseline).",
        )
