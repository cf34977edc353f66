"""Facts of a request for support from the NCA or a partner that is not a formal tasking."""

from __future__ import annotations

from datetime import date, datetime

from events.base import TrackerCreated, TrackerEvent
from events.parties import parties_upcast
from events.upcasting import decided_when_recorded


class SupportRequestReceived(TrackerCreated):
    """A request arrived through the ROCU gateway or by the emergency route."""

    TOPIC = "SupportRequestReceived"
    reference: str
    marking: str
    channel: str
    requester: str
    received_on: date
    title: str
    description: str


class SupportRequestAuthorised(TrackerEvent):
    """An emergency request was authorised at once, by whom, in which role, when and why."""

    TOPIC = "SupportRequestAuthorised"
    authorised_by: str
    authorised_as: str
    authorised_at: datetime
    reason: str

    # Version 2: the authoriser is a person or a post (events.parties); version 1 was text.
    class_version = 2
    upcast_v1_v2 = parties_upcast("authorised_by")


class SupportRequestRatified(TrackerEvent):
    """The weekly tasking meeting of ``meeting_on`` ratified the emergency authorisation."""

    TOPIC = "SupportRequestRatified"
    meeting_on: date
    rationale: str
    decision_reference: str


class SupportRequestNotRatified(TrackerEvent):
    """The weekly tasking meeting of ``meeting_on`` did not ratify it: the support ends."""

    TOPIC = "SupportRequestNotRatified"
    meeting_on: date
    rationale: str
    decision_reference: str


class SupportRequestAssessed(TrackerEvent):
    """Whether the request has a significant impact on the region or on ROCU capabilities."""

    TOPIC = "SupportRequestAssessed"
    significant_impact: bool
    note: str


class SupportRequestListed(TrackerEvent):
    """Listed for the weekly tasking meeting of ``meeting_on``."""

    TOPIC = "SupportRequestListed"
    meeting_on: date
    note: str


class SupportRequestReferredToRIG(TrackerEvent):
    TOPIC = "SupportRequestReferredToRIG"
    note: str


class SupportRequestReferredToRTTCG(TrackerEvent):
    TOPIC = "SupportRequestReferredToRTTCG"
    note: str


class SupportRequestDecided(TrackerEvent):
    """The weekly tasking meeting or the RTTCG decided: supported, partly, not, or deferred."""

    TOPIC = "SupportRequestDecided"
    class_version = 2
    forum: str
    outcome: str
    rationale: str
    decision_reference: str
    decided_on: date  # the meeting's day; version 1 had none, and took the day it was recorded

    upcast_v1_v2 = staticmethod(decided_when_recorded)


class SupportRequestMonitoringReviewed(TrackerEvent):
    """The weekly review of a supported request with the NCA's regional co-ordinator."""

    TOPIC = "SupportRequestMonitoringReviewed"
    note: str
    reviewed_on: date
    next_review: date


class SupportRequestClosed(TrackerEvent):
    TOPIC = "SupportRequestClosed"
    outcome: str
