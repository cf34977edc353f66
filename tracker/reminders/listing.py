"""The reminders list's projection: every reminder with where it stands.

The scan reads the list to learn which reminders are still to go (and which to cancel when
an item moves on), admins to see the failed ones, and each user their own notifications
(``listing_queries``).
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection

from events.reminder import ReminderCancelled, ReminderFailed, ReminderScheduled, ReminderSent
from tracker.reminders import reminder as rem
from tracker.reminders.listing_table import reminder_list
from tracker.views.projector import Projection


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
