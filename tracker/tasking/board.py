"""The tasking board: every NCA tasking with its state, as it stands now or stood at any moment.

Each change closes the tasking's current row (``valid_to``) and opens a new one
(``valid_from``), both as log positions; "as at" a moment is then a query for the rows
whose period covers the last position recorded by that moment, not a replay.

Besides what the aggregate holds, each row keeps when the tasking is next due before the
RTTCG (``review_due``: a cycle after its receipt, presentation or latest progress report, or
the date a review set) and the day it was accepted, declined or referred back
(``decided_on``), for the review queue and the governance figures.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Engine,
    String,
    Text,
    select,
)

from events.common import ItemAmended, ReviewRecorded
from events.tasking import (
    TaskingAccepted,
    TaskingCompleted,
    TaskingDeclined,
    TaskingPresented,
    TaskingProgressReported,
    TaskingReceived,
    TaskingReferredBack,
    TaskingReportedBack,
    TaskingRequirementsPlaced,
)
from tracker.kernel.clock import london_day
from tracker.tasking.tasking import (
    ACCEPTED,
    COMPLETED,
    DECLINED,
    IN_PROGRESS,
    PRESENTED,
    RECEIVED,
    REFERRED_BACK,
    REPORTED_BACK,
)
from tracker.views.paging import board_order, page_of
from tracker.views.projector import Projection
from tracker.views.versioned import (
    change_row,
    current_at,
    open_row,
    row_values,
    versioned_table,
    within_clearance,
)

tasking_board = versioned_table(
    "tasking_board",
    Column("state", String(40), nullable=False),
    Column("basis", String(40), nullable=False),
    Column("title", Text, nullable=False),
    Column("threat_area", Text, nullable=False),
    Column("lead_officer", Text, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("next_review", Date, nullable=True),
    Column("requirements", Text, nullable=False),
    Column("review_due", Date, nullable=True),  # NULL once the tasking is finished with
    Column("decided_on", Date, nullable=True),  # NULL until accepted, declined or referred back
)
BOARD_FIELDS = ("title", "threat_area", "lead_officer", "marking")  # amendable and shown
# The RTTCG meets monthly; a tasking goes back to it every cycle until it is completed.
RTTCG_CYCLE = timedelta(days=28)


def recorded_on(event: Any) -> date:
    """The day in the region the event was recorded."""
    return london_day(event.timestamp)


FINISHED = {"review_due": None}
Changes = Callable[[Any], dict[str, Any]]
STEP_CHANGES: dict[type, Changes] = {
    TaskingPresented: lambda e: {"state": PRESENTED, "review_due": e.meeting_on + RTTCG_CYCLE},
    TaskingAccepted: lambda e: {"state": ACCEPTED, "decided_on": recorded_on(e)},
    TaskingDeclined: lambda e: {"state": DECLINED, "decided_on": recorded_on(e)} | FINISHED,
    TaskingReferredBack: lambda e: {"state": REFERRED_BACK, "decided_on": recorded_on(e)}
    | FINISHED,
    TaskingProgressReported: lambda e: {
        "state": IN_PROGRESS, "review_due": e.reported_on + RTTCG_CYCLE
    },
    TaskingCompleted: lambda _: {"state": COMPLETED} | FINISHED,
    TaskingReportedBack: lambda _: {"state": REPORTED_BACK} | FINISHED,
}  # fmt: skip
SORTABLE = (
    "reference", "state", "received_on", "next_review", "lead_officer", "threat_area", "review_due",
)  # fmt: skip


@dataclass(frozen=True)
class TaskingDetails:
    """One line of the tasking board."""

    reference: str
    version: int
    marking: str
    state: str
    basis: str
    title: str
    threat_area: str
    lead_officer: str
    received_on: date
    next_review: date | None
    requirements: dict[str, list[str]]
    review_due: date | None
    decided_on: date | None
    amended: bool


class TaskingBoardProjection(Projection):
    """Keeps ``tasking_board`` equal to what the tasking events say."""

    name = "tasking_board"
    tables = (tasking_board,)

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds change nothing here."""

    @apply.register
    def _(self, event: TaskingReceived, connection: Connection, position: int) -> None:
        open_row(
            connection,
            tasking_board,
            event,
            position,
            state=RECEIVED,
            basis=event.basis,
            title=event.title,
            threat_area=event.threat_area,
            lead_officer=event.lead_officer,
            received_on=event.received_on,
            next_review=None,
            requirements="{}",
            review_due=event.received_on + RTTCG_CYCLE,
            decided_on=None,
            amended=False,
        )

    @apply.register
    def _(self, event: TaskingRequirementsPlaced, connection: Connection, position: int) -> None:
        def placed(row: Any) -> dict[str, Any]:
            requirements = json.loads(row.requirements) | {event.force: list(event.requirements)}
            return {"requirements": json.dumps(requirements, sort_keys=True)}

        self._change(connection, event, position, placed)

    @apply.register(TaskingPresented)
    @apply.register(TaskingAccepted)
    @apply.register(TaskingDeclined)
    @apply.register(TaskingReferredBack)
    @apply.register(TaskingProgressReported)
    @apply.register(TaskingCompleted)
    @apply.register(TaskingReportedBack)
    def _(self, event: Any, connection: Connection, position: int) -> None:
        self._change(connection, event, position, lambda _: STEP_CHANGES[type(event)](event))

    @apply.register
    def _(self, event: ItemAmended, connection: Connection, position: int) -> None:
        def amended(_: Any) -> dict[str, Any]:
            shown = {event.field: event.new_value} if event.field in BOARD_FIELDS else {}
            return shown | {"amended": True}

        self._change(connection, event, position, amended)

    @apply.register
    def _(self, event: ReviewRecorded, connection: Connection, position: int) -> None:
        def reviewed(row: Any) -> dict[str, Any]:
            # A completed tasking may still be reviewed, but it is no longer due anywhere.
            due = event.next_review or recorded_on(event) + RTTCG_CYCLE
            still_due = row.review_due is not None
            return {"next_review": event.next_review, "review_due": due if still_due else None}

        self._change(connection, event, position, reviewed)

    def _change(self, connection: Connection, event: Any, position: int, changes: Any) -> None:
        change_row(connection, tasking_board, event, position, changes)


def tasking_board_rows(
    engine: Engine,
    *,
    sensitive_cleared: bool,
    as_at_position: int | None = None,
    state: str | None = None,
    sort: str = "reference",
    page: int = 1,
    per_page: int = 50,
) -> list[TaskingDetails]:
    """The board, now or as at a log position, without items above the reader's clearance."""
    if sort not in SORTABLE:
        raise ValueError(f"sort by one of {', '.join(SORTABLE)}")
    query = select(tasking_board).where(
        current_at(tasking_board, as_at_position),
        *within_clearance(tasking_board, sensitive_cleared),
    )
    if state is not None:
        query = query.where(tasking_board.c.state == state)
    query = page_of(query.order_by(*board_order(tasking_board, sort)), page, per_page)
    with engine.connect() as connection:
        return [_details(row) for row in connection.execute(query)]


def _details(row: Any) -> TaskingDetails:
    values = row_values(row)
    values["requirements"] = json.loads(values["requirements"])
    return TaskingDetails(**values)
