"""Cancelling the pending reminders the scan no longer plans, with the reason, for the trail.

A reminder a worker is sending right now is left alone: the next scan decides it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from sqlalchemy import Engine

from tracker.kernel.commands import Service
from tracker.kernel.errors import TrackerError
from tracker.reminders.claims import Claims
from tracker.reminders.commands import ACTOR, CancelReminder
from tracker.reminders.kinds import CHAIN_DIGEST, MEETING_DIGEST, STALLED
from tracker.reminders.listing_queries import ReminderDetails
from tracker.reminders.planned import OpenItem, Planned

log = logging.getLogger(__name__)
CANCEL_LEASE = timedelta(minutes=1)


def cancel_unplanned(
    app: Service,
    engine: Engine,
    pending: dict[str, ReminderDetails],
    items: dict[str, OpenItem],
    planned: dict[str, Planned],
    now: datetime,
) -> tuple[str, ...]:
    """Cancels each pending reminder not in ``planned``, saying why; the references cancelled."""
    claims = Claims(engine)
    claims.forget_expired(datetime.now(UTC))
    return tuple(
        reference
        for reference, reminder in pending.items()
        if reference not in planned
        and _cancel(app, claims, reminder, why_not(reminder, items, planned, now))
    )


def why_not(
    reminder: ReminderDetails,
    items: dict[str, OpenItem],
    planned: dict[str, Planned],
    now: datetime,
) -> str:
    """Why a pending reminder is no longer planned, in words for the trail."""
    if reminder.kind in (MEETING_DIGEST, CHAIN_DIGEST):
        return "overtaken: its meeting or day has passed, or its recipients changed"
    item = items.get(reminder.item_reference)
    if item is None:
        return f"{reminder.item_reference} is no longer open or due"
    same_kind = [
        p for p in planned.values()
        if p.item_reference == item.reference and p.kind == reminder.kind
    ]  # fmt: skip
    if any(p.recipient.casefold() != reminder.recipient.casefold() for p in same_kind):
        return f"reassigned to {same_kind[0].recipient}"
    return _moved_on(reminder, item, same_kind, now)


def _moved_on(
    reminder: ReminderDetails, item: OpenItem, same_kind: list[Planned], now: datetime
) -> str:
    """Why a reminder still to the right person is no longer planned."""
    if reminder.kind == STALLED:
        if same_kind:
            return "overtaken by a later reminder"
        return f"{item.reference} has moved: something was recorded on it since"
    if any(p.due_at != reminder.due_at for p in same_kind) or reminder.due_at > now:
        return f"due date moved to {item.due_on:%Y-%m-%d}"
    return "overtaken by a later reminder"


def _cancel(app: Service, claims: Claims, reminder: ReminderDetails, reason: str) -> bool:
    """Cancels unless a worker is sending it right now (then the next scan decides)."""
    holder = f"scan:{uuid4()}"
    # Claims are leases in real time, whatever moment the scan is asked about.
    if not claims.take(reminder.reference, holder, datetime.now(UTC), CANCEL_LEASE):
        return False
    try:
        app.handle(CancelReminder(actor=ACTOR, reference=reminder.reference, reason=reason))
    except TrackerError as error:  # sent or cancelled since the list was read
        log.info("not cancelling %s: %s", reminder.reference, error)
        return False
    finally:
        claims.release(reminder.reference, holder)
    return True
