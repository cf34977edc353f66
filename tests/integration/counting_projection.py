"""A projection for tests that notes every position it applies, once, and can be made to fail."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, Column, Connection, Engine, MetaData, String, Table, select

from tracker.views.projector import Projection

counting_metadata = MetaData()
applied_events = Table(
    "applied_events",
    counting_metadata,
    Column("position", BigInteger, primary_key=True),  # applying one twice breaks the key
    Column("item_id", String(36), nullable=False),
)


class CountingProjection(Projection):
    """Records each event's position; raises on the events of item ``fails_on`` while set."""

    name = "applied_events"
    tables = (applied_events,)

    def __init__(self, fails_on: UUID | None = None):
        self.fails_on = fails_on

    def apply(self, event: Any, connection: Connection, position: int) -> None:
        if event.originator_id == self.fails_on:
            raise ValueError(f"cannot show item {self.fails_on}")
        item = str(event.originator_id)
        connection.execute(applied_events.insert().values(position=position, item_id=item))


def applied_positions(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        query = select(applied_events.c.position).order_by(applied_events.c.position)
        return list(connection.scalars(query))
