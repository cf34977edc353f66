"""What each debrief and learning event changes in a row of the learning log.

Mirrors ``Debrief.apply``, ``LearningPoint.apply`` and ``LearningAction.apply``: a map from
the event's class to the columns it changes, given the event and the item's current row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events import debrief, learning
from events.common import ItemAmended, ReviewRecorded
from tracker.learning import action, debrief_lifecycle, point

# Fields an amendment may change that the log shows; others only mark the item amended.
SHOWN_WHEN_AMENDED = (
    "title", "text", "theme", "description", "overseeing_board", "marking", "kind", "level",
    "lead", "facilitator",
)  # fmt: skip

Changes = Callable[[Any, Any], dict[str, Any]]  # (event, current row) -> changed columns
DEBRIEF_CHANGES: dict[type, Changes] = {
    debrief.DebriefScheduled: lambda e, _: {
        "state": debrief_lifecycle.SCHEDULED, "scheduled_on": e.scheduled_on
    },
    debrief.DebriefPostponed: lambda e, _: {
        "state": debrief_lifecycle.POSTPONED, "postponed_reason": e.reason
    },
    debrief.DebriefRescheduled: lambda e, _: {
        "state": debrief_lifecycle.SCHEDULED, "scheduled_on": e.scheduled_on
    },
    debrief.DebriefHeld: lambda e, _: {"state": debrief_lifecycle.HELD, "held_on": e.held_on},
    debrief.DebriefReported: lambda _, __: {"state": debrief_lifecycle.REPORTED},
}  # fmt: skip
POINT_CHANGES: dict[type, Changes] = {
    learning.ActionRaised: lambda _, r: {
        "state": point.BEING_ACTIONED, "actions_count": r.actions_count + 1
    },
    learning.ActionSettled: lambda e, r: {
        "validated_count": r.validated_count + (e.how == point.VALIDATED)
    },
    learning.LessonLearned: lambda _, __: {"state": point.LEARNED},
    learning.LearningPointReopened: lambda _, __: {"state": point.NOT_LEARNED},
}  # fmt: skip
ACTION_CHANGES: dict[type, Changes] = {
    learning.LearningActionProgressNoted: lambda _, __: {"state": action.IN_PROGRESS},
    learning.LearningActionImplemented: lambda e, _: {
        "state": action.IMPLEMENTED, "evidence": e.evidence
    },
    learning.LearningActionValidated: lambda e, _: {
        "state": action.VALIDATED, "validated_by": e.validated_by
    },
    learning.LearningActionNotAdopted: lambda e, _: {
        "state": action.NOT_ADOPTED, "rationale": e.rationale
    },
    learning.LearningActionDueDateExtended: lambda e, r: {
        "due_on": e.new_due_on, "extensions": r.extensions + 1,
        "last_extension_approver": e.approver,
    },
    learning.LearningActionReassigned: lambda e, _: {"owner": e.new_owner},
}  # fmt: skip


def _amended(event: ItemAmended, row: Any) -> dict[str, Any]:
    shown = event.field in SHOWN_WHEN_AMENDED and event.field in row._mapping
    return ({event.field: event.new_value} if shown else {}) | {"amended": True}


def _reviewed(event: ReviewRecorded, row: Any) -> dict[str, Any]:
    # A debrief's review is not shown here; its row only takes the new version.
    return {"next_review": event.next_review} if "next_review" in row._mapping else {}


ANY_ITEM_CHANGES: dict[type, Changes] = {ItemAmended: _amended, ReviewRecorded: _reviewed}
