"""The accounts list, for admins: who has an account, with which roles, clearance and forums.

Signing in never reads this view (it reads the account's own events, so a revocation acts at
once); the list is for finding people. No secret is in it: not a hash, not a token digest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import singledispatchmethod
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Boolean, Column, Connection, Engine, Integer, String, Table, Text

from events.accounts import (
    ApiTokenIssued,
    ApiTokenRevoked,
    UserClearanceChanged,
    UserDeactivated,
    UserDetailsChanged,
    UserForumsChanged,
    UserReactivated,
    UserRegistered,
    UserRolesChanged,
)
from tracker.views.engine import UtcDateTime, metadata
from tracker.views.paging import page_of
from tracker.views.projector import Projection

user_accounts = Table(
    "user_accounts",
    metadata,
    Column("account_id", String(36), primary_key=True),  # later events name only this
    Column("username", String(40), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("email", String(254), nullable=False),
    Column("roles", Text, nullable=False),  # JSON list
    Column("clearance", String(40), nullable=False),
    Column("forums", Text, nullable=False),  # JSON list
    Column("active", Boolean, nullable=False),
    Column("tokens", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
)


@dataclass(frozen=True)
class AccountDetails:
    """One account as admins see it."""

    username: str
    display_name: str
    email: str
    roles: tuple[str, ...]
    clearance: str
    forums: tuple[str, ...]
    active: bool
    tokens: int
    version: int
    changed_at: datetime


class UserAccountsProjection(Projection):
    """One row per account, as its events leave it."""

    name = "user_accounts"
    tables = (user_accounts,)

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds (and passwords being set) change nothing here."""

    @apply.register
    def _(self, event: UserRegistered, connection: Connection, position: int) -> None:
        connection.execute(
            user_accounts.insert().values(
                account_id=str(event.originator_id),
                username=event.username,
                display_name=event.display_name,
                email=event.email,
                roles=json.dumps(event.roles),
                clearance=event.clearance,
                forums=json.dumps(event.forums),
                active=True,
                tokens=0,
                version=event.originator_version,
                changed_at=event.timestamp,
            )
        )

    @apply.register
    def _(self, event: UserRolesChanged, connection: Connection, position: int) -> None:
        _change(connection, event, roles=json.dumps(event.roles))

    @apply.register
    def _(self, event: UserClearanceChanged, connection: Connection, position: int) -> None:
        _change(connection, event, clearance=event.clearance)

    @apply.register
    def _(self, event: UserForumsChanged, connection: Connection, position: int) -> None:
        _change(connection, event, forums=json.dumps(event.forums))

    @apply.register
    def _(self, event: UserDetailsChanged, connection: Connection, position: int) -> None:
        _change(connection, event, display_name=event.display_name, email=event.email)

    @apply.register
    def _(self, event: UserDeactivated, connection: Connection, position: int) -> None:
        _change(connection, event, active=False)

    @apply.register
    def _(self, event: UserReactivated, connection: Connection, position: int) -> None:
        _change(connection, event, active=True)

    @apply.register
    def _(self, event: ApiTokenIssued, connection: Connection, position: int) -> None:
        _change(connection, event, tokens=user_accounts.c.tokens + 1)

    @apply.register
    def _(self, event: ApiTokenRevoked, connection: Connection, position: int) -> None:
        _change(connection, event, tokens=user_accounts.c.tokens - 1)


def _change(connection: Connection, event: Any, **values: Any) -> None:
    connection.execute(
        user_accounts.update()
        .where(user_accounts.c.account_id == str(event.originator_id))
        .values(version=event.originator_version, changed_at=event.timestamp, **values)
    )


def accounts(
    engine: Engine, *, active_only: bool = False, page: int = 1, per_page: int = 100
) -> list[AccountDetails]:
    """Every account by username (or only the active ones), a page at a time."""
    query = sa.select(user_accounts)
    if active_only:
        query = query.where(user_accounts.c.active.is_(True))
    query = page_of(query.order_by(user_accounts.c.username), page, per_page)
    with engine.connect() as connection:
        return [_details(row) for row in connection.execute(query)]


def _details(row: Any) -> AccountDetails:
    values = dict(row._mapping)
    del values["account_id"]
    values["roles"] = tuple(json.loads(values["roles"]))
    values["forums"] = tuple(json.loads(values["forums"]))
    return AccountDetails(**values)
