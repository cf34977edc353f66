"""Decisions of the tasking forums: the aggregate, its commands and the decision register."""
