"""The learning log's projection: debriefs' learning points with their actions, as events say.

Each change closes the item's current row and opens the next (see ``log_tables``); what
each event changes is in ``log_changes``, and the queries reading the log in ``log_queries``.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection, Table

from events import learning as learning_events
from events.common import ItemAmended, ReviewRecorded
from events.debrief import DebriefOpened
from tracker.learning import action, point
from tracker.learning.log_changes import ACTION_CHANGES, ANY_ITEM_CHANGES, POINT_CHANGES, Changes
from tracker.learning.log_tables import learning_actions, learning_debriefs, learning_points
from tracker.views.projector import Projection
from tracker.views.versioned import change_row, open_row


class LearningLogProjection(Projection):
    """Keeps the learning log's tables equal to what the debrief and learning events say."""

    name = "learning_log"
    tables = (learning_debriefs, learning_points, learning_actions)

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds change nothing here."""

    @apply.register
    def _(self, event: DebriefOpened, connection: Connection, position: int) -> None:
        open_row(connection, learning_debriefs, event, position, title=event.title)

    @apply.register
    def _(
        self, event: learning_events.LearningPointIdentified, connection: Connection, position: int
    ) -> None:
        open_row(
            connection, learning_points, event, position, state=point.IDENTIFIED,
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


def _change(
    connection: Connection, table: Table, event: Any, position: int, changes: Changes
) -> bool:
    """Closes the item's current row and opens the next with ``changes``; False if not held."""
    return change_row(connection, table, event, position, lambda row: changes(event, row))
