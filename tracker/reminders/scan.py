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

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Any
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy import Engine

from events.base import acting_as
from tracker.kernel.clock import london_day, london_moment
from tracker.kernel.commands import Service
from tracker.kernel.errors import TrackerError
from tracker.oversight.reviews import open_reviews
from tracker.oversight.timeline import timeline_events
from tracker.reminders.claims import Claims
from tracker.reminders.commands import CancelReminder, ScheduleReminder
from tracker.reminders.listing import ReminderDetails, known_references, pending_reminders
from tracker.reminders.policy import ReminderPolicy
from tracker.reminders.recipients import Recipients
from tracker.reminders.reminder import (
    CHAIN_DIGEST,
    DUE,
    DUE_SOON,
    ESCALATION,
    KEY_SEPARATOR,
    MEETING_DIGEST,
    OVERDUE,
    STALLED,
    Reminder,
    reminder_reference,
)

log = logging.getLogger(__name__)
ACTOR = "system:reminders"
CHAIN = "CHAIN"
OFFICIAL = "OFFICIAL"
CANCEL_LEASE = timedelta(minutes=1)
SCHEDULE_BATCH = 2000  # reminders a transaction: a first scan of 10,000 due commits 5 times


@dataclass(frozen=True)
class Planned:
    """A reminder that should exist: its identity, its item's marking, and why."""

    item_reference: str
    kind: str
    due_at: datetime
    recipient: str
    marking: str

    @cached_property  # checked and built once: a scan asks for each several times
    def reference(self) -> str:
        return reminder_reference(self.item_reference, self.kind, self.due_at, self.recipient)


@dataclass(frozen=True)
class OpenItem:
    """An item on the review queue, as the scan needs it."""

    reference: str
    owner: str
    forum: str
    due_on: date
    marking: str
    moved_at: datetime | None = None  # when something was last recorded on it


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
    stalled_since = _stalled_since(app, now, policy)
    items = {item.reference: item for item in open_items(engine, now, policy, stalled_since)}
    planned = {p.reference: p for p in plan(items.values(), recipients, now, policy)}
    pending = {r.reference: r for r in pending_reminders(engine)}
    # Items with a reminder pending but now due later (a new date): to say why it goes.
    chased = {r.item_reference for r in pending.values()} - set(items)
    items |= {item.reference: item for item in open_items(engine, now, policy, None, chased)}
    claims = Claims(engine)
    claims.forget_expired(datetime.now(UTC))
    cancelled = tuple(
        reference
        for reference, reminder in pending.items()
        if reference not in planned
        and _cancel(app, claims, reminder, _why_not(reminder, items, planned, now))
    )
    known = known_references(engine, planned)  # sent, cancelled or failed ones stay so
    scheduled = _schedule_all(app, [p for p in planned.values() if p.reference not in known])
    due = sorted(
        [(r.due_at, k) for k, r in pending.items() if k not in cancelled and r.due_at <= now]
        + [(planned[k].due_at, k) for k in scheduled if planned[k].due_at <= now]
    )
    return ScanReport(scheduled, cancelled, tuple(k for _, k in due))


def _stalled_since(app: Service, now: datetime, policy: ReminderPolicy) -> int | None:
    """The log position up to which an item unchanged since counts as stalled within the
    horizon; None when stalled items are not chased."""
    if policy.stalled_after is None:
        return None
    return app.position_at(now + policy.horizon - policy.stalled_after)


def open_items(
    engine: Engine,
    now: datetime,
    policy: ReminderPolicy,
    stalled_since: int | None = None,
    references: set[str] | None = None,
) -> list[OpenItem]:
    """Open items due by the end of the horizon's due-soon window, or unchanged since the
    position ``stalled_since``, from the review queue (or, given ``references``, those items
    whatever their dates)."""
    queue = open_reviews(sensitive_cleared=True)
    query = sa.select(
        queue.c.reference, queue.c.owner, queue.c.forum, queue.c.due_on, queue.c.marking,
        _last_recorded(queue.c.item_id, timeline_events.c.recorded_at).label("moved_at"),
    )  # fmt: skip
    if references is None:
        soon = london_day(now + policy.horizon) + timedelta(days=policy.thresholds.due_soon_days)
        wanted = queue.c.due_on <= soon
        if stalled_since is not None:
            # An item whose board row changed after that position has moved since; only
            # the items with older rows need the timeline asked.
            since = _last_recorded(queue.c.item_id, timeline_events.c.position)
            unchanged = sa.and_(queue.c.valid_from <= stalled_since, since <= stalled_since)
            wanted = sa.or_(wanted, unchanged)
        query = query.where(wanted)
    elif references:
        query = query.where(queue.c.reference.in_(sorted(references)))
    else:
        return []
    with engine.connect() as connection:
        return [OpenItem(**row._mapping) for row in connection.execute(query)]


def _last_recorded(item_id: Any, column: Any) -> Any:
    """``column`` of the latest event recorded on the item (its own, not a reminder's)."""
    events = timeline_events.c
    return (
        sa.select(column)
        .where(events.item_id == item_id)
        .order_by(events.position.desc())
        .limit(1)
        .scalar_subquery()
    )


def plan(
    items: Iterable[OpenItem], recipients: Recipients, now: datetime, policy: ReminderPolicy
) -> Iterator[Planned]:
    """Every reminder that should exist at ``now``."""
    for item in items:
        yield from _owner_reminders(item, now, policy)
        yield from _escalation(item, recipients, now, policy)
        yield from _stalled(item, recipients, now, policy)
    yield from _meeting_digests(recipients, now, policy)
    yield from _chain_digests(recipients, now, policy)


