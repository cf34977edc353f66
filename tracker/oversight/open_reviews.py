"""The review queue's one table: every open item the reader may see, with when it is next due.

Every open item with a date it is next due is on it: taskings (each RTTCG cycle; the lead
officer's), support requests awaiting ratification (by the next weekly meeting; the
authorising officer's) or monitored (weekly; the Head of Intelligence's), decisions with a
review date (the decision maker's, in their forum) and learning actions still to do (the
owner's, by their due date, under the overseeing board). Finished items never appear. It
reads the boards' current rows, so it needs no projection of its own, and each board's
clearance rule applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Engine, Select, Subquery, Table

from events.parties import post_party
from tracker.decisions import lifecycle as dec
from tracker.decisions.decision import Decision
from tracker.decisions.register import decision_register
from tracker.forums.standard_forums import MONITORING_MEETING
from tracker.learning import action
from tracker.learning.log_tables import learning_actions
from tracker.people.standard_posts import MONITORING_REVIEWER as MONITORING_POST
from tracker.support import lifecycle as sr
from tracker.support.board import support_request_board
from tracker.support.request import SupportRequest
from tracker.tasking import lifecycle as tsk
from tracker.tasking.board import tasking_board
from tracker.tasking.tasking import Tasking
from tracker.views.versioned import current_at, within_clearance

KINDS = (Tasking.KIND, SupportRequest.KIND, Decision.KIND,
         action.LearningAction.KIND)  # fmt: skip
# DESIGN: monitored requests are reviewed weekly by the Head of Intelligence.
MONITORING_REVIEWER = post_party(MONITORING_POST)  # reviews monitoring with the ROCC
OPEN_TASKINGS = (tsk.RECEIVED, tsk.PRESENTED, tsk.ACCEPTED, tsk.IN_PROGRESS)
OPEN_REQUESTS = (sr.AUTHORISED, sr.MONITORED)
OPEN_DECISIONS = (dec.DECIDED, dec.UNDER_REVIEW, dec.VARIED)
OPEN_ACTIONS = (action.OPEN, action.IN_PROGRESS)


@dataclass(frozen=True)
class _Queued:
    """One board's open items with a due date, and what the queue shows of each."""

    table: Table
    kind: str
    states: tuple[str, ...]
    title: ColumnElement[Any]
    owner: ColumnElement[Any]
    forum: ColumnElement[Any]
    due_on: ColumnElement[Any]

    def open_items(self, sensitive_cleared: bool, reference: Any) -> Select[Any]:
        """The board's current open rows with a due date, in the queue's columns."""
        table = self.table
        one_item = [] if reference is None else [table.c.reference == reference]
        return sa.select(
            table.c.reference,
            sa.literal(self.kind, sa.Text).label("kind"),
            sa.cast(self.title, sa.Text).label("title"),
            sa.cast(self.owner, sa.Text).label("owner"),
            sa.cast(self.forum, sa.Text).label("forum"),
            self.due_on.label("due_on"),
            table.c.state,
            table.c.marking,
            table.c.item_id,
            table.c.valid_from,
        ).where(
            current_at(table, None),
            *within_clearance(table, sensitive_cleared),
            table.c.state.in_(self.states),
            self.due_on.is_not(None),
            *one_item,
        )


# Each board on the queue: when its items are open, and whose and which forum's each is.
QUEUED = (
    _Queued(
        tasking_board, Tasking.KIND, OPEN_TASKINGS,
        title=tasking_board.c.title, owner=tasking_board.c.lead_officer,
        forum=sa.literal(sr.RTTCG, sa.Text), due_on=tasking_board.c.review_due,
    ),
    _Queued(
        support_request_board, SupportRequest.KIND, OPEN_REQUESTS,
        title=support_request_board.c.title,
        owner=sa.case(
            (support_request_board.c.state == sr.AUTHORISED, support_request_board.c.authorised_by),
            else_=sa.literal(MONITORING_REVIEWER, sa.Text),
        ),
        # A monitored request is reviewed weekly by the HoI and the ROCC; the rest go to the
        # weekly tasking meeting (an emergency authorisation, to ratify).
        forum=sa.case(
            (support_request_board.c.state == sr.MONITORED,
             sa.literal(MONITORING_MEETING, sa.Text)),
            else_=sa.literal(sr.WEEKLY_MEETING, sa.Text),
        ),
        due_on=support_request_board.c.review_due,
    ),
    _Queued(
        decision_register, Decision.KIND, OPEN_DECISIONS,
        title=decision_register.c.action_chosen, owner=decision_register.c.decision_maker,
        forum=decision_register.c.forum, due_on=decision_register.c.next_review,
    ),
    _Queued(
        learning_actions, action.LearningAction.KIND, OPEN_ACTIONS,
        title=learning_actions.c.description, owner=learning_actions.c.owner,
        forum=learning_actions.c.overseeing_board, due_on=learning_actions.c.due_on,
    ),
)  # fmt: skip


def open_reviews(sensitive_cleared: bool, reference: Any = None) -> Subquery:
    """Every open item the reader may see with the date it is next due, as one table (or,
    given ``reference``, a value or a bound parameter, that item alone: each board then
    finds it by its index).

    Columns: reference, kind, title, owner, forum, due_on, state, marking, item_id, and
    valid_from (the position of the event that made the row as it is).
    """
    boards = (queued.open_items(sensitive_cleared, reference) for queued in QUEUED)
    return sa.union_all(*boards).subquery("review_queue")


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
