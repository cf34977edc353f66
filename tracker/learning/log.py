"""The learning log's projection: debriefs' learning points with their actions, as events say.

Each change closes the item's current row and opens the next (see ``log_tables``); what
each event changes is in ``log_changes``, and the queries reading the log in ``log_queries``.
"""

from __future__ import annotations

from datetime import date
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, Table

from events import debrief as debrief_events
from events import learning as learning_events
from events.common import ItemAmended, ReviewRecorded
from tracker.learning import action, debrief_lifecycle, point
from tracker.learning.log_changes import (
    ACTION_CHANGES,
    ANY_ITEM_CHANGES,
    DEBRIEF_CHANGES,
    POINT_CHANGES,
    Changes,
)
from tracker.learning.log_tables import learning_actions, learning_debriefs, learning_points
from tracker.views.projector import Projection
from tracker.views.versioned import change_row, open_row


class LearningLogProjection(Projection):
    """Keeps the learning log's tables equal to what the debrief and learning events say."""

    name = "learning_log"
    tables = (learning_debriefs, learning_points, learning_actions)
    version = 2  # debriefs' lifecycles, levels and facilitators; points' nature

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds change nothing here."""

    @apply.register
    def _(
        self, event: debrief_events.DebriefCommissioned, connection: Connection, position: int
    ) -> None:
        _open_debrief(connection, event, position, debrief_lifecycle.COMMISSIONED, held_on=None)

    @apply.register
    def _(self, event: debrief_events.DebriefOpened, connection: Connection, position: int) -> None:
        _open_debrief(connection, event, position, debrief_lifecycle.HELD, held_on=event.held_on)

    @apply.register(debrief_events.DebriefScheduled)
    @apply.register(debrief_events.DebriefPostponed)
    @apply.register(debrief_events.DebriefRescheduled)
    @apply.register(debrief_events.DebriefHeld)
    @apply.register(debrief_events.DebriefReported)
    def _(self, event: Any, connection: Connection, position: int) -> None:
        _change(connection, learning_debriefs, event, position, DEBRIEF_CHANGES[type(event)])

    @apply.register
    def _(
        self, event: learning_events.LearningPointIdentified, connection: Connection, position: int
    ) -> None:
        notable = event.nature == point.NOTABLE_PRACTICE
        open_row(
            connection, learning_points, event, position,
            state=point.NOTABLE_PRACTICE if notable else point.IDENTIFIED, nature=event.nature,
            text=event.text, theme=event.theme, debrief=event.debrief,
            observation=event.observation, actions_count=0, validated_count=0, next_review=None,
        )  # fmt: skip

    @apply.register
    def _(
        self, event: learning_events.LearningActionRaised, connection: Connection, position: int
    ) -> None:
        open_row(
            connection, learning_actions, event, position, learning_point=event.learning_point,
            state=action.OPEN, description=event.description, owner=event.owner,
            due_on=event.due_on, overseeing_board=event.overseeing_board, extensions=0,
            last_extension_approver="", evidence="", validated_by="", rationale="",
            next_review=None,
        )  # fmt: skip

    @apply.register(learning_events.ActionRaised)
    @apply.register(learning_events.ActionSettled)
    @apply.register(learning_events.LessonLearned)
    @apply.register(learning_events.LearningPointReopened)
    def _(self, event: Any, connection: Connection, position: int) -> None:
        _change(connection, learning_points, event, position, POINT_CHANGES[type(event)])

    @apply.register(learning_events.LearningActionProgressNoted)
    @apply.register(learning_events.LearningActionImplemented)
    @apply.register(learning_events.LearningActionValidated)
    @apply.register(learning_events.LearningActionNotAdopted)
    @apply.register(learning_events.LearningActionDueDateExtended)
    @apply.register(learning_events.LearningActionReassigned)
    def _(self, event: Any, connection: Connection, position: int) -> None:
        _change(connection, learning_actions, event, position, ACTION_CHANGES[type(event)])

    @apply.register(ItemAmended)
    @apply.register(ReviewRecorded)
    def _(self, event: Any, connection: Connection, position: int) -> None:
        for table in self.tables:  # ids come from references: an item is in one table at most
            if _change(connection, table, event, position, ANY_ITEM_CHANGES[type(event)]):
                return


def _open_debrief(
    connection: Connection, event: Any, position: int, state: str, held_on: date | None
) -> None:
    open_row(
        connection, learning_debriefs, event, position, title=event.title, state=state,
        kind=event.kind, level=event.level, lead=event.lead, facilitator=event.facilitator,
        scheduled_on=None, held_on=held_on, postponed_reason="",
    )  # fmt: skip


def _change(
    connection: Connection, table: Table, event: Any, position: int, changes: Changes
) -> bool:
    """Closes the item's current row and opens the next with ``changes``; False if not held."""
    return change_row(connection, table, event, position, lambda row: changes(event, row))
