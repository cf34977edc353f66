"""Facts of a formal NCA tasking under s.5 Crime and Courts Act 2013."""

from __future__ import annotations

from datetime import date
from typing import Any

from events.base import TrackerCreated, TrackerEvent
from events.parties import parties_upcast, post_party, soc_lead_post
from events.upcasting import decided_when_recorded


class TaskingReceived(TrackerCreated):
    """A request under s.5(1)(a) or a direction under s.5(5) arrived from the NCA."""

    TOPIC = "TaskingReceived"
    reference: str
    marking: str
    basis: str
    nca_reference: str
    received_on: date
    title: str
    description: str
    assists_nca_functions: str
    threat_area: str
    lead_officer: str
    resourcing: str

    # Version 2: the lead officer is a person or a post (events.parties); version 1 was text.
    class_version = 2
    upcast_v1_v2 = parties_upcast("lead_officer")


class TaskingRequirementsPlaced(TrackerEvent):
    """What the tasking requires of one force of the region, and who owns it there.

    Version 2 names the ``owner`` (a person or a post) of the force's requirements. Version 1
    named none: the force's SOC lead's post owned them, as it does by default now.
    """

    TOPIC = "TaskingRequirementsPlaced"
    class_version = 2
    force: str
    requirements: list[str]
    owner: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["owner"] = post_party(soc_lead_post(state["force"]))


class TaskingRequirementProgressed(TrackerEvent):
    """Progress on requirement ``requirement`` (its number in the force's list, from 1) of
    one force, as reported on ``reported_on``: its status now, a note and the evidence.

    ``wording`` is the requirement as it read then. The outcome counts (None: not reported)
    are those since the requirement's previous report.
    """

    TOPIC = "TaskingRequirementProgressed"
    force: str
    requirement: int
    wording: str
    status: str
    note: str
    evidence: str
    reported_on: date
    operations: int | None
    disruptions: int | None
    arrests: int | None


class TaskingPresented(TrackerEvent):
    """The tasking was presented to the RTTCG meeting of ``meeting_on``."""

    TOPIC = "TaskingPresented"
    meeting_on: date
    note: str


class TaskingAccepted(TrackerEvent):
    """The RTTCG's decision ``decision_reference``, of ``decided_on``, accepted the tasking.

    Version 1 was recorded by a step of its own, naming no decision: its day is the day it
    was recorded.
    """

    TOPIC = "TaskingAccepted"
    class_version = 2
    rationale: str
    decision_reference: str
    decided_on: date

    upcast_v1_v2 = staticmethod(decided_when_recorded)


class TaskingDeclined(TrackerEvent):
    """Only a request may be declined; a direction may not. Versions as ``TaskingAccepted``."""

    TOPIC = "TaskingDeclined"
    class_version = 2
    rationale: str
    decision_reference: str
    decided_on: date

    upcast_v1_v2 = staticmethod(decided_when_recorded)


class TaskingReferredBack(TrackerEvent):
    TOPIC = "TaskingReferredBack"
    rationale: str


class RepresentationRecorded(TrackerEvent):
    """A representation made to the NCA about a direction."""

    TOPIC = "RepresentationRecorded"
    representation: str
    made_by: str


class TaskingProgressReported(TrackerEvent):
    """Progress, as reported to the RTTCG on ``reported_on``."""

    TOPIC = "TaskingProgressReported"
    update: str
    reported_on: date


class TaskingCompleted(TrackerEvent):
    TOPIC = "TaskingCompleted"
    outcome: str


class TaskingReportedBack(TrackerEvent):
    """The result was reported back to the NCA."""

    TOPIC = "TaskingReportedBack"
    report: str
    reported_on: date
