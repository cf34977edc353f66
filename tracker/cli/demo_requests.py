"""The demo's support requests: one through the gateway, one by the emergency route, and
one with significant regional impact."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from tracker.cli.demo_calendar import last_sitting, sitting_day
from tracker.cli.demo_cast import HEAD_OF_INTELLIGENCE, STAFF, Commands
from tracker.decisions.commands import RecordDecision
from tracker.forums.standard_forums import MONITORING_MEETING, WEEKLY_MEETING
from tracker.kernel.clock import london_moment
from tracker.support.commands import (
    AssessSupportRequest,
    AuthoriseSupportRequest,
    ListSupportRequest,
    ReceiveSupportRequest,
    ReferSupportRequestToRIG,
    ReferSupportRequestToRTTCG,
    ReviewSupportRequestMonitoring,
)


def ndm(**overrides: Any) -> dict[str, Any]:
    """A National Decision Model rationale with demo wording; callers override parts."""
    return {
        "information_and_intelligence": "Regional intelligence picture and the requester's case.",
        "threat_and_risk": "Threat to the region is assessed as moderate and rising.",
        "powers_and_policy": "Within the ROCU's tasking policy and the regional control strategy.",
        "options_considered": [
            {"option": "Support in full", "rejected_because": ""},
            {"option": "Decline", "rejected_because": "Would leave a known gap in the region."},
        ],
        "action_chosen": "Support in full, from existing resources.",
        **overrides,
    }


def gateway_request(today: date, now: datetime) -> Commands:
    """An ordinary request through the ROCU gateway, supported and monitored."""
    recorded = yield ReceiveSupportRequest(
        actor=STAFF, marking="OFFICIAL", channel="gateway", requester="NCA",
        received_on=today - timedelta(days=20),
        title="Surveillance support for an NCA-led operation",
        description="Two days of mobile surveillance support in the West Mercia area.",
    )  # fmt: skip
    reference = recorded.reference
    yield AssessSupportRequest(
        actor=STAFF, reference=reference, significant_impact=False,
        note="Within capacity; no significant impact on ROCU capabilities.",
    )  # fmt: skip
    yield ListSupportRequest(actor=STAFF, reference=reference, meeting_on=_listed_for(today))
    yield from _supported_and_monitored(reference, today, now)


def _supported_and_monitored(reference: str, today: date, now: datetime) -> Commands:
    yield _weekly_meeting_decision(reference, today, now)  # which moves the request
    yield ReviewSupportRequestMonitoring(
        actor=HEAD_OF_INTELLIGENCE, reference=reference, reviewed_on=today - timedelta(days=1),
        note="Reviewed with the NCA's regional organised crime co-ordinator: on track.",
    )  # fmt: skip
    yield _monitoring_meeting_note(reference, now)


def _monitoring_meeting_note(reference: str, now: datetime) -> RecordDecision:
    """The HoI-ROCC monitoring meeting's last sitting noted the request's progress."""
    sat = last_sitting(MONITORING_MEETING, now)
    return RecordDecision(
        actor=HEAD_OF_INTELLIGENCE, marking="OFFICIAL", forum=MONITORING_MEETING,
        meeting=f"HoI-ROCC monitoring meeting {sat:%d %b %Y}", decided_at=sat,
        decision_maker="head-of-intelligence", review_on=sat.date() + timedelta(days=7),
        outcome="noted", subject_reference=reference,
        retrospective_reason="Entered from the meeting's minutes.",
        **ndm(action_chosen="Progress noted; the support continues as decided."),
    )  # fmt: skip


def _listed_for(today: date) -> date:
    """The weekly tasking meeting a fortnight or so ago."""
    return sitting_day(WEEKLY_MEETING, today - timedelta(days=14))


def _weekly_meeting_decision(reference: str, today: date, now: datetime) -> RecordDecision:
    """The meeting it was listed for supported it; the entry was made from its minutes."""
    listed_for = _listed_for(today)
    return RecordDecision(
        actor=STAFF, marking="OFFICIAL", forum=WEEKLY_MEETING,
        meeting=f"Weekly tasking meeting {listed_for:%d %b %Y}",
        decided_at=london_moment(listed_for, time(10, 30)), decision_maker="head-of-intelligence",
        review_on=today + timedelta(days=7), outcome="approved", subject_reference=reference,
        retrospective_reason="Entered from the meeting's minutes.", **ndm(),
    )  # fmt: skip


def emergency_request(today: date, now: datetime) -> Commands:
    """Authorised at once through the emergency route; awaiting ratification."""
    recorded = yield ReceiveSupportRequest(
        actor=STAFF, marking="OFFICIAL-SENSITIVE", channel="emergency route",
        requester="Staffordshire Police", received_on=today - timedelta(days=1),
        title="Urgent firearms-capable support for a threat-to-life operation",
        description="Out-of-hours request for armed surveillance support.",
    )  # fmt: skip
    yield AuthoriseSupportRequest(
        actor=HEAD_OF_INTELLIGENCE, reference=recorded.reference,
        authorised_by="head-of-intelligence", authorised_as="Head of Intelligence",
        authorised_at=now - timedelta(hours=20),
        reason="Threat to life; cannot wait for the weekly tasking meeting.",
    )  # fmt: skip


def significant_request(today: date, now: datetime) -> Commands:
    """A request with significant regional impact, referred to the RIG and the RTTCG."""
    recorded = yield ReceiveSupportRequest(
        actor=STAFF, marking="OFFICIAL", channel="gateway", requester="Border Force",
        received_on=today - timedelta(days=10),
        title="Regional port operation against small-boat facilitation",
        description="A month-long operation drawing on all four forces' ROCU teams.",
    )  # fmt: skip
    reference = recorded.reference
    yield AssessSupportRequest(
        actor=STAFF, reference=reference, significant_impact=True,
        note="Would commit most regional surveillance capacity for a month.",
    )  # fmt: skip
    yield from _referred_to_rig_and_rttcg(reference)


def _referred_to_rig_and_rttcg(reference: str) -> Commands:
    yield ReferSupportRequestToRIG(
        actor=STAFF, reference=reference, note="Referred for an intelligence view."
    )
    yield ReferSupportRequestToRTTCG(
        actor=STAFF, reference=reference, note="RIG supports; for the RTTCG to decide."
    )
