"""The SQLite event store: the library's recorder, plus the hash chain and append-only triggers."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Generator, Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    IntegrityError,
    OperationalError,
    PersistenceError,
    StoredEvent,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from events.chain import (
    GENESIS,
    ChainEntry,
    StoredRow,
    UnreadableRow,
    event_hash,
    extend_chain,
    recorded_at_now,
    stored_row,
)

CHAIN_TABLE = "event_chain"
LIBRARY_ID = re.compile("[0-9a-f]{32}")
READ_BATCH = 2000


def _refuse(table: str, operation: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_{operation.lower()} "
        f"BEFORE {operation} ON {table} BEGIN "
        f"SELECT RAISE(ABORT, 'the event log is append-only: {operation} on {table} refused'); "
        "END"
    )


def _tolerant_text(data: bytes) -> str:
    # Invalid bytes become lone surrogates, which encode back to the very same bytes.
    return data.decode("utf-8", "surrogateescape")


def _hyphenated(stored_id: Any) -> str:
    """The library stores ids as 32 lowercase hex digits, and finds an item's events only
    by that spelling; the chain hashes the hyphenated form. Any other value (even another
    spelling of the same id, which would hide the event from its item) is marked so that
    it cannot match."""
    if isinstance(stored_id, str) and LIBRARY_ID.fullmatch(stored_id):
        h = stored_id
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return f"!{stored_id!r}"


def _refuse_replace(table: str, existing: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_replace BEFORE INSERT ON {table} "
        f"WHEN EXISTS ({existing}) BEGIN "
        f"SELECT RAISE(ABORT, 'UNIQUE constraint failed: {table} is append-only'); END"
    )


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    """Records events and their chain entries in one write transaction."""

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        statements.append(
            f"CREATE TABLE IF NOT EXISTS {CHAIN_TABLE} ("
            "position INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, "
            "event_hash TEXT NOT NULL, chain_hash TEXT NOT NULL)"
        )
        for table in (self.events_table_name, CHAIN_TABLE):
            statements += [_refuse(table, "UPDATE"), _refuse(table, "DELETE")]
        # INSERT OR REPLACE deletes the row it collides with without firing DELETE
        # triggers; refusing the collision first closes that way round the triggers.
        statements += [
            _refuse_replace(
                self.events_table_name,
                # NEW.rowid is -1 in a BEFORE trigger when SQLite is to choose the rowid.
                f"SELECT 1 FROM {self.events_table_name} WHERE "
                "(NEW.rowid <> -1 AND rowid = NEW.rowid) OR "
                "(originator_id = NEW.originator_id "
                "AND originator_version = NEW.originator_version)",
            ),
            _refuse_replace(
                CHAIN_TABLE, f"SELECT 1 FROM {CHAIN_TABLE} WHERE position = NEW.position"
            ),
        ]
        return statements

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # BEGIN IMMEDIATE takes the write lock before the chain head is read, so two
        # writers cannot both extend the same head (a deferred BEGIN would let them).
        with self.datastore.get_connection(commit=True) as connection:
            cursor = connection.cursor()
            try:
                cursor.execute("BEGIN IMMEDIATE")
                positions = self._insert_events(cursor, stored_events, **kwargs)
                self._extend_chain(cursor, stored_events, positions or [])
                connection.commit()
            except sqlite3.IntegrityError as error:
                connection.rollback()
                raise IntegrityError(error) from error
            except sqlite3.OperationalError as error:
                connection.rollback()
                raise OperationalError(error) from error
            except sqlite3.Error as error:
                connection.rollback()
                raise PersistenceError(error) from error
            except BaseException:
                connection.rollback()
                raise
            return positions

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
        cursor.executemany(
            f"INSERT INTO {CHAIN_TABLE} VALUES (?,?,?,?)",
            [(e.position, e.recorded_at, e.event_hash, e.chain_hash) for e in entries],
        )

    # -- reading the whole log, for verification and export ------------------------------

    def _stream(
        self, statement: str, params: Sequence[Any] = (), *, tolerant: bool = False
    ) -> Generator[Any, None, None]:
        """Rows of ``statement``, fetched in batches.

        ``tolerant`` reads text that is not valid UTF-8 (as only a hand-edited row can be)
        instead of failing, so verification can name the row rather than crash on it.
        """
        with self.datastore.transaction(commit=False) as cursor:
            raw = cursor.sqlite_cursor  # the wrapper offers no fetchmany()
            raw.row_factory = None  # plain tuples: several times cheaper than sqlite3.Row
            if tolerant:
                raw.connection.text_factory = _tolerant_text
            try:
                raw.execute(statement, params)
                while batch := raw.fetchmany(READ_BATCH):
                    yield from batch
            except sqlite3.OperationalError as error:
                raise UnreadableRow(str(error)) from None
            finally:
                raw.connection.text_factory = str

    def extent(self) -> int:
        """The highest position in either table, read at one moment (one statement)."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT MAX(COALESCE((SELECT MAX(rowid) FROM {self.events_table_name}), 0), "
                f"COALESCE((SELECT MAX(position) FROM {CHAIN_TABLE}), 0))"
            )
            return int(cursor.fetchone()[0])

    def event_tuples(
        self, stop: int, *, tolerant: bool = False
    ) -> Generator[tuple[Any, ...], None, None]:
        """(position, originator_id as text, version, topic, state) up to ``stop``, in order."""
        for position, stored_id, version, topic, state in self._stream(
            f"SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self.events_table_name} WHERE rowid <= ? ORDER BY rowid",
            (stop,),
            tolerant=tolerant,
        ):
            yield position, _hyphenated(stored_id), version, topic, state

    def chain_tuples(
        self, stop: int, *, tolerant: bool = False
    ) -> Generator[tuple[Any, ...], None, None]:
        """(position, recorded_at, event_hash, chain_hash) up to ``stop``, in order."""
        return self._stream(
            f"SELECT position, recorded_at, event_hash, chain_hash FROM {CHAIN_TABLE} "
            "WHERE position <= ? ORDER BY position",
            (stop,),
            tolerant=tolerant,
        )

    def stored_rows(self, stop: int) -> Iterator[StoredRow]:
        """Every event up to position ``stop``, however low its position."""
        return (stored_row(*row) for row in self.event_tuples(stop, tolerant=True))

    def chain_entries(self, stop: int) -> Iterator[ChainEntry]:
        return (
            ChainEntry(position, str(recorded_at), str(event_hash), str(chain_hash))
            for position, recorded_at, event_hash, chain_hash in self.chain_tuples(
                stop, tolerant=True
            )
        )

    def chain_head(self) -> ChainEntry | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT position, recorded_at, event_hash, chain_hash FROM {CHAIN_TABLE} "
                "ORDER BY position DESC LIMIT 1"
            )
            row = cursor.fetchone()
        return ChainEntry(row[0], row[1], row[2], row[3]) if row else None

    def position_at(self, recorded_at: str) -> int:
        """The last position recorded at or before ``recorded_at`` (chain time format)."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT COALESCE(MAX(position), 0) FROM {CHAIN_TABLE} WHERE recorded_at <= ?",
                (recorded_at,),
            )
            return int(cursor.fetchone()[0])

    def has_schema(self) -> bool:
        """Always true: a SQLite store creates its tables when opened."""
        return True

    def is_empty(self) -> bool:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {self.events_table_name})")
            has_events = cursor.fetchone()[0]
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {CHAIN_TABLE})")
            return not has_events and not cursor.fetchone()[0]

    def import_rows(self, rows: Sequence[tuple[StoredRow, ChainEntry]]) -> None:
        """Writes already-verified rows at their original positions, in one transaction."""
        with self.datastore.get_connection(commit=True) as connection:
            cursor = connection.cursor()
            try:
                cursor.execute("BEGIN IMMEDIATE")
                cursor.executemany(
                    f"INSERT INTO {self.events_table_name} "
                    "(rowid, originator_id, originator_version, topic, state) VALUES (?,?,?,?,?)",
                    [
                        (
                            r.position,
                            UUID(str(r.originator_id)).hex,
                            r.originator_version,
                            r.topic,
                            r.state,
                        )
                        for r, _ in rows
                    ],
                )
                cursor.executemany(
                    f"INSERT INTO {CHAIN_TABLE} VALUES (?,?,?,?)",
                    [(e.position, e.recorded_at, e.event_hash, e.chain_hash) for _, e in rows],
                )
                connection.commit()
            except BaseException:
                connection.rollback()
                raise
