"""Facts of user accounts: who may sign in, with which roles and clearance, and their tokens.

Every grant and revocation is an event, so the audit trail shows who gave whom what and
when. Secrets are not facts: a password's hash lives outside the log (it must be
replaceable and never exported), and a token is kept only as a digest of a random secret.
"""

from __future__ import annotations

from events.base import TrackerCreated, TrackerEvent


class UserRegistered(TrackerCreated):
    """An account for ``username`` (lower case), with its first roles and clearance."""

    TOPIC = "UserRegistered"
    username: str
    display_name: str
    email: str
    roles: list[str]
    clearance: str
    forums: list[str]


class UserRolesChanged(TrackerEvent):
    """The account's roles are now ``roles``."""

    TOPIC = "UserRolesChanged"
    roles: list[str]
    reason: str


class UserClearanceChanged(TrackerEvent):
    """The account's clearance is now ``clearance``."""

    TOPIC = "UserClearanceChanged"
    clearance: str
    reason: str


class UserForumsChanged(TrackerEvent):
    """The forums and boards the user sits on (and may record decisions of)."""

    TOPIC = "UserForumsChanged"
    forums: list[str]
    reason: str


class UserDetailsChanged(TrackerEvent):
    """The name shown for the user and their e-mail address."""

    TOPIC = "UserDetailsChanged"
    display_name: str
    email: str


class UserPasswordSet(TrackerEvent):
    """A new password was set (its hash is kept outside the log)."""

    TOPIC = "UserPasswordSet"


class UserDeactivated(TrackerEvent):
    """The account may no longer sign in or use its tokens."""

    TOPIC = "UserDeactivated"
    reason: str


class UserReactivated(TrackerEvent):
    TOPIC = "UserReactivated"
    reason: str


class ApiTokenIssued(TrackerEvent):
    """A bearer token for the API; ``secret_digest`` is the SHA-256 of its random secret."""

    TOPIC = "ApiTokenIssued"
    token_id: str
    label: str
    secret_digest: str


class ApiTokenRevoked(TrackerEvent):
    TOPIC = "ApiTokenRevoked"
    token_id: str
    reason: str


class SignInAttempted(TrackerCreated):
    """A sign-in with a password: each attempt is a record of its own, never an account's.

    ``username`` is as typed (trimmed, lower case), so a name nobody holds is recorded
    without making an account; the audit trail shows the attempt beside the account named.
    """

    abstract = True
    username: str


class SignedIn(SignInAttempted):
    """``username`` signed in with their password."""

    TOPIC = "SignedIn"


class SignInRefused(SignInAttempted):
    """A sign-in as ``username`` was refused; ``reason`` says why (for the audit, never the
    person signing in: the page says the same whatever the reason)."""

    TOPIC = "SignInRefused"
    reason: str
