"""The posts list's projection: who holds each post, as its events leave it."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection

from events import posts as post_events
from tracker.people.posts_table import posts
from tracker.views.projector import Projection


class PostsProjection(Projection):
    """One row per post."""

    name = "posts"
    tables = (posts,)

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds change nothing here."""

    @apply.register
    def _(self, event: post_events.PostEstablished, connection: Connection, position: int) -> None:
        connection.execute(
            posts.insert().values(
                post_key=str(event.originator_id),
                post_id=event.post_id,
                title=event.title,
                holder="",
                since=None,
                version=event.originator_version,
                changed_at=event.timestamp,
            )
        )

    @apply.register
    def _(self, event: post_events.PostAssigned, connection: Connection, position: int) -> None:
        _change(connection, event, holder=event.holder, since=event.since)

    @apply.register
    def _(self, event: post_events.PostHandedOver, connection: Connection, position: int) -> None:
        _change(connection, event, holder=event.holder, since=event.since)

    @apply.register
    def _(self, event: post_events.PostVacated, connection: Connection, position: int) -> None:
        _change(connection, event, holder="", since=event.since)


def _change(connection: Connection, event: Any, **values: Any) -> None:
    connection.execute(
        posts.update()
        .where(posts.c.post_key == str(event.originator_id))
        .values(version=event.originator_version, changed_at=event.timestamp, **values)
    )
