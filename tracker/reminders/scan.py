"""The scan: which reminders should exist now, scheduling them, cancelling those overtaken.

Run on every beat tick (and safe to run twice at once). It reads the review queue, the
meetings' calendar and the reminders list, never the events. For each open item it plans
the owner's current reminder (due soon, due, overdue) and any falling due within the
horizon, plus an escalation to the chair of the overseeing forum once the item is long
overdue, and another each time it has gone a set time with nothing recorded on it;
before each meeting a digest to its chair; each day the chain digest to the
governance recipients. Pending reminders no longer planned (the item was reassigned, its
date moved, it closed, a later stage overtook it) are cancelled with the reason. The
reminders due by now are returned, for the workers to send.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from tracker.forums.forum_queries import forum_catalogue
from tracker.kernel.commands import Service
from tracker.reminders.cancellation import cancel_unplanned
from tracker.reminders.digest_plan import chain_digests, meeting_digests
from tracker.reminders.item_plan import item_reminders
from tracker.reminders.listing_queries import (
    ReminderDetails,
    known_references,
    pending_reminders,
)
from tracker.reminders.open_items import open_items, stalled_since
from tracker.reminders.planned import OpenItem, Planned
from tracker.reminders.policy import ReminderPolicy
from tracker.reminders.recipients import Recipients
from tracker.reminders.scheduling import schedule_all


@dataclass(frozen=True)
class ScanReport:
    """What one scan did, and the references of the reminders now due to be sent."""

    scheduled: tuple[str, ...]
    cancelled: tuple[str, ...]
    due: tuple[str, ...]


def scan(
    app: Service, engine: Engine, recipients: Recipients, now: datetime, policy: ReminderPolicy
) -> ScanReport:
    """Brings the reminders in line with the queue and calendar at ``now``; see the module."""
    policy = policy.with_forums(forum_catalogue(engine))  # the meetings as admins left them
    since = stalled_since(app, now, policy)
    items = {item.reference: item for item in open_items(engine, now, policy, since)}
    planned = {p.reference: p for p in plan(items.values(), recipients, now, policy)}
    pending = {r.reference: r for r in pending_reminders(engine)}
    # Items with a reminder pending but now due later (a new date): to say why it goes.
    chased = {r.item_reference for r in pending.values()} - set(items)
    items |= {item.reference: item for item in open_items(engine, now, policy, None, chased)}
    cancelled = cancel_unplanned(app, engine, pending, items, planned, now)
    known = known_references(engine, planned)  # sent, cancelled or failed ones stay so
    scheduled = schedule_all(app, [p for p in planned.values() if p.reference not in known])
    return ScanReport(scheduled, cancelled, _due(pending, cancelled, planned, scheduled, now))


def _due(
    pending: dict[str, ReminderDetails],
    cancelled: tuple[str, ...],
    planned: dict[str, Planned],
    scheduled: tuple[str, ...],
    now: datetime,
) -> tuple[str, ...]:
    """The reminders due by ``now``, earliest first: those still pending and those just made."""
    due = sorted(
        [(r.due_at, k) for k, r in pending.items() if k not in cancelled and r.due_at <= now]
        + [(planned[k].due_at, k) for k in scheduled if planned[k].due_at <= now]
    )
    return tuple(k for _, k in due)


def plan(
    items: Iterable[OpenItem], recipients: Recipients, now: datetime, policy: ReminderPolicy
) -> Iterator[Planned]:
    """Every reminder that should exist at ``now``."""
    for item in items:
        yield from item_reminders(item, recipients, now, policy)
    yield from meeting_digests(recipients, now, policy)
    yield from chain_digests(recipients, now, policy)
