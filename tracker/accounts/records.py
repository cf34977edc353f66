"""What the account handlers and sign-in ask of the application."""

from __future__ import annotations

from typing import Protocol

from tracker.accounts.credentials import Credentials
from tracker.kernel.commands import Records


class AccountRecords(Records, Protocol):
    """The records, and the passwords kept beside the log."""

    @property
    def credentials(self) -> Credentials:
        """Password hashes, written in the same transaction as the account's event."""
