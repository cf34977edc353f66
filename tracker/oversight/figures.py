"""Governance figures: what the governance groups count, over a period, within clearance.

Taskings and support requests are counted by the day they were received, over the last
``months`` calendar months (the current one included); learning actions as they stand
today (``tracker.oversight.figure_counts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from tracker.oversight.figure_counts import (
    ActionFigures,
    Count,
    MonthCount,
    action_figures,
    median_days_to_decide,
    requests_by,
    taskings_by_month,
)
from tracker.support.board import support_request_board
from tracker.tasking.board import tasking_board


@dataclass(frozen=True)
class GovernanceFigures:
    """The figures for the period from ``since`` to ``today``.

    Requests count by their latest outcome ("undecided" until there is one; a deferral is
    an outcome until the request is decided). The medians are days from receipt to the
    day the decision was recorded, None when nothing received in the period is decided.
    """

    since: date
    today: date
    taskings_by_month: tuple[MonthCount, ...]
    taskings_received: int
    requests_by_outcome: tuple[Count, ...]
    requests_by_channel: tuple[Count, ...]
    actions: ActionFigures
    median_days_to_decide_requests: float | None
    median_days_to_decide_taskings: float | None  # accepted, declined or referred back


def governance_figures(
    engine: Engine, *, sensitive_cleared: bool, today: date, months: int = 12
) -> GovernanceFigures:
    """The figures for the last ``months`` months, without items above the reader's clearance."""
    if months < 1:
        raise ValueError("count over one month or more")
    starts = month_starts(today, months)
    with engine.connect() as connection:
        by_month = taskings_by_month(connection, starts, sensitive_cleared)
        period = (starts[0], starts[-1])
        return GovernanceFigures(
            since=starts[0],
            today=today,
            taskings_by_month=by_month,
            taskings_received=sum(month.received for month in by_month),
            requests_by_outcome=requests_by(connection, "decision", period, sensitive_cleared),
            requests_by_channel=requests_by(connection, "channel", period, sensitive_cleared),
            actions=action_figures(connection, today, sensitive_cleared),
            median_days_to_decide_requests=median_days_to_decide(
                connection, support_request_board, period, sensitive_cleared
            ),
            median_days_to_decide_taskings=median_days_to_decide(
                connection, tasking_board, period, sensitive_cleared
            ),
        )


def month_starts(today: date, months: int) -> list[date]:
    """The first days of the last ``months`` months, and of the month after today's."""
    this_month = today.year * 12 + today.month - 1
    counted = range(this_month - months + 1, this_month + 2)
    return [date(index // 12, index % 12 + 1, 1) for index in counted]
