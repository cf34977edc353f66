"""The PostgreSQL event store: the library's recorder, plus hash chain and append-only triggers."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL

from events.chain import GENESIS, ChainEntry, event_hash, extend_chain, recorded_at_now
from events.store_postgres_reading import PostgresLogReading
from events.store_postgres_schema import (
    SCHEMA_LOCK_KEY,
    chain_and_trigger_statements,
    lock_notify_head_statement,
    table,
    writer_lock_statements,
)
from events.stored_row import StoredRow

WRITE_ATTEMPTS = 10


class ChainedPostgresRecorder(PostgresLogReading, PostgresApplicationRecorder):
    """Records events and their chain entries in one transaction, under the writers' lock.

    The library inserts under ``LOCK TABLE ... IN EXCLUSIVE MODE`` so that insert order is
    commit order; this recorder takes an advisory lock instead (see ``writer_lock_statements``)
    and writes the chain entries inside that same locked transaction, so the chain follows
    recording order exactly.
    """

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.chain_table_name = events_table_name.removesuffix("_events") + "_chain"
        self.check_identifier_length(self.chain_table_name)
        schema = self.datastore.schema
        self.sql_create_statements += chain_and_trigger_statements(
            schema, self.events_table_name, self.chain_table_name
        )
        self.lock_table_statements = writer_lock_statements(
            schema, self.events_table_name, self.datastore.lock_timeout
        )
        chain_table = table(schema, self.chain_table_name)
        self._lock_notify_head_statement = lock_notify_head_statement(
            self.lock_table_statements, self.channel_name, chain_table
        )
        self._insert_chain_statement = SQL(
            "INSERT INTO {} SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[])"
        ).format(chain_table)

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
        statement = SQL(
            "SELECT notification_id, state FROM {} "
            "WHERE originator_id = %s AND originator_version = %s"
        ).format(self._table(self.events_table_name))
        try:
            row = self._one(statement, (first.originator_id, first.originator_version))
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

    def import_rows(self, rows: Sequence[tuple[StoredRow, ChainEntry]]) -> None:
        """Writes already-verified rows at their original positions, in one transaction."""
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            for statement in self.lock_table_statements:
                curs.execute(statement)
            self._insert_imported_events(curs, [r for r, _ in rows])
            self._insert_chain_entries(curs, [e for _, e in rows])
            self._continue_after(curs)

    def _insert_imported_events(self, curs: Cursor[DictRow], rows: Sequence[StoredRow]) -> None:
        curs.executemany(
            SQL(
                "INSERT INTO {} (notification_id, originator_id, originator_version, topic, "
                "state) VALUES (%s, %s, %s, %s, %s)"
            ).format(self._table(self.events_table_name)),
            [
                (r.position, str(r.originator_id), r.originator_version, r.topic, r.state)
                for r in rows
            ],
        )

    def _continue_after(self, curs: Cursor[DictRow]) -> None:
        """Later recordings must continue after the imported positions."""
        curs.execute(
            SQL(
                "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), "
                "GREATEST((SELECT MAX(notification_id) FROM {}), 1))"
            ).format(self._table(self.events_table_name)),
            (f"{self.datastore.schema}.{self.events_table_name}",),
        )
