"""Counts of what is due, per owner ("my reviews") or per forum (the chairs')."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Engine, Select

from tracker.oversight.lateness import (
    DEFAULT_THRESHOLDS,
    ReviewThresholds,
    escalation_of,
    status_of,
)
from tracker.oversight.open_reviews import open_reviews
from tracker.reminders.kinds import DUE, DUE_SOON, OVERDUE


@dataclass(frozen=True)
class ReviewCounts:
    """One owner's or forum's items due soon, due today, overdue (escalated ones included)."""

    name: str
    due_soon: int
    due: int
    overdue: int
    escalated: int


def review_summary(
    engine: Engine,
    *,
    sensitive_cleared: bool,
    today: date,
    by: str = "owner",
    thresholds: ReviewThresholds = DEFAULT_THRESHOLDS,
) -> list[ReviewCounts]:
    """Per owner ("my reviews") or per forum (the chairs'): counts of what is due, by name.

    Only owners or forums with something due soon, due or overdue are listed.
    """
    if by not in ("owner", "forum"):
        raise ValueError("summarise by owner or by forum")
    query = _counts_by(by, sensitive_cleared, today, thresholds)
    with engine.connect() as connection:
        return [ReviewCounts(row[0], *map(int, row[1:])) for row in connection.execute(query)]


def _counts_by(
    by: str, sensitive_cleared: bool, today: date, thresholds: ReviewThresholds
) -> Select[Any]:
    """A row per owner or forum with something due by "due soon": its counts by lateness."""
    queue = open_reviews(sensitive_cleared)
    name = queue.c[by]
    status_ = status_of(queue.c.due_on, today, thresholds)
    escalation = escalation_of(queue.c.due_on, today, thresholds)
    soon = today + timedelta(days=thresholds.due_soon_days)
    return (
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


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return sa.func.sum(sa.case((condition, 1), else_=0))
