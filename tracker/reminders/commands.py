"""Commands on reminders, given by the reminder workers, and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.kernel.aggregate import LONGEST_REFERENCE, checked_marking
from tracker.kernel.commands import (
    Command,
    Handlers,
    ItemCommand,
    Recorded,
    Records,
    fields_of,
    steps,
)
from tracker.kernel.errors import ItemNotFound, RuleBroken
from tracker.reminders.reminder import ITEM_KINDS, Reminder, reminder_reference

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


@dataclass(frozen=True, kw_only=True)
class CancelReminder(ReminderCommand):
    """E.g. reason "reassigned to bo" or "due date moved to 2026-12-08"."""

    reason: str


@dataclass(frozen=True, kw_only=True)
class RecordReminderFailure(ReminderCommand):
    """A failed sending: ``permanent`` ends the reminder, otherwise it stays to be retried."""

    error: str
    permanent: bool


def schedule_reminder(app: Records, cmd: ScheduleReminder) -> Recorded:
    """Schedule the reminder; if the same reminder already exists, record nothing.

    Scheduling is idempotent so that a duplicate beat tick or a redelivered job is
    harmless: the caller gets the existing reminder's reference and version, whatever
    its state (a sent, cancelled or failed reminder is not scheduled again), and the
    log does not move. Two schedulers racing past this check both create the same id;
    the store keeps the first and the second gets ``DuplicateItem``.
    """
    reference = reminder_reference(cmd.item_reference, cmd.kind, cmd.due_at, cmd.recipient)
    try:
        existing = app.load(Reminder, reference)
    except ItemNotFound:
        _check_item(app, cmd, reference)
        return app.record(Reminder.schedule(**fields_of(cmd)))
    return Recorded(existing.reference, existing.version, app.position())


def _check_item(app: Records, cmd: ScheduleReminder, reference: str) -> None:
    """A reminder about an item needs the item to exist, and carries its marking."""
    marking = checked_marking(cmd.marking)
    if cmd.kind not in ITEM_KINDS:
        return
    item = app.item(cmd.item_reference)
    if item.marking != marking:
        raise RuleBroken(
            reference, f"{item.reference} is marked {item.marking}; the reminder must say so too"
        )


HANDLERS: Handlers = {
    ScheduleReminder: schedule_reminder,
    **steps(
        Reminder,
        {
            MarkReminderSent: Reminder.mark_sent,
            CancelReminder: Reminder.cancel,
            RecordReminderFailure: Reminder.record_failure,
        },
    ),
}
