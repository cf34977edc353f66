"""One read of the event log, and applying it to one projection in one transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification
from sqlalchemy import Engine

from tracker.views.failures import forget_failure
from tracker.views.positions import advance, tracked_position

if TYPE_CHECKING:
    from tracker.views.projector import Projection


class EventLog(Protocol):
    """What the projector reads: the application's log (``tracker.service.application.Tracker``)."""

    @property
    def env(self) -> Mapping[str, str]: ...

    @property
    def mapper(self) -> Mapper[Any]: ...

    @property
    def recorder(self) -> ApplicationRecorder: ...

    def position(self) -> int: ...


@dataclass
class Batch:
    """One read of the log, each event decoded at most once, on first use."""

    read_from: int  # the batch holds the events after this position
    notifications: Sequence[Notification]
    app: EventLog
    _decoded: dict[int, Any] = field(default_factory=dict, init=False)

    @classmethod
    def read(cls, app: EventLog, start: int, limit: int, until: int | None) -> Batch:
        """Up to ``limit`` events after ``start`` (and not after ``until``, if given)."""
        notifications = app.recorder.select_notifications(
            start=start, limit=limit, stop=until, inclusive_of_start=False
        )
        return cls(start, notifications, app)

    def after(self, position: int) -> list[Notification]:
        return [n for n in self.notifications if n.id > position]

    def event(self, notification: Notification) -> Any:
        if notification.id not in self._decoded:
            self._decoded[notification.id] = self.app.mapper.to_domain_event(notification)
        return self._decoded[notification.id]


class FailedOn(Exception):
    """A projection failed on the event at ``position``; its transaction was rolled back."""

    def __init__(self, position: int, error: Exception):
        self.position, self.error = position, error


def apply_batch(engine: Engine, projection: Projection, read: Batch, stop_at: int | None) -> int:
    """Applies the batch's events the view has not read (those before ``stop_at``, if given)
    and moves its position on, in one transaction; returns how many."""
    with engine.begin() as connection:
        start = tracked_position(connection, projection.name)
        if start < read.read_from:
            return 0  # set back (a rebuild) since the batch was read: it starts too late
        todo = [n for n in read.after(start) if stop_at is None or n.id < stop_at]
        for notification in todo:
            try:
                projection.apply(read.event(notification), connection, notification.id)
            except Exception as error:
                raise FailedOn(notification.id, error) from error
        if todo:
            advance(connection, projection.name, start, todo[-1].id)
            forget_failure(connection, projection.name)
    return len(todo)
