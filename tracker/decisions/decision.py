"""A decision of a forum, numbered in that forum's log, with its rationale in NDM order.

What its log entry must hold is checked in ``log_entry``; its states are in ``lifecycle``.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from events import decision as decision_events
from tracker.decisions.lifecycle import (
    CONCLUDE,
    CONCLUDED,
    CONFIRM,
    DECIDED,
    LIFECYCLE,
    PUT_UNDER_REVIEW,
    RESCIND,
    RESCINDED,
    SUPERSEDE,
    SUPERSEDED,
    UNDER_REVIEW,
    VARIED,
    VARY,
)
from tracker.decisions.log_entry import (
    NDM_FIELDS,
    checked_outcome,
    checked_rationale,
    checked_timing,
    sequence_number,
)
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.clock import london_day
from tracker.kernel.errors import InvalidInput
from tracker.kernel.forum_decision import ForumDecision
from tracker.kernel.markings import checked_marking
from tracker.kernel.references import item_id
from tracker.kernel.validation import long_text, text


class Decision(TrackerAggregate):
    """A decision of a forum, from its log entry to its end."""

    STORED_AS = "Decision"
    KIND = "decision"
    LIFECYCLE = LIFECYCLE
    AMENDABLE = (
        "meeting", "decision_maker", "action_chosen", "information_and_intelligence",
        "threat_and_risk", "powers_and_policy", "marking",
    )  # fmt: skip

    if TYPE_CHECKING:  # set from decision_events.DecisionRecorded; see TrackerAggregate
        sequence_number: int
        forum: str
        meeting: str
        decided_at: datetime
        decision_maker: str
        subject_reference: str
        information_and_intelligence: str
        threat_and_risk: str
        powers_and_policy: str
        action_chosen: str
        review_on: date
        outcome: str
        conditions: str
        retrospective: bool
        retrospective_reason: str
        supersedes: str

    @classmethod
    def record(
        cls,
        reference: str,
        *,
        now: datetime,
        series: str,
        marking: str,
        forum: str,
        meeting: str,
        decided_at: datetime | str,
        decision_maker: str,
        information_and_intelligence: str,
        threat_and_risk: str,
        powers_and_policy: str,
        options_considered: list[dict[str, str]],
        action_chosen: str,
        review_on: date | str,
        outcome: str,
        conditions: str = "",
        subject_reference: str = "",
        retrospective: bool = False,
        retrospective_reason: str = "",
        supersedes: str = "",
    ) -> Decision:
        """Enter a decision in its forum's log, numbered in its ``series`` (the forum's terms
        are checked by the handler); ``now`` decides whether it is retrospective."""
        decided, retrospective, retrospective_reason = checked_timing(
            decided_at, now, retrospective, retrospective_reason
        )
        outcome, conditions = checked_outcome(outcome, conditions)
        return cls._create(
            decision_events.DecisionRecorded,
            id=item_id(reference),
            reference=reference,
            sequence_number=sequence_number(reference, series),
            forum=text("forum", forum, max_length=60),
            meeting=text("meeting", meeting),
            marking=checked_marking(marking),
            decided_at=decided,
            decision_maker=text("decision_maker", decision_maker),
            subject_reference=_optional_reference("subject_reference", subject_reference),
            **checked_rationale(
                decided,
                information_and_intelligence=information_and_intelligence,
                threat_and_risk=threat_and_risk,
                powers_and_policy=powers_and_policy,
                options_considered=options_considered,
                action_chosen=action_chosen,
                review_on=review_on,
            ),
            outcome=outcome,
            conditions=conditions,
            retrospective=retrospective,
            retrospective_reason=retrospective_reason,
            supersedes=_optional_reference("supersedes", supersedes),
        )

    def taken(self) -> ForumDecision:
        """The decision as the item it is about receives it."""
        return ForumDecision(
            reference=self.reference,
            forum=self.forum,
            outcome=self.outcome,
            decided_on=london_day(self.decided_at),
            rationale=self.action_chosen,
        )

    def put_under_review(self, note: str) -> None:
        self._check_step(PUT_UNDER_REVIEW)
        self.trigger_event(decision_events.DecisionPutUnderReview, note=long_text("note", note))

    def confirm(self, note: str) -> None:
        """The review ends with the decision standing as it is."""
        self._check_step(CONFIRM)
        self.trigger_event(decision_events.DecisionConfirmed, note=long_text("note", note))

    def vary(self, variation: str, rationale: str) -> None:
        self._check_step(VARY)
        self.trigger_event(
            decision_events.DecisionVaried,
            variation=long_text("variation", variation),
            rationale=long_text("rationale", rationale),
        )

    def supersede(self, by: str, forum: str, decided_at: datetime) -> None:
        """Replaced by the later decision ``by`` of the same forum, decided at ``decided_at``."""
        by = _optional_reference("by", by)
        if not by:
            raise InvalidInput("by", "is required: name the decision that supersedes this one")
        self._check_step(SUPERSEDE)
        if forum != self.forum:
            raise self._refuse(f"only a later decision of the {self.forum} can supersede it; "
                               f"{by} is a decision of the {forum}")  # fmt: skip
        if decided_at < self.decided_at:
            raise self._refuse(f"{by} was decided before {self.reference}; only a later "
                               "decision can supersede it")  # fmt: skip
        self.trigger_event(decision_events.DecisionSuperseded, by=by)

    def rescind(self, reason: str) -> None:
        self._check_step(RESCIND)
        self.trigger_event(decision_events.DecisionRescinded, reason=long_text("reason", reason))

    def conclude(self, note: str) -> None:
        self._check_step(CONCLUDE)
        self.trigger_event(decision_events.DecisionConcluded, note=long_text("note", note))

    def _amended_value(self, field: str, value: str) -> str:
        if field in ("meeting", "decision_maker"):
            return text("new_value", value)  # as short as when first recorded
        return super()._amended_value(field, value)

    # -- evolving state -------------------------------------------------------------------

    @singledispatchmethod
    def apply(self, event: object) -> None:
        super().apply(event)

    @apply.register
    def _(self, event: decision_events.DecisionRecorded) -> None:
        for name in (
            "reference", "sequence_number", "forum", "meeting", "marking", "decided_at",
            "decision_maker", "subject_reference", *NDM_FIELDS, "action_chosen", "review_on",
            "outcome", "conditions", "retrospective", "retrospective_reason", "supersedes",
        ):  # fmt: skip
            setattr(self, name, getattr(event, name))
        self.options_considered = tuple(dict(option) for option in event.options_considered)
        self.recorded_at, self.recorder = event.timestamp, event.actor
        self.next_review = event.review_on
        self.state = DECIDED
        self.superseded_by = ""
        self.review_notes: tuple[str, ...] = ()
        self.variations: tuple[tuple[str, str], ...] = ()
        self.ending = ""

    @apply.register
    def _(self, event: decision_events.DecisionPutUnderReview) -> None:
        self.state = UNDER_REVIEW
        self.review_notes = (*self.review_notes, event.note)

    @apply.register
    def _(self, event: decision_events.DecisionConfirmed) -> None:
        self.state = DECIDED
        self.review_notes = (*self.review_notes, event.note)

    @apply.register
    def _(self, event: decision_events.DecisionVaried) -> None:
        self.state = VARIED
        self.variations = (*self.variations, (event.variation, event.rationale))

    @apply.register
    def _(self, event: decision_events.DecisionSuperseded) -> None:
        self.state, self.superseded_by = SUPERSEDED, event.by

    @apply.register
    def _(self, event: decision_events.DecisionRescinded) -> None:
        self.state, self.ending = RESCINDED, event.reason

    @apply.register
    def _(self, event: decision_events.DecisionConcluded) -> None:
        self.state, self.ending = CONCLUDED, event.note


def _optional_reference(field: str, value: Any) -> str:
    return text(field, value, max_length=40, required=False).upper()
