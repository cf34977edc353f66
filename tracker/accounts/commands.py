"""Commands on user accounts, given by admins (and by users for their own password)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.accounts.account_fields import account_reference, checked_username
from tracker.accounts.tokens import bearer
from tracker.kernel.commands import Command, check_expected_version
from tracker.kernel.errors import InvalidInput


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
        check_expected_version(self.expected_version)

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
        return bearer(self.username, self.token_id, self.secret)


@dataclass(frozen=True, kw_only=True)
class RevokeApiToken(AccountCommand):
    token_id: str
    reason: str
