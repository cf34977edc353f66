"""What each command on reminders does: scheduling is idempotent; the rest are its own steps."""

from __future__ import annotations

from tracker.kernel.commands import (
    Handlers,
    Recorded,
    Records,
    fields_of,
    steps,
)
from tracker.kernel.errors import ItemNotFound, RuleBroken
from tracker.kernel.markings import checked_marking
from tracker.reminders.commands import (
    CancelReminder,
    MarkReminderSent,
    RecordReminderFailure,
    ScheduleReminder,
)
from tracker.reminders.identity import reminder_reference
from tracker.reminders.kinds import ITEM_KINDS
from tracker.reminders.reminder import Reminder


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
