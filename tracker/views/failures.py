"""Where a projection stopped on an event and why, for every process to see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, select

from tracker.views.bookkeeping import view_failures


@dataclass(frozen=True)
class Stopped:
    """A projection stopped on the event at ``position``: it has not read past it."""

    projection: str
    position: int
    error: str

    def __str__(self) -> str:
        return f"{self.projection} stopped at position {self.position}: {self.error}"


def record_failure(engine: Engine, stopped: Stopped) -> None:
    """Notes where a projection stopped, in a transaction of its own (its own rolled back)."""
    with engine.begin() as connection:
        forget_failure(connection, stopped.projection)
        connection.execute(
            view_failures.insert().values(
                projection=stopped.projection,
                position=stopped.position,
                error=stopped.error,
                noticed_at=datetime.now(UTC),
            )
        )


def forget_failure(connection: Connection, projection: str) -> None:
    """The projection has read past where it stopped: in the transaction that moved it on."""
    connection.execute(delete(view_failures).where(view_failures.c.projection == projection))


def view_failures_of(engine: Engine) -> list[Stopped]:
    """Every projection stopped on an event, by whichever process ran it."""
    with engine.connect() as connection:
        rows = connection.execute(select(view_failures).order_by(view_failures.c.projection))
        return [Stopped(row.projection, int(row.position), row.error) for row in rows]
