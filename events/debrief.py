"""Facts of a debrief of an operation or incident, and of the observations it records."""

from __future__ import annotations

from datetime import date

from events.base import TrackerCreated, TrackerEvent


class DebriefOpened(TrackerCreated):
    """A debrief (hot, structured, questionnaire or review) of ``of_what``, led by ``lead``."""

    TOPIC = "DebriefOpened"
    reference: str
    marking: str
    kind: str
    title: str
    of_what: str
    lead: str
    held_on: date


class ObservationRecorded(TrackerEvent):
    """Observation ``number``; ``repeats`` names the learning point it recurs, or is ""."""

    TOPIC = "ObservationRecorded"
    number: int
    text: str
    repeats: str


class ObservationAccepted(TrackerEvent):
    """The observation became the learning point ``learning_point`` (a lesson identified)."""

    TOPIC = "ObservationAccepted"
    number: int
    learning_point: str
    theme: str


class ObservationRejected(TrackerEvent):
    TOPIC = "ObservationRejected"
    number: int
    reason: str


class DebriefClosed(TrackerEvent):
    TOPIC = "DebriefClosed"
    summary: str
