"""The next meeting's agenda: what the weekly tasking meeting or the RTTCG must consider.

The weekly tasking meeting decides new support requests and ratifies (or not) emergency
authorisations; the RTTCG hears new taskings, decides those presented, and decides
significant-impact requests the RIG passed on. Both hear the progress reports and reviews
falling due by the meeting, as the review queue has them. Read from the boards' current
rows within the reader's clearance; an agenda is read whole, so it is not paginated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Connection, Engine, Select, Table

from tracker.decisions import decision as dec
from tracker.learning import action
from tracker.oversight.reviews import open_reviews
from tracker.support import request as sr
from tracker.support.board import support_request_board
from tracker.tasking import tasking as tsk
from tracker.tasking.board import tasking_board
from tracker.views.paging import by_reference, in_byte_order
from tracker.views.versioned import current_at, within_clearance

FORUMS = (sr.WEEKLY_MEETING, sr.RTTCG)


@dataclass(frozen=True)
class AgendaItem:
    """One item for the meeting: ``owner`` is whom it concerns, ``due_on`` when it falls due.

    The owner is the requester of a request to decide, the authorising officer of an
    emergency authorisation, the lead officer of a tasking, or the owner of a review.
    """

    reference: str
    kind: str
    title: str
    state: str
    owner: str
    marking: str
    due_on: date | None


@dataclass(frozen=True)
class Agenda:
    """One meeting's agenda by section; the sections of the other forum are left empty."""

    forum: str
    meeting_on: date
    requests_to_decide: tuple[AgendaItem, ...]  # weekly: assessed, listed or deferred
    ratifications: tuple[AgendaItem, ...]  # weekly: emergency authorisations to ratify
    taskings_to_present: tuple[AgendaItem, ...]  # RTTCG: received, not yet presented
    taskings_to_decide: tuple[AgendaItem, ...]  # RTTCG: presented, not yet accepted
    referred_requests: tuple[AgendaItem, ...]  # RTTCG: significant impact, referred to it
    progress_reports_due: tuple[AgendaItem, ...]  # taskings, monitored requests, actions
    decisions_to_review: tuple[AgendaItem, ...]  # the forum's decisions due for review


def meeting_agenda(
    engine: Engine, forum: str, meeting_on: date, *, sensitive_cleared: bool
) -> Agenda:
    """What the meeting of ``forum`` on ``meeting_on`` must consider, within clearance."""
    if forum not in FORUMS:
        raise ValueError(f"agendas are drawn up for the {' and the '.join(FORUMS)}")
    weekly, cleared = forum == sr.WEEKLY_MEETING, sensitive_cleared
    sections: dict[str, Select[Any] | None] = {
        "requests_to_decide": _requests_to_decide(meeting_on, cleared) if weekly else None,
        "ratifications": _ratifications(meeting_on, cleared) if weekly else None,
        "taskings_to_present": None if weekly else _taskings(tsk.RECEIVED, meeting_on, cleared),
        "taskings_to_decide": None if weekly else _taskings(tsk.PRESENTED, meeting_on, cleared),
        "referred_requests": None if weekly else _referred_requests(meeting_on, cleared),
    }
    with engine.connect() as connection:
        found = {name: _items(connection, query) for name, query in sections.items()}
        progress, decisions = _reviews_due(connection, forum, meeting_on, cleared)
    return Agenda(
        forum, meeting_on, **found, progress_reports_due=progress, decisions_to_review=decisions
    )


def _requests_to_decide(meeting_on: date, cleared: bool) -> Select[Any]:
    board = support_request_board
    listed = sa.and_(board.c.state == sr.LISTED, board.c.listed_for <= meeting_on)
    assessed = sa.and_(board.c.state == sr.ASSESSED, board.c.significant_impact.is_(False))
    # A deferred request comes back to a meeting later than the one that deferred it.
    deferred = sa.and_(board.c.state == sr.DEFERRED, board.c.listed_for < meeting_on)
    return _board_items(
        board,
        cleared,
        kind=sr.SupportRequest.KIND,
        owner=board.c.requester,
        due_on=sa.case((board.c.state == sr.LISTED, board.c.listed_for)),
    ).where(board.c.received_on <= meeting_on, sa.or_(listed, assessed, deferred))


