"""Facts of a reminder: who was chased about which item, when, and what became of it.

A reminder stores the item's reference, never its content, so a mail built from these
facts cannot carry anything of an OFFICIAL-SENSITIVE item.
"""

from __future__ import annotations

from datetime import datetime

from events.base import TrackerCreated, TrackerEvent


class ReminderScheduled(TrackerCreated):
    """``recipient`` is to be reminded about ``item_reference`` (``kind``) at ``due_at`` (UTC)."""

    TOPIC = "ReminderScheduled"
    reference: str
    marking: str
    item_reference: str
    kind: str
    due_at: datetime
    recipient: str


class ReminderSent(TrackerEvent):
    """The reminder went out at ``sent_at`` as the message ``message_id``."""

    TOPIC = "ReminderSent"
    sent_at: datetime
    message_id: str


class ReminderCancelled(TrackerEvent):
    """The reminder will not be sent (a reassignment, a new due date, the item closed)."""

    TOPIC = "ReminderCancelled"
    reason: str


class ReminderFailed(TrackerEvent):
    """An attempt to send failed; a permanent failure ends the reminder, a transient one not."""

    TOPIC = "ReminderFailed"
    error: str
    permanent: bool
