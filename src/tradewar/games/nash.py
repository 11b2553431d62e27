"""The Nash war a model's family plays best: :func:`nash_equilibrium`.

A family that declares the ``"uniform_nash"`` capability (:mod:`tradewar.models.families`)
solves every player's first-order condition at once (:func:`tradewar.games.ossa.
uniform_nash`: fast for many players); any other family plays best responses in turn
(:func:`tradewar.games.best_response.nash_war`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from tradewar.games.best_response import TariffGame, nash_war
from tradewar.models.families import family_of
from tradewar.models.interface import Model


class NashWar(NamedTuple):
    """``game``: the equilibrium; ``how``: how it was found, for a title (e.g. "12 rounds,
    last change 3.1e-07")."""

    game: TariffGame
    how: str


def nash_equilibrium(model: Model, players: Sequence[str]) -> NashWar:
    """Uniform-tariff Nash war among ``players`` (others keep the baseline's tariffs)."""
    if family_of(model).can("uniform_nash"):
        from tradewar.games import ossa as ossa_games

        game = ossa_games.uniform_nash(model, players)
        return NashWar(game, f"{game.rounds} quasi-Newton steps on all first-order conditions")
    game = nash_war(model, players)
    return NashWar(game, f"{game.rounds} rounds, last change {game.max_change:.1e}")
