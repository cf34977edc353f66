"""The learning log as its readers get it: a learning point with its actions."""

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
