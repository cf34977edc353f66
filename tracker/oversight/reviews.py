"""The review queue: what is due and overdue, for whom and for which forum, and what to escalate.

The one source of "what is due" for pages, chairs and the reminders. Every open item with a
date it is next due is on it: taskings (each RTTCG cycle; the lead officer's), support
requests awaiting ratification (by the next weekly meeting; the authorising officer's) or
monitored (weekly; the Head of Intelligence's), decisions with a review date (the decision
maker's, in their forum) and learning actions still to do (the owner's, by their due date,
under the overseeing board). Finished items never appear. It reads the boards' current
rows, so it needs no projection of its own, and each board's clearance rule applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Engine, Select, Subquery, Table

from tracker.decisions import decision as dec
from tracker.decisions.register import decision_register
from tracker.learning import action
from tracker.learning.log import learning_actions
from tracker.reminders.reminder import DUE, DUE_SOON, OVERDUE
from tracker.support import request as sr
from tracker.support.board import support_request_board
from tracker.tasking import tasking as tsk
from tracker.tasking.board import tasking_board
from tracker.views.paging import by_reference, in_byte_order, page_of
from tracker.views.versioned import current_at, within_clearance

UPCOMING = "upcoming"  # due later than "due soon": on the queue, but nobody is chased yet
STATUSES = (OVERDUE, DUE, DUE_SOON, UPCOMING)
KINDS = (tsk.Tasking.KIND, sr.SupportRequest.KIND, dec.Decision.KIND,
         action.LearningAction.KIND)  # fmt: skip
# DESIGN: monitored requests are reviewed weekly by the Head of Intelligence.
MONITORING_REVIEWER = "Head of Intelligence"
OPEN_TASKINGS = (tsk.RECEIVED, tsk.PRESENTED, tsk.ACCEPTED, tsk.IN_PROGRESS)
OPEN_REQUESTS = (sr.AUTHORISED, sr.MONITORED)
OPEN_DECISIONS = (dec.DECIDED, dec.UNDER_REVIEW, dec.VARIED)
OPEN_ACTIONS = (action.OPEN, action.IN_PROGRESS)


@dataclass(frozen=True)
class ReviewThresholds:
    """How near a date counts as "due soon", and how late an item goes to its board or chair."""

    due_soon_days: int = 7
    escalate_after_days: int = 28  # about one RTTCG cycle overdue

    def __post_init__(self) -> None:
        if self.due_soon_days < 0 or self.escalate_after_days < 0:
            raise ValueError("thresholds are numbers of days, zero or more")


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


@dataclass(frozen=True)
class ReviewCounts:
    """One owner's or forum's items due soon, due today, overdue (escalated ones included)."""

    name: str
    due_soon: int
    due: int
    overdue: int
    escalated: int


def open_reviews(sensitive_cleared: bool, reference: Any = None) -> Subquery:
    """Every open item the reader may see with the date it is next due, as one table (or,
    given ``reference``, a value or a bound parameter, that item alone: each board then
    finds it by its index).

    Columns: reference, kind, title, owner, forum, due_on, state, marking, item_id, and
    valid_from (the position of the event that made the row as it is).
    """
    boards = (tasking_board, support_request_board, decision_register, learning_actions)
    taskings, requests, decisions, actions = boards
    owner_of_request = sa.case(
        (requests.c.state == sr.AUTHORISED, requests.c.authorised_by),
        else_=sa.literal(MONITORING_REVIEWER, sa.Text),
    )
    return sa.union_all(
        _open_items(
            taskings, sensitive_cleared, kind=tsk.Tasking.KIND, states=OPEN_TASKINGS,
            title=taskings.c.title, owner=taskings.c.lead_officer,
            forum=sa.literal(sr.RTTCG, sa.Text), due_on=taskings.c.review_due, reference=reference,
        ),
        _open_items(
            requests, sensitive_cleared, kind=sr.SupportRequest.KIND, states=OPEN_REQUESTS,
            title=requests.c.title, owner=owner_of_request, reference=reference,
            forum=sa.literal(sr.WEEKLY_MEETING, sa.Text), due_on=requests.c.review_due,
        ),
        _open_items(
            decisions, sensitive_cleared, kind=dec.Decision.KIND, states=OPEN_DECISIONS,
            title=decisions.c.action_chosen, owner=decisions.c.decision_maker,
            forum=decisions.c.forum, due_on=decisions.c.next_review, reference=reference,
        ),
        _open_items(
            actions, sensitive_cleared, kind=action.LearningAction.KIND, states=OPEN_ACTIONS,
            title=actions.c.description, owner=actions.c.owner,
            forum=actions.c.overseeing_board, due_on=actions.c.due_on, reference=reference,
        ),
    ).subquery("review_queue")  # fmt: skip


@cache
def _due_on_query() -> Select[tuple[date]]:
    # Built once: a statement of four boards costs more to build than to run.
    queue = open_reviews(sensitive_cleared=True, reference=sa.bindparam("reference"))
    return sa.select(queue.c.due_on)


def review_due_on(engine: Engine, reference: str) -> date | None:
    """When the item ``reference`` is next due for review, as the views have it now."""
    with engine.connect() as connection:
        found = connection.execute(_due_on_query(), {"reference": reference}).scalars().first()
    return found


def _open_items(
    table: Table,
    sensitive_cleared: bool,
    *,
    kind: str,
    states: tuple[str, ...],
    title: ColumnElement[Any],
    owner: ColumnElement[Any],
    forum: ColumnElement[Any],
    due_on: ColumnElement[Any],
    reference: Any,
) -> Select[Any]:
    """``table``'s current open rows with a due date, in the queue's columns."""
    one_item = [] if reference is None else [table.c.reference == reference]
    return sa.select(
        table.c.reference,
        sa.literal(kind, sa.Text).label("kind"),
        sa.cast(title, sa.Text).label("title"),
        sa.cast(owner, sa.Text).label("owner"),
        sa.cast(forum, sa.Text).label("forum"),
        due_on.label("due_on"),
        table.c.state,
        table.c.marking,
        table.c.item_id,
        table.c.valid_from,
    ).where(
        current_at(table, None),
        *within_clearance(table, sensitive_cleared),
        table.c.state.in_(states),
        due_on.is_not(None),
        *one_item,
    )


def status_of(due_on: Any, today: date, thresholds: ReviewThresholds) -> ColumnElement[str]:
    """Overdue, due (today), due soon, or upcoming, as a SQL expression on a due date."""
    soon = today + timedelta(days=thresholds.due_soon_days)
    return sa.case(
        (due_on < today, OVERDUE), (due_on == today, DUE), (due_on <= soon, DUE_SOON),
        else_=UPCOMING,
    )  # fmt: skip


def escalation_of(due_on: Any, today: date, thresholds: ReviewThresholds) -> ColumnElement[int]:
    """0 not overdue, 1 overdue, 2 overdue more than ``escalate_after_days``."""
    long_ago = today - timedelta(days=thresholds.escalate_after_days)
    return sa.case((due_on < long_ago, 2), (due_on < today, 1), else_=0)


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
    owner: str | None = None,
    forum: str | None = None,
    status: str | None = None,
    thresholds: ReviewThresholds = ReviewThresholds(),
    sort: str = "due",
    page: int = 1,
    per_page: int = 50,
) -> list[ReviewEntry]:
    """Open items by when they are due, for one owner or forum or all, within clearance."""
    if sort not in SORTS:
        raise ValueError(f"sort by one of {', '.join(SORTS)}")
    if status is not None and status not in STATUSES:
        raise ValueError(f"status is one of {', '.join(STATUSES)}")
    queue = open_reviews(sensitive_cleared)
    status_ = status_of(queue.c.due_on, today, thresholds)
    escalation = escalation_of(queue.c.due_on, today, thresholds)
    query = sa.select(queue, status_.label("status"), escalation.label("escalation"))
    if owner is not None:
        query = query.where(queue.c.owner == owner)
    if forum is not None:
        query = query.where(queue.c.forum == forum)
    if status is not None:
        query = query.where(status_ == status)
    query = page_of(query.order_by(*SORTS[sort](queue, escalation)), page, per_page)
    with engine.connect() as connection:
        return [_entry(row, today) for row in connection.execute(query)]


def review_summary(
    engine: Engine,
    *,
    sensitive_cleared: bool,
    today: date,
    by: str = "owner",
    thresholds: ReviewThresholds = ReviewThresholds(),
) -> list[ReviewCounts]:
    """Per owner ("my reviews") or per forum (the chairs'): counts of what is due, by name.

    Only owners or forums with something due soon, due or overdue are listed.
    """
    if by not in ("owner", "forum"):
        raise ValueError("summarise by owner or by forum")
    queue = open_reviews(sensitive_cleared)
    name = queue.c[by]
    status_ = status_of(queue.c.due_on, today, thresholds)
    escalation = escalation_of(queue.c.due_on, today, thresholds)
    soon = today + timedelta(days=thresholds.due_soon_days)
    query = (
        sa.select(
            name,
            _count(status_ == DUE_SOON),
            _count(status_ == DUE),
            _count(status_ == OVERDUE),
            _count(escalation == 2),
        )
        .where(queue.c.due_on <= soon)
        .group_by(name)
        .order_by(name)
    )
    with engine.connect() as connection:
        return [ReviewCounts(row[0], *map(int, row[1:])) for row in connection.execute(query)]


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return sa.func.sum(sa.case((condition, 1), else_=0))


def _entry(row: Any, today: date) -> ReviewEntry:
    values = dict(row._mapping)
    del values["item_id"], values["valid_from"]
    values["days_overdue"] = max((today - row.due_on).days, 0)
    return ReviewEntry(**values)
