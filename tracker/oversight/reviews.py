"""The review queue: what is due and overdue, for whom and for which forum, and what to escalate.

The one source of "what is due" for pages, chairs and the reminders, read from the queue's
one table of open items (``tracker.oversight.open_reviews``), within the reader's clearance.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Engine, Subquery

from tracker.oversight.lateness import (
    DEFAULT_THRESHOLDS,
    STATUSES,
    ReviewThresholds,
    escalation_of,
    status_of,
)
from tracker.oversight.open_reviews import open_reviews
from tracker.views.paging import by_reference, in_byte_order, page_of


@dataclass(frozen=True)
class ReviewEntry:
    """One open item on the review queue, with how late it is.

    ``escalation`` is 0 when not overdue, 1 when overdue, and 2 when overdue by more than
    the thresholds' ``escalate_after_days``: then the overseeing board or chair is told.
    """

    reference: str
    kind: str
    title: str
    owner: str
    forum: str
    due_on: date
    state: str
    marking: str
    status: str
    days_overdue: int
    escalation: int


Order = Callable[[Subquery, ColumnElement[int]], tuple[Any, ...]]
SORTS: dict[str, Order] = {
    "due": lambda q, _: (q.c.due_on, in_byte_order(q.c.kind), *by_reference(q.c.reference)),
    "escalation": lambda q, escalation: (
        escalation.desc(),
        q.c.due_on,
        *by_reference(q.c.reference),
    ),
    "owner": lambda q, _: (in_byte_order(q.c.owner), q.c.due_on, *by_reference(q.c.reference)),
    "forum": lambda q, _: (in_byte_order(q.c.forum), q.c.due_on, *by_reference(q.c.reference)),
    "kind": lambda q, _: (in_byte_order(q.c.kind), q.c.due_on, *by_reference(q.c.reference)),
    "reference": lambda q, _: (in_byte_order(q.c.kind), *by_reference(q.c.reference)),
}


def review_queue(
    engine: Engine,
    *,
    sensitive_cleared: bool,
    today: date,
    owner: str | Sequence[str] | None = None,
    forum: str | None = None,
    status: str | None = None,
    thresholds: ReviewThresholds = DEFAULT_THRESHOLDS,
    sort: str = "due",
    page: int = 1,
    per_page: int = 50,
) -> list[ReviewEntry]:
    """Open items by when they are due, for one owner (or any of several: a person and the
    posts they hold) or forum or all, within clearance."""
    _refuse_unknown(sort, status)
    queue = open_reviews(sensitive_cleared)
    status_ = status_of(queue.c.due_on, today, thresholds)
    escalation = escalation_of(queue.c.due_on, today, thresholds)
    query = sa.select(queue, status_.label("status"), escalation.label("escalation"))
    if owner is not None:
        owners = [owner] if isinstance(owner, str) else list(owner)
        query = query.where(queue.c.owner.in_(owners))
    for column, wanted in ((queue.c.forum, forum), (status_, status)):
        if wanted is not None:
            query = query.where(column == wanted)
    query = page_of(query.order_by(*SORTS[sort](queue, escalation)), page, per_page)
    with engine.connect() as connection:
        return [_entry(row, today) for row in connection.execute(query)]


def _refuse_unknown(sort: str, status: str | None) -> None:
    """A sort or status the queue does not know is refused, naming those it does."""
    if sort not in SORTS:
        raise ValueError(f"sort by one of {', '.join(SORTS)}")
    if status is not None and status not in STATUSES:
        raise ValueError(f"status is one of {', '.join(STATUSES)}")


def _entry(row: Any, today: date) -> ReviewEntry:
    values = dict(row._mapping)
    del values["item_id"], values["valid_from"]
    values["days_overdue"] = max((today - row.due_on).days, 0)
    return ReviewEntry(**values)
