"""tradewar's folder in the user's cache (model paths of ``tradewar validate``, the ISO3
list of :mod:`tradewar.core.countries`): ``$TRADEWAR_CACHE``, else ``$XDG_CACHE_HOME/tradewar``
or ``~/.cache/tradewar``; ``TRADEWAR_CACHE=off`` turns caching off. (The compiled solves
have their own folder and switch: :mod:`tradewar.runtime.jax_setup`.)"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

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


def kept(
    path: Path | None,
    read: Callable[[Path], T],
    build: Callable[[], T],
    write: Callable[[T, Path], None],
    broken: tuple[type[Exception], ...] = (OSError, ValueError),
) -> T:
    """``read(path)`` when the cache file ``path`` is there and reads (an exception of
    ``broken`` means a broken file); otherwise ``build()``, then ``write`` it to a staged
    file that replaces ``path`` whole (an unwritable cache only costs time). ``path``
    None (caching off): ``build()`` alone."""
    if path is not None and path.is_file():
        with contextlib.suppress(*broken):  # a broken cache file is rebuilt below
            return read(path)
    value = build()
    if path is not None:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            staged = path.with_name(f"{path.stem}.{os.getpid()}.tmp{path.suffix}")
            write(value, staged)
            staged.replace(path)
    return value
