"""Reading the whole PostgreSQL log with its chain, for verification and export."""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from typing import Any

from eventsourcing.postgres import PostgresDatastore
from psycopg.rows import DictRow, tuple_row
from psycopg.sql import SQL, Composed

from events.chain import ChainEntry
from events.store_postgres_schema import table
from events.stored_row import StoredRow, stored_row

READ_BATCH = 5000


class PostgresLogReading:
    """The reading half of ``ChainedPostgresRecorder``."""

    datastore: PostgresDatastore
    events_table_name: str
    chain_table_name: str

    def _table(self, name: str) -> Composed:
        return table(self.datastore.schema, name)

    def _stream(
        self, statement: Composed, params: Sequence[Any]
    ) -> Generator[tuple[Any, ...], None, None]:
        # A server-side cursor keeps memory flat however long the log is; binary rows
        # spare decoding bytea from hex.
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor(name="tracker_stream", row_factory=tuple_row, binary=True) as cursor,
        ):
            cursor.itersize = READ_BATCH
            cursor.execute(statement, params)
            yield from cursor

    def _one(
        self, statement: Composed | str, params: Sequence[Any] | None = None
    ) -> DictRow | None:
        with self.datastore.get_connection() as conn:
            return conn.execute(statement, params).fetchone()

    def extent(self) -> int:
        """The highest position in either table, read at one moment (one statement)."""
        row = self._one(
            SQL(
                "SELECT GREATEST(COALESCE((SELECT MAX(notification_id) FROM {}), 0), "
                "COALESCE((SELECT MAX(position) FROM {}), 0)) AS extent"
            ).format(self._table(self.events_table_name), self._table(self.chain_table_name))
        )
        return int(row["extent"]) if row else 0

    def event_tuples(self, stop: int) -> Generator[tuple[Any, ...], None, None]:
        """(position, originator_id as text, version, topic, state) up to ``stop``, in order."""
        statement = SQL(
            "SELECT notification_id, originator_id::text, originator_version, topic, state "
            "FROM {} WHERE notification_id <= %s ORDER BY notification_id"
        ).format(self._table(self.events_table_name))
        return self._stream(statement, (stop,))

    def chain_tuples(self, stop: int) -> Generator[tuple[Any, ...], None, None]:
        """(position, recorded_at, event_hash, chain_hash) up to ``stop``, in order."""
        statement = SQL(
            "SELECT position, recorded_at, event_hash, chain_hash FROM {} "
            "WHERE position <= %s ORDER BY position"
        ).format(self._table(self.chain_table_name))
        return self._stream(statement, (stop,))

    def stored_rows(self, stop: int) -> Iterator[StoredRow]:
        """Every event up to position ``stop``, however low its position."""
        return (stored_row(*row) for row in self.event_tuples(stop))

    def chain_entries(self, stop: int) -> Iterator[ChainEntry]:
        return (ChainEntry(*row) for row in self.chain_tuples(stop))

    def chain_head(self) -> ChainEntry | None:
        row = self._one(
            SQL(
                "SELECT position, recorded_at, event_hash, chain_hash FROM {} "
                "ORDER BY position DESC LIMIT 1"
            ).format(self._table(self.chain_table_name))
        )
        if row is None:
            return None
        return ChainEntry(row["position"], row["recorded_at"], row["event_hash"], row["chain_hash"])

    def position_at(self, recorded_at: str) -> int:
        """The last position recorded at or before ``recorded_at`` (chain time format)."""
        row = self._one(
            SQL("SELECT COALESCE(MAX(position), 0) AS p FROM {} WHERE recorded_at <= %s").format(
                self._table(self.chain_table_name)
            ),
            (recorded_at,),
        )
        return int(row["p"]) if row else 0

    def has_schema(self) -> bool:
        """Whether ``tracker init`` has created the tables this recorder needs."""
        row = self._one(
            "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL AS ready",
            (
                f'"{self.datastore.schema}"."{self.events_table_name}"',
                f'"{self.datastore.schema}"."{self.chain_table_name}"',
            ),
        )
        return bool(row and row["ready"])

    def is_empty(self) -> bool:
        row = self._one(
            SQL(
                "SELECT NOT EXISTS (SELECT 1 FROM {}) AND NOT EXISTS (SELECT 1 FROM {}) AS e"
            ).format(self._table(self.events_table_name), self._table(self.chain_table_name))
        )
        return bool(row and row["e"])
