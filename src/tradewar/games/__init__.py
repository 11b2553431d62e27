"""Games between governments: optimal tariffs and retaliation (more to come: Nash, talks)."""
