"""The reminders an open item should have: its owner's, and its chair's when it is late or stalled.

The owner's stages are due soon, due and overdue; the chair hears once the item is long
overdue, and again each time it has gone a set time with nothing recorded on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from tracker.kernel.clock import london_day, london_moment
from tracker.reminders.kinds import DUE, DUE_SOON, ESCALATION, OVERDUE, STALLED
from tracker.reminders.planned import OpenItem, Planned, chair_name, recipient_name
from tracker.reminders.policy import ReminderPolicy
from tracker.reminders.recipients import Recipients


def item_reminders(
    item: OpenItem, recipients: Recipients, now: datetime, policy: ReminderPolicy
) -> Iterator[Planned]:
    """Every reminder about ``item`` that should exist at ``now``.

    An item whose owner reaches nobody (a vacant post, a name no one answers to) gets no
    owner's reminder: admins see it listed as unowned, and once someone holds the post the
    next scan plans the reminder to the post.
    """
    if recipients.person_of(item.owner) is not None:
        yield from _owner_reminders(item, now, policy)
    yield from _escalation(item, recipients, now, policy)
    yield from _stalled(item, recipients, now, policy)


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
        yield Planned(item.reference, kind, moment, recipient_name(item.owner), item.marking)


def _escalation(
    item: OpenItem, recipients: Recipients, now: datetime, policy: ReminderPolicy
) -> Iterator[Planned]:
    late = item.due_on + timedelta(days=policy.thresholds.escalate_after_days + 1)
    moment = london_moment(late, policy.send_at)
    if moment <= now + policy.horizon:
        yield Planned(item.reference, ESCALATION, moment, chair_name(recipients, item.forum),
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
        yield Planned(item.reference, STALLED, moment, chair_name(recipients, item.forum),
                      item.marking)  # fmt: skip


def _sending_hour_from(moment: datetime, policy: ReminderPolicy) -> datetime:
    """The first moment at the sending hour, London time, at or after ``moment``."""
    same_day = london_moment(london_day(moment), policy.send_at)
    if same_day >= moment:
        return same_day
    return london_moment(london_day(moment) + timedelta(days=1), policy.send_at)
