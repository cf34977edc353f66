"""Keeps the tasking board: what each tasking event changes in its row.

What each event changes mirrors ``Tasking.apply``; the table and its queries are in
``board``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection

from events import tasking as tasking_events
from events.common import ItemAmended, ReviewRecorded
from tracker.kernel.clock import london_day
from tracker.tasking.board import tasking_board
from tracker.tasking.lifecycle import (
    ACCEPTED,
    COMPLETED,
    DECLINED,
    IN_PROGRESS,
    PRESENTED,
    RECEIVED,
    REFERRED_BACK,
    REPORTED_BACK,
)
from tracker.tasking.requirements import (
    ForceRequirements,
    as_stored,
    from_stored,
    placed,
    standing,
)
from tracker.views.projector import Projection
from tracker.views.versioned import change_row, open_row

BOARD_FIELDS = ("title", "threat_area", "lead_officer", "marking")  # amendable and shown
# The RTTCG meets monthly; a tasking goes back to it every cycle until it is completed.
RTTCG_CYCLE = timedelta(days=28)


def recorded_on(event: Any) -> date:
    """The day in the region the event was recorded."""
    return london_day(event.timestamp)


FINISHED = {"review_due": None}
Changes = Callable[[Any], dict[str, Any]]
STEP_CHANGES: dict[type, Changes] = {
    tasking_events.TaskingPresented: lambda e: {
        "state": PRESENTED, "review_due": e.meeting_on + RTTCG_CYCLE
    },
    # Decided on the day of the RTTCG's decision (for old events, the day it was recorded).
    tasking_events.TaskingAccepted: lambda e: {"state": ACCEPTED, "decided_on": e.decided_on},
    tasking_events.TaskingDeclined: lambda e: {
        "state": DECLINED, "decided_on": e.decided_on
    } | FINISHED,
    tasking_events.TaskingReferredBack: lambda e: {
        "state": REFERRED_BACK, "decided_on": recorded_on(e)
    } | FINISHED,
    tasking_events.TaskingProgressReported: lambda e: {
        "state": IN_PROGRESS, "review_due": e.reported_on + RTTCG_CYCLE
    },
    tasking_events.TaskingCompleted: lambda _: {"state": COMPLETED} | FINISHED,
    tasking_events.TaskingReportedBack: lambda _: {"state": REPORTED_BACK} | FINISHED,
}  # fmt: skip


def _requirements_changed(
    force: str, change: Callable[[dict[str, ForceRequirements]], ForceRequirements]
) -> Changes:
    """The row's requirements with ``force``'s changed, and the standing they give."""

    def changed(row: Any) -> dict[str, Any]:
        forces = from_stored(json.loads(row.requirements))
        forces[force] = change(forces)
        stored = json.dumps(as_stored(forces), sort_keys=True)
        return {"requirements": stored, "standing": standing(forces)}

    return changed


class TaskingBoardProjection(Projection):
    """Keeps ``tasking_board`` equal to what the tasking events say."""

    name = "tasking_board"
    tables = (tasking_board,)
    # 2: each force's requirements have an owner and progress, and the row says its standing
    version = 2

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds change nothing here."""

    @apply.register
    def _(
        self, event: tasking_events.TaskingReceived, connection: Connection, position: int
    ) -> None:
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
            standing="",
            review_due=event.received_on + RTTCG_CYCLE,
            decided_on=None,
            amended=False,
        )

    @apply.register
    def _(
        self, event: tasking_events.TaskingRequirementsPlaced, connection: Connection, position: int
    ) -> None:
        def placed_now(forces: dict[str, ForceRequirements]) -> ForceRequirements:
            return placed(forces.get(event.force), event.force, event.owner, event.requirements)

        self._change(connection, event, position, _requirements_changed(event.force, placed_now))

    @apply.register
    def _(
        self,
        event: tasking_events.TaskingRequirementProgressed,
        connection: Connection,
        position: int,
    ) -> None:
        def progressed(forces: dict[str, ForceRequirements]) -> ForceRequirements:
            return forces[event.force].progressed(event)

        self._change(connection, event, position, _requirements_changed(event.force, progressed))

    @apply.register(tasking_events.TaskingPresented)
    @apply.register(tasking_events.TaskingAccepted)
    @apply.register(tasking_events.TaskingDeclined)
    @apply.register(tasking_events.TaskingReferredBack)
    @apply.register(tasking_events.TaskingProgressReported)
    @apply.register(tasking_events.TaskingCompleted)
    @apply.register(tasking_events.TaskingReportedBack)
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
