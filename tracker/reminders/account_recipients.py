"""Recipients from the user accounts, with the configured directory for everyone else."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.accounts.account import UserAccount
from tracker.accounts.account_fields import USERNAME
from tracker.accounts.records import AccountRecords
from tracker.accounts.sign_in import account_of
from tracker.reminders.recipients import Directory


class AccountDirectory:
    """Addresses and clearance from the user accounts, where a name is a username.

    Owners are often typed as names or roles ("DCI A. Patel", "Head of Intelligence"),
    and accounts record no chairs or mailing lists, so those come from the configured
    ``fallback``. A deactivated account gets no mail, and its clearance is not used.
    """

    def __init__(self, app: AccountRecords, fallback: Directory):
        self.app, self.fallback = app, fallback

    def _account(self, name: str) -> UserAccount | None:
        username = name.strip().lower()
        if not USERNAME.fullmatch(username):
            return None
        account = account_of(self.app, username)
        return account if account is not None and account.active else None

    def address_of(self, name: str) -> str | None:
        account = self._account(name)
        if account is not None:
            return account.email or None
        return self.fallback.address_of(name)

    def chair_of(self, forum: str) -> str | None:
        return self.fallback.chair_of(forum)

    def sensitive_cleared(self, name: str) -> bool:
        account = self._account(name)
        if account is not None:
            return account.sensitive_cleared
        return self.fallback.sensitive_cleared(name)

    def governance(self) -> Sequence[str]:
        return self.fallback.governance()
