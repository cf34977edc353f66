"""Projections turn the event log into view rows; the projector drives them.

One code path on every database: the projector reads each batch of the log once, hands it
to every projection, and each projection writes its rows and its new position in one
transaction of its own. On SQLite it runs in-process (catching up before a page reads); on
PostgreSQL ``tracker project`` runs it as a long-lived process. Recording order is commit
order on both stores (a single writer on SQLite, the writers' lock on PostgreSQL), so
reading positions in order never skips an event that commits late.

A projection that fails on an event stops there: its transaction is rolled back, its
position stays before the event, the failure is logged and recorded (``view_failures``) for
every process to see, and the other projections go on. The next catch-up tries it again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any, ClassVar

from sqlalchemy import Connection, Engine, Table

from tracker.views.batches import Batch, EventLog, FailedOn, apply_batch
from tracker.views.engine import follows_in_process, view_engine
from tracker.views.failures import Stopped, record_failure, view_failures_of
from tracker.views.positions import (
    ProjectionRace,
    advance,
    tracked_position,
    tracked_positions,
)
from tracker.views.schemas import prepare_views

log = logging.getLogger(__name__)
BATCH = 500
Progress = Callable[[int], None]  # hears the position read up to
REBUILD_BATCH = 5000


class Projection:
    """Maps events to rows of its tables; subclasses handle the events they care about.

    Raise ``version`` when what the rows hold changes without the tables changing: the
    views are then rebuilt from the events the next time a projector starts.
    """

    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]
    version: ClassVar[int] = 1

    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Writes what ``event`` (recorded at ``position``) changes; dispatch on the event."""
        raise NotImplementedError

    def clear(self, connection: Connection) -> None:
        for table in reversed(self.tables):
            connection.execute(table.delete())


class ViewsBehind(RuntimeError):
    """The views did not reach a position in time, or a projection has stopped before it."""

    def __init__(self, position: int, behind: dict[str, int], stopped: Sequence[Stopped]):
        self.position, self.behind, self.stopped = position, behind, tuple(stopped)
        why = "; ".join(str(s) for s in stopped) or "the projector has not caught up yet"
        names = ", ".join(f"{name} at {reached}" for name, reached in sorted(behind.items()))
        super().__init__(f"views not yet at position {position} ({names}): {why}")


class Projector:
    """Catches views up with the log, exactly once per event.

    ``in_process`` says who drives the views: this process (``wait_for`` catches up
    itself) or a separate ``tracker project`` (``wait_for`` only watches). By default
    SQLite follows in-process and PostgreSQL by the projector process
    (``TRACKER_PROJECTIONS``).
    """

    def __init__(
        self,
        app: EventLog,
        projections: Sequence[Projection],
        engine: Engine | None = None,
        *,
        in_process: bool | None = None,
    ):
        self.app = app
        self.projections = tuple(projections)
        self._owns_engine = engine is None
        self.engine = engine or view_engine(app.env, writer=True, durable=False)
        self.in_process = follows_in_process(app.env) if in_process is None else in_process
        self.stopped: dict[str, Stopped] = {}
        for name in prepare_views(self.engine, self.projections):
            log.warning("%s changed shape since it was built: rebuilding it", name)

    def catch_up(
        self, batch: int = BATCH, until: int | None = None, progress: Progress | None = None
    ) -> int:
        """Applies every event recorded since each view last read (up to position ``until``,
        if given); returns how many. ``progress`` hears each position read up to.

        A projection that fails stays where it was (see ``stopped``) and the rest go on.
        """
        self.stopped.clear()
        applied = 0
        while done := self._catch_up_once(batch, until, progress):
            applied += done
        return applied

    def _catch_up_once(self, batch: int, until: int | None, progress: Progress | None) -> int:
        running = [p for p in self.projections if p.name not in self.stopped]
        if not running:
            return 0
        with self.engine.connect() as connection:
            positions = tracked_positions(connection, [p.name for p in running])
        read = Batch.read(self.app, min(positions.values()), batch, until)
        if not read.notifications:
            return 0
        applied = sum(self._apply(projection, read) for projection in running)
        if progress:
            progress(read.notifications[-1].id)
        return applied

    def _apply(self, projection: Projection, read: Batch) -> int:
        """Applies the batch's new events to one projection, in one transaction; how many.

        On a failure the events before the failing one are applied again, without it, so the
        view stops exactly there.
        """
        try:
            return apply_batch(self.engine, projection, read, None)
        except ProjectionRace:
            return 0  # another projector got there first: the next read starts from its position
        except FailedOn as failed:
            applied = 0
            with suppress(ProjectionRace, FailedOn):
                applied = apply_batch(self.engine, projection, read, failed.position)
            self._stop(projection, failed.position, failed.error)
            return applied

    def _stop(self, projection: Projection, position: int, error: Exception) -> None:
        stopped = Stopped(projection.name, position, f"{type(error).__name__}: {error}")
        log.error("%s", stopped, exc_info=error)
        self.stopped[projection.name] = stopped
        record_failure(self.engine, stopped)

    def rebuild(self, progress: Progress | None = None) -> int:
        """Empties every view and reads the whole log again."""
        with self.engine.begin() as connection:
            for projection in self.projections:
                # The position first: it waits for a projector's open transaction to end, so
                # the rows that transaction wrote are there to be cleared.
                start = tracked_position(connection, projection.name)
                projection.clear(connection)
                if start:
                    advance(connection, projection.name, start, 0)
        return self.catch_up(REBUILD_BATCH, progress=progress)

    def refresh(self) -> None:
        """Before a page reads: views driven in-process catch up; a projector's are as they are."""
        if self.in_process:
            self.catch_up()

    def wait_for(self, position: int, timeout: float = 5.0) -> None:
        """Returns once every view has read ``position``: read-your-writes for the pages.

        Raises ``ViewsBehind`` after ``timeout`` seconds, or at once when a projection has
        stopped on an event at or before ``position``.
        """
        deadline = time.monotonic() + timeout
        while True:
            if self.in_process:
                self.catch_up()
            behind = {n: p for n, p in self.positions().items() if p < position}
            if not behind:
                return
            stopped = [
                s for s in self.failures() if s.projection in behind and s.position <= position
            ]
            if stopped or time.monotonic() >= deadline:
                raise ViewsBehind(position, behind, stopped)
            time.sleep(0.02)

    def positions(self) -> dict[str, int]:
        """How far each view has read."""
        with self.engine.connect() as connection:
            return tracked_positions(connection, [p.name for p in self.projections])

    def lag(self) -> dict[str, int]:
        """How many positions each view is behind the log."""
        head = self.app.position()
        return {name: head - reached for name, reached in self.positions().items()}

    def failures(self) -> list[Stopped]:
        """Projections stopped on an event, as recorded by whichever process ran them."""
        names = {p.name for p in self.projections}
        return [s for s in view_failures_of(self.engine) if s.projection in names]

    def close(self) -> None:
        if self._owns_engine:  # an engine given by the caller is the caller's to close
            self.engine.dispose()

    def __enter__(self) -> Projector:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
