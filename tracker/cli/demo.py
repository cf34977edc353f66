"""The demo scenarios of DESIGN.md, loaded through the same commands a user would give.

Dates are set relative to the day the demo is loaded, so the boards always look current.
Nothing here writes rows: every fact goes through ``Tracker.handle``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tracker.accounts.commands import RegisterUser
from tracker.accounts.sign_in import by_password
from tracker.application import Tracker
from tracker.decisions.commands import RecordDecision
from tracker.kernel.commands import Command, Recorded
from tracker.kernel.errors import TrackerError
from tracker.learning.commands import (
    AcceptObservation,
    CloseDebrief,
    ExtendLearningActionDueDate,
    ImplementLearningAction,
    NoteLearningActionProgress,
    OpenDebrief,
    RaiseLearningAction,
    RecordObservation,
    ValidateLearningAction,
)
from tracker.support.commands import (
    AssessSupportRequest,
    AuthoriseSupportRequest,
    DecideSupportRequest,
    ListSupportRequest,
    ReceiveSupportRequest,
    ReferSupportRequestToRIG,
    ReferSupportRequestToRTTCG,
    ReviewSupportRequestMonitoring,
)
from tracker.tasking.commands import (
    AcceptTasking,
    PlaceTaskingRequirements,
    PresentTasking,
    ReceiveTasking,
    ReportTaskingProgress,
)
from tracker.tasking.tasking import REGION_FORCES

# Each scenario yields commands; a command may need the reference an earlier one recorded,
# so scenarios receive what was recorded through ``send``.
Commands = Generator[Command, Recorded, None]
Scenario = Callable[[date, datetime], Commands]

STAFF, HEAD_OF_INTELLIGENCE, RTTCG_CHAIR = "r.khan", "s.ellis", "acc.morgan"
DEBRIEF_LEAD, GOLD = "j.owens", "acc.morgan"

# The demo's sign-ins: one account per role, all with this password (never in production).
DEMO_PASSWORD = "demo tracker password"
DEMO_USERS: tuple[tuple[str, str, list[str], str, list[str]], ...] = (
    # username, name, roles, clearance, forums
    ("admin", "Demo Admin", ["admin"], "official", []),
    (STAFF, "DC Rana Khan", ["staff"], "official-sensitive", []),
    (HEAD_OF_INTELLIGENCE, "DCS S. Ellis", ["staff", "decision-maker"],
     "official-sensitive", ["weekly tasking meeting"]),
    (RTTCG_CHAIR, "ACC Alex Morgan", ["decision-maker"], "official-sensitive",
     ["RTTCG", "weekly tasking meeting", "Gold recovery board"]),
    (DEBRIEF_LEAD, "Supt Jo Owens", ["debrief-lead"], "official", []),
    ("g.hale", "Gill Hale (governance)", ["governance"], "official-sensitive", ["RTTCG"]),
    ("v.ward", "Vic Ward (viewer)", ["viewer"], "official", []),
)  # fmt: skip

OIC_REQUIREMENTS = [
    "Run proactive haulage operations against organised immigration crime",
    "Make the national CPD and learning products available to officers",
    "Guide initial responses by the national response plans",
]

LEARNING_POINTS = [
    ("resilience of key roles", "Build resilience for key roles into role profiles"),
    ("resilience of key roles", "Keep the same staff returning to key roles"),
    ("command structure", "Keep strictly to the Gold/Silver/Bronze structure"),
    ("planning", "Use existing plans before writing new ones"),
    ("decision recording", "Record decisions on one system with a clear audit trail"),
    ("roles and responsibilities", "Bring Bronze commanders and experts to key meetings"),
    ("command structure", "Empower Silver commanders to decide early"),
    ("roles and responsibilities", "Make roles clear when two Silver roles run together"),
    ("resourcing", "Consider planning support and a resourcing cell early"),
    ("communications", "Agree a communications strategy with the Silver commander early"),
]


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


def demo_users(today: date, now: datetime) -> Commands:
    """An account per role; the admin who made them is the console."""
    for username, name, roles, clearance, forums in DEMO_USERS:
        yield RegisterUser(
            actor="console:demo", username=username, display_name=name,
            email=f"{username}@rocu.example", roles=roles, clearance=clearance, forums=forums,
            password=DEMO_PASSWORD,
        )  # fmt: skip


def oic_tasking(today: date, now: datetime) -> Commands:
    """The NCA's s.5(1)(a) request on national policing standards for OIC."""
    recorded = yield ReceiveTasking(
        actor=STAFF, marking="OFFICIAL", basis="request s.5(1)(a)",
        nca_reference="NCA/OIC/2026/014", received_on=today - timedelta(days=40),
        title="National policing standards for organised immigration crime",
        description="Adopt the national policing standards for organised immigration crime "
        "and modern slavery across the region's four forces.",
        assists_nca_functions="Consistent standards improve the national intelligence picture "
        "and the NCA's ability to disrupt organised immigration crime networks.",
        threat_area="organised immigration crime and modern slavery",
        lead_officer="DCI A. Patel", resourcing="business as usual",
    )  # fmt: skip
    reference = recorded.reference
    for force in REGION_FORCES:
        yield PlaceTaskingRequirements(
            actor=STAFF, reference=reference, force=force, requirements=OIC_REQUIREMENTS
        )
    yield PresentTasking(
        actor=STAFF, reference=reference, meeting_on=today - timedelta(days=30),
        note="Presented with the four forces' initial responses.",
    )  # fmt: skip
    yield AcceptTasking(
        actor=RTTCG_CHAIR, reference=reference,
        rationale="Fits the regional control strategy; met from business as usual.",
    )  # fmt: skip
    yield ReportTaskingProgress(
        actor=STAFF, reference=reference, reported_on=today - timedelta(days=2),
        update="Haulage operations run in West Midlands and Staffordshire; CPD published.",
    )  # fmt: skip


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
    yield ListSupportRequest(
        actor=STAFF, reference=reference, meeting_on=today - timedelta(days=14)
    )
    decision = yield RecordDecision(
        actor=STAFF, marking="OFFICIAL", forum="weekly tasking meeting",
        meeting=f"Weekly tasking meeting {today - timedelta(days=14):%d %b %Y}",
        decided_at=now - timedelta(hours=2), decision_maker="Head of Intelligence",
        review_on=today + timedelta(days=7), outcome="approved", subject_reference=reference,
        **ndm(),
    )  # fmt: skip
    yield DecideSupportRequest(
        actor=STAFF, reference=reference, outcome="supported",
        rationale="Capacity available; supports a priority NCA operation.",
        decision_reference=decision.reference,
    )  # fmt: skip
    yield ReviewSupportRequestMonitoring(
        actor=HEAD_OF_INTELLIGENCE, reference=reference, reviewed_on=today - timedelta(days=1),
        note="Reviewed with the NCA's regional organised crime co-ordinator: on track.",
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
        authorised_by="DCS S. Ellis", authorised_as="Head of Intelligence",
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
    yield ReferSupportRequestToRIG(
        actor=STAFF, reference=reference, note="Referred for an intelligence view."
    )
    yield ReferSupportRequestToRTTCG(
        actor=STAFF, reference=reference, note="RIG supports; for the RTTCG to decide."
    )


def covid_debriefs(today: date, now: datetime) -> Commands:
    """The force's COVID-19 debriefs feeding a learning log overseen by a Gold recovery board."""
    debriefs = [
        ("structured debrief", "Debrief of the two Silver groups"),
        ("questionnaire", "Business continuity recovery report (departmental questionnaires)"),
        ("hot debrief", "Co-ordination cell debrief"),
        ("review", "Recovery assessment for the national forum"),
    ]
    references = []
    for kind, title in debriefs:
        recorded = yield OpenDebrief(
            actor=DEBRIEF_LEAD, marking="OFFICIAL", kind=kind, title=title,
            of_what="COVID-19 response", lead="Supt J. Owens", held_on=today - timedelta(days=60),
        )  # fmt: skip
        references.append(recorded.reference)
    observations = dict.fromkeys(references, 0)
    for index, (theme, lesson) in enumerate(LEARNING_POINTS):
        debrief = references[index % len(references)]
        observations[debrief] += 1
        yield RecordObservation(actor=DEBRIEF_LEAD, reference=debrief, text=lesson)
        yield AcceptObservation(
            actor=DEBRIEF_LEAD, reference=debrief, number=observations[debrief], theme=theme
        )
    yield from _covid_actions(today)
    yield CloseDebrief(
        actor=DEBRIEF_LEAD, reference=references[2], summary="All observations decided."
    )


def _covid_actions(today: date) -> Commands:
    board = "Gold recovery board"
    first = yield RaiseLearningAction(
        actor=DEBRIEF_LEAD, learning_point="LP-1", owner="HR business partner",
        description="Add deputies and resilience to every key role profile.",
        due_on=today + timedelta(days=30), overseeing_board=board,
    )  # fmt: skip
    yield NoteLearningActionProgress(
        actor=DEBRIEF_LEAD, reference=first.reference, note="Role profiles under review."
    )
    yield ExtendLearningActionDueDate(
        actor=DEBRIEF_LEAD, reference=first.reference, new_due_on=today + timedelta(days=60),
        approver=GOLD, reason="Awaiting the regional job evaluation panel.",
    )  # fmt: skip
    second = yield RaiseLearningAction(
        actor=DEBRIEF_LEAD, learning_point="LP-5", owner="Business change lead",
        description="Adopt one decision log system for all command meetings.",
        due_on=today - timedelta(days=5), overseeing_board=board,
    )  # fmt: skip
    yield NoteLearningActionProgress(
        actor=DEBRIEF_LEAD, reference=second.reference, note="Pilot at Silver meetings."
    )
    yield ImplementLearningAction(
        actor=DEBRIEF_LEAD, reference=second.reference,
        evidence="Decision log in use at all Gold and Silver meetings since the spring.",
    )  # fmt: skip
    yield ValidateLearningAction(
        actor=GOLD, reference=second.reference, validated_by="ACC Morgan (Gold)",
        note="Sampled five meetings' logs: complete.",
    )  # fmt: skip
    yield RaiseLearningAction(
        actor=DEBRIEF_LEAD, learning_point="LP-10", owner="Head of Corporate Communications",
        description="Template communications strategy for Silver commanders.",
        due_on=today - timedelta(days=3), overseeing_board=board,
    )  # fmt: skip


SCENARIOS: tuple[Scenario, ...] = (
    demo_users, oic_tasking, gateway_request, emergency_request, significant_request,
    covid_debriefs,
)  # fmt: skip


class DemoRefused(TrackerError):
    """The demo loads into an empty store only, so its references come out as documented."""


def demo_sign_ins(app: Tracker) -> list[str]:
    """The demo's accounts whose password is still the demo's, as "username  roles, clearance"."""
    return [
        f"{username:<11} {', '.join(roles)}, clearance {clearance}"
        for username, _, roles, clearance, _ in DEMO_USERS
        if by_password(app, username, DEMO_PASSWORD) is not None
    ]


def load_demo(app: Tracker, today: date | None = None, now: datetime | None = None) -> int:
    """Loads every scenario; returns how many commands were given."""
    if app.position() != 0:
        raise DemoRefused("the store already holds events; the demo loads into an empty store")
    now = now or datetime.now(UTC)
    today = today or now.date()
    given = 0
    for scenario in SCENARIOS:
        commands = scenario(today, now)
        recorded: Recorded | None = None
        while True:
            try:
                command = commands.send(recorded) if recorded else next(commands)
            except StopIteration:
                break
            recorded = app.handle(command)
            given += 1
    return given
