"""The US-China trade war of 2025-26: the levers each side holds (tariffs, rare-earth
export controls, purchases) and their real deals."""
