"""Command-line interface: ``tradewar demo | solve | replicate | optimal | nash | talks |
run | validate | households | draft | tariffs | baselines | serve``.

One module per group of commands, all registered on the one :data:`app`:
:mod:`~tradewar.cli.solving` (demo, solve), :mod:`~tradewar.cli.replicating`,
:mod:`~tradewar.cli.games` (optimal, nash, talks), :mod:`~tradewar.cli.scenarios` (run,
validate, households), :mod:`~tradewar.cli.drafting` (draft), :mod:`~tradewar.cli.data`
(tariffs, baselines),
:mod:`~tradewar.cli.serving` (the web app); shared helpers in :mod:`~tradewar.cli.common`.
"""

# Imported in the order ``tradewar --help`` lists the commands.
from tradewar.cli.common import app  # isort: skip
from tradewar.cli import solving  # noqa: F401  # isort: skip
from tradewar.cli import replicating  # noqa: F401  # isort: skip
from tradewar.cli import games  # noqa: F401  # isort: skip
from tradewar.cli import scenarios  # noqa: F401  # isort: skip
from tradewar.cli import drafting  # noqa: F401  # isort: skip
from tradewar.cli import data  # noqa: F401  # isort: skip
from tradewar.cli import serving  # noqa: F401  # isort: skip

__all__ = ["app"]
