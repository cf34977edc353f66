"""The reminders list: every reminder with where it stands, for the scan, admins and users.

The scan reads it to learn which reminders are still to go (and which to cancel when an
item moves on), admins to see the failed ones, and each user their own notifications. It
holds what the reminder events hold (a reference, never an item's content) and the
marking, so a reader's clearance applies as on every other view.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import singledispatchmethod
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Column, Connection, Engine, Integer, String, Table, Text

from events.reminder import ReminderCancelled, ReminderFailed, ReminderScheduled, ReminderSent
from tracker.reminders import reminder as rem
from tracker.views.engine import UtcDateTime, metadata
from tracker.views.items import timeline_items
from tracker.views.projector import Projection
from tracker.views.versioned import BYTE_ORDERED_REFERENCE

OFFICIAL = "OFFICIAL"
CHUNK = 500  # references asked about in one query
reminder_list = Table(
    "reminder_list",
    metadata,
    Column("reminder_id", String(36), primary_key=True),
    Column("reference", BYTE_ORDERED_REFERENCE, nullable=False, unique=True),
    Column("item_reference", String(40), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("due_at", UtcDateTime, nullable=False, index=True),
    Column("recipient", String(rem.RECIPIENT_LENGTH), nullable=False, index=True),
    Column("marking", String(40), nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=False),
    Column("sent_at", UtcDateTime, nullable=True),
    Column("changed_at", UtcDateTime, nullable=False),
)


@dataclass(frozen=True)
class ReminderDetails:
    """One reminder as the list holds it; ``reference`` is its key."""

    reference: str
    item_reference: str
    kind: str
    due_at: datetime
    recipient: str
    marking: str
    state: str
    attempts: int
    last_error: str
    sent_at: datetime | None
    changed_at: datetime


class ReminderListProjection(Projection):
    """Keeps one row per reminder, in the state its events leave it."""

    name = "reminder_list"
    tables = (reminder_list,)

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds change nothing here."""

    @apply.register
    def _(self, event: ReminderScheduled, connection: Connection, position: int) -> None:
        connection.execute(
            reminder_list.insert().values(
                reminder_id=str(event.originator_id), reference=event.reference,
                item_reference=event.item_reference, kind=event.kind, due_at=event.due_at,
                recipient=event.recipient, marking=event.marking, state=rem.SCHEDULED,
                attempts=0, last_error="", sent_at=None, changed_at=event.timestamp,
            )
        )  # fmt: skip

    @apply.register
    def _(self, event: ReminderSent, connection: Connection, position: int) -> None:
        self._change(
            connection, event, state=rem.SENT, sent_at=event.sent_at,
            attempts=reminder_list.c.attempts + 1,
        )  # fmt: skip

    @apply.register
    def _(self, event: ReminderCancelled, connection: Connection, position: int) -> None:
        self._change(connection, event, state=rem.CANCELLED)

    @apply.register
    def _(self, event: ReminderFailed, connection: Connection, position: int) -> None:
        self._change(
            connection, event, state=rem.FAILED if event.permanent else rem.SCHEDULED,
            attempts=reminder_list.c.attempts + 1, last_error=event.error,
        )  # fmt: skip

    @staticmethod
    def _change(connection: Connection, event: Any, **values: Any) -> None:
        connection.execute(
            reminder_list.update()
            .where(reminder_list.c.reminder_id == str(event.originator_id))
            .values(changed_at=event.timestamp, **values)
        )


def _details(rows: Any) -> list[ReminderDetails]:
    return [
        ReminderDetails(**{k: v for k, v in row._mapping.items() if k != "reminder_id"})
        for row in rows
    ]


def pending_reminders(engine: Engine) -> list[ReminderDetails]:
    """Every reminder still to be sent, due or not, oldest due first."""
    query = (
        sa.select(reminder_list)
        .where(reminder_list.c.state == rem.SCHEDULED)
        .order_by(reminder_list.c.due_at, reminder_list.c.reference)
    )
    with engine.connect() as connection:
        return _details(connection.execute(query))


def known_references(engine: Engine, references: Iterable[str]) -> set[str]:
    """Which of ``references`` the list holds, in whatever state."""
    wanted, found = list(references), set[str]()
    with engine.connect() as connection:
        for start in range(0, len(wanted), CHUNK):
            query = sa.select(reminder_list.c.reference).where(
                reminder_list.c.reference.in_(wanted[start : start + CHUNK])
            )
            found.update(connection.execute(query).scalars())
    return found


def _official(marking: Any, item_reference: Any) -> tuple[Any, ...]:
    """Marked OFFICIAL itself, and chasing no item marked higher since it was scheduled."""
    items = timeline_items.c
    marked_up = sa.exists().where(
        items.reference == item_reference, items.valid_to.is_(None), items.marking != OFFICIAL
    )
    return (marking == OFFICIAL, ~marked_up)


def reminders_of(
    engine: Engine,
    *,
    sensitive_cleared: bool,
    recipient: str | None = None,
    state: str | None = None,
    limit: int = 200,
) -> list[ReminderDetails]:
    """Reminders newest first: one user's notifications, or (``state="failed"``) the admins'
    list of failures; a reminder on an OFFICIAL-SENSITIVE item only for a cleared reader."""
    if state is not None and state not in rem.LIFECYCLE:
        raise ValueError(f"state is one of {', '.join(rem.LIFECYCLE)}")
    query = sa.select(reminder_list)
    if not sensitive_cleared:
        query = query.where(*_official(reminder_list.c.marking, reminder_list.c.item_reference))
    if recipient is not None:
        query = query.where(sa.func.lower(reminder_list.c.recipient) == recipient.lower())
    if state is not None:
        query = query.where(reminder_list.c.state == state)
    query = query.order_by(reminder_list.c.due_at.desc(), reminder_list.c.reference).limit(limit)
    with engine.connect() as connection:
        return _details(connection.execute(query))
