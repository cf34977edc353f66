"""The read side's database: the same one as the events, reached through SQLAlchemy Core.

Every view keeps how far it has read (``view_positions``) in the same transaction as its
rows, so a projector can stop anywhere and resume without losing or repeating an event.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    select,
    update,
)
from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool, StaticPool

metadata = MetaData()

view_positions = Table(
    "view_positions",
    metadata,
    Column("projection", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)


class ProjectionRace(RuntimeError):
    """Another projector advanced the same view first; this transaction was rolled back."""


def view_engine(settings: Mapping[str, str], *, writer: bool = False) -> Engine:
    """An engine on the events' own database, from the store settings of a ``Tracker``.

    A ``writer`` engine on SQLite begins IMMEDIATE transactions, so a projector takes the
    write lock before it reads its position (a deferred BEGIN could not upgrade later).
    """
    if settings.get("PERSISTENCE_MODULE") == "eventsourcing.sqlite":
        return _sqlite_engine(settings["SQLITE_DBNAME"], writer=writer)
    url = URL.create(
        "postgresql+psycopg",
        username=settings["POSTGRES_USER"],
        password=settings.get("POSTGRES_PASSWORD") or None,
        host=settings["POSTGRES_HOST"],
        port=int(settings["POSTGRES_PORT"]),
        database=settings["POSTGRES_DBNAME"],
    )
    options = f"-c search_path={settings.get('POSTGRES_SCHEMA', 'public')}"
    return create_engine(url, connect_args={"options": options}, pool_pre_ping=True)


def _sqlite_engine(db_name: str, *, writer: bool) -> Engine:
    def connect() -> sqlite3.Connection:
        return sqlite3.connect(db_name, uri=True, timeout=30, check_same_thread=False)

    # A pool of its own: the "sqlite://" URL would otherwise keep one connection a thread.
    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _take_over_transactions(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event says BEGIN

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
    """How far ``projection`` has read; 0 before it has read anything."""
    row = connection.execute(
        select(view_positions.c.position).where(view_positions.c.projection == projection)
    ).first()
    if row is None:
        connection.execute(view_positions.insert().values(projection=projection, position=0))
        return 0
    return int(row.position)


def advance(connection: Connection, projection: str, start: int, reached: int) -> None:
    """Moves ``projection`` from ``start`` to ``reached``, in the caller's transaction."""
    moved = connection.execute(
        update(view_positions)
        .where(view_positions.c.projection == projection, view_positions.c.position == start)
        .values(position=reached)
    )
    if moved.rowcount != 1:
        raise ProjectionRace(f"{projection} was moved on by another projector")
