"""Datasets: readers of public data and the embedded default baselines.

``load(name)`` is the registry entry point; ``available()`` lists the names.
"""

from __future__ import annotations

from collections.abc import Callable

from tradewar.baseline import Baseline
from tradewar.errors import DataError


def _imls() -> Baseline:
    from tradewar.datasets import liberation_day

    return liberation_day.load()


def _default() -> Baseline:
    from tradewar.datasets import embedded

    return embedded.load(embedded.DEFAULT)


_REGISTRY: dict[str, tuple[Callable[[], Baseline], str]] = {
    "default": (
        _default,
        "embedded: 194 countries, BACI 2023 goods trade (IMLS 2025), ships with the package",
    ),
    "liberation_day_2025": (_imls, "read from shared data: IMLS (2025) base data, 194 countries"),
}


def available() -> dict[str, str]:
    """Registered baseline names with a one-line description."""
    return {k: v[1] for k, v in _REGISTRY.items()}


def load(name: str = "default") -> Baseline:
    """Load a registered baseline by name (``"default"`` needs no external data)."""
    if name not in _REGISTRY:
        raise DataError(f"unknown baseline {name!r}; available: {', '.join(_REGISTRY)}")
    return _REGISTRY[name][0]()
