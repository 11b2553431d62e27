import itertools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewar.core.errors import SolverError
from tradewar.models.solver import check, fixed_point, newton


def _square_root(x, a):
    return x**2 - a


def test_newton_converges_with_autodiff_jacobian():
    sol = newton(_square_root, jnp.array([1.0, 1.0]), jnp.array([2.0, 9.0]))
    assert bool(sol.converged)
    assert np.allclose(sol.x, [np.sqrt(2.0), 3.0], atol=1e-12)
    assert float(sol.max_residual) <= 1e-10


def test_line_search_rescues_a_bad_full_step():
    # arctan: full Newton steps from x0 = 3 diverge; backtracking converges to 0
    sol = newton(lambda x, _: jnp.arctan(x), jnp.array([3.0]), None)
    assert bool(sol.converged) and abs(float(sol.x[0])) < 1e-10


def test_batch_under_vmap_and_jit():
    f = jax.jit(jax.vmap(lambda a: newton(_square_root, jnp.ones(1), a)))
    sol = f(jnp.array([[4.0], [16.0], [25.0]]))
    assert np.allclose(sol.x[:, 0], [2.0, 4.0, 5.0])
    check(sol, ["a", "b", "c"])


def test_check_names_the_failing_scenario():
    # x^2 + 1 = 0 has no real root
    sol = jax.vmap(lambda a: newton(_square_root, jnp.ones(1), a, max_iter=20))(
        jnp.array([[4.0], [-1.0]])
    )
    assert bool(sol.converged[0]) and not bool(sol.converged[1])
    with pytest.raises(SolverError, match=r"scenario 'no root' did not converge") as info:
        check(sol, ["fine", "no root"])
    assert info.value.scenario == "no root"
    assert info.value.max_residual > 0.1


def test_quasi_newton_from_a_cheap_first_jacobian():
    """reuse > 0: Broyden updates from an approximate start still reach the root."""
    A = jnp.array([[3.0, 1.0], [0.5, 2.0]])

    def f(x, _):
        return A @ x + 0.1 * jnp.sin(x) - jnp.array([1.0, 2.0])

    sol = newton(f, jnp.zeros(2), None, reuse=0.9, first_jacobian=lambda x, _: 2.5 * jnp.eye(2))
    assert bool(sol.converged)
    np.testing.assert_allclose(f(sol.x, None), 0.0, atol=1e-10)


def test_chord_newton_reaches_the_same_root_as_newton():
    import jax.numpy as jnp

    from tradewar.models import solver

    target = jnp.asarray([1.0, 2.0, -0.5])

    def residual(x, args):
        return jnp.tanh(x - target) + 0.1 * (x - target) ** 3

    def factorize(x, args):
        return jnp.linalg.inv(jax.jacfwd(residual)(x, args))

    def apply(inverse, f):
        return -inverse @ f

    sol = solver.newton_chord(
        residual, jnp.zeros(3), None, factorize=factorize, apply=apply, tol=1e-12, keep=0.2
    )
    assert bool(sol.converged)
    np.testing.assert_allclose(sol.x, target, atol=1e-11)


def test_gmres_solves_small_systems_with_and_without_a_preconditioner():
    from tradewar.models.solver import gmres

    rng = np.random.default_rng(0)
    A = jnp.asarray(rng.normal(size=(6, 6)) + 6 * np.eye(6))
    b = jnp.asarray(rng.normal(size=6))
    exact = np.linalg.solve(np.asarray(A), np.asarray(b))
    full = gmres(lambda v: A @ v, b, jnp.zeros(6), lambda v: v, 6)
    np.testing.assert_allclose(full, exact, atol=1e-12)
    P = jnp.linalg.inv(A) * 1.3  # a rough inverse: one iteration suffices
    np.testing.assert_allclose(
        gmres(lambda v: A @ v, b, jnp.zeros(6), lambda v: P @ v, 1), exact, atol=1e-12
    )
    short = gmres(lambda v: A @ v, b, jnp.zeros(6), lambda v: v, 3)
    assert np.linalg.norm(A @ short - b) < np.linalg.norm(b)  # fewer steps: closer, not exact


def _exact_and_krylov(baseline, policy, **options):
    """Welfare from the default solve (Newton-Krylov refreshes) and from the solve with
    exact-Jacobian refreshes, same start, same tolerance."""
    from tradewar.models import multisector as ms
    from tradewar.models.multisector_model import MultiSectorModel

    model = MultiSectorModel(baseline, **options)
    default = model.solve(policy)
    cal = model.calibration
    ins = model._instruments(policy)
    shock = ms.prepare(ins.tariffs, cal, None, ins.felt, ins.lag)
    exact = newton(
        ms.residuals,
        jnp.zeros_like(cal.wL),
        (shock, cal),
        jacobian=ms.jacobian,
        first_jacobian=ms.tatonnement_jacobian,
        reuse=0.95,
    )
    assert bool(exact.converged)
    again = model._results("exact", exact.x, ins, exact)
    return default.outcomes["welfare"], again.outcomes["welfare"]


