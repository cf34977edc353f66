"""Shared fixtures: an in-memory tracker for fast tests, real databases for integration.

A test that needs PostgreSQL skips on a laptop without it, but under ``CI=true`` the
missing server fails the run instead.
"""

from __future__ import annotations

import os

import pytest

# The library's own variables must never configure a test's store (see events/store.py).
for _name in list(os.environ):
    if _name.startswith(("PERSISTENCE_", "POSTGRES_", "SQLITE_")):
        del os.environ[_name]


@pytest.fixture
def tracker():
    """A tracker on a private in-memory SQLite store (same code path as a file)."""
    from tracker.application import Tracker

    app = Tracker("memory://")
    yield app
    app.close()
