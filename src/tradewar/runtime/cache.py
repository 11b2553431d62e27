"""tradewar's folder in the user's cache (model paths of ``tradewar validate``, the ISO3
list of :mod:`tradewar.core.countries`): ``$TRADEWAR_CACHE``, else ``$XDG_CACHE_HOME/tradewar``
or ``~/.cache/tradewar``; ``TRADEWAR_CACHE=off`` turns caching off. (The compiled solves
have their own folder and switch: :mod:`tradewar.runtime.jax_setup`.)"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "TRADEWAR_CACHE"


def cache_dir() -> Path | None:
    """The cache folder, or None when ``$TRADEWAR_CACHE`` is ``off``."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env.lower() == "off":
        return None
    if env:
        return Path(env)
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "tradewar"
