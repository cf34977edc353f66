"""Facts of a debrief of an operation or incident, and of the observations it records.

A debrief is commissioned, scheduled (and perhaps postponed and rescheduled), held and
reported. Before debriefs were planned like this, one was opened already held
(``DebriefOpened``) and closed when reported (``DebriefClosed``); both are still recorded
under those names, and the first still serves a debrief commissioned and held at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from events.base import TrackerCreated, TrackerEvent
from events.parties import party_of_old_text
from events.upcasting import an_issue


def _level_and_facilitator_of_an_opened_debrief(state: dict[str, Any]) -> None:
    """A debrief opened before debriefs had a level and a facilitator: a hot debrief was at
    the hot level and any other structured, and its lead facilitated it. Its lead was typed
    as text, read as a party (``events.parties``) as every older owner is."""
    state["level"] = "hot" if state["kind"] == "hot debrief" else "structured"
    state["facilitator"] = state["lead"]
    state["lead"] = party_of_old_text(state["lead"])


class DebriefCommissioned(TrackerCreated):
    """A debrief of ``of_what`` was commissioned, led by ``lead``; it is still to be scheduled."""

    TOPIC = "DebriefCommissioned"
    reference: str
    marking: str
    kind: str
    level: str
    title: str
    of_what: str
    lead: str
    facilitator: str


class DebriefOpened(TrackerCreated):
    """A debrief commissioned and held at once, on ``held_on`` (a hot debrief, held straight
    after the incident): observations are recorded from now on.

    Version 1 had no ``level`` or ``facilitator``; see ``_level_and_facilitator_...``.
    """

    TOPIC = "DebriefOpened"
    class_version = 2
    reference: str
    marking: str
    kind: str
    level: str
    title: str
    of_what: str
    lead: str
    facilitator: str
    held_on: date

    upcast_v1_v2 = staticmethod(_level_and_facilitator_of_an_opened_debrief)


class DebriefScheduled(TrackerEvent):
    """The debrief is to be held on ``scheduled_on`` (a London day)."""

    TOPIC = "DebriefScheduled"
    scheduled_on: date


class DebriefPostponed(TrackerEvent):
    """The debrief scheduled for ``was_scheduled_on`` will not be held then, for ``reason``."""

    TOPIC = "DebriefPostponed"
    was_scheduled_on: date
    reason: str


class DebriefRescheduled(TrackerEvent):
    """The postponed debrief is to be held on ``scheduled_on`` instead."""

    TOPIC = "DebriefRescheduled"
    scheduled_on: date


class DebriefHeld(TrackerEvent):
    """The debrief was held on ``held_on``: observations are recorded from now on."""

    TOPIC = "DebriefHeld"
    held_on: date


class ObservationRecorded(TrackerEvent):
    """Observation ``number``; ``repeats`` names the learning point it recurs, or is ""."""

    TOPIC = "ObservationRecorded"
    number: int
    text: str
    repeats: str


class ObservationAccepted(TrackerEvent):
    """The observation became the learning point ``learning_point``, of ``nature``: an issue
    (a lesson identified) or notable practice. Version 1 had no nature: it was an issue."""

    TOPIC = "ObservationAccepted"
    class_version = 2
    number: int
    learning_point: str
    theme: str
    nature: str

    upcast_v1_v2 = staticmethod(an_issue)


class ObservationRejected(TrackerEvent):
    TOPIC = "ObservationRejected"
    number: int
    reason: str


class DebriefReported(TrackerEvent):
    """The debrief was reported, every observation decided; ``summary`` sums up the report.

    Stored under the name it had when reporting a debrief was called closing it.
    """

    TOPIC = "DebriefClosed"
    summary: str
