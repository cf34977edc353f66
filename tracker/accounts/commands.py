"""Commands on user accounts, given by admins (and by users for their own password)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from tracker.accounts.account import UserAccount, account_reference, checked_username
from tracker.accounts.credentials import Credentials
from tracker.kernel.commands import Command, Handlers, Recorded, Records
from tracker.kernel.errors import InvalidInput

TOKEN_PREFIX = "trk"


@dataclass(frozen=True, kw_only=True)
class RegisterUser(Command):
    """Open an account; ``roles`` from DESIGN.md, ``clearance`` official or official-sensitive."""

    username: str
    display_name: str
    email: str = ""  # an account without one gets no mail
    roles: list[str]
    clearance: str = "official"
    forums: list[str] = field(default_factory=list)
    password: str = field(repr=False)


@dataclass(frozen=True, kw_only=True)
class AccountCommand(Command):
    """A command on an existing account, named by its username."""

    username: str
    expected_version: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self._set("username", checked_username(self.username))

    @property
    def reference(self) -> str:
        return account_reference(self.username)


@dataclass(frozen=True, kw_only=True)
class ChangeUserRoles(AccountCommand):
    roles: list[str]
    reason: str


@dataclass(frozen=True, kw_only=True)
class ChangeUserClearance(AccountCommand):
    clearance: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class ChangeUserForums(AccountCommand):
    forums: list[str]
    reason: str


@dataclass(frozen=True, kw_only=True)
class ChangeUserDetails(AccountCommand):
    display_name: str
    email: str


@dataclass(frozen=True, kw_only=True)
class SetPassword(AccountCommand):
    password: str = field(repr=False)


@dataclass(frozen=True, kw_only=True)
class DeactivateUser(AccountCommand):
    reason: str


@dataclass(frozen=True, kw_only=True)
class ReactivateUser(AccountCommand):
    reason: str


@dataclass(frozen=True, kw_only=True)
class IssueApiToken(AccountCommand):
    """Give the account a bearer token; make ``token_id`` and ``secret`` with ``new_token``."""

    label: str
    token_id: str
    secret: str = field(repr=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        if len(self.token_id) < 8 or not self.token_id.isalnum():
            raise InvalidInput("token_id", "must be at least 8 letters or digits")
        if len(self.secret) < 32:
            raise InvalidInput("secret", "must be at least 32 random characters")

    @property
    def bearer(self) -> str:
        """The token as its holder presents it: prefix, username, token id and secret."""
        return ".".join((TOKEN_PREFIX, self.username, self.token_id, self.secret))


@dataclass(frozen=True, kw_only=True)
class RevokeApiToken(AccountCommand):
    token_id: str
    reason: str


def new_token() -> tuple[str, str]:
    """A fresh token id and secret (256 random bits)."""
    return secrets.token_hex(8), secrets.token_urlsafe(32)


def parse_bearer(value: str) -> tuple[str, str, str] | None:
    """(username, token id, secret) of a bearer token, or None if it is not one of ours."""
    prefix, _, rest = value.strip().partition(".")
    parts = rest.rsplit(".", 2)  # a username may hold dots; the id and the secret never do
    if prefix != TOKEN_PREFIX or len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


class AccountRecords(Records, Protocol):
    """What the account handlers ask of the application: the passwords beside the log, too."""

    @property
    def credentials(self) -> Credentials:
        """Password hashes, written in the same transaction as the account's event."""


def register_user(app: AccountRecords, cmd: RegisterUser) -> Recorded:
    account = UserAccount.register(
        username=cmd.username, display_name=cmd.display_name, email=cmd.email,
        roles=cmd.roles, clearance=cmd.clearance, forums=cmd.forums,
    )  # fmt: skip
    with app.credentials.replacing(account.username, cmd.password):
        return app.record(account)


def set_password(app: AccountRecords, cmd: SetPassword) -> Recorded:
    account = app.load(UserAccount, cmd.reference, cmd.expected_version)
    account.note_password_set()
    with app.credentials.replacing(account.username, cmd.password):
        return app.record(account)


def _change(
    app: Records, cmd: AccountCommand, step: Callable[..., object], *args: object
) -> Recorded:
    account = app.load(UserAccount, cmd.reference, cmd.expected_version)
    step(account, *args)
    return app.record(account)


def change_roles(app: Records, cmd: ChangeUserRoles) -> Recorded:
    return _change(app, cmd, UserAccount.change_roles, cmd.roles, cmd.reason)


def change_clearance(app: Records, cmd: ChangeUserClearance) -> Recorded:
    return _change(app, cmd, UserAccount.change_clearance, cmd.clearance, cmd.reason)


def change_forums(app: Records, cmd: ChangeUserForums) -> Recorded:
    return _change(app, cmd, UserAccount.change_forums, cmd.forums, cmd.reason)


def change_details(app: Records, cmd: ChangeUserDetails) -> Recorded:
    return _change(app, cmd, UserAccount.change_details, cmd.display_name, cmd.email)


def deactivate(app: Records, cmd: DeactivateUser) -> Recorded:
    return _change(app, cmd, UserAccount.deactivate, cmd.reason)


def reactivate(app: Records, cmd: ReactivateUser) -> Recorded:
    return _change(app, cmd, UserAccount.reactivate, cmd.reason)


def issue_token(app: Records, cmd: IssueApiToken) -> Recorded:
    return _change(app, cmd, UserAccount.issue_token, cmd.token_id, cmd.label, cmd.secret)


def revoke_token(app: Records, cmd: RevokeApiToken) -> Recorded:
    return _change(app, cmd, UserAccount.revoke_token, cmd.token_id, cmd.reason)


HANDLERS: Handlers = {
    RegisterUser: register_user,
    SetPassword: set_password,
    ChangeUserRoles: change_roles,
    ChangeUserClearance: change_clearance,
    ChangeUserForums: change_forums,
    ChangeUserDetails: change_details,
    DeactivateUser: deactivate,
    ReactivateUser: reactivate,
    IssueApiToken: issue_token,
    RevokeApiToken: revoke_token,
}
