"""The read side's database: the same one as the events, reached through SQLAlchemy Core.

Every view keeps how far it has read (``view_positions``) in the same transaction as its
rows, so a projector can stop anywhere and resume without losing or repeating an event.
``view_failures`` holds where a projection stopped and why, for every process to see;
``view_schemas`` the shape each view was built with, so a changed view is rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Dialect,
    Engine,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    create_engine,
    delete,
    event,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool, StaticPool
from sqlalchemy.schema import CreateIndex, CreateTable

if TYPE_CHECKING:
    from tracker.views.projector import Projection

PROJECTIONS_SETTING = "TRACKER_PROJECTIONS"
IN_PROCESS, BY_PROJECTOR = "in-process", "projector"

metadata = MetaData()

view_positions = Table(
    "view_positions",
    metadata,
    Column("projection", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)


# What the pages and workers hold and hand back to the queries, without using SQLAlchemy.
ViewEngine: TypeAlias = Engine


class UtcDateTime(TypeDecorator[datetime]):
    """A moment stored and read back in UTC, so SQLite and PostgreSQL rows compare equal.

    SQLite keeps no offset (it reads back naive) and PostgreSQL reads back in the
    session's time zone; both are normalised to UTC-aware datetimes here.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a moment in a view must say its time zone")
        moment = value.astimezone(UTC)
        # SQLite would silently drop the offset; storing UTC wall time keeps it meaningful.
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


view_failures = Table(
    "view_failures",
    metadata,
    Column("projection", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("error", Text, nullable=False),
    Column("noticed_at", UtcDateTime, nullable=False),
)
view_schemas = Table(
    "view_schemas",
    metadata,
    Column("projection", String(64), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
)


@dataclass(frozen=True)
class Stopped:
    """A projection stopped on the event at ``position``: it has not read past it."""

    projection: str
    position: int
    error: str

    def __str__(self) -> str:
        return f"{self.projection} stopped at position {self.position}: {self.error}"


class ProjectionRace(RuntimeError):
    """Another projector advanced the same view first; this transaction was rolled back."""


# A database error names the statement, not its values: an item's content never reaches a log.
HIDDEN = True


def upsert_insert(engine: Engine) -> Any:
    """The database's own INSERT, which can say ON CONFLICT DO UPDATE (both of ours do)."""
    return postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert


def view_engine(
    settings: Mapping[str, str], *, writer: bool = False, durable: bool = True
) -> Engine:
    """An engine on the events' own database, from the store settings of a ``Tracker``.

    A ``writer`` engine on SQLite begins IMMEDIATE transactions, so a projector takes the
    write lock before it reads its position (a deferred BEGIN could not upgrade later).
    An engine not ``durable`` writes only what can be lost to a power cut and made again
    (views, from the log; reminder claims, leases): on SQLite it commits without waiting
    for the disk, about four times as fast, and the write-ahead log keeps it consistent.
    """
    if settings.get("PERSISTENCE_MODULE") == "eventsourcing.sqlite":
        return _sqlite_engine(settings["SQLITE_DBNAME"], writer=writer, durable=durable)
    url = URL.create(
        "postgresql+psycopg",
        username=settings["POSTGRES_USER"],
        password=settings.get("POSTGRES_PASSWORD") or None,
        host=settings["POSTGRES_HOST"],
        port=int(settings["POSTGRES_PORT"]),
        database=settings["POSTGRES_DBNAME"],
    )
    options = f"-c search_path={settings.get('POSTGRES_SCHEMA', 'public')}"
    return create_engine(
        url, connect_args={"options": options}, pool_pre_ping=True, hide_parameters=HIDDEN
    )


def follows_in_process(
    settings: Mapping[str, str], environ: Mapping[str, str] = os.environ
) -> bool:
    """Whether views are caught up by the process that reads them, or by ``tracker project``.

    ``TRACKER_PROJECTIONS`` = ``in-process`` or ``projector``; unset, SQLite (the embedded
    default, no extra process) follows in-process and PostgreSQL by the projector.
    """
    chosen = environ.get(PROJECTIONS_SETTING, "").strip()
    if not chosen:
        return settings.get("PERSISTENCE_MODULE") == "eventsourcing.sqlite"
    if chosen not in (IN_PROCESS, BY_PROJECTOR):
        raise ValueError(f"{PROJECTIONS_SETTING} must be {IN_PROCESS} or {BY_PROJECTOR}")
    return chosen == IN_PROCESS


def _sqlite_engine(db_name: str, *, writer: bool, durable: bool = True) -> Engine:
    def connect() -> sqlite3.Connection:
        return sqlite3.connect(db_name, uri=True, timeout=30, check_same_thread=False)

    # A pool of its own: the "sqlite://" URL would otherwise keep one connection a thread.
    engine = create_engine(
        "sqlite://", creator=connect, poolclass=QueuePool, hide_parameters=HIDDEN
    )

    @event.listens_for(engine, "connect")
    def _take_over_transactions(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event says BEGIN
        # Only in write-ahead-log mode (the store's own) is a commit not yet on disk safe.
        journal = dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0]
        if not durable and journal == "wal":
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

    return engine


def scratch_engine() -> Engine:
    """A private in-memory database, for rebuilding views to compare with the live ones."""
    return create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )


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


def record_failure(engine: Engine, stopped: Stopped) -> None:
    """Notes where a projection stopped, in a transaction of its own (its own rolled back)."""
    with engine.begin() as connection:
        connection.execute(
            delete(view_failures).where(view_failures.c.projection == stopped.projection)
        )
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


def prepare_views(engine: Engine, projections: Sequence[Projection]) -> list[str]:
    """Creates missing view tables, and empties each view whose shape changed since it was built.

    Views are derived data: a new column or a new ``Projection.version`` costs a rebuild
    from the events (the emptied view starts again from position 0), never a hand-written
    migration. Returns the views emptied.
    """
    emptied = []
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
        for projection in projections:
            shape = _fingerprint(projection, connection)
            if built.get(projection.name) == shape:
                continue
            if projection.name in built or reached[projection.name]:
                _recreate(connection, projection)
                emptied.append(projection.name)
            connection.execute(
                delete(view_schemas).where(view_schemas.c.projection == projection.name)
            )
            connection.execute(
                view_schemas.insert().values(projection=projection.name, fingerprint=shape)
            )
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
