"""How late an open item is: overdue, due today, due soon or upcoming, and how far escalated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement

from tracker.reminders.kinds import DUE, DUE_SOON, OVERDUE

UPCOMING = "upcoming"  # due later than "due soon": on the queue, but nobody is chased yet
STATUSES = (OVERDUE, DUE, DUE_SOON, UPCOMING)


@dataclass(frozen=True)
class ReviewThresholds:
    """How near a date counts as "due soon", and how late an item goes to its board or chair."""

    due_soon_days: int = 7
    escalate_after_days: int = 28  # about one RTTCG cycle overdue

    def __post_init__(self) -> None:
        if self.due_soon_days < 0 or self.escalate_after_days < 0:
            raise ValueError("thresholds are numbers of days, zero or more")


DEFAULT_THRESHOLDS = ReviewThresholds()


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
