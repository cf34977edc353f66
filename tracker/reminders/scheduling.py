"""Scheduling the reminders the scan planned, a batch to a transaction.

A first scan over many items would otherwise spend a transaction on each. A batch is built
as ``ScheduleReminder`` builds one reminder, from the queue's rows (the marking as the view
has it now). If a racing scan got to any of a batch first, the store refuses the whole
batch, and its reminders are scheduled one by one through the command.
"""

from __future__ import annotations

import logging

from events.base import acting_as
from tracker.kernel.commands import Service
from tracker.kernel.errors import TrackerError
from tracker.reminders.commands import ACTOR, ScheduleReminder
from tracker.reminders.planned import Planned
from tracker.reminders.reminder import Reminder

log = logging.getLogger(__name__)
SCHEDULE_BATCH = 2000  # reminders a transaction: a first scan of 10,000 due commits 5 times


def schedule_all(app: Service, planned: list[Planned]) -> tuple[str, ...]:
    """Schedules new reminders a batch to a transaction; the references scheduled."""
    done: list[str] = []
    for start in range(0, len(planned), SCHEDULE_BATCH):
        done += _schedule_batch(app, planned[start : start + SCHEDULE_BATCH])
    return tuple(done)


def _schedule_batch(app: Service, batch: list[Planned]) -> list[str]:
    try:
        with acting_as(ACTOR):
            app.record(*(Reminder.schedule(
                item_reference=p.item_reference, kind=p.kind, due_at=p.due_at,
                recipient=p.recipient, marking=p.marking) for p in batch))  # fmt: skip
    except TrackerError as error:  # DuplicateItem: another scan scheduled some of them
        log.info("scheduling one by one after %s", error)
        return [p.reference for p in batch if _schedule(app, p)]
    return [p.reference for p in batch]


def _schedule(app: Service, planned: Planned) -> bool:
    """Schedules it; False if it already existed (sent, say) or its item cannot be found."""
    before = app.position()
    try:
        recorded = app.handle(
            ScheduleReminder(
                actor=ACTOR, item_reference=planned.item_reference, kind=planned.kind,
                due_at=planned.due_at, recipient=planned.recipient, marking=planned.marking,
            )
        )  # fmt: skip
    except TrackerError as error:  # e.g. a racing scan scheduled it first
        log.info("not scheduling %s: %s", planned.reference, error)
        return False
    return recorded.version == 1 and recorded.position > before
