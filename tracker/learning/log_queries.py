"""Questions put to the learning log: its debriefs, its points with their actions, and the
overdue actions.

Every answer is within the reader's clearance, now or as at a log position: an action above
it is left out even under a point the reader may see.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, Select, Table

from tracker.learning import action, debrief_lifecycle, point
from tracker.learning.log_details import DebriefDetails, LearningActionDetails, LearningPointDetails
from tracker.learning.log_tables import learning_actions, learning_debriefs, learning_points
from tracker.views.paging import by_reference, page_of
from tracker.views.versioned import (
    current_at,
    row_values,
    shown_link,
    withheld,
    within_clearance,
)

STILL_TO_DO = (action.OPEN, action.IN_PROGRESS)


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
    _check_filters(theme, state)
    query = _points(sensitive_cleared, as_at_position, theme, state)
    query = page_of(query.order_by(*_in_number_order(learning_points)), page, per_page)
    with engine.connect() as connection:
        rows = list(connection.execute(query))
        shown = [row.reference for row in rows]
        actions = _actions_of(connection, shown, as_at_position, sensitive_cleared)
    return [_point(row, actions.get(row.reference, ()), sensitive_cleared) for row in rows]


def debrief_rows(
    engine: Engine,
    *,
    sensitive_cleared: bool,
    as_at_position: int | None = None,
    state: str | None = None,
    level: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> list[DebriefDetails]:
    """Debriefs in number order, now or as at a position, within the reader's clearance; of
    ``state`` and ``level`` when given."""
    if state is not None and state not in debrief_lifecycle.LIFECYCLE:
        raise ValueError(f"state is one of {', '.join(debrief_lifecycle.LIFECYCLE)}")
    if level is not None and level not in debrief_lifecycle.LEVELS:
        raise ValueError(f"level is one of {', '.join(debrief_lifecycle.LEVELS)}")
    debriefs = learning_debriefs
    query = sa.select(debriefs).where(
        current_at(debriefs, as_at_position), *within_clearance(debriefs, sensitive_cleared)
    )
    if state is not None:
        query = query.where(debriefs.c.state == state)
    if level is not None:
        query = query.where(debriefs.c.level == level)
    query = page_of(query.order_by(*_in_number_order(debriefs)), page, per_page)
    with engine.connect() as connection:
        rows = list(connection.execute(query))
    return [DebriefDetails(**_without_version(row_values(row))) for row in rows]


def _without_version(values: dict[str, Any]) -> dict[str, Any]:
    values.pop("version")
    return values


def _check_filters(theme: str | None, state: str | None) -> None:
    if theme is not None and theme not in point.THEMES:
        raise ValueError(f"theme is one of {', '.join(point.THEMES)}")
    if state is not None and state not in point.LIFECYCLE:
        raise ValueError(f"state is one of {', '.join(point.LIFECYCLE)}")


def _points(
    cleared: bool, position: int | None, theme: str | None, state: str | None
) -> Select[Any]:
    """The points the reader may see, of ``theme`` and in ``state`` when given, each with its
    debrief's title as it stood at the same position (it may have been amended since)."""
    points, debriefs = learning_points, learning_debriefs
    of_debrief = sa.and_(debriefs.c.reference == points.c.debrief, current_at(debriefs, position))
    debrief_withheld = withheld(debriefs, points.c.debrief, cleared, position)
    query = (
        sa.select(points, debriefs.c.title.label("debrief_title"))
        .add_columns(debrief_withheld.label("debrief_withheld"))
        .select_from(points.outerjoin(debriefs, of_debrief))
        .where(current_at(points, position), *within_clearance(points, cleared))
    )
    if theme is not None:
        query = query.where(points.c.theme == theme)
    if state is not None:
        query = query.where(points.c.state == state)
    return query


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
    # One series per table ("DB-", "LP-", "LA-"), so the shorter reference has the smaller number.
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
