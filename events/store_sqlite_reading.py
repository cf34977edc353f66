"""Reading the whole SQLite log with its chain, for verification and export."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Generator, Iterator, Sequence
from typing import Any

from eventsourcing.sqlite import SQLiteDatastore

from events.chain import ChainEntry
from events.store_sqlite_schema import CHAIN_TABLE
from events.stored_row import StoredRow, UnreadableRow, stored_row

LIBRARY_ID = re.compile("[0-9a-f]{32}")
READ_BATCH = 2000


class SQLiteLogReading:
    """The reading half of ``ChainedSQLiteRecorder``."""

    datastore: SQLiteDatastore
    events_table_name: str

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

    def _one(self, statement: str, params: Sequence[Any] = ()) -> Any:
        """The first row of ``statement``, or None."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, params)
            return cursor.fetchone()

    def extent(self) -> int:
        """The highest position in either table, read at one moment (one statement)."""
        return int(
            self._one(
                f"SELECT MAX(COALESCE((SELECT MAX(rowid) FROM {self.events_table_name}), 0), "
                f"COALESCE((SELECT MAX(position) FROM {CHAIN_TABLE}), 0))"
            )[0]
        )

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
        row = self._one(
            f"SELECT position, recorded_at, event_hash, chain_hash FROM {CHAIN_TABLE} "
            "ORDER BY position DESC LIMIT 1"
        )
        return ChainEntry(row[0], row[1], row[2], row[3]) if row else None

    def position_at(self, recorded_at: str) -> int:
        """The last position recorded at or before ``recorded_at`` (chain time format)."""
        return int(
            self._one(
                f"SELECT COALESCE(MAX(position), 0) FROM {CHAIN_TABLE} WHERE recorded_at <= ?",
                (recorded_at,),
            )[0]
        )

    def has_schema(self) -> bool:
        """Always true: a SQLite store creates its tables when opened."""
        return True

    def is_empty(self) -> bool:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {self.events_table_name})")
            has_events = cursor.fetchone()[0]
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {CHAIN_TABLE})")
            return not has_events and not cursor.fetchone()[0]


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
