"""The reminders list's table: one row per reminder, in the state its events leave it.

It holds what the reminder events hold (a reference, never an item's content) and the
marking, so a reader's clearance applies as on every other view.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Text

from tracker.reminders.identity import RECIPIENT_LENGTH
from tracker.views.engine import UtcDateTime, metadata
from tracker.views.versioned import BYTE_ORDERED_REFERENCE

reminder_list = Table(
    "reminder_list",
    metadata,
    Column("reminder_id", String(36), primary_key=True),
    Column("reference", BYTE_ORDERED_REFERENCE, nullable=False, unique=True),
    Column("item_reference", String(40), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("due_at", UtcDateTime, nullable=False, index=True),
    Column("recipient", String(RECIPIENT_LENGTH), nullable=False, index=True),
    Column("marking", String(40), nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=False),
    Column("sent_at", UtcDateTime, nullable=True),
    Column("changed_at", UtcDateTime, nullable=False),
)
