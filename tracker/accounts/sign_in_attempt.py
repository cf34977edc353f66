"""A sign-in with a password, let in or refused, as a record of its own."""

from __future__ import annotations

from functools import singledispatchmethod
from uuid import uuid4

from events.accounts import SignedIn, SignInRefused
from tracker.accounts.account import UserAccount
from tracker.kernel.stored import StoredAggregate


class SignInAttempt(StoredAggregate):
    """One sign-in with a password, a record of its own (a random id, one event).

    Not the account's own stream: attempts then never contend with each other or with an
    admin's change to the account, a flood of wrong passwords grows no stream that every
    request replays, and a name nobody holds makes no account. Shown in the audit trail
    beside the account it names.
    """

    STORED_AS = "SignInAttempt"
    KIND = UserAccount.KIND

    @classmethod
    def let_in(cls, username: str) -> SignInAttempt:
        return cls._create(SignedIn, id=uuid4(), username=username)

    @classmethod
    def refused(cls, username: str, reason: str) -> SignInAttempt:
        return cls._create(SignInRefused, id=uuid4(), username=username, reason=reason)

    @singledispatchmethod
    def apply(self, event: object) -> None:
        """An attempt holds nothing but its one fact."""
