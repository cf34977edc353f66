"""Recipients from the user accounts and posts, with the configured directory for everyone else."""

from __future__ import annotations

from collections.abc import Sequence

from events.parties import post_id_of
from tracker.accounts.account import UserAccount
from tracker.accounts.records import AccountRecords
from tracker.forums.finding import forum_terms
from tracker.people.resolving import account_reached, active_account, holder_of, post_named
from tracker.reminders.recipients import Directory


class AccountDirectory:
    """Addresses and clearance from the user accounts, where a name is a person or a post.

    A post is whoever holds it at the moment of asking. A forum is chaired by its chair
    post's holder. Names that are neither (an older record's typed owner, a mailing list)
    come from the configured ``fallback``. A deactivated account gets no mail, and its
    clearance is not used.
    """

    def __init__(self, app: AccountRecords, fallback: Directory):
        self.app, self.fallback = app, fallback

    def person_of(self, name: str) -> str | None:
        """The username ``name`` reaches now (a post's holder); for a name of the
        fallback's, the name itself; None for nobody (a vacant post, say)."""
        if self._is_ours(name):
            return holder_of(self.app, name)
        return name if self.fallback.address_of(name) else None

    def _account(self, name: str) -> UserAccount | None:
        return account_reached(self.app, name)

    def _is_ours(self, name: str) -> bool:
        """Whether ``name`` is a person or a post rather than a name of the fallback's."""
        return post_id_of(name) is not None or active_account(self.app, name) is not None

    def address_of(self, name: str) -> str | None:
        if self._is_ours(name):
            account = self._account(name)
            return (account.email or None) if account else None
        return self.fallback.address_of(name)

    def chair_of(self, forum: str) -> str | None:
        terms = forum_terms(self.app, forum)
        if terms is not None and post_named(self.app, terms.chair_post) is not None:
            return terms.chair
        return self.fallback.chair_of(forum)

    def sensitive_cleared(self, name: str) -> bool:
        if self._is_ours(name):
            account = self._account(name)
            return account is not None and account.sensitive_cleared
        return self.fallback.sensitive_cleared(name)

    def governance(self) -> Sequence[str]:
        return self.fallback.governance()
