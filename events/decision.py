"""Facts of a forum's decision, logged in the National Decision Model's order."""

from __future__ import annotations

from datetime import date, datetime

from events.base import TrackerCreated, TrackerEvent
from events.parties import parties_upcast


class DecisionRecorded(TrackerCreated):
    """A forum's decision entered in its log as number ``sequence_number`` of that forum.

    The recorder is the event's actor and the time of recording its timestamp; an entry
    made long after ``decided_at`` (or marked so) is ``retrospective``, with the reason.
    """

    TOPIC = "DecisionRecorded"
    reference: str
    sequence_number: int
    forum: str
    meeting: str
    marking: str
    decided_at: datetime
    decision_maker: str

    # Version 2: the decision maker is a person or a post (events.parties); version 1 was text.
    class_version = 2
    upcast_v1_v2 = parties_upcast("decision_maker")
    subject_reference: str
    information_and_intelligence: str
    threat_and_risk: str
    powers_and_policy: str
    options_considered: list[dict[str, str]]
    action_chosen: str
    review_on: date
    outcome: str
    conditions: str
    retrospective: bool
    retrospective_reason: str
    supersedes: str


class DecisionPutUnderReview(TrackerEvent):
    TOPIC = "DecisionPutUnderReview"
    note: str


class DecisionConfirmed(TrackerEvent):
    """The review found the decision should stand as it is."""

    TOPIC = "DecisionConfirmed"
    note: str


class DecisionVaried(TrackerEvent):
    TOPIC = "DecisionVaried"
    variation: str
    rationale: str


class DecisionSuperseded(TrackerEvent):
    """A later decision of the same forum, ``by``, replaces this one."""

    TOPIC = "DecisionSuperseded"
    by: str


class DecisionRescinded(TrackerEvent):
    TOPIC = "DecisionRescinded"
    reason: str


class DecisionConcluded(TrackerEvent):
    """The decision has run its course."""

    TOPIC = "DecisionConcluded"
    note: str
