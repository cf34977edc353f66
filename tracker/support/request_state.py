"""What a support request holds, as its events evolve it: no rules, clock or I/O.

``SupportRequest`` (in ``request``) takes the decisions; each of its events lands here.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import singledispatchmethod
from typing import TYPE_CHECKING

from events import support_request
from tracker.kernel.aggregate import TrackerAggregate
from tracker.support.lifecycle import (
    ASSESSED,
    AUTHORISED,
    CLOSED,
    EMERGENCY_ROUTE,
    LISTED,
    MONITORED,
    NOT_RATIFIED,
    RATIFIED,
    RECEIVED,
    RECEIVED_BY_EMERGENCY_ROUTE,
    REFERRED_TO_RIG,
    REFERRED_TO_RTTCG,
    WEEKLY_MEETING,
    state_after_decision,
)


class SupportRequestState(TrackerAggregate):
    """A support request's facts and state, evolved from its events."""

    if TYPE_CHECKING:  # set from support_request.SupportRequestReceived; see TrackerAggregate
        channel: str
        requester: str
        received_on: date
        title: str
        description: str

    @property
    def is_emergency(self) -> bool:
        return self.channel == EMERGENCY_ROUTE

    @singledispatchmethod
    def apply(self, event: object) -> None:
        super().apply(event)

    @apply.register
    def _(self, event: support_request.SupportRequestReceived) -> None:
        for name in ("reference", "marking", "channel", "requester", "received_on", "title",
                     "description"):  # fmt: skip
            setattr(self, name, getattr(event, name))
        self.state = RECEIVED_BY_EMERGENCY_ROUTE if self.is_emergency else RECEIVED
        self.authorised_by = self.authorised_as = self.authorisation_reason = ""
        self.authorised_at: datetime | None = None
        self.significant_impact = False
        self.assessment = ""
        self.meeting_on: date | None = None
        self.referrals: tuple[str, ...] = ()
        self.decided_by = self.decision = self.rationale = self.decision_reference = ""
        self.reviews: tuple[str, ...] = ()
        self.next_review: date | None = None
        self.last_review: datetime | None = None
        self.outcome = ""

    @apply.register
    def _(self, event: support_request.SupportRequestAuthorised) -> None:
        self.state = AUTHORISED
        self.authorised_by, self.authorised_as = event.authorised_by, event.authorised_as
        self.authorised_at, self.authorisation_reason = event.authorised_at, event.reason

    @apply.register
    def _(self, event: support_request.SupportRequestRatified) -> None:
        self.state, self.decision = MONITORED, RATIFIED
        self._decided(WEEKLY_MEETING, event.meeting_on, event.rationale, event.decision_reference)

    @apply.register
    def _(self, event: support_request.SupportRequestNotRatified) -> None:
        self.state, self.decision = NOT_RATIFIED, NOT_RATIFIED
        self._decided(WEEKLY_MEETING, event.meeting_on, event.rationale, event.decision_reference)

    def _decided(self, forum: str, meeting_on: date | None, rationale: str, reference: str) -> None:
        self.decided_by, self.meeting_on = forum, meeting_on
        self.rationale, self.decision_reference = rationale, reference

    @apply.register
    def _(self, event: support_request.SupportRequestAssessed) -> None:
        self.state = ASSESSED
        self.significant_impact, self.assessment = event.significant_impact, event.note

    @apply.register
    def _(self, event: support_request.SupportRequestListed) -> None:
        self.state, self.meeting_on = LISTED, event.meeting_on

    @apply.register
    def _(self, event: support_request.SupportRequestReferredToRIG) -> None:
        self.state = REFERRED_TO_RIG
        self.referrals = (*self.referrals, f"RIG: {event.note}")

    @apply.register
    def _(self, event: support_request.SupportRequestReferredToRTTCG) -> None:
        self.state = REFERRED_TO_RTTCG
        self.referrals = (*self.referrals, f"RTTCG: {event.note}")

    @apply.register
    def _(self, event: support_request.SupportRequestDecided) -> None:
        self.state = state_after_decision(event.forum, event.outcome)
        self.decision = event.outcome
        self._decided(event.forum, event.decided_on, event.rationale, event.decision_reference)

    @apply.register
    def _(self, event: support_request.SupportRequestMonitoringReviewed) -> None:
        self.reviews = (*self.reviews, event.note)
        self.next_review, self.last_review = event.next_review, event.timestamp

    @apply.register
    def _(self, event: support_request.SupportRequestClosed) -> None:
        self.state, self.outcome, self.next_review = CLOSED, event.outcome, None
