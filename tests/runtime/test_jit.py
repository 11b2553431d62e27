"""tradewar.runtime.jit: jax.jit with compile-time options, falling back to the defaults."""

import jax.numpy as jnp
import numpy as np
import pytest

from tradewar.runtime import jit as jit_module


@pytest.fixture
def fresh_probe():
    jit_module.compiler_options.cache_clear()
    yield
    jit_module.compiler_options.cache_clear()


def test_jit_computes_what_jax_jit_computes(fresh_probe):
    @jit_module.jit(static_argnames=("power",))
    def f(x, power):
        return jnp.sum(jnp.exp(x) ** power)

    x = jnp.linspace(0.0, 1.0, 7)
    np.testing.assert_allclose(f(x, power=2), np.sum(np.exp(np.linspace(0, 1, 7)) ** 2))
    assert jit_module.compiler_options() in ({}, jit_module.FAST_COMPILE_OPTIONS)


def test_an_option_this_xla_does_not_know_falls_back_to_the_defaults(fresh_probe, monkeypatch):
    monkeypatch.setattr(jit_module, "FAST_COMPILE_OPTIONS", {"xla_no_such_option": True})
    assert jit_module.compiler_options() == {}

    @jit_module.jit
    def g(x):
        return 2.0 * x

    assert float(g(jnp.asarray(1.5))) == 3.0
