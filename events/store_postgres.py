"""The PostgreSQL event store: the library's recorder, plus hash chain and append-only triggers."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Generator, Iterator, Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow, tuple_row
from psycopg.sql import SQL, Composed, Identifier

from events.chain import (
    GENESIS,
    ChainEntry,
    StoredRow,
    event_hash,
    extend_chain,
    recorded_at_now,
    stored_row,
)

READ_BATCH = 5000
WRITE_ATTEMPTS = 10
# Any fixed number will do: processes running ``tracker init`` at once queue on it.
SCHEMA_LOCK_KEY = 727_001


class ChainedPostgresRecorder(PostgresApplicationRecorder):
    """Records events and their chain entries in one transaction, under the table lock.

    The library inserts under ``LOCK TABLE ... IN EXCLUSIVE MODE`` so that insert order is
    commit order; the chain entries are written inside that same locked transaction (the
    ``_fetch_ids_after_insert_events`` hook), so the chain follows recording order exactly.
    """

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.chain_table_name = events_table_name.removesuffix("_events") + "_chain"
        self.check_identifier_length(self.chain_table_name)
        self.sql_create_statements += self._chain_and_trigger_statements()
        # The library serialises writers with LOCK TABLE ... IN EXCLUSIVE MODE, which needs
        # UPDATE or DELETE privilege. A transaction-scoped advisory lock gives writers the same
        # order (insert order = commit order) and lets the application's role hold only INSERT
        # and SELECT. Every writer goes through this recorder, so every writer takes it.
        self.lock_table_statements = [
            # Under REPEATABLE READ the lock query would fix the snapshot before waiting, and
            # the chain head read after it would miss the writer it waited for.
            SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"),
            SQL("SET LOCAL lock_timeout = '{0}s'").format(self.datastore.lock_timeout),
            SQL("SELECT pg_advisory_xact_lock({0})").format(self._writer_lock_key()),
        ]
        # Several statements without parameters go to the server as one simple query.
        self._lock_notify_head_statement = SQL("; ").join(
            [
                *self.lock_table_statements,
                SQL("NOTIFY {}").format(Identifier(self.channel_name)),
                SQL("SELECT chain_hash FROM {} ORDER BY position DESC LIMIT 1").format(
                    self._table(self.chain_table_name)
                ),
            ]
        )
        self._insert_chain_statement = SQL(
            "INSERT INTO {} SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[])"
        ).format(self._table(self.chain_table_name))

    def _writer_lock_key(self) -> int:
        digest = hashlib.sha256(f"{self.datastore.schema}.{self.events_table_name}".encode())
        return int.from_bytes(digest.digest()[:8], "big", signed=True)

    def _table(self, name: str) -> Composed:
        return SQL("{}.{}").format(Identifier(self.datastore.schema), Identifier(name))

    def _chain_and_trigger_statements(self) -> list[Composed]:
        schema = Identifier(self.datastore.schema)
        function = Identifier(f"{self.chain_table_name}_refuse_change")
        statements = [
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (position bigint PRIMARY KEY, "
                "recorded_at text NOT NULL, event_hash text NOT NULL, chain_hash text NOT NULL)"
            ).format(self._table(self.chain_table_name)),
            SQL(
                "CREATE OR REPLACE FUNCTION {}.{}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN RAISE EXCEPTION 'the event log is append-only: % on % refused', "
                "TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$"
            ).format(schema, function),
        ]
        for table in (self.events_table_name, self.chain_table_name):
            statements += [
                SQL(
                    "CREATE OR REPLACE TRIGGER {} BEFORE UPDATE OR DELETE ON {} "
                    "FOR EACH ROW EXECUTE FUNCTION {}.{}()"
                ).format(
                    Identifier(f"{table}_refuse_change"), self._table(table), schema, function
                ),
                SQL(
                    "CREATE OR REPLACE TRIGGER {} BEFORE TRUNCATE ON {} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION {}.{}()"
                ).format(
                    Identifier(f"{table}_refuse_truncate"), self._table(table), schema, function
                ),
            ]
        return statements

    def create_table(self) -> None:
        # Creating functions and types from several processes at once fails with
        # "tuple concurrently updated"; a session advisory lock makes them take turns.
        with self.datastore.get_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
            try:
                super().create_table()
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Records events and their chain entries, retrying a lock timeout or lost connection.

        A connection can be lost after the server committed but before it said so; a retry
        then first looks for the events, so they are never recorded twice.
        """
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                return self._record(stored_events)
            except (InterfaceError, OperationalError):
                if attempt == WRITE_ATTEMPTS:
                    raise
                time.sleep(0.2)
                recorded = self._positions_if_recorded(stored_events)
                if recorded is not None:
                    return recorded
        return None  # not reached: the last attempt returns or raises

    def _positions_if_recorded(self, stored_events: Sequence[StoredEvent]) -> list[int] | None:
        first = stored_events[0]
        try:
            with self.datastore.get_connection() as conn:
                row = conn.execute(
                    SQL(
                        "SELECT notification_id, state FROM {} "
                        "WHERE originator_id = %s AND originator_version = %s"
                    ).format(self._table(self.events_table_name)),
                    (first.originator_id, first.originator_version),
                ).fetchone()
        except (InterfaceError, OperationalError):
            return None  # still unreachable: the next attempt will tell
        if row is None or bytes(row["state"]) != first.state:
            return None
        # One transaction's positions are consecutive: the writers' lock was held while the
        # sequence issued them.
        return list(range(row["notification_id"], row["notification_id"] + len(stored_events)))

    def _record(self, stored_events: Sequence[StoredEvent]) -> list[int]:
        """One transaction of five plain round trips.

        The library sends similar statements in pipeline mode; with the pure-Python driver
        that costs more than it saves on a local server (measured: bench/README.md).
        """
        if not stored_events:
            return []
        rows = [
            self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored_events
        ]
        hashes = [event_hash(e.originator_id, e.originator_version, e.topic, e.state)
                  for e in stored_events]  # fmt: skip
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            head = self._lock_and_read_head(curs)
            curs.execute(self.insert_events_statement, (rows,), prepare=True)
            positions = [row["notification_id"] for row in curs.fetchall()]
            entries = extend_chain(head, zip(positions, hashes, strict=True), recorded_at_now())
            self._insert_chain_entries(curs, entries)
        return positions

    def _lock_and_read_head(self, curs: Cursor[DictRow]) -> str:
        """Takes the writers' lock, notifies listeners, and reads the chain head, in one go."""
        curs.execute(self._lock_notify_head_statement)
        while curs.nextset():  # the head is the last statement's result
            pass
        head = curs.fetchone()
        return head["chain_hash"] if head else GENESIS

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        raise NotImplementedError("insert_events records events and chain entries itself")

    def _insert_chain_entries(self, curs: Cursor[DictRow], entries: Sequence[ChainEntry]) -> None:
        # One array a column (psycopg sends lists as arrays): one statement for any count.
        columns = [
            [e.position for e in entries],
            [e.recorded_at for e in entries],
            [e.event_hash for e in entries],
            [e.chain_hash for e in entries],
        ]
        curs.execute(self._insert_chain_statement, columns, prepare=True)

    # -- reading the whole log, for verification and export ------------------------------

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

    def extent(self) -> int:
        """The highest position in either table, read at one moment (one statement)."""
        with self.datastore.get_connection() as conn:
            row = conn.execute(
                SQL(
                    "SELECT GREATEST(COALESCE((SELECT MAX(notification_id) FROM {}), 0), "
                    "COALESCE((SELECT MAX(position) FROM {}), 0)) AS extent"
                ).format(self._table(self.events_table_name), self._table(self.chain_table_name))
            ).fetchone()
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
        with self.datastore.get_connection() as conn:
            row = conn.execute(
                SQL(
                    "SELECT position, recorded_at, event_hash, chain_hash FROM {} "
                    "ORDER BY position DESC LIMIT 1"
                ).format(self._table(self.chain_table_name))
            ).fetchone()
        if row is None:
            return None
        return ChainEntry(row["position"], row["recorded_at"], row["event_hash"], row["chain_hash"])

    def position_at(self, recorded_at: str) -> int:
        """The last position recorded at or before ``recorded_at`` (chain time format)."""
        with self.datastore.get_connection() as conn:
            row = conn.execute(
                SQL(
                    "SELECT COALESCE(MAX(position), 0) AS p FROM {} WHERE recorded_at <= %s"
                ).format(self._table(self.chain_table_name)),
                (recorded_at,),
            ).fetchone()
        return int(row["p"]) if row else 0

    def has_schema(self) -> bool:
        """Whether ``tracker init`` has created the tables this recorder needs."""
        with self.datastore.get_connection() as conn:
            row = conn.execute(
                "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL AS ready",
                (
                    f'"{self.datastore.schema}"."{self.events_table_name}"',
                    f'"{self.datastore.schema}"."{self.chain_table_name}"',
                ),
            ).fetchone()
        return bool(row and row["ready"])

    def is_empty(self) -> bool:
        with self.datastore.get_connection() as conn:
            row = conn.execute(
                SQL(
                    "SELECT NOT EXISTS (SELECT 1 FROM {}) AND NOT EXISTS (SELECT 1 FROM {}) AS e"
                ).format(self._table(self.events_table_name), self._table(self.chain_table_name))
            ).fetchone()
        return bool(row and row["e"])

    def import_rows(self, rows: Sequence[tuple[StoredRow, ChainEntry]]) -> None:
        """Writes already-verified rows at their original positions, in one transaction."""
        events_table = self._table(self.events_table_name)
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            for statement in self.lock_table_statements:
                curs.execute(statement)
            curs.executemany(
                SQL(
                    "INSERT INTO {} (notification_id, originator_id, originator_version, topic, "
                    "state) VALUES (%s, %s, %s, %s, %s)"
                ).format(events_table),
                [
                    (r.position, str(r.originator_id), r.originator_version, r.topic, r.state)
                    for r, _ in rows
                ],
            )
            self._insert_chain_entries(curs, [e for _, e in rows])
            # Later recordings must continue after the imported positions.
            curs.execute(
                SQL(
                    "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), "
                    "GREATEST((SELECT MAX(notification_id) FROM {}), 1))"
                ).format(events_table),
                (f"{self.datastore.schema}.{self.events_table_name}",),
            )
