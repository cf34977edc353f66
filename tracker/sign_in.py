"""Who is asking: an account from a username and password, or from a bearer token.

Accounts are read from the log itself, never from a view, so a revocation or a
deactivation takes effect with the next request, however far behind the views are.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.account_commands import parse_bearer
from tracker.accounts import UserAccount, account_reference
from tracker.application import Tracker
from tracker.errors import TrackerError


@dataclass(frozen=True)
class Reader:
    """The signed-in user as the pages and queries need them: no secrets, no aggregate."""

    username: str
    display_name: str
    roles: tuple[str, ...]
    permissions: frozenset[str]
    sensitive_cleared: bool
    forums: tuple[str, ...]
    version: int

    def may(self, permission: str) -> bool:
        return permission in self.permissions


def account_of(app: Tracker, username: str) -> UserAccount | None:
    """The account named ``username``, active or not; None if there is none."""
    try:
        return app.load(UserAccount, account_reference(username))
    except TrackerError:
        return None


def reader_of(account: UserAccount) -> Reader:
    return Reader(
        username=account.username, display_name=account.display_name, roles=account.roles,
        permissions=account.permissions, sensitive_cleared=account.sensitive_cleared,
        forums=account.forums, version=account.version,
    )  # fmt: skip


def current_reader(app: Tracker, username: str) -> Reader | None:
    """The active account ``username`` as it stands now; None if gone or deactivated."""
    account = account_of(app, username)
    return reader_of(account) if account is not None and account.active else None


def by_password(app: Tracker, username: str, password: str) -> Reader | None:
    """The account if the password is its own and it is active; the same None otherwise."""
    name = username.strip().lower()[:100]
    matched = app.credentials.matches(name, password)
    reader = current_reader(app, name)
    return reader if matched else None


def by_token(app: Tracker, bearer: str) -> Reader | None:
    """The account holding ``bearer`` if the token is still in use; None otherwise."""
    parsed = parse_bearer(bearer)
    if parsed is None:
        return None
    username, token_id, secret = parsed
    account = account_of(app, username)
    if account is None or not account.active or not account.token_matches(token_id, secret):
        return None
    return reader_of(account)
