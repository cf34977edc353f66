"""Claims on reminders being sent: one sender at a time for each reminder.

Two workers handed the same reminder (a duplicate beat tick, a redelivered message) both
find it scheduled; whichever claims it first sends it, the other leaves it. A claim is a
lease: if its holder dies mid-send, the claim runs out and the next scan's job takes it.
Claims are working state, not history, so they live in this table beside the log, not in it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Column, Engine, MetaData, String, Table, Text, delete
from sqlalchemy.dialects import postgresql, sqlite

from tracker.reminder_commands import KEY_LENGTH
from tracker.views_sql import UtcDateTime

metadata = MetaData()
reminder_claims = Table(
    "reminder_claims",
    metadata,
    Column("reference", String(KEY_LENGTH), primary_key=True),
    Column("holder", Text, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)


class Claims:
    """Leases on reminders, in the events' database."""

    def __init__(self, engine: Engine):
        self.engine = engine
        metadata.create_all(engine, checkfirst=True)

    def take(self, reference: str, holder: str, now: datetime, lease: timedelta) -> bool:
        """Claims ``reference`` for ``holder`` unless someone else holds an unexpired claim."""
        insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        values = {"reference": reference, "holder": holder, "expires_at": now + lease}
        upsert = insert(reminder_claims).values(values)
        statement = upsert.on_conflict_do_update(
            index_elements=[reminder_claims.c.reference],
            set_={"holder": holder, "expires_at": now + lease},
            where=reminder_claims.c.expires_at <= now,
        ).returning(reminder_claims.c.holder)
        with self.engine.begin() as connection:
            return connection.execute(statement).first() is not None

    def release(self, reference: str, holder: str) -> None:
        """Gives up ``holder``'s claim (someone else's, taken after it ran out, stays)."""
        with self.engine.begin() as connection:
            connection.execute(
                delete(reminder_claims).where(
                    reminder_claims.c.reference == reference, reminder_claims.c.holder == holder
                )
            )

    def forget_expired(self, now: datetime) -> None:
        """Drops claims that have run out: their reminders were sent, failed or given up."""
        with self.engine.begin() as connection:
            connection.execute(delete(reminder_claims).where(reminder_claims.c.expires_at <= now))
