"""Scenarios over time: the scenario file, its timeline of policies, the simulated
monthly path and trade as recorded by customs."""
