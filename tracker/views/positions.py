"""How far each view has read the log, kept in the same transaction as the view's rows.

So a projector can stop anywhere and resume without losing or repeating an event.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select, update

from tracker.views.bookkeeping import view_positions


class ProjectionRace(RuntimeError):
    """Another projector advanced the same view first; this transaction was rolled back."""


def tracked_position(connection: Connection, projection: str) -> int:
    """How far ``projection`` has read; 0 before it has read anything.

    The row stays locked until the caller's transaction ends, so a second projector of the
    same view waits and then reads where the first left off (SQLite's writer lock does the
    same there), instead of applying the same events again.
    """
    row = connection.execute(
        select(view_positions.c.position)
        .where(view_positions.c.projection == projection)
        .with_for_update()
    ).first()
    if row is None:
        connection.execute(view_positions.insert().values(projection=projection, position=0))
        return 0
    return int(row.position)


def tracked_positions(connection: Connection, projections: Iterable[str]) -> dict[str, int]:
    """How far each of ``projections`` has read, without writing anything."""
    rows = connection.execute(select(view_positions))
    reached = {row.projection: int(row.position) for row in rows}
    return {name: reached.get(name, 0) for name in projections}


def advance(connection: Connection, projection: str, start: int, reached: int) -> None:
    """Moves ``projection`` from ``start`` to ``reached``, in the caller's transaction."""
    moved = connection.execute(
        update(view_positions)
        .where(view_positions.c.projection == projection, view_positions.c.position == start)
        .values(position=reached)
    )
    if moved.rowcount != 1:
        raise ProjectionRace(f"{projection} was moved on by another projector")
