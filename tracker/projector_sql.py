"""Projections turn the event log into view rows; the projector drives them.

One code path on every database: the projector reads the log from each projection's
tracked position, applies a batch, and records the new position in the same transaction
as the rows. On SQLite it is called in-process (catching up before a page reads); on
PostgreSQL ``tracker project`` runs it as a long-lived process. Recording order is commit
order on both stores (a single writer on SQLite, the writers' lock on PostgreSQL), so
reading positions in order never skips an event that commits late.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, Engine, Table

from tracker.application import Tracker
from tracker.views_sql import ProjectionRace, advance, metadata, tracked_position, view_engine

log = logging.getLogger(__name__)
BATCH = 500


class Projection:
    """Maps events to rows of its tables; subclasses handle the events they care about."""

    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]

    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Writes what ``event`` (recorded at ``position``) changes; dispatch on the event."""
        raise NotImplementedError

    def clear(self, connection: Connection) -> None:
        for table in reversed(self.tables):
            connection.execute(table.delete())


class Projector:
    """Catches views up with the log, exactly once per event."""

    def __init__(
        self, app: Tracker, projections: Sequence[Projection], engine: Engine | None = None
    ):
        self.app = app
        self.projections = tuple(projections)
        self._owns_engine = engine is None
        self.engine = engine or view_engine(app.env, writer=True)
        metadata.create_all(self.engine)

    def catch_up(self, batch: int = BATCH) -> int:
        """Applies every event recorded since each view last read; returns how many."""
        return sum(self._catch_up(projection, batch) for projection in self.projections)

    def _catch_up(self, projection: Projection, batch: int) -> int:
        applied = 0
        while True:
            try:
                done = self._apply_batch(projection, batch)
            except ProjectionRace:
                continue  # another projector got there first: read again from its position
            if not done:
                return applied
            applied += done

    def _apply_batch(self, projection: Projection, batch: int) -> int:
        with self.engine.begin() as connection:
            start = tracked_position(connection, projection.name)
            notifications = self.app.recorder.select_notifications(
                start=start, limit=batch, inclusive_of_start=False
            )
            for notification in notifications:
                event = self.app.mapper.to_domain_event(notification)
                try:
                    projection.apply(event, connection, notification.id)
                except Exception:
                    log.exception("%s stopped at position %s", projection.name, notification.id)
                    raise
            if notifications:
                advance(connection, projection.name, start, notifications[-1].id)
            return len(notifications)

    def rebuild(self) -> int:
        """Empties every view and reads the whole log again."""
        with self.engine.begin() as connection:
            for projection in self.projections:
                projection.clear(connection)
                start = tracked_position(connection, projection.name)
                if start:
                    advance(connection, projection.name, start, 0)
        return self.catch_up()

    def close(self) -> None:
        if self._owns_engine:  # an engine given by the caller is the caller's to close
            self.engine.dispose()

    def __enter__(self) -> Projector:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def lag(self) -> dict[str, int]:
        """How many positions each view is behind the log."""
        head = self.app.position()
        with self.engine.connect() as connection:
            return {p.name: head - tracked_position(connection, p.name) for p in self.projections}
