"""Case studies built on the generic layers: what is specific to one trade war."""
