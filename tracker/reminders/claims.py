"""Claims on reminders being sent: one sender at a time for each reminder, one job queued.

Two workers handed the same reminder (a duplicate beat tick, a redelivered message) both
find it scheduled; whichever claims it first sends it, the other leaves it. A claim is a
lease: if its holder dies mid-send, the claim runs out and the next scan's job takes it.

The scan queues a due reminder only if no job for it is queued already (or waiting to try
again), so a backlog, or a mail server down for hours, does not pile up a job (and a failed
attempt on the record) for every reminder at every tick. That mark is a lease too: a job
lost with its worker, or by the embedded broker, is queued again once it runs out.
Both are working state, not history, so they live in tables beside the log, not in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import Column, Engine, MetaData, String, Table, Text, delete, select

from tracker.reminders.commands import KEY_LENGTH
from tracker.views.engine import UtcDateTime, upsert_insert

metadata = MetaData()
reminder_claims = Table(
    "reminder_claims",
    metadata,
    Column("reference", String(KEY_LENGTH), primary_key=True),
    Column("holder", Text, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

reminder_queue = Table(
    "reminder_queue",
    metadata,
    Column("reference", String(KEY_LENGTH), primary_key=True),
    Column("until", UtcDateTime, nullable=False),
)
CHUNK = 500  # references asked about in one query


class Claims:
    """Leases on reminders, in the events' database."""

    def __init__(self, engine: Engine):
        self.engine = engine
        metadata.create_all(engine, checkfirst=True)

    def take(self, reference: str, holder: str, now: datetime, lease: timedelta) -> bool:
        """Claims ``reference`` for ``holder`` unless someone else holds an unexpired claim."""
        insert = upsert_insert(self.engine)
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
        """Drops claims and queue marks that have run out."""
        with self.engine.begin() as connection:
            connection.execute(delete(reminder_claims).where(reminder_claims.c.expires_at <= now))
            connection.execute(delete(reminder_queue).where(reminder_queue.c.until <= now))

    def not_queued(self, references: Iterable[str], now: datetime) -> list[str]:
        """Those of ``references`` (in their order) with no job queued for them at ``now``."""
        wanted, queued = list(references), set[str]()
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), CHUNK):
                query = select(reminder_queue.c.reference).where(
                    reminder_queue.c.reference.in_(wanted[start : start + CHUNK]),
                    reminder_queue.c.until > now,
                )
                queued.update(connection.execute(query).scalars())
        return [reference for reference in wanted if reference not in queued]

    def queued(self, references: Iterable[str], until: datetime) -> None:
        """Marks ``references`` as having a job queued (or waiting to try again) until then."""
        rows = [{"reference": reference, "until": until} for reference in references]
        if not rows:
            return
        upsert = upsert_insert(self.engine)(reminder_queue)
        statement = upsert.on_conflict_do_update(
            index_elements=[reminder_queue.c.reference], set_={"until": upsert.excluded.until}
        )
        with self.engine.begin() as connection:
            connection.execute(statement, rows)

    def off_the_queue(self, reference: str) -> None:
        """The job for ``reference`` gave up: the next scan queues it again."""
        with self.engine.begin() as connection:
            connection.execute(
                delete(reminder_queue).where(reminder_queue.c.reference == reference)
            )
