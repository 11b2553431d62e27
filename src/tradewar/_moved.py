"""Old module paths (before the layered tree of 0.2.0) keep importing, with a warning.

``import tradewar.policy`` gives :mod:`tradewar.core.policy` (the same module object) and
a :class:`DeprecationWarning` naming the new path; CHANGELOG.md lists every move.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import warnings

#: old dotted path -> new dotted path
MOVED: dict[str, str] = {
    "tradewar.baseline": "tradewar.core.baseline",
    "tradewar.policy": "tradewar.core.policy",
    "tradewar.results": "tradewar.core.results",
    "tradewar.countries": "tradewar.core.countries",
    "tradewar.errors": "tradewar.core.errors",
    "tradewar.tariff_spec": "tradewar.core.tariff_spec",
    "tradewar.uncertainty.distributions": "tradewar.core.distributions",
    "tradewar.jax_setup": "tradewar.runtime.jax_setup",
    "tradewar.jit": "tradewar.runtime.jit",
    "tradewar.threads": "tradewar.runtime.threads",
    "tradewar.interrupts": "tradewar.runtime.interrupts",
    "tradewar.user_cache": "tradewar.runtime.cache",
    "tradewar.aggregate": "tradewar.datasets.aggregate",
    "tradewar.magnets": "tradewar.datasets.magnets",
    "tradewar.rare_earths": "tradewar.datasets.rare_earths",
    "tradewar.solve": "tradewar.models.solver",
    "tradewar.model": "tradewar.models",
    "tradewar.scenario": "tradewar.paths.scenario",
    "tradewar.timeline": "tradewar.paths.timeline",
    "tradewar.simulate": "tradewar.paths.simulate",
    "tradewar.recorded_trade": "tradewar.paths.recorded_trade",
    "tradewar.customs": "tradewar.reports.customs",
    "tradewar.validation": "tradewar.reports.validation",
    "tradewar.readings": "tradewar.reports.readings",
    "tradewar.report": "tradewar.reports.results",
    "tradewar.report_folder": "tradewar.reports.folder",
    "tradewar.scenario_report": "tradewar.reports.scenario",
    "tradewar.worldmap": "tradewar.reports.worldmap",
    "tradewar.games.levers": "tradewar.cases.us_china_2025.levers",
    "tradewar.games.bargain": "tradewar.cases.us_china_2025.bargain",
    "tradewar.uncertainty.report": "tradewar.reports.bands",
}


class _Alias(importlib.abc.Loader):
    def __init__(self, new: str):
        self.new = new

    def create_module(self, spec):
        warnings.warn(
            f"{spec.name} moved to {self.new}; import it from there",
            DeprecationWarning,
            stacklevel=3,
        )
        return importlib.import_module(self.new)

    def exec_module(self, module) -> None:
        """The module is the new one, already executed."""


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, _Alias(MOVED[fullname]))


def install() -> None:
    """Put the finder on ``sys.meta_path`` (once)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.append(_Finder())
