"""Debriefs, learning points and learning actions: aggregates, commands and the learning log."""
