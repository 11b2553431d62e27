"""``jax.jit`` with XLA:CPU options that shorten compile times, where this XLA has them.

XLA:CPU's newer fusion emitters compile this package's many small fusions about a
quarter more slowly than the classic LLVM emitters, with no run-time gain on these models
(measured on the 2-core machine: the one-sector solve compiles in ≈ 1.9 s instead of
≈ 2.5 s, the multi-sector benchmark in ≈ 4.8 s instead of ≈ 6.2 s, steady-state times
equal within noise). The option is passed per function (``compiler_options``), not
through ``XLA_FLAGS``, so other JAX code in the process is untouched; with a JAX or XLA
that does not know it, functions are compiled with the defaults.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import jax

from tradewar.runtime.jax_setup import configure

configure()

#: XLA debug options for shorter compiles (classic emitters instead of fusion emitters)
FAST_COMPILE_OPTIONS: dict[str, Any] = {"xla_cpu_use_fusion_emitters": False}


@functools.cache
def compiler_options() -> dict[str, Any]:
    """:data:`FAST_COMPILE_OPTIONS` if this JAX and XLA accept them, else ``{}`` (probed
    once by compiling a one-line function)."""
    try:
        probe = jax.jit(lambda x: x + 1.0, compiler_options=FAST_COMPILE_OPTIONS)
        probe.lower(1.0).compile()
    except Exception:  # an older jax.jit without the argument, or an XLA without the option
        return {}
    return dict(FAST_COMPILE_OPTIONS)


def jit(fun: Callable | None = None, **kwargs: Any):
    """``jax.jit(fun, **kwargs)`` with :func:`compiler_options`; usable as ``@jit`` or
    ``@jit(static_argnames=...)``."""
    if fun is None:
        return functools.partial(jit, **kwargs)
    options = compiler_options()
    if options:
        kwargs = {"compiler_options": options, **kwargs}
    return jax.jit(fun, **kwargs)
