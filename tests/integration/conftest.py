"""Fixtures shared by the integration tests: a tracker on each store, and projectors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.cast import CastTracker
from tracker.service.application import Tracker
from tracker.views.projector import Projection, Projector


@pytest.fixture
def app(store_url: str) -> Iterator[Tracker]:
    """A tracker on the test's store (a SQLite file, or a fresh PostgreSQL schema)."""
    tracker = CastTracker(store_url, create_schema=True)
    yield tracker
    tracker.close()


@pytest.fixture
def projectors() -> Iterator[Callable[..., Projector]]:
    """Makes projectors of given views for a tracker, and closes them after the test."""
    made: list[Projector] = []

    def make(
        app: Tracker, *views: Projection, engine: Engine | None = None, **options: Any
    ) -> Projector:
        made.append(Projector(app, list(views), engine, **options))
        return made[-1]

    yield make
    for each in made:
        each.close()
