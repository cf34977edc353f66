"""What each section of a meeting's agenda lists: a board's current rows within clearance."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Select, Table

from tracker.support import lifecycle as sr
from tracker.support.board import support_request_board
from tracker.support.request import SupportRequest
from tracker.tasking import lifecycle as tsk
from tracker.tasking.board import tasking_board
from tracker.tasking.tasking import Tasking
from tracker.views.versioned import current_at, within_clearance


def forum_sections(forum: str, meeting_on: date, cleared: bool) -> dict[str, Select[Any] | None]:
    """Each section's query, by the agenda's name for it; None for other forums' sections."""
    weekly, rttcg = forum == sr.WEEKLY_MEETING, forum == sr.RTTCG
    return {
        "requests_to_decide": requests_to_decide(meeting_on, cleared) if weekly else None,
        "ratifications": ratifications(meeting_on, cleared) if weekly else None,
        "taskings_to_present": taskings(tsk.RECEIVED, meeting_on, cleared) if rttcg else None,
        "taskings_to_decide": taskings(tsk.PRESENTED, meeting_on, cleared) if rttcg else None,
        "referred_requests": referred_requests(meeting_on, cleared) if rttcg else None,
    }


def requests_to_decide(meeting_on: date, cleared: bool) -> Select[Any]:
    """Weekly: requests assessed (not of significant impact), listed or deferred."""
    board = support_request_board
    listed = sa.and_(board.c.state == sr.LISTED, board.c.listed_for <= meeting_on)
    assessed = sa.and_(board.c.state == sr.ASSESSED, board.c.significant_impact.is_(False))
    # A deferred request comes back to a meeting later than the one that deferred it.
    deferred = sa.and_(board.c.state == sr.DEFERRED, board.c.listed_for < meeting_on)
    return _board_items(
        board,
        cleared,
        kind=SupportRequest.KIND,
        owner=board.c.requester,
        due_on=sa.case((board.c.state == sr.LISTED, board.c.listed_for)),
    ).where(board.c.received_on <= meeting_on, sa.or_(listed, assessed, deferred))


def ratifications(meeting_on: date, cleared: bool) -> Select[Any]:
    """Weekly: emergency authorisations given by the meeting, to ratify."""
    board = support_request_board
    return _board_items(
        board,
        cleared,
        kind=SupportRequest.KIND,
        owner=board.c.authorised_by,
        due_on=board.c.review_due,
    ).where(board.c.state == sr.AUTHORISED, board.c.authorised_on <= meeting_on)


def taskings(state: str, meeting_on: date, cleared: bool) -> Select[Any]:
    """RTTCG: taskings in ``state`` received by the meeting."""
    board = tasking_board
    return _board_items(
        board,
        cleared,
        kind=Tasking.KIND,
        owner=board.c.lead_officer,
        due_on=board.c.review_due,
    ).where(board.c.state == state, board.c.received_on <= meeting_on)


def referred_requests(meeting_on: date, cleared: bool) -> Select[Any]:
    """RTTCG: significant-impact requests referred to it, or deferred by it."""
    board = support_request_board
    # A request the RTTCG deferred is referred to it again, so it stays on its agenda.
    waiting = (sr.REFERRED_TO_RTTCG, sr.DEFERRED_BY_RTTCG)
    return _board_items(
        board, cleared, kind=SupportRequest.KIND, owner=board.c.requester, due_on=sa.null()
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
