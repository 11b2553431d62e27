"""tradewar: trade wars and trade talks, with data.

General-equilibrium tariff analysis in exact hat algebra on real data. Entry points:
:mod:`tradewar.datasets` (baselines), :mod:`tradewar.core.policy` (tariffs, export taxes and
controls), :mod:`tradewar.models` (the IMLS one-sector and Caliendo-Parro multi-sector
models), :mod:`tradewar.games` (optimal tariffs, Nash wars, talks), :mod:`tradewar.paths.scenario`
and :mod:`tradewar.paths.simulate` (dated events, monthly paths) and the ``tradewar`` command.
"""

from importlib.metadata import PackageNotFoundError, version

from tradewar import _moved

_moved.install()

try:
    __version__ = version("tradewar")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
