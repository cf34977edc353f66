"""User accounts: roles, clearance, forums and API tokens, each change an event.

Roles are those of DESIGN.md; each grants permissions, and a user may hold several (a
decision maker who also logs requests, say). Clearance decides whether OFFICIAL-SENSITIVE
items exist for the user at all.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from events.accounts import (
    ApiTokenIssued,
    ApiTokenRevoked,
    UserClearanceChanged,
    UserDeactivated,
    UserDetailsChanged,
    UserForumsChanged,
    UserPasswordSet,
    UserReactivated,
    UserRegistered,
    UserRolesChanged,
)
from tracker.kernel.aggregate import StoredAggregate, item_id
from tracker.kernel.errors import InvalidInput, RuleBroken
from tracker.kernel.validation import choice, long_text, text, text_list

VIEWER, STAFF, DECISION_MAKER = "viewer", "staff", "decision-maker"
DEBRIEF_LEAD, GOVERNANCE, ADMIN = "debrief-lead", "governance", "admin"
ROLES = (VIEWER, STAFF, DECISION_MAKER, DEBRIEF_LEAD, GOVERNANCE, ADMIN)

OFFICIAL_CLEARANCE, SENSITIVE_CLEARANCE = "official", "official-sensitive"
CLEARANCES = (OFFICIAL_CLEARANCE, SENSITIVE_CLEARANCE)

# What each role may do. Reading is every role's but the admin's: managing accounts gives
# no sight of the casework (an admin who must read it holds a second role).
READ, LOG, DECIDE, LEARN = "read", "log", "decide", "learn"
AUDIT, ADMINISTER = "audit", "administer"
PERMISSIONS = {
    VIEWER: {READ},
    STAFF: {READ, LOG},
    DECISION_MAKER: {READ, DECIDE},
    DEBRIEF_LEAD: {READ, LEARN},
    GOVERNANCE: {READ, AUDIT},
    ADMIN: {ADMINISTER},
}

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+")
ACCOUNT_SERIES = "USER"


def account_reference(username: str) -> str:
    """The account's reference in the log, e.g. "USER/ana"; its id derives from it."""
    return f"{ACCOUNT_SERIES}/{username.strip().lower()}"


def checked_username(value: Any) -> str:
    name = text("username", value, max_length=40).lower()
    if not USERNAME.fullmatch(name):
        raise InvalidInput(
            "username", "must be 2 to 40 letters, digits, dots, dashes or underscores"
        )
    return name


def checked_email(value: Any) -> str:
    """An address, or "" for an account that gets no mail."""
    address = text("email", value, max_length=254, required=False)
    if address and not EMAIL.fullmatch(address):
        raise InvalidInput("email", f"is not an e-mail address: {address!r}")
    return address


def checked_roles(value: Any) -> list[str]:
    roles = text_list("roles", value, max_items=len(ROLES))
    if not roles:
        raise InvalidInput("roles", "must name at least one role")
    for role in roles:
        choice("roles", role, ROLES)
    return sorted(set(roles))


def checked_forums(value: Any) -> list[str]:
    return sorted({forum.strip() for forum in text_list("forums", value) if forum.strip()})


def secret_digest(secret: str) -> str:
    """A token's secret is random and long, so a fast hash keeps it safe to store."""
    return hashlib.sha256(secret.encode()).hexdigest()


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
            UserRegistered,
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
            UserRolesChanged, roles=checked_roles(roles), reason=long_text("reason", reason)
        )

    def change_clearance(self, clearance: Any, reason: Any) -> None:
        self.trigger_event(
            UserClearanceChanged,
            clearance=choice("clearance", clearance, CLEARANCES),
            reason=long_text("reason", reason),
        )

    def change_forums(self, forums: Any, reason: Any) -> None:
        self.trigger_event(
            UserForumsChanged, forums=checked_forums(forums), reason=long_text("reason", reason)
        )

    def change_details(self, display_name: Any, email: Any) -> None:
        self.trigger_event(
            UserDetailsChanged,
            display_name=text("display_name", display_name, max_length=100),
            email=checked_email(email),
        )

    def note_password_set(self) -> None:
        self.trigger_event(UserPasswordSet)

    def deactivate(self, reason: Any) -> None:
        if not self.active:
            raise RuleBroken(self.reference, "the account is already deactivated")
        self.trigger_event(UserDeactivated, reason=long_text("reason", reason))

    def reactivate(self, reason: Any) -> None:
        if self.active:
            raise RuleBroken(self.reference, "the account is already active")
        self.trigger_event(UserReactivated, reason=long_text("reason", reason))

    def issue_token(self, token_id: str, label: Any, secret: str) -> None:
        if not self.active:
            raise RuleBroken(self.reference, "a deactivated account cannot be given a token")
        self.trigger_event(
            ApiTokenIssued,
            token_id=token_id,
            label=text("label", label, max_length=100),
            secret_digest=secret_digest(secret),
        )

    def revoke_token(self, token_id: Any, reason: Any) -> None:
        if token_id not in self.tokens:
            raise RuleBroken(self.reference, f"has no token {token_id!r} in use")
        self.trigger_event(ApiTokenRevoked, token_id=token_id, reason=long_text("reason", reason))

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
    def _(self, event: UserRegistered) -> None:
        self.username, self.reference = event.username, account_reference(event.username)
        self.display_name, self.email = event.display_name, event.email
        self.roles, self.clearance = tuple(event.roles), event.clearance
        self.forums = tuple(event.forums)
        self.active = True
        self.tokens, self.token_labels = {}, {}

    @apply.register
    def _(self, event: UserRolesChanged) -> None:
        self.roles = tuple(event.roles)

    @apply.register
    def _(self, event: UserClearanceChanged) -> None:
        self.clearance = event.clearance

    @apply.register
    def _(self, event: UserForumsChanged) -> None:
        self.forums = tuple(event.forums)

    @apply.register
    def _(self, event: UserDetailsChanged) -> None:
        self.display_name, self.email = event.display_name, event.email

    @apply.register
    def _(self, event: UserDeactivated) -> None:
        self.active = False

    @apply.register
    def _(self, event: UserReactivated) -> None:
        self.active = True

    @apply.register
    def _(self, event: ApiTokenIssued) -> None:
        self.tokens[event.token_id] = event.secret_digest
        self.token_labels[event.token_id] = event.label

    @apply.register
    def _(self, event: ApiTokenRevoked) -> None:
        self.tokens.pop(event.token_id, None)
        self.token_labels.pop(event.token_id, None)
