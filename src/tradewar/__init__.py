"""tradewar: trade wars and trade talks, with data.

General-equilibrium tariff analysis in exact hat algebra on real data. Entry points:
:mod:`tradewar.datasets` (baselines), :mod:`tradewar.policy` (tariffs, export taxes and
controls), :mod:`tradewar.model` (the IMLS one-sector and Caliendo-Parro multi-sector
models), :mod:`tradewar.games` (optimal tariffs, Nash wars, talks), :mod:`tradewar.scenario`
and :mod:`tradewar.simulate` (dated events, monthly paths) and the ``tradewar`` command.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tradewar")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
