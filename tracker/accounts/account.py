"""A user account: roles, clearance, forums and API tokens, each change an event.

What the roles allow is in ``roles``; how each field is checked, in ``account_fields``.
"""

from __future__ import annotations

import hmac
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from events import accounts
from tracker.accounts.account_fields import (
    account_reference,
    checked_email,
    checked_forums,
    checked_roles,
    checked_username,
)
from tracker.accounts.roles import CLEARANCES, PERMISSIONS, SENSITIVE_CLEARANCE
from tracker.accounts.tokens import secret_digest
from tracker.kernel.errors import RuleBroken
from tracker.kernel.references import item_id
from tracker.kernel.stored import StoredAggregate
from tracker.kernel.validation import choice, long_text, text


class UserAccount(StoredAggregate):
    """One person's account; the username never changes."""

    STORED_AS = "UserAccount"
    KIND = "user account"

    if TYPE_CHECKING:  # set from the events; see TrackerAggregate
        reference: str
        username: str
        display_name: str
        email: str
        roles: tuple[str, ...]
        clearance: str
        forums: tuple[str, ...]
        active: bool
        tokens: dict[str, str]
        token_labels: dict[str, str]

    @classmethod
    def register(
        cls, *, username: Any, display_name: Any, email: Any, roles: Any, clearance: Any,
        forums: Any = (),
    ) -> UserAccount:  # fmt: skip
        name = checked_username(username)
        reference = account_reference(name)
        return cls._create(
            accounts.UserRegistered,
            id=item_id(reference),
            username=name,
            display_name=text("display_name", display_name, max_length=100),
            email=checked_email(email),
            roles=checked_roles(roles),
            clearance=choice("clearance", clearance, CLEARANCES),
            forums=checked_forums(forums),
        )

    # -- decisions --------------------------------------------------------------------------

    def change_roles(self, roles: Any, reason: Any) -> None:
        self.trigger_event(
            accounts.UserRolesChanged,
            roles=checked_roles(roles),
            reason=long_text("reason", reason),
        )

    def change_clearance(self, clearance: Any, reason: Any) -> None:
        self.trigger_event(
            accounts.UserClearanceChanged,
            clearance=choice("clearance", clearance, CLEARANCES),
            reason=long_text("reason", reason),
        )

    def change_forums(self, forums: Any, reason: Any) -> None:
        self.trigger_event(
            accounts.UserForumsChanged,
            forums=checked_forums(forums),
            reason=long_text("reason", reason),
        )

    def change_details(self, display_name: Any, email: Any) -> None:
        self.trigger_event(
            accounts.UserDetailsChanged,
            display_name=text("display_name", display_name, max_length=100),
            email=checked_email(email),
        )

    def note_password_set(self) -> None:
        self.trigger_event(accounts.UserPasswordSet)

    def deactivate(self, reason: Any) -> None:
        if not self.active:
            raise RuleBroken(self.reference, "the account is already deactivated")
        self.trigger_event(accounts.UserDeactivated, reason=long_text("reason", reason))

    def reactivate(self, reason: Any) -> None:
        if self.active:
            raise RuleBroken(self.reference, "the account is already active")
        self.trigger_event(accounts.UserReactivated, reason=long_text("reason", reason))

    def issue_token(self, token_id: str, label: Any, secret: str) -> None:
        if not self.active:
            raise RuleBroken(self.reference, "a deactivated account cannot be given a token")
        self.trigger_event(
            accounts.ApiTokenIssued,
            token_id=token_id,
            label=text("label", label, max_length=100),
            secret_digest=secret_digest(secret),
        )

    def revoke_token(self, token_id: Any, reason: Any) -> None:
        if token_id not in self.tokens:
            raise RuleBroken(self.reference, f"has no token {token_id!r} in use")
        self.trigger_event(
            accounts.ApiTokenRevoked, token_id=token_id, reason=long_text("reason", reason)
        )

    # -- questions --------------------------------------------------------------------------

    @property
    def permissions(self) -> frozenset[str]:
        if not self.active:
            return frozenset()
        return frozenset().union(*(PERMISSIONS[role] for role in self.roles))

    @property
    def sensitive_cleared(self) -> bool:
        return self.clearance == SENSITIVE_CLEARANCE

    def token_matches(self, token_id: str, secret: str) -> bool:
        """Whether ``secret`` is that of a token of this account still in use."""
        digest = self.tokens.get(token_id)
        return digest is not None and hmac.compare_digest(digest, secret_digest(secret))

    # -- evolving state ---------------------------------------------------------------------

    @singledispatchmethod
    def apply(self, event: object) -> None:
        """Password changes and the like change nothing held here."""

    @apply.register
    def _(self, event: accounts.UserRegistered) -> None:
        self.username, self.reference = event.username, account_reference(event.username)
        self.display_name, self.email = event.display_name, event.email
        self.roles, self.clearance = tuple(event.roles), event.clearance
        self.forums = tuple(event.forums)
        self.active = True
        self.tokens, self.token_labels = {}, {}

    @apply.register
    def _(self, event: accounts.UserRolesChanged) -> None:
        self.roles = tuple(event.roles)

    @apply.register
    def _(self, event: accounts.UserClearanceChanged) -> None:
        self.clearance = event.clearance

    @apply.register
    def _(self, event: accounts.UserForumsChanged) -> None:
        self.forums = tuple(event.forums)

    @apply.register
    def _(self, event: accounts.UserDetailsChanged) -> None:
        self.display_name, self.email = event.display_name, event.email

    @apply.register
    def _(self, event: accounts.UserDeactivated) -> None:
        self.active = False

    @apply.register
    def _(self, event: accounts.UserReactivated) -> None:
        self.active = True

    @apply.register
    def _(self, event: accounts.ApiTokenIssued) -> None:
        self.tokens[event.token_id] = event.secret_digest
        self.token_labels[event.token_id] = event.label

    @apply.register
    def _(self, event: accounts.ApiTokenRevoked) -> None:
        self.tokens.pop(event.token_id, None)
        self.token_labels.pop(event.token_id, None)
