"""A request for support from the NCA or a partner that is not a formal tasking.

Its channels, states and steps are in ``lifecycle``: the emergency route is authorised at
once, then ratified or not at the next weekly tasking meeting; a gateway request is assessed,
then decided by the weekly tasking meeting or, through the RIG, by the RTTCG.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from events import support_request
from tracker.kernel.clock import london_day
from tracker.kernel.forum_decision import DEFERRED as DEFERRED_OUTCOME
from tracker.kernel.forum_decision import NOTED, ForumDecision
from tracker.kernel.markings import checked_marking
from tracker.kernel.references import item_id
from tracker.kernel.validation import a_date, a_moment, choice, flag, long_text, text
from tracker.support.lifecycle import (
    ASSESS,
    ASSESSED,
    AUTHORISE,
    AUTHORISED,
    AUTHORISERS,
    AWAITING,
    CHANNELS,
    CLOSE,
    DEFERRED,
    LIFECYCLE,
    LIST,
    NOT_RATIFY,
    OUTCOME_OF_DECISION,
    OUTCOMES,
    RATIFY,
    REFER_TO_RIG,
    REFER_TO_RTTCG,
    REVIEW_INTERVAL,
    REVIEW_MONITORING,
    STEP_FOR_OUTCOME,
)
from tracker.support.request_state import SupportRequestState


class SupportRequest(SupportRequestState):
    """A support request, from receipt through its decision and weekly monitoring to closure."""

    STORED_AS = "SupportRequest"
    KIND = "support request"
    LIFECYCLE = LIFECYCLE
    AMENDABLE = ("title", "description", "requester", "marking")

    @classmethod
    def receive(
        cls,
        reference: str,
        *,
        marking: str,
        channel: str,
        requester: str,
        received_on: date,
        title: str,
        description: str,
    ) -> SupportRequest:
        """Log a request as received through the gateway or by the emergency route."""
        return cls._create(
            support_request.SupportRequestReceived,
            id=item_id(reference),
            reference=reference,
            marking=checked_marking(marking),
            channel=choice("channel", channel, CHANNELS),
            requester=text("requester", requester),
            received_on=a_date("received_on", received_on),
            title=text("title", title),
            description=long_text("description", description),
        )

    # -- the emergency route --------------------------------------------------------------

    def authorise(
        self, authorised_by: str, authorised_as: str, authorised_at: datetime, reason: str
    ) -> None:
        """Authorise an emergency request at once, pending ratification."""
        self._check_step(AUTHORISE)
        authorised_by = text("authorised_by", authorised_by)
        authorised_as = choice("authorised_as", authorised_as, AUTHORISERS)
        authorised_at = a_moment("authorised_at", authorised_at)
        reason = long_text("reason", reason)
        authorised_on = london_day(authorised_at)
        if authorised_on < self.received_on:
            raise self._refuse(f"authorised on {authorised_on}, before the request was "
                               f"received on {self.received_on}")  # fmt: skip
        self.trigger_event(
            support_request.SupportRequestAuthorised,
            authorised_by=authorised_by,
            authorised_as=authorised_as,
            authorised_at=authorised_at,
            reason=reason,
        )

    def ratify(self, meeting_on: date, rationale: str, decision_reference: str) -> None:
        self._check_step(RATIFY)
        self._ratification(
            support_request.SupportRequestRatified, meeting_on, rationale, decision_reference
        )

    def not_ratify(self, meeting_on: date, rationale: str, decision_reference: str) -> None:
        """The meeting refuses the emergency authorisation; the support ends."""
        self._check_step(NOT_RATIFY)
        self._ratification(
            support_request.SupportRequestNotRatified, meeting_on, rationale, decision_reference
        )

    def _ratification(
        self,
        event: type[
            support_request.SupportRequestRatified | support_request.SupportRequestNotRatified
        ],
        meeting_on: date,
        rationale: str,
        decision_reference: str,
    ) -> None:
        meeting_on = a_date("meeting_on", meeting_on)
        rationale = long_text("rationale", rationale)
        decision_reference = _decision_reference(decision_reference, required=True)
        # Ratifying is a step only from AUTHORISED, so the authorisation's moment is set.
        authorised_on = london_day(cast(datetime, self.authorised_at))
        if meeting_on < authorised_on:
            raise self._refuse(f"the meeting of {meeting_on} came before the emergency "
                               f"authorisation of {authorised_on}")  # fmt: skip
        self.trigger_event(event, meeting_on=meeting_on, rationale=rationale,
                           decision_reference=decision_reference)  # fmt: skip

    # -- assessment, the weekly tasking meeting, the RIG and the RTTCG --------------------

    def _steps_ruled_out(self) -> set[str]:
        # A significant request goes to the RIG; any other to the weekly tasking meeting.
        if self.state != ASSESSED:
            return set()
        return {LIST} if self.significant_impact else {REFER_TO_RIG}

    def assess(self, significant_impact: bool, note: str) -> None:
        """Record whether it has a significant impact on the region or ROCU capabilities."""
        self._check_step(ASSESS)
        self.trigger_event(
            support_request.SupportRequestAssessed,
            significant_impact=flag("significant_impact", significant_impact),
            note=long_text("note", note),
        )

    def list_for_meeting(self, meeting_on: date, note: str = "") -> None:
        self._check_step(LIST)
        meeting_on = a_date("meeting_on", meeting_on)
        note = long_text("note", note, required=False)
        if self.significant_impact:
            raise self._refuse("it has a significant impact: refer it to the RIG, not the "
                               "weekly tasking meeting")  # fmt: skip
        if meeting_on < self.received_on:
            raise self._refuse(f"the meeting of {meeting_on} is before the request was "
                               f"received on {self.received_on}")  # fmt: skip
        # A deferred request was listed before, so it has the meeting that deferred it.
        if self.state == DEFERRED and meeting_on <= cast(date, self.meeting_on):
            raise self._refuse(f"it was deferred at the meeting of {self.meeting_on}; list "
                               "it for a later meeting")  # fmt: skip
        self.trigger_event(support_request.SupportRequestListed, meeting_on=meeting_on, note=note)

    def refer_to_rig(self, note: str) -> None:
        self._check_step(REFER_TO_RIG)
        note = long_text("note", note)
        if not self.significant_impact:
            raise self._refuse("it was assessed as having no significant impact: list it "
                               "for the weekly tasking meeting")  # fmt: skip
        self.trigger_event(support_request.SupportRequestReferredToRIG, note=note)

    def refer_to_rttcg(self, note: str) -> None:
        self._check_step(REFER_TO_RTTCG)
        self.trigger_event(
            support_request.SupportRequestReferredToRTTCG, note=long_text("note", note)
        )

    def decide(
        self, outcome: str, rationale: str, decision_reference: str, decided_on: date
    ) -> None:
        """The weekly tasking meeting's or the RTTCG's decision, with its rationale."""
        outcome = choice("outcome", outcome, OUTCOMES)
        self._check_step(STEP_FOR_OUTCOME[outcome])
        self.trigger_event(
            support_request.SupportRequestDecided,
            forum=self.awaited_forum,
            outcome=outcome,
            rationale=long_text("rationale", rationale),
            decision_reference=_decision_reference(decision_reference, required=True),
            decided_on=a_date("decided_on", decided_on),
        )

    def take_decision(self, decision: ForumDecision) -> bool:
        """Ratified or not, or decided, by the forum it awaits; whether the request moved.

        A decision about a request that awaits none (one being monitored, say) leaves it
        where it is; one of a forum other than the one it awaits is refused.
        """
        forum = self.awaited_forum
        if not forum:
            return False
        if decision.forum != forum:
            raise self._refuse(f"it awaits the decision of the {forum}; {decision.reference} "
                               f"is a decision of the {decision.forum}")  # fmt: skip
        if self.state == AUTHORISED:
            self._take_ratification(decision)
        elif decision.outcome == NOTED:  # noted (a report on it, say): it waits on
            return False
        else:
            outcome = OUTCOME_OF_DECISION[decision.outcome]
            self.decide(outcome, decision.rationale, decision.reference, decision.decided_on)
        return True

    def _take_ratification(self, decision: ForumDecision) -> None:
        if decision.outcome in (DEFERRED_OUTCOME, NOTED):
            raise self._refuse("an emergency authorisation is ratified or not ratified at the "
                               f"meeting; it cannot be {decision.outcome}")  # fmt: skip
        step = self.ratify if decision.approves else self.not_ratify
        step(decision.decided_on, decision.rationale, decision.reference)

    @property
    def awaited_forum(self) -> str:
        """The forum whose decision the request waits for now, if any."""
        return AWAITING.get(self.state, "")

    # -- monitoring -----------------------------------------------------------------------

    def review_monitoring(
        self, note: str, reviewed_on: date, next_review: date | None = None
    ) -> None:
        """The weekly review by the Head of Intelligence with the NCA's co-ordinator."""
        self._check_step(REVIEW_MONITORING)
        note = long_text("note", note)
        reviewed_on = a_date("reviewed_on", reviewed_on)
        next_review = a_date("next_review", next_review, required=False)
        next_review = next_review or reviewed_on + REVIEW_INTERVAL
        if next_review <= reviewed_on:
            raise self._refuse(f"the next review ({next_review}) must come after this one "
                               f"({reviewed_on})")  # fmt: skip
        self.trigger_event(support_request.SupportRequestMonitoringReviewed, note=note,
                           reviewed_on=reviewed_on, next_review=next_review)  # fmt: skip

    def close(self, outcome: str) -> None:
        self._check_step(CLOSE)
        self.trigger_event(
            support_request.SupportRequestClosed, outcome=long_text("outcome", outcome)
        )


def _decision_reference(value: str, *, required: bool) -> str:
    return text("decision_reference", value, max_length=40, required=required).upper()
