"""Making the view tables, and rebuilding a view whose shape changed since it was built.

Views are derived data: a new column or a new ``Projection.version`` costs a rebuild from
the events (the emptied view starts again from position 0), never a hand-written migration.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, select, text, update
from sqlalchemy.schema import CreateIndex, CreateTable

from tracker.views.bookkeeping import view_positions, view_schemas
from tracker.views.engine import metadata
from tracker.views.failures import forget_failure
from tracker.views.positions import tracked_position

if TYPE_CHECKING:
    from tracker.views.projector import Projection


def prepare_views(engine: Engine, projections: Sequence[Projection]) -> list[str]:
    """Creates missing view tables, and empties each view whose shape changed since it was
    built; returns the views emptied."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # one process creates and reshapes at a time
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('tracker views'))"))
        metadata.create_all(connection)
        for projection in projections:
            for table in projection.tables:
                table.create(connection, checkfirst=True)
        built = {
            row.projection: row.fingerprint for row in connection.execute(select(view_schemas))
        }
        reached = {p.name: tracked_position(connection, p.name) for p in projections}
        return [p.name for p in projections if _reshape(connection, p, built, reached[p.name])]


def _reshape(
    connection: Connection, projection: Projection, built: dict[str, str], reached: int
) -> bool:
    """Notes the view's shape if it changed; whether it was emptied, built the old way."""
    shape = _fingerprint(projection, connection)
    if built.get(projection.name) == shape:
        return False
    emptied = projection.name in built or bool(reached)
    if emptied:
        _recreate(connection, projection)
    connection.execute(delete(view_schemas).where(view_schemas.c.projection == projection.name))
    connection.execute(view_schemas.insert().values(projection=projection.name, fingerprint=shape))
    return emptied


def _fingerprint(projection: Projection, connection: Connection) -> str:
    """The view's tables as this database would create them, and the projection's version."""
    parts = [f"version {projection.version}"]
    for table in projection.tables:
        parts.append(str(CreateTable(table).compile(dialect=connection.dialect)))
        for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
            parts.append(str(CreateIndex(index).compile(dialect=connection.dialect)))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _recreate(connection: Connection, projection: Projection) -> None:
    for table in reversed(projection.tables):
        table.drop(connection, checkfirst=True)
    for table in projection.tables:
        table.create(connection)
    connection.execute(
        update(view_positions)
        .where(view_positions.c.projection == projection.name)
        .values(position=0)
    )
    forget_failure(connection, projection.name)
