"""Commands on reminders, given by the reminder scan and the sending workers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.kernel.commands import (
    Command,
    ItemCommand,
)
from tracker.kernel.references import LONGEST_REFERENCE

ACTOR = "system:reminders"  # who gives these commands: the scan and the sending workers


# item reference, kind, due moment and recipient, with separators
KEY_LENGTH = LONGEST_REFERENCE


@dataclass(frozen=True, kw_only=True)
class ScheduleReminder(Command):
    """Chase ``recipient`` about ``item_reference`` at ``due_at``; ``marking`` is the item's."""

    item_reference: str
    kind: str
    due_at: datetime | str
    recipient: str
    marking: str


@dataclass(frozen=True, kw_only=True)
class ReminderCommand(ItemCommand):
    """A command on an existing reminder, named by its key (see ``reminder_reference``)."""

    REFERENCE_LENGTH = KEY_LENGTH


@dataclass(frozen=True, kw_only=True)
class MarkReminderSent(ReminderCommand):
    sent_at: datetime | str
    message_id: str
    sent_to: str = ""  # the person it reached (a post's holder then)


@dataclass(frozen=True, kw_only=True)
class CancelReminder(ReminderCommand):
    """E.g. reason "reassigned to bo" or "due date moved to 2026-12-08"."""

    reason: str


@dataclass(frozen=True, kw_only=True)
class RecordReminderFailure(ReminderCommand):
    """A failed sending: ``permanent`` ends the reminder, otherwise it stays to be retried."""

    error: str
    permanent: bool
