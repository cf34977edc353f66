"""Commands on debriefs, learning points and learning actions: one dataclass per user action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from tracker.kernel.commands import Command, ItemCommand


@dataclass(frozen=True, kw_only=True)
class OpenDebrief(Command):
    marking: str
    kind: str
    title: str
    of_what: str
    lead: str
    held_on: date | str


@dataclass(frozen=True, kw_only=True)
class RecordObservation(ItemCommand):
    """Record an observation on a debrief; ``repeats`` names a learning point it recurs."""

    text: str
    repeats: str = ""


@dataclass(frozen=True, kw_only=True)
class AcceptObservation(ItemCommand):
    """Accept observation ``number`` as a learning point; its text unless ``text`` rewords it."""

    number: int
    theme: str
    text: str = ""
    marking: str = ""


@dataclass(frozen=True, kw_only=True)
class RejectObservation(ItemCommand):
    number: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class CloseDebrief(ItemCommand):
    summary: str


@dataclass(frozen=True, kw_only=True)
class RaiseLearningAction(Command):
    """Raise an action on a learning point; it takes the point's marking unless given one."""

    PARTIES = ("owner",)
    learning_point: str
    description: str
    owner: str
    due_on: date | str
    overseeing_board: str
    marking: str = ""


@dataclass(frozen=True, kw_only=True)
class NoteLearningActionProgress(ItemCommand):
    note: str


@dataclass(frozen=True, kw_only=True)
class ImplementLearningAction(ItemCommand):
    evidence: str


@dataclass(frozen=True, kw_only=True)
class ValidateLearningAction(ItemCommand):
    """The person giving it validates the action: a member of its overseeing board."""

    FORUM_OF_ITEM: ClassVar[str] = "overseeing_board"
    note: str


@dataclass(frozen=True, kw_only=True)
class RecordLearningActionNotAdopted(ItemCommand):
    rationale: str


@dataclass(frozen=True, kw_only=True)
class ExtendLearningActionDueDate(ItemCommand):
    PEOPLE = ("approver",)
    new_due_on: date | str
    approver: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class ReassignLearningAction(ItemCommand):
    PARTIES = ("new_owner",)
    new_owner: str
    reason: str
