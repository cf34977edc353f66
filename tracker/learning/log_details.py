"""The learning log as its readers get it: debriefs, and learning points with their actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class LearningActionDetails:
    """One action in the learning log."""

    reference: str
    version: int
    marking: str
    learning_point: str
    state: str
    description: str
    owner: str
    due_on: date
    overseeing_board: str
    extensions: int
    last_extension_approver: str
    evidence: str
    validated_by: str
    rationale: str
    next_review: date | None
    amended: bool


@dataclass(frozen=True)
class LearningPointDetails:
    """One learning point of the log, with the actions the reader may see."""

    reference: str
    version: int
    marking: str
    state: str
    nature: str  # an issue (a lesson identified) or notable practice
    text: str
    theme: str
    debrief: str
    debrief_title: str | None  # None when the debrief is above the reader's clearance
    observation: int
    actions_count: int
    validated_count: int
    next_review: date | None
    amended: bool
    actions: tuple[LearningActionDetails, ...]


@dataclass(frozen=True)
class DebriefDetails:
    """One debrief in the learning log: where it is in its lifecycle, its level and who runs it.

    Its version is not among them: the log's row of a debrief does not change with each
    observation (see ``log_tables``), so it is no version to act on.
    """

    reference: str
    marking: str
    state: str
    title: str
    kind: str
    level: str
    lead: str
    facilitator: str
    scheduled_on: date | None
    held_on: date | None
    postponed_reason: str  # why it was last postponed, or ""
    amended: bool
