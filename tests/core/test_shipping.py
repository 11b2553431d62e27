"""Shipping facts shared by the monthly paths and the collection ladder."""

from __future__ import annotations

from tradewar.core import shipping


def test_overland_partners_are_the_land_neighbours():
    assert shipping.overland_to("USA") == ("CAN", "MEX")
    assert shipping.overland_to("MEX") == ("USA", "CAN")
    assert shipping.overland_to("CHN") == ()


def test_the_ladder_and_the_paths_ship_alike():
    """One set of facts: the ladder's transit days are the paths' transit weeks."""
    from tradewar.enacted import collected
    from tradewar.paths.recorded_trade import RecordingParams

    params = RecordingParams()
    (by_air, by_sea) = collected.OVERSEAS
    assert by_sea[1] == 7 * params.sea_weeks and by_air[0] + by_sea[0] == 1.0
    assert collected.TRANSIT == {"CAN": collected.OVERLAND, "MEX": collected.OVERLAND}
    assert collected.OVERLAND[0][1] == 7 * params.land_weeks
