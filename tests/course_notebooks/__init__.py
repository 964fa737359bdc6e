"""Notebooks in the formats of the courses our assignments are compatible with."""