def _stages(item: OpenItem, policy: ReminderPolicy) -> list[tuple[str, datetime]]:
    soon_days = policy.thresholds.due_soon_days
    stages = [(DUE_SOON, item.due_on - timedelta(days=soon_days))] if soon_days else []
    stages += [(DUE, item.due_on), (OVERDUE, item.due_on + timedelta(days=1))]
    return [(kind, london_moment(day, policy.send_at)) for kind, day in stages]


def _owner_reminders(item: OpenItem, now: datetime, policy: ReminderPolicy) -> Iterator[Planned]:
    """The stage the item has reached (earlier ones are overtaken) and those soon to come."""
    stages = _stages(item, policy)
    reached = [stage for stage in stages if stage[1] <= now][-1:]
    upcoming = [stage for stage in stages if now < stage[1] <= now + policy.horizon]
    for kind, moment in reached + upcoming:
        yield Planned(item.reference, kind, moment, _name(item.owner), item.marking)


def _escalation(
    item: OpenItem, recipients: Recipients, now: datetime, policy: ReminderPolicy
) -> Iterator[Planned]:
    late = item.due_on + timedelta(days=policy.thresholds.escalate_after_days + 1)
    moment = london_moment(late, policy.send_at)
    if moment <= now + policy.horizon:
        yield Planned(item.reference, ESCALATION, moment, _chair(recipients, item.forum),
                      item.marking)  # fmt: skip


def _stalled(
    item: OpenItem, recipients: Recipients, now: datetime, policy: ReminderPolicy
) -> Iterator[Planned]:
    """To the chair, at the first sending hour after each whole stretch of ``stalled_after``
    with nothing recorded on the item: the latest reached and any within the horizon."""
    if policy.stalled_after is None or item.moved_at is None:
        return
    stretches = (now + policy.horizon - item.moved_at) // policy.stalled_after
    moments = [
        _sending_hour_from(item.moved_at + n * policy.stalled_after, policy)
        for n in range(max(1, stretches - 2), stretches + 1)
    ]
    reached = [moment for moment in moments if moment <= now][-1:]
    upcoming = [moment for moment in moments if now < moment <= now + policy.horizon]
    for moment in reached + upcoming:
        yield Planned(item.reference, STALLED, moment, _chair(recipients, item.forum),
                      item.marking)  # fmt: skip


def _sending_hour_from(moment: datetime, policy: ReminderPolicy) -> datetime:
    """The first moment at the sending hour, London time, at or after ``moment``."""
    same_day = london_moment(london_day(moment), policy.send_at)
    if same_day >= moment:
        return same_day
    return london_moment(london_day(moment) + timedelta(days=1), policy.send_at)


def _meeting_digests(
    recipients: Recipients, now: datetime, policy: ReminderPolicy
) -> Iterator[Planned]:
    """A digest for each meeting still to come whose digest is due within the horizon."""
    for meeting in policy.meetings:
        chair = _chair(recipients, meeting.forum)
        for sits in meeting.moments(now, now + policy.horizon + policy.digest_lead):
            yield Planned(meeting.forum.upper(), MEETING_DIGEST, sits - policy.digest_lead,
                          chair, OFFICIAL)  # fmt: skip


def _chain_digests(
    recipients: Recipients, now: datetime, policy: ReminderPolicy
) -> Iterator[Planned]:
    """Today's chain digest (once its hour has come) and any due within the horizon."""
    today = london_day(now)
    for day in (today, today + timedelta(days=1), today + timedelta(days=2)):
        moment = london_moment(day, policy.chain_digest_at)
        if (day == today or moment > now) and moment <= now + policy.horizon:
            for name in recipients.governance():
                yield Planned(CHAIN, CHAIN_DIGEST, moment, _name(name), OFFICIAL)


def _name(name: str) -> str:
    # A reminder's key is split on "/"; an owner typed as "A/B" is still one recipient.
    return name.strip().replace(KEY_SEPARATOR, "-") or "(nobody)"


def _chair(recipients: Recipients, forum: str) -> str:
    """The chair's name; unknown, a name no address matches, so the failure shows."""
    return _name(recipients.chair_of(forum) or f"chair of {forum}")


def _why_not(
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


def _schedule_all(app: Service, planned: list[Planned]) -> tuple[str, ...]:
    """Schedules new reminders a batch to a transaction; the references scheduled.

    A first scan over many items would otherwise spend a transaction on each. The batch is
    built as ``ScheduleReminder`` builds one reminder, from the queue's rows (the marking as
    the view has it now). If a racing scan got to any of a batch first, the store refuses
    the whole batch, and its reminders are scheduled one by one through the command.
    """
    done: list[str] = []
    for start in range(0, len(planned), SCHEDULE_BATCH):
        batch = planned[start : start + SCHEDULE_BATCH]
        try:
            with acting_as(ACTOR):
                app.record(*(Reminder.schedule(
                    item_reference=p.item_reference, kind=p.kind, due_at=p.due_at,
                    recipient=p.recipient, marking=p.marking) for p in batch))  # fmt: skip
        except TrackerError as error:  # DuplicateItem: another scan scheduled some of them
            log.info("scheduling one by one after %s", error)
            done += [p.reference for p in batch if _schedule(app, p)]
        else:
            done += [p.reference for p in batch]
    return tuple(done)


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
