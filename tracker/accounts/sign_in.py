"""Who is asking: an account from a username and password, or from a bearer token.

Accounts are read from the log itself, never from a view, so a revocation or a
deactivation takes effect with the next request, however far behind the views are.
A sign-in with a password, let in or refused, is recorded (``sign_in``); a bearer token's
every call is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from events.base import acting_as
from tracker.accounts.account import UserAccount
from tracker.accounts.account_fields import USERNAME, account_reference
from tracker.accounts.records import AccountRecords
from tracker.accounts.sign_in_attempt import SignInAttempt
from tracker.accounts.tokens import parse_bearer
from tracker.kernel.errors import TrackerError

NOT_SIGNED_IN = "anonymous"  # who records a refused sign-in: nobody proved who they are
NOT_A_USERNAME = "(not a username)"
NO_SUCH_ACCOUNT, WRONG_PASSWORD, DEACTIVATED = (
    "no such account", "wrong password", "account deactivated",
)  # fmt: skip


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


def account_of(app: AccountRecords, username: str) -> UserAccount | None:
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


def current_reader(app: AccountRecords, username: str) -> Reader | None:
    """The active account ``username`` as it stands now; None if gone or deactivated."""
    account = account_of(app, username)
    return reader_of(account) if account is not None and account.active else None


def typed_username(username: str) -> str:
    return username.strip().lower()[:100]


def by_password(app: AccountRecords, username: str, password: str) -> Reader | None:
    """The account if the password is its own and it is active; the same None otherwise."""
    name = typed_username(username)
    matched = app.credentials.matches(name, password)
    reader = current_reader(app, name)
    return reader if matched else None


def sign_in(app: AccountRecords, username: str, password: str) -> Reader | None:
    """``by_password``, recording the attempt: ``SignedIn`` by the user, or ``SignInRefused``
    with the reason, by nobody in particular."""
    name = typed_username(username)
    matched = app.credentials.matches(name, password)
    account = account_of(app, name)
    reader = reader_of(account) if matched and account is not None and account.active else None
    if reader is not None:
        with acting_as(reader.username):
            app.record(SignInAttempt.let_in(reader.username))
        return reader
    reason = NO_SUCH_ACCOUNT if account is None else DEACTIVATED if matched else WRONG_PASSWORD
    with acting_as(NOT_SIGNED_IN):
        app.record(SignInAttempt.refused(_as_recorded(name, account), reason))
    return None


def _as_recorded(name: str, account: UserAccount | None) -> str:
    """The name to keep for good: not one that could be nobody's username, since that is
    most often a password typed into the wrong field."""
    if account is None and not USERNAME.fullmatch(name):
        return NOT_A_USERNAME
    return name


def by_token(app: AccountRecords, bearer: str) -> Reader | None:
    """The account holding ``bearer`` if the token is still in use; None otherwise."""
    parsed = parse_bearer(bearer)
    if parsed is None:
        return None
    username, token_id, secret = parsed
    account = account_of(app, username)
    if account is None or not account.active or not account.token_matches(token_id, secret):
        return None
    return reader_of(account)
