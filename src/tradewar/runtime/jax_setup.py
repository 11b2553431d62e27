"""JAX, set up once for the whole package: 64-bit floats, a persistent compilation cache
and the BLAS threads of :mod:`tradewar.runtime.threads`.

Every module with JAX equations calls :func:`configure` at import (it runs once).

* ``jax_enable_x64``: the equilibria are solved to residuals of 1e-10.
* **Compilation cache**: compiled solves are kept on disk, so a second process skips most
  compiling (the main job: about 12 s of solving falls to about 5 s). Folder:
  ``$TRADEWAR_COMPILE_CACHE``, else ``$XDG_CACHE_HOME/tradewar/xla`` or
  ``~/.cache/tradewar/xla``; ``TRADEWAR_COMPILE_CACHE=off`` turns it off, and a cache
  folder already configured in JAX (``JAX_COMPILATION_CACHE_DIR``) is left as it is.
  JAX keys each entry by the computation (code, shapes, dtypes), the compile options and
  the JAX, jaxlib and device versions, so a change to any of them compiles anew; old
  entries are not removed (delete the folder to reclaim the space, a few MB).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import jax

ENV_VAR = "TRADEWAR_COMPILE_CACHE"


def compile_cache_dir() -> Path | None:
    """The compilation cache folder tradewar uses, or None when it is off."""
    env = os.environ.get(ENV_VAR)
    if env:
        return None if env.strip().lower() in ("off", "0", "no", "false") else Path(env)
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "tradewar" / "xla"


@functools.cache
def configure() -> None:
    """Enable 64-bit floats, limit the BLAS threads (:mod:`tradewar.runtime.threads`) and (unless
    off or set elsewhere) the compilation cache."""
    import numpy  # noqa: F401 (load NumPy's and SciPy's BLAS before limiting them)
    import scipy.linalg  # noqa: F401

    from tradewar.runtime import threads

    threads.configure()
    jax.config.update("jax_enable_x64", True)
    folder = compile_cache_dir()
    if folder is None or jax.config.jax_compilation_cache_dir:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # an unwritable cache only costs time
    jax.config.update("jax_compilation_cache_dir", str(folder))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)


configure()
