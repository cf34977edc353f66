"""A decision of a forum, numbered in that forum's log, with its rationale in NDM order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from events.decision import (
    DecisionConcluded,
    DecisionConfirmed,
    DecisionPutUnderReview,
    DecisionRecorded,
    DecisionRescinded,
    DecisionSuperseded,
    DecisionVaried,
)
from tracker.kernel.aggregate import TrackerAggregate, checked_marking, item_id
from tracker.kernel.errors import InvalidInput
from tracker.kernel.validation import a_date, a_moment, choice, flag, long_text, text

# Each forum numbers its own decisions: "RTTCG-12" is the RTTCG's twelfth.
FORUM_SERIES = {
    "weekly tasking meeting": "WTM",
    "RTTCG": "RTTCG",
    "RIG": "RIG",
    "Gold command meeting": "GOLD",
    "Silver command meeting": "SILVER",
    "Bronze command meeting": "BRONZE",
    "governance board": "BOARD",
}
FORUMS = tuple(FORUM_SERIES)

APPROVED, WITH_CONDITIONS = "approved", "approved with conditions"
OUTCOMES = (APPROVED, WITH_CONDITIONS, "declined", "deferred")

# A policy-file entry made this long after the decision is no longer contemporaneous.
RETROSPECTIVE_AFTER = timedelta(hours=12)
# Clocks of the recorder's device and the server may differ a little.
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_OPTIONS = 20
OPTIONS = "options_considered"

DECIDED = "decided"
UNDER_REVIEW = "under review"
VARIED = "varied"
SUPERSEDED = "superseded"
RESCINDED = "rescinded"
CONCLUDED = "concluded"

PUT_UNDER_REVIEW, CONFIRM, VARY = "put under review", "confirm", "vary"
SUPERSEDE, RESCIND, CONCLUDE = "supersede", "rescind", "conclude"

_ENDINGS = {SUPERSEDE: SUPERSEDED, RESCIND: RESCINDED, CONCLUDE: CONCLUDED}
LIFECYCLE = {
    DECIDED: {PUT_UNDER_REVIEW: UNDER_REVIEW, VARY: VARIED, **_ENDINGS},
    UNDER_REVIEW: {CONFIRM: DECIDED, VARY: VARIED, **_ENDINGS},
    # A varied decision may be varied again at a later meeting without a formal review.
    VARIED: {PUT_UNDER_REVIEW: UNDER_REVIEW, VARY: VARIED, **_ENDINGS},
    SUPERSEDED: {},
    RESCINDED: {},
    CONCLUDED: {},
}
NDM_FIELDS = ("information_and_intelligence", "threat_and_risk", "powers_and_policy")


def forum_series(forum: str) -> str:
    """The series a forum numbers its decisions in ("RTTCG" -> "RTTCG")."""
    return FORUM_SERIES[choice("forum", forum, FORUMS)]


def checked_options(values: Any) -> list[dict[str, str]]:
    """The options considered: each one rejected says why; only the chosen one may not."""
    if isinstance(values, str | Mapping) or not isinstance(values, Iterable):
        raise InvalidInput(OPTIONS, "must be a list of options, each with why it was rejected")
    options = [_checked_option(i, value) for i, value in enumerate(values)]
    if not options:
        raise InvalidInput(OPTIONS, "is required: list the options considered")
    if len(options) > MAX_OPTIONS:
        raise InvalidInput(OPTIONS, f"has {len(options)} options; the limit is {MAX_OPTIONS}")
    unexplained = [i for i, option in enumerate(options) if not option["rejected_because"]]
    if len(unexplained) > 1:
        raise InvalidInput(
            f"{OPTIONS}[{unexplained[1]}].rejected_because",
            "is required: only the option chosen is left without why it was rejected",
        )
    names = [option["option"].casefold() for option in options]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise InvalidInput(f"{OPTIONS}[{i}].option", "repeats an option already listed")
    return options


def _checked_option(index: int, value: Any) -> dict[str, str]:
    field = f"{OPTIONS}[{index}]"
    if not isinstance(value, Mapping):
        raise InvalidInput(field, "must give the option and why it was rejected")
    unknown = sorted(str(key) for key in value if key not in ("option", "rejected_because"))
    if unknown:
        given = ", ".join(unknown)
        raise InvalidInput(field, f"has unknown {given}; give option and rejected_because")
    return {
        "option": long_text(f"{field}.option", value.get("option")),
        "rejected_because": long_text(
            f"{field}.rejected_because", value.get("rejected_because"), required=False
        ),
    }


def _checked_rationale(decided: datetime, **given: Any) -> dict[str, Any]:
    """The National Decision Model's elements in its order; every one is required."""
    rationale: dict[str, Any] = {name: long_text(name, given[name]) for name in NDM_FIELDS}
    rationale[OPTIONS] = checked_options(given[OPTIONS])
    rationale["action_chosen"] = long_text("action_chosen", given["action_chosen"])
    review = a_date("review_on", given["review_on"])
    if review < decided.date():
        raise InvalidInput("review_on", "is before the decision was made")
    rationale["review_on"] = review
    return rationale


