"""Commands on forums' decisions, one per user action; ``handlers`` carries them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tracker.kernel.commands import Command, ItemCommand
from tracker.kernel.validation import text


@dataclass(frozen=True, kw_only=True)
class RecordDecision(Command):
    """Enter a forum's decision in its log; ``supersedes`` names the earlier one it replaces."""

    PEOPLE = ("decision_maker",)
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
