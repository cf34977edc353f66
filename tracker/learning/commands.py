"""Commands on debriefs, learning points and learning actions: one dataclass per user action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from tracker.kernel.commands import Command, ItemCommand
from tracker.learning.point import ISSUE


@dataclass(frozen=True, kw_only=True)
class CommissionDebrief(Command):
    """Commission a debrief; it is scheduled, held and reported in the steps that follow.
    The lead is a person or a post; the facilitator may be someone from outside (text)."""

    PARTIES = ("lead",)
    marking: str
    kind: str
    level: str
    title: str
    of_what: str
    lead: str
    facilitator: str


@dataclass(frozen=True, kw_only=True)
class OpenDebrief(Command):
    """Commission a debrief and hold it at once (a hot debrief, straight after the incident);
    ``level`` follows from the kind and the lead facilitates, unless given."""

    PARTIES = ("lead",)
    marking: str
    kind: str
    level: str = ""
    title: str
    of_what: str
    lead: str
    facilitator: str = ""
    held_on: date | str


@dataclass(frozen=True, kw_only=True)
class ScheduleDebrief(ItemCommand):
    scheduled_on: date | str


@dataclass(frozen=True, kw_only=True)
class PostponeDebrief(ItemCommand):
    reason: str


@dataclass(frozen=True, kw_only=True)
class RescheduleDebrief(ItemCommand):
    scheduled_on: date | str


@dataclass(frozen=True, kw_only=True)
class HoldDebrief(ItemCommand):
    held_on: date | str


@dataclass(frozen=True, kw_only=True)
class RecordObservation(ItemCommand):
    """Record an observation on a debrief; ``repeats`` names a learning point it recurs."""

    text: str
    repeats: str = ""


@dataclass(frozen=True, kw_only=True)
class AcceptObservation(ItemCommand):
    """Accept observation ``number`` as a learning point (an issue, or notable practice); its
    text unless ``text`` rewords it."""

    number: int
    theme: str
    nature: str = ISSUE
    text: str = ""
    marking: str = ""


@dataclass(frozen=True, kw_only=True)
class RejectObservation(ItemCommand):
    number: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class ReportDebrief(ItemCommand):
    """Report the debrief, summing up its report; every observation must be decided first."""

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
