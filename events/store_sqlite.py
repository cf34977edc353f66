"""The SQLite event store: the library's recorder, plus the hash chain and append-only triggers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    IntegrityError,
    OperationalError,
    PersistenceError,
    StoredEvent,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from events.chain import GENESIS, ChainEntry, event_hash, extend_chain, recorded_at_now
from events.store_sqlite_reading import SQLiteLogReading
from events.store_sqlite_schema import CHAIN_TABLE, chain_and_trigger_statements
from events.stored_row import StoredRow

LIBRARY_ERRORS: tuple[tuple[type[sqlite3.Error], type[PersistenceError]], ...] = (
    (sqlite3.IntegrityError, IntegrityError),
    (sqlite3.OperationalError, OperationalError),
    (sqlite3.Error, PersistenceError),
)


class ChainedSQLiteRecorder(SQLiteLogReading, SQLiteApplicationRecorder):
    """Records events and their chain entries in one write transaction."""

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        return statements + chain_and_trigger_statements(self.events_table_name)

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        with self._write_transaction() as cursor:
            positions = self._insert_events(cursor, stored_events, **kwargs)
            self._extend_chain(cursor, stored_events, positions or [])
        return positions

    @contextmanager
    def _write_transaction(self) -> Iterator[SQLiteCursor]:
        """A transaction that holds the write lock from its start, failing as the library does.

        BEGIN IMMEDIATE takes the write lock before the chain head is read, so two
        writers cannot both extend the same head (a deferred BEGIN would let them).
        """
        with self.datastore.get_connection(commit=True) as connection:
            cursor = connection.cursor()
            try:
                cursor.execute("BEGIN IMMEDIATE")
                yield cursor
                connection.commit()
            except BaseException as error:
                connection.rollback()
                for theirs, ours in LIBRARY_ERRORS:
                    if isinstance(error, theirs):
                        raise ours(error) from error
                raise

    def _extend_chain(
        self, cursor: SQLiteCursor, stored_events: Sequence[StoredEvent], positions: Sequence[int]
    ) -> None:
        cursor.execute(f"SELECT chain_hash FROM {CHAIN_TABLE} ORDER BY position DESC LIMIT 1")
        head = cursor.fetchone()
        rows = [
            (position, event_hash(s.originator_id, s.originator_version, s.topic, s.state))
            for position, s in zip(positions, stored_events, strict=True)
        ]
        entries = extend_chain(head[0] if head else GENESIS, rows, recorded_at_now())
        _insert_chain_entries(cursor, entries)

    def import_rows(self, rows: Sequence[tuple[StoredRow, ChainEntry]]) -> None:
        """Writes already-verified rows at their original positions, in one transaction."""
        with self._write_transaction() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.events_table_name} "
                "(rowid, originator_id, originator_version, topic, state) VALUES (?,?,?,?,?)",
                [_library_row(r) for r, _ in rows],
            )
            _insert_chain_entries(cursor, [e for _, e in rows])


def _insert_chain_entries(cursor: SQLiteCursor, entries: Sequence[ChainEntry]) -> None:
    cursor.executemany(
        f"INSERT INTO {CHAIN_TABLE} VALUES (?,?,?,?)",
        [(e.position, e.recorded_at, e.event_hash, e.chain_hash) for e in entries],
    )


def _library_row(row: StoredRow) -> tuple[int, str, int, str, bytes]:
    """An imported row as the library stores it: the id as 32 hex digits."""
    return (
        row.position,
        UUID(str(row.originator_id)).hex,
        row.originator_version,
        row.topic,
        row.state,
    )
