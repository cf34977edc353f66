"""Raw SQL on a store, as a database administrator could run it behind the tracker's back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psycopg


class RawStore:
    """The events and chain tables of one store, reachable with plain SQL."""

    def __init__(self, url: str):
        self.url = url
        self.is_postgres = url.startswith("postgresql")
        if self.is_postgres:
            parts = urlsplit(url)
            self.schema = parse_qs(parts.query)["schema"][0]
            self.dsn = parts._replace(query="").geturl()
            self.events, self.chain, self.position = (
                "tracker_events",
                "tracker_chain",
                "notification_id",
            )
        else:
            self.path = url.removeprefix("sqlite:///")
            self.events, self.chain, self.position = "stored_events", "event_chain", "rowid"

    @contextmanager
    def connection(self) -> Iterator[Any]:
        if self.is_postgres:
            with psycopg.connect(self.dsn, autocommit=True) as conn:
                conn.execute(f"SET search_path TO {self.schema}")
                yield conn
        else:
            conn = sqlite3.connect(self.path, isolation_level=None)
            try:
                yield conn
            finally:
                conn.close()

    def run(self, *statements: str) -> None:
        with self.connection() as conn:
            for statement in statements:
                conn.execute(statement)

    def drop_triggers(self) -> None:
        """What an administrator would do first to rewrite history."""
        if self.is_postgres:
            self.run(*(
                f"DROP TRIGGER {table}_{kind} ON {table}"
                for table in (self.events, self.chain)
                for kind in ("refuse_change", "refuse_truncate")
            ))  # fmt: skip
        else:
            self.run(*(
                f"DROP TRIGGER {table}_refuse_{kind}"
                for table in (self.events, self.chain)
                for kind in ("update", "delete")
            ))  # fmt: skip

    def positions(self) -> list[int]:
        with self.connection() as conn:
            rows = conn.execute(f"SELECT {self.position} FROM {self.events} ORDER BY 1").fetchall()
        return [row[0] for row in rows]

    # -- the tamper cases ------------------------------------------------------------------

    def modify(self, position: int) -> None:
        self.run(
            f"UPDATE {self.events} SET state = CAST(REPLACE(CAST(state AS TEXT), 'ana', 'eve') AS BLOB) "
            f"WHERE {self.position} = {position}"
            if not self.is_postgres
            else f"UPDATE {self.events} SET state = convert_to(replace(convert_from(state, 'UTF8'), "
            f"'ana', 'eve'), 'UTF8') WHERE {self.position} = {position}"
        )

    def delete(self, position: int) -> None:
        self.run(f"DELETE FROM {self.events} WHERE {self.position} = {position}")

    def insert_after_the_fact(self, like_position: int) -> None:
        """A new event, forged from an existing one, without a chain entry."""
        self.run(
            f"INSERT INTO {self.events} (originator_id, originator_version, topic, state) "
            f"SELECT originator_id, originator_version + 1000, topic, state FROM {self.events} "
            f"WHERE {self.position} = {like_position}"
        )

    def move_to_end(self, position: int) -> None:
        end = max(self.positions()) + 1
        self.run(
            f"UPDATE {self.events} SET {self.position} = {end} WHERE {self.position} = {position}"
        )

    def swap(self, first: int, second: int) -> None:
        self.run(
            f"UPDATE {self.events} SET {self.position} = -1 WHERE {self.position} = {first}",
            f"UPDATE {self.events} SET {self.position} = {first} WHERE {self.position} = {second}",
            f"UPDATE {self.events} SET {self.position} = {second} WHERE {self.position} = -1",
        )

    def cut_tail(self, from_position: int) -> None:
        """Removes the newest events and their chain entries: only a digest shows it."""
        self.run(
            f"DELETE FROM {self.events} WHERE {self.position} >= {from_position}",
            f"DELETE FROM {self.chain} WHERE position >= {from_position}",
        )

    def insert_at_position_zero(self, like_position: int) -> None:
        """A forged later event of an item, slipped in below every position."""
        self.run(
            f"INSERT INTO {self.events} ({self.position}, originator_id, originator_version, "
            f"topic, state) SELECT 0, originator_id, originator_version + 1000, topic, state "
            f"FROM {self.events} WHERE {self.position} = {like_position}"
        )

    def delete_with_chain_entry(self, position: int) -> None:
        self.run(
            f"DELETE FROM {self.events} WHERE {self.position} = {position}",
            f"DELETE FROM {self.chain} WHERE position = {position}",
        )

    def mangle(self, position: int, column: str, value: str) -> None:
        self.run(f"UPDATE {self.events} SET {column} = {value} WHERE {self.position} = {position}")
