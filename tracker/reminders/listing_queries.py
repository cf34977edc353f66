"""Questions put to the reminders list: what is still to go, what it holds, whose they are."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine, Select

from tracker.reminders import reminder as rem
from tracker.reminders.listing_table import reminder_list
from tracker.views.items import timeline_items

OFFICIAL = "OFFICIAL"
CHUNK = 500  # references asked about in one query


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
    query = _filtered(sa.select(reminder_list), sensitive_cleared, recipient, state)
    query = query.order_by(reminder_list.c.due_at.desc(), reminder_list.c.reference).limit(limit)
    with engine.connect() as connection:
        return _details(connection.execute(query))


def _filtered(
    query: Select[Any], cleared: bool, recipient: str | None, state: str | None
) -> Select[Any]:
    if not cleared:
        query = query.where(*_official(reminder_list.c.marking, reminder_list.c.item_reference))
    if recipient is not None:
        query = query.where(sa.func.lower(reminder_list.c.recipient) == recipient.lower())
    if state is not None:
        query = query.where(reminder_list.c.state == state)
    return query


def _official(marking: Any, item_reference: Any) -> tuple[Any, ...]:
    """Marked OFFICIAL itself, and chasing no item marked higher since it was scheduled."""
    items = timeline_items.c
    marked_up = sa.exists().where(
        items.reference == item_reference, items.valid_to.is_(None), items.marking != OFFICIAL
    )
    return (marking == OFFICIAL, ~marked_up)
