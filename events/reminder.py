"""Facts of a reminder: who was chased about which item, when, and what became of it.

A reminder stores the item's reference, never its content, so a mail built from these
facts cannot carry anything of an OFFICIAL-SENSITIVE item.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from events.base import TrackerCreated, TrackerEvent
from events.parties import parties_upcast


class ReminderScheduled(TrackerCreated):
    """``recipient`` is to be reminded about ``item_reference`` (``kind``) at ``due_at`` (UTC)."""

    TOPIC = "ReminderScheduled"
    reference: str
    marking: str
    item_reference: str
    kind: str
    due_at: datetime
    recipient: str

    # Version 2: the recipient is a person or a post (events.parties); version 1 was text.
    class_version = 2
    upcast_v1_v2 = parties_upcast("recipient")


class ReminderSent(TrackerEvent):
    """The reminder went out at ``sent_at`` as the message ``message_id``, to the person
    ``sent_to`` (a post's holder at that moment; the recipient itself for a person)."""

    TOPIC = "ReminderSent"
    sent_at: datetime
    message_id: str
    sent_to: str

    # Version 2 names the person it went to; version 1 did not record it.
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["sent_to"] = ""


class ReminderCancelled(TrackerEvent):
    """The reminder will not be sent (a reassignment, a new due date, the item closed)."""

    TOPIC = "ReminderCancelled"
    reason: str


class ReminderFailed(TrackerEvent):
    """An attempt to send failed; a permanent failure ends the reminder, a transient one not."""

    TOPIC = "ReminderFailed"
    error: str
    permanent: bool
