"""Commands on forums' decisions, one per user action, and their handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from tracker.commands import Command, ItemCommand, Recorded, fields_of, handles, handles_steps
from tracker.decision import Decision, forum_series
from tracker.validation import text

if TYPE_CHECKING:
    from tracker.application import Tracker


@dataclass(frozen=True, kw_only=True)
class RecordDecision(Command):
    """Enter a forum's decision in its log; ``supersedes`` names the earlier one it replaces."""

    marking: str
    forum: str
    meeting: str
    decided_at: datetime | str
    decision_maker: str
    information_and_intelligence: str
    threat_and_risk: str
    powers_and_policy: str
    options_considered: list[dict[str, str]] = field(default_factory=list)
    action_chosen: str
    review_on: date | str
    outcome: str
    conditions: str = ""
    subject_reference: str = ""
    retrospective: bool = False
    retrospective_reason: str = ""
    supersedes: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        # The handler looks these items up before the decision checks anything else.
        for name in ("subject_reference", "supersedes"):
            self._set(name, text(name, getattr(self, name), max_length=40, required=False).upper())


@dataclass(frozen=True, kw_only=True)
class PutDecisionUnderReview(ItemCommand):
    note: str


@dataclass(frozen=True, kw_only=True)
class ConfirmDecision(ItemCommand):
    """End a review with the decision standing as it is."""

    note: str


@dataclass(frozen=True, kw_only=True)
class VaryDecision(ItemCommand):
    variation: str
    rationale: str


@dataclass(frozen=True, kw_only=True)
class RescindDecision(ItemCommand):
    reason: str


@dataclass(frozen=True, kw_only=True)
class ConcludeDecision(ItemCommand):
    note: str


@handles(RecordDecision)
def record_decision(app: Tracker, cmd: RecordDecision) -> Recorded:
    series = forum_series(cmd.forum)
    if cmd.subject_reference:
        app.item(cmd.subject_reference)  # refused if there is no such item
    earlier = app.load(Decision, cmd.supersedes) if cmd.supersedes else None
    counter, reference = app.new_reference(series)
    decision = Decision.record(reference, now=datetime.now(UTC), **fields_of(cmd))
    if earlier is None:
        return app.record(decision, counter)
    earlier.supersede(by=reference, forum=decision.forum, decided_at=decision.decided_at)
    # Both ends of the link and the number are recorded together or not at all.
    return app.record(decision, earlier, counter)


handles_steps(
    Decision,
    {
        PutDecisionUnderReview: "put_under_review",
        ConfirmDecision: "confirm",
        VaryDecision: "vary",
        RescindDecision: "rescind",
        ConcludeDecision: "conclude",
    },
)
