"""Facts of learning points (lessons identified) and the learning actions raised on them."""

from __future__ import annotations

from datetime import date

from events.base import TrackerCreated, TrackerEvent
from events.parties import parties_upcast
from events.upcasting import an_issue

# -- learning point ---------------------------------------------------------------------


class LearningPointIdentified(TrackerCreated):
    """A learning point from observation ``observation`` of debrief ``debrief``: of ``nature``
    an issue (a lesson identified) or notable practice. Version 1 had no nature: an issue."""

    TOPIC = "LearningPointIdentified"
    class_version = 2
    reference: str
    marking: str
    text: str
    theme: str
    debrief: str
    observation: int
    nature: str

    upcast_v1_v2 = staticmethod(an_issue)


class ActionRaised(TrackerEvent):
    """The learning action ``action_reference`` was raised on this point."""

    TOPIC = "ActionRaised"
    action_reference: str


class ActionSettled(TrackerEvent):
    """The action ``action_reference`` was ``how`` ("validated" or "not adopted")."""

    TOPIC = "ActionSettled"
    action_reference: str
    how: str


class LessonLearned(TrackerEvent):
    """Every action of the point is settled and at least one was validated."""

    TOPIC = "LessonLearned"


class LearningPointReopened(TrackerEvent):
    """The learned lesson recurred (observation ``observation`` of ``debrief``): not learned."""

    TOPIC = "LearningPointReopened"
    debrief: str
    observation: int


# -- learning action --------------------------------------------------------------------


class LearningActionRaised(TrackerCreated):
    """An action on ``learning_point``, owned by ``owner`` and overseen by a governance board."""

    TOPIC = "LearningActionRaised"
    reference: str
    marking: str
    learning_point: str
    description: str
    owner: str

    # Version 2: the owner is a person or a post (events.parties); version 1 was text.
    class_version = 2
    upcast_v1_v2 = parties_upcast("owner")
    due_on: date
    overseeing_board: str


class LearningActionProgressNoted(TrackerEvent):
    TOPIC = "LearningActionProgressNoted"
    note: str


class LearningActionImplemented(TrackerEvent):
    TOPIC = "LearningActionImplemented"
    evidence: str


class LearningActionValidated(TrackerEvent):
    """``validated_by`` confirmed the implemented action delivers the lesson."""

    TOPIC = "LearningActionValidated"
    validated_by: str
    note: str

    # Version 2: the validator is the person acting; version 1 typed a name, kept as a party.
    class_version = 2
    upcast_v1_v2 = parties_upcast("validated_by")


class LearningActionNotAdopted(TrackerEvent):
    TOPIC = "LearningActionNotAdopted"
    rationale: str


class LearningActionDueDateExtended(TrackerEvent):
    """An approved extension: the due date moved from ``old_due_on`` to ``new_due_on``."""

    TOPIC = "LearningActionDueDateExtended"
    old_due_on: date
    new_due_on: date
    approver: str
    reason: str

    # Version 2: the approver is a person or a post (events.parties); version 1 was text.
    class_version = 2
    upcast_v1_v2 = parties_upcast("approver")


class LearningActionReassigned(TrackerEvent):
    TOPIC = "LearningActionReassigned"
    old_owner: str
    new_owner: str
    reason: str

    # Version 2: each owner is a person or a post (events.parties); version 1 was text.
    class_version = 2
    upcast_v1_v2 = parties_upcast("old_owner", "new_owner")
