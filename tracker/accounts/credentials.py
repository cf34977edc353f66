"""Password hashes, kept beside the log rather than in it.

The log is append-only and exported to governance boards; a password hash must be
replaceable and must never leave the system, so it lives in this table. The events say
when a password was set; this table holds only the latest hash of each account.
Hashes are argon2id (argon2-cffi's defaults, RFC 9106's second recommended option).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    Row,
    String,
    Table,
    delete,
    insert,
    select,
)

from tracker.kernel.errors import InvalidInput
from tracker.views.engine import UtcDateTime

MIN_PASSWORD, MAX_PASSWORD = 12, 1024  # NCSC: length, not complexity rules

metadata = MetaData()
credentials = Table(
    "user_credentials",
    metadata,
    Column("username", String(40), primary_key=True),
    Column("password_hash", String(200), nullable=False),
    Column("set_at", UtcDateTime, nullable=False),
)

_hasher = PasswordHasher()
# Checked when an account has no password, so a missing account costs as long as a wrong
# password and the time taken does not tell which usernames exist.
_NO_SUCH_HASH = _hasher.hash("no account has this password")


def checked_password(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidInput("password", "is required")
    if len(value) < MIN_PASSWORD:
        raise InvalidInput("password", f"must be at least {MIN_PASSWORD} characters long")
    if len(value) > MAX_PASSWORD:
        raise InvalidInput("password", f"must be at most {MAX_PASSWORD} characters long")
    return value


class Credentials:
    """The latest password hash of each account, in the events' database."""

    def __init__(self, engine: Engine):
        self.engine = engine
        metadata.create_all(engine, checkfirst=True)

    def matches(self, username: str, password: str) -> bool:
        """Whether ``password`` is the account's; as slow for an unknown account."""
        with self.engine.connect() as connection:
            stored = connection.execute(
                select(credentials.c.password_hash).where(credentials.c.username == username)
            ).scalar_one_or_none()
        try:
            return _hasher.verify(stored or _NO_SUCH_HASH, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    @contextmanager
    def replacing(self, username: str, password: str) -> Iterator[None]:
        """Stores a new hash for the block; puts the old one back if the block fails.

        The block records the event saying the password was set: the hash is written first,
        so a failing event (a duplicate account, a conflict) leaves the old password as it was.
        """
        new_hash = _hasher.hash(checked_password(password))
        with self.engine.begin() as connection:
            old = connection.execute(
                select(credentials).where(credentials.c.username == username)
            ).one_or_none()
            self._put(connection, username, new_hash)
        try:
            yield
        except BaseException:
            self._restore(username, old)
            raise

    def _restore(self, username: str, old: Row[Any] | None) -> None:
        """Puts back the hash the account had before (none, if it had none)."""
        with self.engine.begin() as connection:
            connection.execute(delete(credentials).where(credentials.c.username == username))
            if old is not None:
                connection.execute(insert(credentials).values(**old._mapping))

    @staticmethod
    def _put(connection: Connection, username: str, password_hash: str) -> None:
        connection.execute(delete(credentials).where(credentials.c.username == username))
        connection.execute(
            insert(credentials).values(
                username=username, password_hash=password_hash, set_at=datetime.now(UTC)
            )
        )
