"""A forum as a record: established with its terms, rearranged by an admin when they change.

A standard forum (``standard_forums``) has its terms before it has a record; the first
change an admin makes records it with those terms, then the change, in one transaction.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from events import forums as forum_events
from tracker.forums.terms import (
    ForumTerms,
    checked_schedule,
    forum_reference,
)
from tracker.kernel.errors import RuleBroken
from tracker.kernel.references import item_id
from tracker.kernel.stored import StoredAggregate
from tracker.kernel.validation import long_text
from tracker.people.post import checked_post_id


class Forum(StoredAggregate):
    """A forum; its name and decision series never change."""

    STORED_AS = "Forum"
    KIND = "forum"

    if TYPE_CHECKING:  # set from the events
        reference: str
        name: str
        series: str
        chair_post: str
        schedule: str
        purpose: str

    @classmethod
    def establish(cls, terms: ForumTerms) -> Forum:
        """A forum with ``terms`` (checked by ``terms.checked_terms``)."""
        return cls._create(
            forum_events.ForumEstablished,
            id=item_id(forum_reference(terms.name)),
            name=terms.name,
            series=terms.series,
            chair_post=terms.chair_post,
            schedule=terms.schedule,
            purpose=terms.purpose,
        )

    @property
    def terms(self) -> ForumTerms:
        return ForumTerms(self.name, self.series, self.chair_post, self.schedule, self.purpose)

    def rearrange(self, *, chair_post: Any, schedule: Any, reason: Any) -> None:
        """A new chair post or schedule (either left blank stays as it is), and why."""
        chair = checked_post_id(chair_post) if chair_post else self.chair_post
        sits = checked_schedule(schedule) if schedule else self.schedule
        reason = long_text("reason", reason)
        if (chair, sits) == (self.chair_post, self.schedule):
            raise RuleBroken(f"forum {self.name}", "its chair and schedule are already so")
        self.trigger_event(
            forum_events.ForumRearranged, chair_post=chair, schedule=sits, reason=reason
        )

    # -- evolving state -------------------------------------------------------------------

    @singledispatchmethod
    def apply(self, event: object) -> None:
        """Events of other kinds change nothing."""

    @apply.register
    def _(self, event: forum_events.ForumEstablished) -> None:
        self.reference = forum_reference(event.name)
        self.name, self.series, self.purpose = event.name, event.series, event.purpose
        self.chair_post, self.schedule = event.chair_post, event.schedule

    @apply.register
    def _(self, event: forum_events.ForumRearranged) -> None:
        self.chair_post, self.schedule = event.chair_post, event.schedule
