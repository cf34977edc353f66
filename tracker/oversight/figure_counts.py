"""The counts behind the governance figures, each one SQL aggregate over a board's current rows.

The same on SQLite and PostgreSQL; only the medians are taken in Python, over the day counts
the database returns, since SQLite has no median.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from statistics import median
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Connection, Table

from tracker.learning import action
from tracker.learning.log_tables import learning_actions
from tracker.support import lifecycle as sr
from tracker.support.board import support_request_board
from tracker.tasking.board import tasking_board
from tracker.views.versioned import current_at, within_clearance

UNDECIDED = "undecided"
REQUEST_OUTCOMES = (*sr.OUTCOMES, sr.RATIFIED, sr.NOT_RATIFIED, UNDECIDED)


@dataclass(frozen=True)
class MonthCount:
    """How many s.5 taskings were received in the month beginning ``month``."""

    month: date
    received: int


@dataclass(frozen=True)
class Count:
    """How many items have one value (an outcome, a channel)."""

    name: str
    count: int


@dataclass(frozen=True)
class ActionFigures:
    """Learning actions by where they stand; ``overdue`` are open ones past their due date."""

    open: int  # open or in progress
    overdue: int
    implemented: int
    validated: int
    not_adopted: int


def _current(table: Table, sensitive_cleared: bool) -> tuple[ColumnElement[bool], ...]:
    return (current_at(table, None), *within_clearance(table, sensitive_cleared))


def _received_in(table: Table, period: tuple[date, date]) -> ColumnElement[bool]:
    return sa.and_(table.c.received_on >= period[0], table.c.received_on < period[1])


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def taskings_by_month(
    connection: Connection, starts: list[date], sensitive_cleared: bool
) -> tuple[MonthCount, ...]:
    months = list(pairwise(starts))
    # One row, one column per month: the same query on both databases, no date functions.
    query = sa.select(*(_count(_received_in(tasking_board, month)) for month in months)).where(
        *_current(tasking_board, sensitive_cleared)
    )
    counts = connection.execute(query).one()
    return tuple(
        MonthCount(start, int(count)) for (start, _), count in zip(months, counts, strict=True)
    )


def requests_by(
    connection: Connection, column: str, period: tuple[date, date], sensitive_cleared: bool
) -> tuple[Count, ...]:
    board = support_request_board
    query = (
        sa.select(board.c[column], sa.func.count())
        .where(*_current(board, sensitive_cleared), _received_in(board, period))
        .group_by(board.c[column])
    )
    found = {value or UNDECIDED: int(count) for value, count in connection.execute(query)}
    names = REQUEST_OUTCOMES if column == "decision" else sr.CHANNELS
    return tuple(Count(name, found.get(name, 0)) for name in names)


def action_figures(connection: Connection, today: date, sensitive_cleared: bool) -> ActionFigures:
    actions = learning_actions
    still_to_do = actions.c.state.in_((action.OPEN, action.IN_PROGRESS))
    query = sa.select(
        _count(still_to_do),
        _count(sa.and_(still_to_do, actions.c.due_on < today)),
        _count(actions.c.state == action.IMPLEMENTED),
        _count(actions.c.state == action.VALIDATED),
        _count(actions.c.state == action.NOT_ADOPTED),
    ).where(*_current(actions, sensitive_cleared))
    return ActionFigures(*map(int, connection.execute(query).one()))


def median_days_to_decide(
    connection: Connection, board: Table, period: tuple[date, date], sensitive_cleared: bool
) -> float | None:
    query = sa.select(board.c.received_on, board.c.decided_on).where(
        *_current(board, sensitive_cleared),
        _received_in(board, period),
        board.c.decided_on.is_not(None),
    )
    days = [(decided - received).days for received, decided in connection.execute(query)]
    return float(median(days)) if days else None
