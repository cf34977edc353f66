"""The learning log: debriefs' learning points with their actions, now or as at any moment.

Versioned like the tasking board: each change closes the item's current row (``valid_to``)
and opens the next (``valid_from``), both as log positions, so "as at" a moment is a query,
not a replay. Debriefs keep a small versioned table of their own, so a point shows its
debrief's title as amended at the moment asked about. What each event changes mirrors
``LearningPoint.apply`` and ``LearningAction.apply``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import singledispatchmethod
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Column, Connection, Engine, Table

from events.common import ItemAmended, ReviewRecorded
from events.debrief import DebriefOpened
from events.learning import (
    ActionRaised,
    ActionSettled,
    LearningActionDueDateExtended,
    LearningActionImplemented,
    LearningActionNotAdopted,
    LearningActionProgressNoted,
    LearningActionRaised,
    LearningActionReassigned,
    LearningActionValidated,
    LearningPointIdentified,
    LearningPointReopened,
    LessonLearned,
)
from tracker.learning import action, point
from tracker.views.paging import by_reference, page_of
from tracker.views.projector import Projection
from tracker.views.versioned import (
    change_row,
    current_at,
    open_row,
    row_values,
    shown_link,
    versioned_table,
    withheld,
    within_clearance,
)

learning_debriefs = versioned_table("learning_debriefs", Column("title", sa.Text, nullable=False))
learning_points = versioned_table(
    "learning_points",
    Column("state", sa.String(40), nullable=False),
    Column("text", sa.Text, nullable=False),
    Column("theme", sa.String(40), nullable=False),
    Column("debrief", sa.String(40), nullable=False, index=True),
    Column("observation", sa.Integer, nullable=False),
    Column("actions_count", sa.Integer, nullable=False),
    Column("validated_count", sa.Integer, nullable=False),
    Column("next_review", sa.Date, nullable=True),
)
learning_actions = versioned_table(
    "learning_actions",
    Column("learning_point", sa.String(40), nullable=False, index=True),
    Column("state", sa.String(40), nullable=False),
    Column("description", sa.Text, nullable=False),
    Column("owner", sa.Text, nullable=False),
    Column("due_on", sa.Date, nullable=False),
    Column("overseeing_board", sa.Text, nullable=False),
    Column("extensions", sa.Integer, nullable=False),
    Column("last_extension_approver", sa.Text, nullable=False),
    Column("evidence", sa.Text, nullable=False),
    Column("validated_by", sa.Text, nullable=False),
    Column("rationale", sa.Text, nullable=False),
    Column("next_review", sa.Date, nullable=True),
)
# Fields an amendment may change that the log shows; others only mark the item amended.
SHOWN_WHEN_AMENDED = ("title", "text", "theme", "description", "overseeing_board", "marking")
STILL_TO_DO = (action.OPEN, action.IN_PROGRESS)

Changes = Callable[[Any, Any], dict[str, Any]]  # (event, current row) -> changed columns
POINT_CHANGES: dict[type, Changes] = {
    ActionRaised: lambda _, r: {
        "state": point.BEING_ACTIONED, "actions_count": r.actions_count + 1
    },
    ActionSettled: lambda e, r: {
        "validated_count": r.validated_count + (e.how == point.VALIDATED)
    },
    LessonLearned: lambda _, __: {"state": point.LEARNED},
    LearningPointReopened: lambda _, __: {"state": point.NOT_LEARNED},
}  # fmt: skip
ACTION_CHANGES: dict[type, Changes] = {
    LearningActionProgressNoted: lambda _, __: {"state": action.IN_PROGRESS},
    LearningActionImplemented: lambda e, _: {"state": action.IMPLEMENTED, "evidence": e.evidence},
    LearningActionValidated: lambda e, _: {
        "state": action.VALIDATED, "validated_by": e.validated_by
    },
    LearningActionNotAdopted: lambda e, _: {"state": action.NOT_ADOPTED, "rationale": e.rationale},
    LearningActionDueDateExtended: lambda e, r: {
        "due_on": e.new_due_on, "extensions": r.extensions + 1,
        "last_extension_approver": e.approver,
    },
    LearningActionReassigned: lambda e, _: {"owner": e.new_owner},
}  # fmt: skip


def _amended(event: ItemAmended, row: Any) -> dict[str, Any]:
    shown = event.field in SHOWN_WHEN_AMENDED and event.field in row._mapping
    return ({event.field: event.new_value} if shown else {}) | {"amended": True}


def _reviewed(event: ReviewRecorded, row: Any) -> dict[str, Any]:
    # A debrief's review is not shown here; its row only takes the new version.
    return {"next_review": event.next_review} if "next_review" in row._mapping else {}


ANY_ITEM_CHANGES: dict[type, Changes] = {ItemAmended: _amended, ReviewRecorded: _reviewed}


@dataclass(frozen=True)
class LearningActionDetails:
    """One action in the learning log."""

    reference: str
    version: int
    marking: str
    learning_point: str
    state: str
    description: str
    owner: str
    due_on: date
    overseeing_board: str
    extensions: int
    last_extension_approver: str
    evidence: str
    validated_by: str
    rationale: str
    next_review: date | None
    amended: bool


@dataclass(frozen=True)
class LearningPointDetails:
    """One learning point of the log, with the actions the reader may see."""

    reference: str
    version: int
    marking: str
    state: str
    text: str
    theme: str
    debrief: str
    debrief_title: str | None  # None when the debrief is above the reader's clearance
    observation: int
    actions_count: int
    validated_count: int
    next_review: date | None
    amended: bool
    actions: tuple[LearningActionDetails, ...]


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
    def _(self, event: LearningPointIdentified, connection: Connection, position: int) -> None:
        open_row(
            connection, learning_points, event, position, state=point.IDENTIFIED,
            text=event.text, theme=event.theme, debrief=event.debrief,
            observation=event.observation, actions_count=0, validated_count=0, next_review=None,
        )  # fmt: skip

    @apply.register
    def _(self, event: LearningActionRaised, connection: Connection, position: int) -> None:
        open_row(
            connection, learning_actions, event, position, learning_point=event.learning_point,
            state=action.OPEN, description=event.description, owner=event.owner,
            due_on=event.due_on, overseeing_board=event.overseeing_board, extensions=0,
            last_extension_approver="", evidence="", validated_by="", rationale="",
            next_review=None,
        )  # fmt: skip

    @apply.register(ActionRaised)
    @apply.register(ActionSettled)
    @apply.register(LessonLearned)
    @apply.register(LearningPointReopened)
    def _(self, event: Any, connection: Connection, position: int) -> None:
        _change(connection, learning_points, event, position, POINT_CHANGES[type(event)])

    @apply.register(LearningActionProgressNoted)
    @apply.register(LearningActionImplemented)
    @apply.register(LearningActionValidated)
    @apply.register(LearningActionNotAdopted)
    @apply.register(LearningActionDueDateExtended)
    @apply.register(LearningActionReassigned)
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


def learning_log_rows(
    engine: Engine,
    *,
    sensitive_cleared: bool,
    as_at_position: int | None = None,
    theme: str | None = None,
    state: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> list[LearningPointDetails]:
    """Learning points with their actions, now or as at a position, within the reader's clearance.

    An action above the reader's clearance is left out even under a point they may see.
    """
    if theme is not None and theme not in point.THEMES:
        raise ValueError(f"theme is one of {', '.join(point.THEMES)}")
    if state is not None and state not in point.LIFECYCLE:
        raise ValueError(f"state is one of {', '.join(point.LIFECYCLE)}")
    points, debriefs = learning_points, learning_debriefs
    # The debrief as it stood at the same position: its title may have been amended since.
    of_debrief = sa.and_(
        debriefs.c.reference == points.c.debrief, current_at(debriefs, as_at_position)
    )
    debrief_withheld = withheld(debriefs, points.c.debrief, sensitive_cleared, as_at_position)
    query = (
        sa.select(points, debriefs.c.title.label("debrief_title"))
        .add_columns(debrief_withheld.label("debrief_withheld"))
        .select_from(points.outerjoin(debriefs, of_debrief))
        .where(current_at(points, as_at_position), *within_clearance(points, sensitive_cleared))
    )
    if theme is not None:
        query = query.where(points.c.theme == theme)
    if state is not None:
        query = query.where(points.c.state == state)
    query = query.order_by(*_in_number_order(points))
    query = page_of(query, page, per_page)
    with engine.connect() as connection:
        rows = list(connection.execute(query))
        shown = [row.reference for row in rows]
        actions = _actions_of(connection, shown, as_at_position, sensitive_cleared)
    return [_point(row, actions.get(row.reference, ()), sensitive_cleared) for row in rows]


def overdue_actions(
    engine: Engine, *, sensitive_cleared: bool, today: date
) -> list[LearningActionDetails]:
    """Actions open or in progress whose due date has passed, earliest due first."""
    actions = learning_actions
    point_link = shown_link(learning_points, actions.c.learning_point, sensitive_cleared, None)
    query = (
        sa.select(*[point_link if c.key == "learning_point" else c for c in actions.c])
        .where(current_at(actions, None), *within_clearance(actions, sensitive_cleared))
        .where(actions.c.state.in_(STILL_TO_DO), actions.c.due_on < today)
        .order_by(actions.c.due_on, *_in_number_order(actions))
    )
    with engine.connect() as connection:
        return [_action(row) for row in connection.execute(query)]


def _actions_of(
    connection: Connection, points: Sequence[str], position: int | None, cleared: bool
) -> dict[str, tuple[LearningActionDetails, ...]]:
    """The actions of ``points`` the reader may see, by point; each point's own clearance aside."""
    actions = learning_actions
    query = (
        sa.select(actions)
        .where(actions.c.learning_point.in_(points), current_at(actions, position))
        .where(*within_clearance(actions, cleared))
        .order_by(*_in_number_order(actions))
    )
    found: dict[str, tuple[LearningActionDetails, ...]] = {}
    for row in connection.execute(query):
        found[row.learning_point] = (*found.get(row.learning_point, ()), _action(row))
    return found


def _in_number_order(table: Table) -> tuple[Any, ...]:
    # One series per table ("LP-", "LA-"), so the shorter reference has the smaller number.
    return by_reference(table.c.reference)


def _action(row: Any) -> LearningActionDetails:
    return LearningActionDetails(**row_values(row))


def _point(
    row: Any, actions: tuple[LearningActionDetails, ...], sensitive_cleared: bool
) -> LearningPointDetails:
    values = row_values(row)
    if values.pop("debrief_withheld"):  # sensitive now or then: its title is its content
        values |= {"debrief": "", "debrief_title": None}
    if not sensitive_cleared:  # counted from what the reader sees, or the count tells
        values["actions_count"] = len(actions)
        values["validated_count"] = sum(a.state == action.VALIDATED for a in actions)
    return LearningPointDetails(**values, actions=actions)