def _checked_outcome(outcome: Any, conditions: Any) -> tuple[str, str]:
    outcome = choice("outcome", outcome, OUTCOMES)
    conditions = long_text("conditions", conditions, required=outcome == WITH_CONDITIONS)
    if conditions and outcome != WITH_CONDITIONS:
        raise InvalidInput("conditions", f"are given only for an outcome {WITH_CONDITIONS!r}")
    return outcome, conditions


def _checked_timing(
    decided_at: Any, now: Any, retrospective: Any, reason: Any
) -> tuple[datetime, bool, str]:
    """When it was decided, and whether the entry is retrospective (then with its reason)."""
    now = a_moment("now", now)
    decided = a_moment("decided_at", decided_at)
    if decided > now + FUTURE_TOLERANCE:
        raise InvalidInput("decided_at", "is in the future; record a decision once it is made")
    reason = long_text("retrospective_reason", reason, required=False)
    late = now - decided > RETROSPECTIVE_AFTER
    # A reason for recording late is itself a statement that the entry is retrospective.
    retrospective = flag("retrospective", retrospective) or late or bool(reason)
    if retrospective and not reason:
        hours = int((now - decided).total_seconds() // 3600)
        why = f"recorded {hours} h after the decision" if late else "marked retrospective"
        raise InvalidInput("retrospective_reason", f"is required: the entry is {why}")
    return decided, retrospective, reason


def _sequence_number(reference: str, forum: str) -> int:
    series, _, number = reference.rpartition("-")
    if series != FORUM_SERIES[forum] or not number.isdigit():
        raise InvalidInput("reference", f"{reference!r} is not in the {forum}'s series")
    return int(number)


class Decision(TrackerAggregate):
    """A decision of a forum, from its log entry to its end."""

    STORED_AS = "Decision"
    KIND = "decision"
    LIFECYCLE = LIFECYCLE
    AMENDABLE = (
        "meeting", "decision_maker", "action_chosen", "information_and_intelligence",
        "threat_and_risk", "powers_and_policy", "marking",
    )  # fmt: skip

    if TYPE_CHECKING:  # set from DecisionRecorded; see TrackerAggregate
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
        """Enter a decision in its forum's log; ``now`` decides whether it is retrospective."""
        forum = choice("forum", forum, FORUMS)
        decided, retrospective, retrospective_reason = _checked_timing(
            decided_at, now, retrospective, retrospective_reason
        )
        outcome, conditions = _checked_outcome(outcome, conditions)
        return cls._create(
            DecisionRecorded,
            id=item_id(reference),
            reference=reference,
            sequence_number=_sequence_number(reference, forum),
            forum=forum,
            meeting=text("meeting", meeting),
            marking=checked_marking(marking),
            decided_at=decided,
            decision_maker=text("decision_maker", decision_maker),
            subject_reference=_optional_reference("subject_reference", subject_reference),
            **_checked_rationale(
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

    def put_under_review(self, note: str) -> None:
        self._check_step(PUT_UNDER_REVIEW)
        self.trigger_event(DecisionPutUnderReview, note=long_text("note", note))

    def confirm(self, note: str) -> None:
        """The review ends with the decision standing as it is."""
        self._check_step(CONFIRM)
        self.trigger_event(DecisionConfirmed, note=long_text("note", note))

    def vary(self, variation: str, rationale: str) -> None:
        self._check_step(VARY)
        self.trigger_event(
            DecisionVaried,
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
        self.trigger_event(DecisionSuperseded, by=by)

    def rescind(self, reason: str) -> None:
        self._check_step(RESCIND)
        self.trigger_event(DecisionRescinded, reason=long_text("reason", reason))

    def conclude(self, note: str) -> None:
        self._check_step(CONCLUDE)
        self.trigger_event(DecisionConcluded, note=long_text("note", note))

    def _amended_value(self, field: str, value: str) -> str:
        if field in ("meeting", "decision_maker"):
            return text("new_value", value)  # as short as when first recorded
        return super()._amended_value(field, value)

    # -- evolving state -------------------------------------------------------------------

    @singledispatchmethod
    def apply(self, event: object) -> None:
        super().apply(event)

    @apply.register
    def _(self, event: DecisionRecorded) -> None:
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
    def _(self, event: DecisionPutUnderReview) -> None:
        self.state = UNDER_REVIEW
        self.review_notes = (*self.review_notes, event.note)

    @apply.register
    def _(self, event: DecisionConfirmed) -> None:
        self.state = DECIDED
        self.review_notes = (*self.review_notes, event.note)

    @apply.register
    def _(self, event: DecisionVaried) -> None:
        self.state = VARIED
        self.variations = (*self.variations, (event.variation, event.rationale))

    @apply.register
    def _(self, event: DecisionSuperseded) -> None:
        self.state, self.superseded_by = SUPERSEDED, event.by

    @apply.register
    def _(self, event: DecisionRescinded) -> None:
        self.state, self.ending = RESCINDED, event.reason

    @apply.register
    def _(self, event: DecisionConcluded) -> None:
        self.state, self.ending = CONCLUDED, event.note


def _optional_reference(field: str, value: Any) -> str:
    return text(field, value, max_length=40, required=False).upper()
