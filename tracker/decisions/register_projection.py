"""Keeps the decision register: what each decision event changes in its row.

A supersession changes two rows: the new decision's names what it ``supersedes``, and the
old decision's row is closed and reopened with ``superseded_by``. The table and its queries
are in ``register``.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection

from events import decision as decision_events
from events.common import ItemAmended, ReviewRecorded
from tracker.decisions.lifecycle import (
    CONCLUDED,
    DECIDED,
    RESCINDED,
    SUPERSEDED,
    UNDER_REVIEW,
    VARIED,
)
from tracker.decisions.register import decision_register
from tracker.forums.catalogue import forum_rank
from tracker.views.projector import Projection
from tracker.views.versioned import change_row, open_row

REGISTER_FIELDS = ("meeting", "decision_maker", "action_chosen", "marking")  # amendable, shown
NEW_STATE = {
    decision_events.DecisionPutUnderReview: UNDER_REVIEW,
    decision_events.DecisionConfirmed: DECIDED,
    decision_events.DecisionVaried: VARIED,
    decision_events.DecisionRescinded: RESCINDED,
    decision_events.DecisionConcluded: CONCLUDED,
}


class DecisionRegisterProjection(Projection):
    """Keeps ``decision_register`` equal to what the decision events say."""

    name = "decision_register"
    tables = (decision_register,)

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds change nothing here."""

    @apply.register
    def _(
        self, event: decision_events.DecisionRecorded, connection: Connection, position: int
    ) -> None:
        open_row(
            connection,
            decision_register,
            event,
            position,
            forum=event.forum,
            forum_rank=forum_rank(event.forum),
            sequence_number=event.sequence_number,
            meeting=event.meeting,
            decided_at=event.decided_at,
            recorded_at=event.timestamp,
            decision_maker=event.decision_maker,
            recorder=event.actor,
            subject_reference=event.subject_reference,
            outcome=event.outcome,
            conditions=event.conditions,
            action_chosen=event.action_chosen,
            review_on=event.review_on,
            next_review=event.review_on,
            retrospective=event.retrospective,
            retrospective_reason=event.retrospective_reason,
            state=DECIDED,
            supersedes=event.supersedes,
            superseded_by="",
            amended=False,
        )

    @apply.register(decision_events.DecisionPutUnderReview)
    @apply.register(decision_events.DecisionConfirmed)
    @apply.register(decision_events.DecisionVaried)
    @apply.register(decision_events.DecisionRescinded)
    @apply.register(decision_events.DecisionConcluded)
    def _(self, event: Any, connection: Connection, position: int) -> None:
        self._change(connection, event, position, lambda _: {"state": NEW_STATE[type(event)]})

    @apply.register
    def _(
        self, event: decision_events.DecisionSuperseded, connection: Connection, position: int
    ) -> None:
        def superseded(_: Any) -> dict[str, Any]:
            return {"state": SUPERSEDED, "superseded_by": event.by}

        self._change(connection, event, position, superseded)

    @apply.register
    def _(self, event: ItemAmended, connection: Connection, position: int) -> None:
        def amended(_: Any) -> dict[str, Any]:
            shown = {event.field: event.new_value} if event.field in REGISTER_FIELDS else {}
            return shown | {"amended": True}

        self._change(connection, event, position, amended)

    @apply.register
    def _(self, event: ReviewRecorded, connection: Connection, position: int) -> None:
        self._change(connection, event, position, lambda _: {"next_review": event.next_review})

    def _change(self, connection: Connection, event: Any, position: int, changes: Any) -> None:
        change_row(connection, decision_register, event, position, changes)
