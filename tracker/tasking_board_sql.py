"""The tasking board: every NCA tasking with its state, as it stands now or stood at any moment.

Each change closes the tasking's current row (``valid_to``) and opens a new one
(``valid_from``), both as log positions; "as at" a moment is then a query for the rows
whose period covers the last position recorded by that moment, not a replay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
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
from tracker.projector_sql import Projection
from tracker.tasking import (
    ACCEPTED,
    COMPLETED,
    DECLINED,
    IN_PROGRESS,
    PRESENTED,
    RECEIVED,
    REFERRED_BACK,
    REPORTED_BACK,
)
from tracker.versioned_sql import (
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
)
BOARD_FIELDS = ("title", "threat_area", "lead_officer", "marking")  # amendable and shown
NEW_STATE = {
    TaskingPresented: PRESENTED,
    TaskingAccepted: ACCEPTED,
    TaskingDeclined: DECLINED,
    TaskingReferredBack: REFERRED_BACK,
    TaskingProgressReported: IN_PROGRESS,
    TaskingCompleted: COMPLETED,
    TaskingReportedBack: REPORTED_BACK,
}
SORTABLE = ("reference", "state", "received_on", "next_review", "lead_officer", "threat_area")


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
        self._change(connection, event, position, lambda _: {"state": NEW_STATE[type(event)]})

    @apply.register
    def _(self, event: ItemAmended, connection: Connection, position: int) -> None:
        def amended(_: Any) -> dict[str, Any]:
            shown = {event.field: event.new_value} if event.field in BOARD_FIELDS else {}
            return shown | {"amended": True}

        self._change(connection, event, position, amended)

    @apply.register
    def _(self, event: ReviewRecorded, connection: Connection, position: int) -> None:
        self._change(connection, event, position, lambda _: {"next_review": event.next_review})

    def _change(self, connection: Connection, event: Any, position: int, changes: Any) -> None:
        change_row(connection, tasking_board, event, position, changes)


def tasking_board_rows(
    engine: Engine,
    *,
    sensitive_cleared: bool,
    as_at_position: int | None = None,
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
    query = query.order_by(tasking_board.c[sort], tasking_board.c.reference)
    query = query.limit(per_page).offset((max(page, 1) - 1) * per_page)
    with engine.connect() as connection:
        return [_details(row) for row in connection.execute(query)]


def _details(row: Any) -> TaskingDetails:
    values = row_values(row)
    values["requirements"] = json.loads(values["requirements"])
    return TaskingDetails(**values)
