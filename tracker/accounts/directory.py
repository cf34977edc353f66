"""The accounts list's projection, for admins: who has an account, with which roles and forums.

Signing in never reads this view (it reads the account's own events, so a revocation acts at
once); the list is for finding people (``directory_queries``). No secret is in it.
"""

from __future__ import annotations

import json
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection

from events import accounts
from tracker.accounts.directory_table import user_accounts
from tracker.views.projector import Projection


class UserAccountsProjection(Projection):
    """One row per account, as its events leave it."""

    name = "user_accounts"
    tables = (user_accounts,)

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds (and passwords being set) change nothing here."""

    @apply.register
    def _(self, event: accounts.UserRegistered, connection: Connection, position: int) -> None:
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
    def _(self, event: accounts.UserRolesChanged, connection: Connection, position: int) -> None:
        _change(connection, event, roles=json.dumps(event.roles))

    @apply.register
    def _(
        self, event: accounts.UserClearanceChanged, connection: Connection, position: int
    ) -> None:
        _change(connection, event, clearance=event.clearance)

    @apply.register
    def _(self, event: accounts.UserForumsChanged, connection: Connection, position: int) -> None:
        _change(connection, event, forums=json.dumps(event.forums))

    @apply.register
    def _(self, event: accounts.UserDetailsChanged, connection: Connection, position: int) -> None:
        _change(connection, event, display_name=event.display_name, email=event.email)

    @apply.register
    def _(self, event: accounts.UserDeactivated, connection: Connection, position: int) -> None:
        _change(connection, event, active=False)

    @apply.register
    def _(self, event: accounts.UserReactivated, connection: Connection, position: int) -> None:
        _change(connection, event, active=True)

    @apply.register
    def _(self, event: accounts.ApiTokenIssued, connection: Connection, position: int) -> None:
        _change(connection, event, tokens=user_accounts.c.tokens + 1)

    @apply.register
    def _(self, event: accounts.ApiTokenRevoked, connection: Connection, position: int) -> None:
        _change(connection, event, tokens=user_accounts.c.tokens - 1)


def _change(connection: Connection, event: Any, **values: Any) -> None:
    connection.execute(
        user_accounts.update()
        .where(user_accounts.c.account_id == str(event.originator_id))
        .values(version=event.originator_version, changed_at=event.timestamp, **values)
    )
