"""The demo's tasking: the NCA's s.5(1)(a) request, placed with the four forces and accepted."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from tracker.cli.demo_calendar import sitting_day
from tracker.cli.demo_cast import LEAD_OFFICER, RTTCG_CHAIR, STAFF, Commands
from tracker.cli.demo_requests import ndm
from tracker.decisions.commands import RecordDecision
from tracker.kernel.clock import london_moment
from tracker.tasking.commands import (
    PlaceTaskingRequirements,
    PresentTasking,
    ReceiveTasking,
    ReportTaskingProgress,
    ReportTaskingRequirementProgress,
)
from tracker.tasking.lifecycle import REGION_FORCES

OIC_REQUIREMENTS = [
    "Run proactive haulage operations against organised immigration crime",
    "Make the national CPD and learning products available to officers",
    "Guide initial responses by the national response plans",
]


def oic_tasking(today: date, now: datetime) -> Commands:
    """The NCA's s.5(1)(a) request on national policing standards for OIC."""
    recorded = yield _oic_request(today)
    reference = recorded.reference
    for force in REGION_FORCES:
        yield PlaceTaskingRequirements(
            actor=STAFF, reference=reference, force=force, requirements=OIC_REQUIREMENTS
        )
    yield from _oic_accepted_and_reported(reference, today)
    yield from _forces_progress(reference, today)


def _oic_request(today: date) -> ReceiveTasking:
    return ReceiveTasking(
        actor=STAFF, marking="OFFICIAL", basis="request s.5(1)(a)",
        nca_reference="NCA/OIC/2026/014", received_on=today - timedelta(days=40),
        title="National policing standards for organised immigration crime",
        description="Adopt the national policing standards for organised immigration crime "
        "and modern slavery across the region's four forces.",
        assists_nca_functions="Consistent standards improve the national intelligence picture "
        "and the NCA's ability to disrupt organised immigration crime networks.",
        threat_area="organised immigration crime and modern slavery",
        lead_officer=LEAD_OFFICER, resourcing="business as usual",
    )  # fmt: skip


def rttcg_sat(today: date) -> date:
    """The RTTCG's sitting after the tasking arrived (40 days ago) that heard it: its
    meetings are monthly, so one falls in any 35 days."""
    return sitting_day("RTTCG", today - timedelta(days=5))


def _rttcg_acceptance(reference: str, today: date) -> RecordDecision:
    """The RTTCG's decision that accepts the tasking, entered from the meeting's minutes."""
    meeting_on = rttcg_sat(today)
    return RecordDecision(
        actor=RTTCG_CHAIR, marking="OFFICIAL", forum="RTTCG",
        meeting=f"RTTCG {meeting_on:%d %b %Y}", decided_at=london_moment(meeting_on, time(11)),
        decision_maker="rttcg-chair", review_on=today + timedelta(days=30),
        outcome="approved", subject_reference=reference,
        retrospective_reason="Entered from the RTTCG's approved minutes.",
        **ndm(action_chosen="Accept the tasking; met from business as usual, each force "
              "reporting progress to the RTTCG."),
    )  # fmt: skip


def _oic_accepted_and_reported(reference: str, today: date) -> Commands:
    yield PresentTasking(
        actor=STAFF, reference=reference, meeting_on=rttcg_sat(today),
        note="Presented with the four forces' initial responses.",
    )  # fmt: skip
    yield _rttcg_acceptance(reference, today)
    yield ReportTaskingProgress(
        actor=STAFF, reference=reference, reported_on=today - timedelta(days=2),
        update="Haulage operations run in West Midlands and Staffordshire; CPD published.",
    )  # fmt: skip


def _forces_progress(reference: str, today: date) -> Commands:
    """West Midlands' SOC lead reports haulage operations done and CPD under way;
    Staffordshire's post is vacant, so the ROCU's staff report its operations begun."""
    yield ReportTaskingRequirementProgress(
        actor=LEAD_OFFICER, reference=reference, force="West Midlands", requirement=1,
        status="met", reported_on=today - timedelta(days=6),
        note="Three proactive haulage operations run at the M6 and M42 freight hubs.",
        evidence="Operation results returns WMP/OIC/31-33, filed with the ROCU.",
        operations=3, disruptions=2, arrests=5,
    )  # fmt: skip
    yield ReportTaskingRequirementProgress(
        actor=LEAD_OFFICER, reference=reference, force="West Midlands", requirement=2,
        status="in progress", reported_on=today - timedelta(days=6),
        note="CPD products published on the force intranet; take-up is being counted.",
    )  # fmt: skip
    yield ReportTaskingRequirementProgress(
        actor=STAFF, reference=reference, force="Staffordshire", requirement=1,
        status="in progress", reported_on=today - timedelta(days=3),
        note="First haulage operation run with Border Force; a second is planned.",
        operations=1, arrests=2,
    )  # fmt: skip