def _ratifications(meeting_on: date, cleared: bool) -> Select[Any]:
    board = support_request_board
    return _board_items(
        board,
        cleared,
        kind=sr.SupportRequest.KIND,
        owner=board.c.authorised_by,
        due_on=board.c.review_due,
    ).where(board.c.state == sr.AUTHORISED, board.c.authorised_on <= meeting_on)


def _taskings(state: str, meeting_on: date, cleared: bool) -> Select[Any]:
    board = tasking_board
    return _board_items(
        board,
        cleared,
        kind=tsk.Tasking.KIND,
        owner=board.c.lead_officer,
        due_on=board.c.review_due,
    ).where(board.c.state == state, board.c.received_on <= meeting_on)


def _referred_requests(meeting_on: date, cleared: bool) -> Select[Any]:
    board = support_request_board
    # A request the RTTCG deferred is referred to it again, so it stays on its agenda.
    waiting = (sr.REFERRED_TO_RTTCG, sr.DEFERRED_BY_RTTCG)
    return _board_items(
        board, cleared, kind=sr.SupportRequest.KIND, owner=board.c.requester, due_on=sa.null()
    ).where(board.c.state.in_(waiting), board.c.received_on <= meeting_on)


def _board_items(
    table: Table,
    cleared: bool,
    *,
    kind: str,
    owner: ColumnElement[Any],
    due_on: ColumnElement[Any],
) -> Select[Any]:
    """A board's current rows within clearance, in an agenda item's columns."""
    return sa.select(
        table.c.reference,
        sa.literal(kind, sa.Text).label("kind"),
        table.c.title,
        table.c.state,
        owner.label("owner"),
        table.c.marking,
        sa.type_coerce(due_on, sa.Date).label("due_on"),
    ).where(current_at(table, None), *within_clearance(table, cleared))


def _items(connection: Connection, query: Select[Any] | None) -> tuple[AgendaItem, ...]:
    """A section's items by due date (undated last), then reference number."""
    if query is None:
        return ()
    due_on = query.selected_columns.due_on
    reference = query.selected_columns.reference
    query = query.order_by(due_on.nulls_last(), *by_reference(reference))
    return tuple(AgendaItem(**row._mapping) for row in connection.execute(query))


PROGRESS_STATES = {
    tsk.Tasking.KIND: (tsk.ACCEPTED, tsk.IN_PROGRESS),
    sr.SupportRequest.KIND: (sr.MONITORED,),
    action.LearningAction.KIND: (action.OPEN, action.IN_PROGRESS),
}


def _reviews_due(
    connection: Connection, forum: str, meeting_on: date, sensitive_cleared: bool
) -> tuple[tuple[AgendaItem, ...], tuple[AgendaItem, ...]]:
    """The forum's progress reports and decision reviews due by the meeting, from the queue."""
    queue = open_reviews(sensitive_cleared)
    # An action names its overseeing board in free text: "rttcg" is the RTTCG too.
    query = (
        sa.select(queue.c.reference, queue.c.kind, queue.c.title, queue.c.state,
                  queue.c.owner, queue.c.marking, queue.c.due_on)
        .where(sa.func.lower(queue.c.forum) == forum.lower(), queue.c.due_on <= meeting_on)
        .order_by(queue.c.due_on, in_byte_order(queue.c.kind), *by_reference(queue.c.reference))
    )  # fmt: skip
    progress, decisions = [], []
    for row in connection.execute(query):
        item = AgendaItem(**row._mapping)
        if item.kind == dec.Decision.KIND:
            decisions.append(item)
        elif item.state in PROGRESS_STATES[item.kind]:
            progress.append(item)
    return tuple(progress), tuple(decisions)
