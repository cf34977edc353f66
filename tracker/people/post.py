"""A post (the Head of Intelligence, the RTTCG chair), held by one person at a time.

Owning an item through a post means whoever holds the post when it is used: a reminder goes
to the holder of that day, and the record names the person it went to.
"""

from __future__ import annotations

import re
from datetime import date
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from events import posts
from events.parties import post_party
from tracker.kernel.clock import london_today
from tracker.kernel.errors import InvalidInput, RuleBroken
from tracker.kernel.references import item_id
from tracker.kernel.stored import StoredAggregate
from tracker.kernel.validation import a_date, long_text, text

POST_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,59}")
POST_SERIES = "POST"


def post_reference(post_id: str) -> str:
    """The post's reference in the log, e.g. "POST/head-of-intelligence"."""
    return f"{POST_SERIES}/{post_id.strip().lower()}"


def checked_post_id(value: Any) -> str:
    post_id = text("post_id", value, max_length=60).lower()
    if not POST_ID.fullmatch(post_id):
        raise InvalidInput("post_id", "must be 2 to 60 lower-case letters, digits or dashes")
    return post_id


class Post(StoredAggregate):
    """A post and who holds it; its id never changes."""

    STORED_AS = "Post"
    KIND = "post"

    if TYPE_CHECKING:  # set from the events
        reference: str
        post_id: str
        title: str
        holder: str  # a username, or "" while vacant
        since: date | None

    @classmethod
    def establish(cls, *, post_id: Any, title: Any) -> Post:
        checked = checked_post_id(post_id)
        return cls._create(
            posts.PostEstablished,
            id=item_id(post_reference(checked)),
            post_id=checked,
            title=text("title", title, max_length=100),
        )

    @property
    def party(self) -> str:
        """How records name this post."""
        return post_party(self.post_id)

    def assign(self, holder: str, since: Any = None, note: Any = "") -> None:
        """``holder`` (an active account's username, checked by the handler) holds it now."""
        day = a_date("since", since, required=False) or london_today()
        note = long_text("note", note, required=False)
        if holder == self.holder:
            raise self._refuse(f"{holder} already holds it")
        if self.since is not None and day < self.since:
            raise self._refuse(f"it has been held as it is since {self.since.isoformat()}")
        if self.holder:
            self.trigger_event(posts.PostHandedOver, holder=holder, previous=self.holder,
                               since=day, note=note)  # fmt: skip
        else:
            self.trigger_event(posts.PostAssigned, holder=holder, since=day, note=note)

    def vacate(self, reason: Any, since: Any = None) -> None:
        day = a_date("since", since, required=False) or london_today()
        reason = long_text("reason", reason)
        if not self.holder:
            raise self._refuse("it is vacant already")
        self.trigger_event(posts.PostVacated, previous=self.holder, since=day, reason=reason)

    def _refuse(self, why: str) -> RuleBroken:
        return RuleBroken(f"post {self.post_id}", why)

    # -- evolving state -------------------------------------------------------------------

    @singledispatchmethod
    def apply(self, event: object) -> None:
        """Events of other kinds change nothing."""

    @apply.register
    def _(self, event: posts.PostEstablished) -> None:
        self.post_id, self.title = event.post_id, event.title
        self.reference = post_reference(event.post_id)
        self.holder, self.since = "", None

    @apply.register
    def _(self, event: posts.PostAssigned) -> None:
        self.holder, self.since = event.holder, event.since

    @apply.register
    def _(self, event: posts.PostHandedOver) -> None:
        self.holder, self.since = event.holder, event.since

    @apply.register
    def _(self, event: posts.PostVacated) -> None:
        self.holder, self.since = "", event.since
