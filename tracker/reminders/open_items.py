"""The open items the scan plans for, from the review queue and the items' timeline.

An item is wanted when it falls due by the end of the horizon's due-soon window, or when
nothing has been recorded on it since a log position (it has stalled).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine, Subquery

from tracker.kernel.clock import london_day
from tracker.kernel.commands import Service
from tracker.oversight.open_reviews import open_reviews
from tracker.oversight.timeline_rows import timeline_events
from tracker.reminders.planned import OpenItem
from tracker.reminders.policy import ReminderPolicy


def stalled_since(app: Service, now: datetime, policy: ReminderPolicy) -> int | None:
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
        query = query.where(_due_or_stalled(queue, now, policy, stalled_since))
    elif references:
        query = query.where(queue.c.reference.in_(sorted(references)))
    else:
        return []
    with engine.connect() as connection:
        return [OpenItem(**row._mapping) for row in connection.execute(query)]


def _due_or_stalled(
    queue: Subquery, now: datetime, policy: ReminderPolicy, stalled_since: int | None
) -> Any:
    soon = london_day(now + policy.horizon) + timedelta(days=policy.thresholds.due_soon_days)
    wanted = queue.c.due_on <= soon
    if stalled_since is None:
        return wanted
    # An item whose board row changed after that position has moved since; only the items
    # with older rows need the timeline asked.
    since = _last_recorded(queue.c.item_id, timeline_events.c.position)
    unchanged = sa.and_(queue.c.valid_from <= stalled_since, since <= stalled_since)
    return sa.or_(wanted, unchanged)


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
