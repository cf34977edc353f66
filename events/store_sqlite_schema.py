"""The SQLite chain table, and the triggers that keep both tables append-only."""

from __future__ import annotations

CHAIN_TABLE = "event_chain"


def chain_and_trigger_statements(events_table: str) -> list[str]:
    """The chain table, and triggers refusing any change to a recorded row of either table."""
    statements = [
        f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} ("
        "position INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, "
        "event_hash TEXT NOT NULL, chain_hash TEXT NOT NULL)"
    ]
    for table in (events_table, CHAIN_TABLE):
        statements += [_refuse(table, "UPDATE"), _refuse(table, "DELETE")]
    # INSERT OR REPLACE deletes the row it collides with without firing DELETE
    # triggers; refusing the collision first closes that way round the triggers.
    return [*statements, *_refuse_replacing(events_table)]


def _refuse_replacing(events_table: str) -> list[str]:
    return [
        _refuse_replace(
            events_table,
            # NEW.rowid is -1 in a BEFORE trigger when SQLite is to choose the rowid.
            f"SELECT 1 FROM {events_table} WHERE "
            "(NEW.rowid <> -1 AND rowid = NEW.rowid) OR "
            "(originator_id = NEW.originator_id "
            "AND originator_version = NEW.originator_version)",
        ),
        _refuse_replace(CHAIN_TABLE, f"SELECT 1 FROM {CHAIN_TABLE} WHERE position = NEW.position"),
    ]


def _refuse(table: str, operation: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_{operation.lower()} "
        f"BEFORE {operation} ON {table} BEGIN "
        f"SELECT RAISE(ABORT, 'the event log is append-only: {operation} on {table} refused'); "
        "END"
    )


def _refuse_replace(table: str, existing: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_replace BEFORE INSERT ON {table} "
        f"WHEN EXISTS ({existing}) BEGIN "
        f"SELECT RAISE(ABORT, 'UNIQUE constraint failed: {table} is append-only'); END"
    )
