"""General-equilibrium model families, each a module of pure functions."""
