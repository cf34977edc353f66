"""The forums list's projection: each recorded forum's terms, as its events leave them."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection

from events import forums as forum_events
from tracker.forums.forums_table import forums
from tracker.views.projector import Projection


class ForumsProjection(Projection):
    """One row per forum with a record (the standard ones are known without one)."""

    name = "forums"
    tables = (forums,)

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds change nothing here."""

    @apply.register
    def _(
        self, event: forum_events.ForumEstablished, connection: Connection, position: int
    ) -> None:
        connection.execute(
            forums.insert().values(
                forum_key=str(event.originator_id), name=event.name, series=event.series,
                chair_post=event.chair_post, schedule=event.schedule, purpose=event.purpose,
                version=event.originator_version, changed_at=event.timestamp,
            )
        )  # fmt: skip

    @apply.register
    def _(self, event: forum_events.ForumRearranged, connection: Connection, position: int) -> None:
        connection.execute(
            forums.update()
            .where(forums.c.forum_key == str(event.originator_id))
            .values(chair_post=event.chair_post, schedule=event.schedule,
                    version=event.originator_version, changed_at=event.timestamp)
        )  # fmt: skip