def test_newton_krylov_equals_the_exact_jacobian_solve_on_the_icio_war():
    from tradewar import datasets
    from tradewar.core.policy import Policy
    from tradewar.models import multisector_model as mm

    assert mm.KRYLOV > 0
    b = datasets.load("default-multisector")
    war = (
        Policy.from_baseline(b)
        .tariff("USA", on="CHN", rate=1.45, additional=True)
        .tariff("CHN", on="USA", rate=1.25, additional=True)
    )
    default, exact = _exact_and_krylov(b, war, elasticities="CP", deficits="fixed")
    np.testing.assert_allclose(default, exact, atol=1e-10)


def test_newton_krylov_equals_the_exact_jacobian_solve_on_cp_nafta(dataset):
    from tradewar.datasets import caliendo_parro
    from tradewar.replication.caliendo_parro2015 import nafta_policy

    b = caliendo_parro.load(dataset("caliendo_parro_2015"))
    default, exact = _exact_and_krylov(b, nafta_policy(b), elasticities="cp2015", deficits="zero")
    np.testing.assert_allclose(default, exact, atol=1e-10)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    size=st.integers(1, 12),
    rate=st.floats(0.05, 0.95),
)
def test_fixed_point_of_a_linear_contraction_and_its_derivative(seed, size, rate):
    """Anderson-accelerated iteration reaches x = A x + b (spectral norm of A = rate) to
    its tolerance, and forward-mode derivatives through it match (I - A)^-1 db."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(size, size)))
    A = rate * q * rng.uniform(0.2, 1.0, size)  # singular values <= rate
    b = rng.normal(size=size)

    def solve(bb):
        return fixed_point(lambda x: jnp.asarray(A) @ x + bb, jnp.zeros(size), 1e-12, 2000)

    exact = np.linalg.solve(np.eye(size) - A, b)
    np.testing.assert_allclose(solve(jnp.asarray(b)), exact, atol=1e-10)
    np.testing.assert_allclose(
        jax.jacfwd(solve)(jnp.asarray(b)), np.linalg.inv(np.eye(size) - A), atol=1e-8
    )


def test_fixed_point_keeps_shape_and_falls_back_when_acceleration_fails():
    """A nonlinear contraction on a (2, 3) array; an update that overflows when pushed
    far (as an accelerated step may) still ends at the fixed point by plain iteration."""
    target = jnp.arange(6.0).reshape(2, 3) / 10

    def update(x):
        return 0.5 * jnp.tanh(x) + target

    x = fixed_point(update, jnp.zeros((2, 3)), 1e-13, 2000)
    assert x.shape == (2, 3)
    np.testing.assert_allclose(update(x), x, atol=1e-12)

    def fragile(x):  # a contraction near its fixed point, inf for |x| > 1
        return jnp.where(jnp.abs(x) > 1, jnp.inf, 0.3 * jnp.sin(3 * x) + 0.2)

    y = fixed_point(fragile, jnp.zeros(4), 1e-13, 2000)
    np.testing.assert_allclose(fragile(y), y, atol=1e-12)


def test_an_all_zero_inverse_start_is_the_same_as_none():
    """inverse0 of zeros counts as no inverse (one compiled solve serves both)."""
    A = jnp.array([[3.0, 1.0], [0.5, 2.0]])

    def f(x, _):
        return A @ x + 0.1 * jnp.sin(x) - jnp.array([1.0, 2.0])

    def cheap(x, _):
        return 2.5 * jnp.eye(2)

    none = newton(f, jnp.zeros(2), None, reuse=0.9, first_jacobian=cheap)
    zeros = newton(
        f, jnp.zeros(2), None, reuse=0.9, first_jacobian=cheap, inverse0=jnp.zeros((2, 2))
    )
    assert int(none.iterations) == int(zeros.iterations)
    np.testing.assert_array_equal(none.x, zeros.x)


def test_inexact_newton_carries_its_state_and_stops_only_on_a_tight_residual(monkeypatch):
    """With ``inner``, evaluations may err by ``accuracy``; one that flatters (shrinks F
    by as much as allowed, here all of it: forcing 1) must not end the solve: the root is
    a root of the true F."""
    from tradewar.models import solver

    monkeypatch.setattr(solver, "INEXACT_FORCING", 1.0)
    A = jnp.array([[3.0, 1.0], [0.5, 2.0]])
    b = jnp.array([1.0, 2.0])

    def true(x):
        return A @ x + 0.1 * jnp.sin(x) - b

    seen = []

    def flattering(x, _, count, accuracy):
        f = true(x)
        jax.debug.callback(lambda c: seen.append(int(c)), count)
        return f - jnp.sign(f) * jnp.minimum(jnp.abs(f), accuracy), count + 1

    sol = newton(
        flattering,
        jnp.zeros(2),
        None,
        jacobian=lambda x, _: jax.jacfwd(true)(x),
        inner=jnp.asarray(0),
    )
    assert bool(sol.converged)
    assert float(jnp.max(jnp.abs(true(sol.x)))) <= 1e-10
    # each evaluation starts from the state of the iterate it steps from (the tries of
    # one line search from the same one): the count never goes back
    steps = [b - a for a, b in itertools.pairwise(seen)]
    assert seen[0] == 0 and set(steps) <= {0, 1} and seen[-1] >= 3
