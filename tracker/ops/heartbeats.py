"""Heartbeats: when each kind of process (the beat) last ticked, for every process to read.

Working state, not history, so it lives in this table beside the log, not in it: one row
per kind of process, overwritten on each tick. Readiness checks (``/readyz``,
``tracker status``) read the age of the beat's last tick from here.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Engine, MetaData, String, Table, Text, inspect, select

from tracker.views.engine import UtcDateTime, upsert_insert

BEAT = "beat"

metadata = MetaData()
heartbeats = Table(
    "heartbeats",
    metadata,
    Column("process", String(32), primary_key=True),
    Column("ticked_at", UtcDateTime, nullable=False),
    Column("holder", Text, nullable=False),  # host:pid of the process that ticked
)


def record_tick(engine: Engine, process: str, holder: str, now: datetime | None = None) -> None:
    """Notes that ``process`` (e.g. ``BEAT``) ticked ``now`` (default: the clock)."""
    metadata.create_all(engine, checkfirst=True)
    insert = upsert_insert(engine)
    values = {"process": process, "ticked_at": now or datetime.now(UTC), "holder": holder}
    upsert = insert(heartbeats).values(values)
    statement = upsert.on_conflict_do_update(
        index_elements=[heartbeats.c.process],
        set_={"ticked_at": upsert.excluded.ticked_at, "holder": upsert.excluded.holder},
    )
    with engine.begin() as connection:
        connection.execute(statement)


def last_tick(engine: Engine, process: str) -> datetime | None:
    """When ``process`` last ticked; None if it never has (nor made its table)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(heartbeats.name):
            return None
        found = connection.execute(
            select(heartbeats.c.ticked_at).where(heartbeats.c.process == process)
        ).scalar_one_or_none()
    return found
