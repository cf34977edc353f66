"""The read side's database: the same one as the events, reached through SQLAlchemy Core.

Every view table joins one ``metadata``, and so do the read side's own tables
(``tracker.views.bookkeeping``): how far each view has read, kept in the same transaction
as its rows, where a projection stopped and why, and the shape each view was built with.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeAlias

from sqlalchemy import (
    Connection,
    DateTime,
    Dialect,
    Engine,
    MetaData,
    TypeDecorator,
    create_engine,
    event,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool, StaticPool

PROJECTIONS_SETTING = "TRACKER_PROJECTIONS"
IN_PROCESS, BY_PROJECTOR = "in-process", "projector"

metadata = MetaData()

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
    return _postgresql_engine(settings)


def _postgresql_engine(settings: Mapping[str, str]) -> Engine:
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
