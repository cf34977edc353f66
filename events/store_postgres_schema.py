"""The PostgreSQL chain table, the triggers that keep the log append-only, and the writers' lock."""

from __future__ import annotations

import hashlib

from psycopg.abc import Query
from psycopg.sql import SQL, Composed, Identifier

# Any fixed number will do: processes running ``tracker init`` at once queue on it.
SCHEMA_LOCK_KEY = 727_001


def table(schema: str, name: str) -> Composed:
    return SQL("{}.{}").format(Identifier(schema), Identifier(name))


def chain_and_trigger_statements(
    schema: str, events_table: str, chain_table: str
) -> list[Composed]:
    """The chain table, and triggers refusing any change to a recorded row of either table."""
    function = Identifier(f"{chain_table}_refuse_change")
    statements = [
        SQL(
            "CREATE TABLE IF NOT EXISTS {} (position bigint PRIMARY KEY, "
            "recorded_at text NOT NULL, event_hash text NOT NULL, chain_hash text NOT NULL)"
        ).format(table(schema, chain_table)),
        SQL(
            "CREATE OR REPLACE FUNCTION {}.{}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'the event log is append-only: % on % refused', "
            "TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$"
        ).format(Identifier(schema), function),
    ]
    for name in (events_table, chain_table):
        statements += _refusing_triggers(schema, name, function)
    return statements


def _refusing_triggers(schema: str, name: str, function: Identifier) -> list[Composed]:
    run = SQL("EXECUTE FUNCTION {}.{}()").format(Identifier(schema), function)
    return [
        SQL("CREATE OR REPLACE TRIGGER {} BEFORE UPDATE OR DELETE ON {} FOR EACH ROW {}").format(
            Identifier(f"{name}_refuse_change"), table(schema, name), run
        ),
        SQL("CREATE OR REPLACE TRIGGER {} BEFORE TRUNCATE ON {} FOR EACH STATEMENT {}").format(
            Identifier(f"{name}_refuse_truncate"), table(schema, name), run
        ),
    ]


def writer_lock_statements(schema: str, events_table: str, lock_timeout: int) -> list[Query]:
    """What a writer runs first, so that insert order is commit order.

    The library serialises writers with LOCK TABLE ... IN EXCLUSIVE MODE, which needs
    UPDATE or DELETE privilege. A transaction-scoped advisory lock gives writers the same
    order (insert order = commit order) and lets the application's role hold only INSERT
    and SELECT. Every writer goes through this recorder, so every writer takes it.
    """
    return [
        # Under REPEATABLE READ the lock query would fix the snapshot before waiting, and
        # the chain head read after it would miss the writer it waited for.
        SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"),
        SQL("SET LOCAL lock_timeout = '{0}s'").format(lock_timeout),
        SQL("SELECT pg_advisory_xact_lock({0})").format(_writer_lock_key(schema, events_table)),
    ]


def lock_notify_head_statement(
    lock_statements: list[Query], channel: str, chain_table: Composed
) -> Composed:
    """The writers' lock, a notification to listeners, and a read of the chain head, in one go."""
    # Several statements without parameters go to the server as one simple query.
    return SQL("; ").join(
        [
            *lock_statements,
            SQL("NOTIFY {}").format(Identifier(channel)),
            SQL("SELECT chain_hash FROM {} ORDER BY position DESC LIMIT 1").format(chain_table),
        ]
    )


def _writer_lock_key(schema: str, events_table: str) -> int:
    digest = hashlib.sha256(f"{schema}.{events_table}".encode())
    return int.from_bytes(digest.digest()[:8], "big", signed=True)
