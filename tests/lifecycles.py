"""Every kind of item's lifecycle, and a new item of each kind brought to any state of it.

A ``Lifecycle`` holds, for one kind of item, a shortest path of steps from a new item to each
state, and each step with arguments that satisfy its rules, so that only the lifecycle
decides whether it may be taken: once as the aggregate's own method (``take``, for tests of
the aggregate) and once as the command a user gives (``commands``, for tests through the
application). ``at`` brings a new item to a state in memory; ``recorded`` records one in a
tracker and gives it the commands of the same path. What every lifecycle must keep is
checked for each kind in tests/unit/tracker/test_lifecycles.py, with the checks below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import strategies as st

from events.base import acting_as
from events.learning import ActionRaised, ActionSettled, LearningPointReopened, LessonLearned
from tests.cast import CastTracker
from tracker.decisions import lifecycle as dm
from tracker.decisions.commands import (
    ConcludeDecision,
    ConfirmDecision,
    PutDecisionUnderReview,
    RecordDecision,
    RescindDecision,
    VaryDecision,
)
from tracker.decisions.decision import Decision
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.commands import ItemCommand, Recorded
from tracker.kernel.errors import IllegalStep, InvalidInput, TrackerError
from tracker.kernel.forum_decision import WITH_CONDITIONS
from tracker.learning import action as la
from tracker.learning import debrief_lifecycle as db
from tracker.learning import point as lp
from tracker.learning.action import LearningAction
from tracker.learning.commands import (
    AcceptObservation,
    CommissionDebrief,
    ExtendLearningActionDueDate,
    HoldDebrief,
    ImplementLearningAction,
    NoteLearningActionProgress,
    OpenDebrief,
    PostponeDebrief,
    RaiseLearningAction,
    ReassignLearningAction,
    RecordLearningActionNotAdopted,
    RecordObservation,
    RejectObservation,
    ReportDebrief,
    RescheduleDebrief,
    ScheduleDebrief,
    ValidateLearningAction,
)
from tracker.learning.debrief import Debrief
from tracker.learning.point import LearningPoint
from tracker.reminders import reminder as rm
from tracker.reminders.commands import (
    CancelReminder,
    MarkReminderSent,
    RecordReminderFailure,
    ScheduleReminder,
)
from tracker.reminders.reminder import Reminder
from tracker.service.application import Tracker
from tracker.support import lifecycle as sr
from tracker.support.commands import (
    AssessSupportRequest,
    AuthoriseSupportRequest,
    CloseSupportRequest,
    ListSupportRequest,
    ReceiveSupportRequest,
    ReferSupportRequestToRIG,
    ReferSupportRequestToRTTCG,
    ReviewSupportRequestMonitoring,
)
from tracker.support.request import SupportRequest
from tracker.tasking import lifecycle as tk
from tracker.tasking.commands import (
    CompleteTasking,
    PresentTasking,
    ReceiveTasking,
    ReferBackTasking,
    ReportBackTasking,
    ReportTaskingProgress,
)
from tracker.tasking.tasking import Tasking

Step = Callable[[Any], None]
Give = Callable[..., Any]  # give(app, reference, **fields): what the command recorded
States = Mapping[str, Mapping[str, str]]

# Who records a new item, and the member of staff who takes each step after.
CREATOR, STAFF = "ana", "bo"
SENSITIVE = "OFFICIAL-SENSITIVE"
TODAY = datetime.now(UTC).date()  # the day the tests were loaded (UTC)


@dataclass(frozen=True)
class Lifecycle:
    """One kind of item: its lifecycle, and how a new one is brought to each state of it."""

    kind: str
    reference: str  # the reference a new item is given when not told otherwise
    states: States  # the kind's LIFECYCLE: each state, and where each step from it leads
    paths: Mapping[str, Sequence[str]]  # a shortest path of steps to each state
    closed: frozenset[str]  # the states the item ends in
    start: Callable[..., TrackerAggregate]  # start(reference, **changes): a new item
    take: Mapping[str, Step]  # each step, by the aggregate's method
    record: Callable[..., str]  # record(app, **changes): a new item's reference
    commands: Mapping[str, Give]  # each step (and move), as commands: give(app, reference)
    creator: str = CREATOR
    actor: str = STAFF
    # Moves the paths take that are no step of the lifecycle's own.
    moves: Mapping[str, Step] = field(default_factory=dict)
    # What a new item on the path to a state is made with, where not the defaults.
    made_with: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Moves an item takes after its path before it may take a step from there.
    ready: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # The ways a new item may be made, for walks of random steps.
    variants: Sequence[Mapping[str, Any]] = ({},)
    # The facts each step records, where it is not one fact.
    facts: Mapping[str, Sequence[type]] = field(default_factory=dict)
    # Steps never offered (another step takes them), and whether what the item offers
    # follows from its state alone (a support request's also from its channel and impact).
    never_offered: frozenset[str] = frozenset()
    offers_by_state: bool = True
    # Input a new item refuses, naming the field: (field, value, what the refusal says).
    bad_input: Sequence[tuple[str, Any, str]] = ()

    @property
    def first(self) -> str:
        """The state a new item is in."""
        return next(iter(self.states))

    def at(self, state: str = "", *then: str, reference: str = "", **changes: Any) -> Any:
        """A new item brought to ``state`` (the first, unless named) by its own methods, and
        then moved on by ``then``; with no events left to collect."""
        state = state or self.first
        moves = {**self.take, **self.moves}
        with acting_as(self.creator):
            made_with = dict(self.made_with.get(state, {})) | changes
            item = self.start(reference or self.reference, **made_with)
            for step in (*self.paths[state], *then):
                moves[step](item)
        item.collect_events()
        return item

    def recorded(self, app: Tracker, state: str = "", *then: str, **changes: Any) -> str:
        """A new item recorded in ``app`` and brought to ``state`` (the first, unless named)
        by the commands users give, then moved on by ``then``; its reference."""
        state = state or self.first
        reference = self.record(app, **(dict(self.made_with.get(state, {})) | changes))
        self.bring(app, reference, state, *then)
        return reference

    def bring(self, app: Tracker, reference: str, state: str, *then: str) -> None:
        """Gives the new item ``reference`` the commands of the path to ``state``, then
        those of ``then``."""
        self.walk(app, reference, *self.paths[state], *then)

    def walk(self, app: Tracker, reference: str, *steps: str) -> None:
        """Gives the item ``reference`` the command of each step in turn."""
        for step in steps:
            self.give(app, step, reference)

    def give(self, app: Tracker, step: str, reference: str, **fields: Any) -> Any:
        """Gives the item ``reference`` the command that takes ``step``, with ``fields``
        instead of the defaults where given."""
        return self.commands[step](app, reference, **fields)


# The decision record a step cites when taken by the item's own method.
DECIDED_AT_RTTCG = {"decision_reference": "RTTCG-3", "decided_on": "2026-10-20"}


def decided_by_forum(outcome: str) -> Give:
    """A step as the decision of the forum the item awaits, recorded about it (the RTTCG,
    for a tasking); ``fields`` change the decision's entry."""

    def give(app: Tracker, reference: str, **fields: Any) -> Recorded:
        item = app.item(reference)
        forum = getattr(item, "awaited_forum", "") or tk.DECIDED_BY
        conditions = {"conditions": "Two days only."} if outcome == WITH_CONDITIONS else {}
        entry = {"forum": forum, "outcome": outcome, "marking": item.marking} | conditions
        return app.handle(recording(subject_reference=reference, **(entry | fields)))

    return give


def command(kind: type[ItemCommand], **defaults: Any) -> Give:
    """A step given as the command ``kind`` with ``defaults`` that satisfy its rules, by
    a member of staff unless another ``actor`` is named."""

    def give(app: Tracker, reference: str, **fields: Any) -> Recorded:
        return app.handle(kind(**({"actor": STAFF} | defaults | fields), reference=reference))

    return give


# -- taskings ---------------------------------------------------------------------------------

TASKING_RECEIPT = dict(
    marking="OFFICIAL",
    nca_reference="NCA/2026/114",
    received_on="2026-10-05",
    title="National policing standards for organised immigration crime",
    description="Adopt the national standards across the region.",
    assists_nca_functions="Improves the national intelligence picture of OIC.",
    threat_area="organised immigration crime and modern slavery",
    lead_officer="patel",
    resourcing="business as usual",
)


def receive_tasking(app: Tracker, basis: str = tk.REQUEST, **changes: Any) -> str:
    """A tasking received on 5 October: due before the RTTCG on 2 November."""
    receipt = TASKING_RECEIPT | changes
    return app.handle(ReceiveTasking(actor=CREATOR, basis=basis, **receipt)).reference


TASKINGS = Lifecycle(
    kind="tasking",
    reference="TSK-1",
    states=tk.LIFECYCLE,
    paths={
        "received": [],
        "presented to RTTCG": [tk.PRESENT],
        "accepted": [tk.PRESENT, tk.ACCEPT],
        "in progress": [tk.PRESENT, tk.ACCEPT, tk.REPORT_PROGRESS],
        "completed": [tk.PRESENT, tk.ACCEPT, tk.COMPLETE],
        "reported back": [tk.PRESENT, tk.ACCEPT, tk.COMPLETE, tk.REPORT_BACK],
        "declined": [tk.DECLINE],
        "referred back": [tk.REFER_BACK],
    },
    closed=frozenset({"reported back", "declined", "referred back"}),
    start=lambda reference, basis=tk.REQUEST, **changes: Tasking.receive(
        reference, basis=basis, **(TASKING_RECEIPT | changes)
    ),
    take={
        tk.PRESENT: lambda t: t.present(meeting_on="2026-10-20", note="first RTTCG"),
        tk.ACCEPT: lambda t: t.accept(rationale="fits the strategy", **DECIDED_AT_RTTCG),
        tk.DECLINE: lambda t: t.decline(rationale="no capability", **DECIDED_AT_RTTCG),
        tk.REFER_BACK: lambda t: t.refer_back(rationale="needs a clearer requirement"),
        tk.REPORT_PROGRESS: lambda t: t.report_progress(
            update="haulage ops run", reported_on="2026-11-17"
        ),
        tk.COMPLETE: lambda t: t.complete(outcome="standards adopted by all four forces"),
        tk.REPORT_BACK: lambda t: t.report_back(report="sent to the NCA", reported_on="2026-12-01"),
    },
    record=receive_tasking,
    commands={
        tk.PRESENT: command(PresentTasking, meeting_on="2026-10-20"),
        tk.ACCEPT: decided_by_forum("approved"),
        tk.DECLINE: decided_by_forum("declined"),
        tk.REFER_BACK: command(ReferBackTasking, rationale="Needs the NCA's view."),
        tk.REPORT_PROGRESS: command(
            ReportTaskingProgress, update="Operations run.", reported_on="2026-11-10"
        ),
        tk.COMPLETE: command(CompleteTasking, outcome="Standards adopted."),
        tk.REPORT_BACK: command(
            ReportBackTasking, report="Sent to the NCA.", reported_on="2026-12-01"
        ),
    },
    variants=({"basis": tk.REQUEST}, {"basis": tk.DIRECTION}),
    bad_input=(
        ("title", "", "is required"),
        ("title", "x" * 201, "limit is 200"),
        ("received_on", "05/10/2026", "YYYY-MM-DD"),
        ("marking", "SECRET", "must be one of"),
        ("resourcing", "some", "must be one of"),
        ("description", 42, "must be text"),
    ),
)

# -- support requests -------------------------------------------------------------------------

REQUEST_RECEIPT = dict(
    marking="OFFICIAL",
    channel=sr.GATEWAY,
    requester="NCA",
    received_on="2026-10-05",
    title="Surveillance support for a haulage operation",
    description="Two days of mobile surveillance on a suspected trafficking route.",
)
EMERGENCY = {"channel": sr.EMERGENCY_ROUTE, "requester": "Staffordshire Police"}
AUTHORITY = dict(
    authorised_by="shaw",
    authorised_as="on-call duty officer",
    authorised_at="2026-10-05T22:10+00:00",
    reason="threat to life overnight",
)
WEEK = timedelta(days=7)
SIGNIFICANT = "assess as significant"  # a move: an assessment finding significant impact


def receive_request(app: Tracker, **changes: Any) -> str:
    receipt = REQUEST_RECEIPT | changes
    return app.handle(ReceiveSupportRequest(actor=CREATOR, **receipt)).reference


def decide_step(outcome: str) -> Step:
    return lambda r: r.decide(outcome=outcome, rationale="weighed", **DECIDED_AT_RTTCG)


EMERGENCY_STATES = (sr.RECEIVED_BY_EMERGENCY_ROUTE, sr.AUTHORISED, sr.NOT_RATIFIED)
REQUESTS = Lifecycle(
    kind="support request",
    reference="SR-1",
    states=sr.LIFECYCLE,
    paths={
        sr.RECEIVED: [],
        sr.RECEIVED_BY_EMERGENCY_ROUTE: [],
        sr.AUTHORISED: [sr.AUTHORISE],
        sr.NOT_RATIFIED: [sr.AUTHORISE, sr.NOT_RATIFY],
        sr.ASSESSED: [sr.ASSESS],
        sr.LISTED: [sr.ASSESS, sr.LIST],
        sr.DEFERRED: [sr.ASSESS, sr.LIST, sr.DEFER],
        sr.NOT_SUPPORTED: [sr.ASSESS, sr.LIST, sr.NOT_SUPPORT],
        sr.MONITORED: [sr.ASSESS, sr.LIST, sr.SUPPORT],
        sr.CLOSED: [sr.ASSESS, sr.LIST, sr.SUPPORT, sr.CLOSE],
        sr.REFERRED_TO_RIG: [SIGNIFICANT, sr.REFER_TO_RIG],
        sr.REFERRED_TO_RTTCG: [SIGNIFICANT, sr.REFER_TO_RIG, sr.REFER_TO_RTTCG],
        sr.DEFERRED_BY_RTTCG: [SIGNIFICANT, sr.REFER_TO_RIG, sr.REFER_TO_RTTCG, sr.DEFER],
    },
    closed=frozenset({sr.NOT_SUPPORTED, sr.NOT_RATIFIED, sr.CLOSED}),
    start=lambda reference, **changes: SupportRequest.receive(
        reference, **(REQUEST_RECEIPT | changes)
    ),
    take={
        sr.AUTHORISE: lambda r: r.authorise(**AUTHORITY),
        sr.RATIFY: lambda r: r.ratify(
            meeting_on="2026-10-07", rationale="proportionate", decision_reference="WTM-1"
        ),
        sr.NOT_RATIFY: lambda r: r.not_ratify(
            meeting_on="2026-10-07", rationale="no threat to life", decision_reference="WTM-1"
        ),
        sr.ASSESS: lambda r: r.assess(significant_impact=False, note="within local capacity"),
        sr.LIST: lambda r: r.list_for_meeting(meeting_on=(r.meeting_on or r.received_on) + WEEK),
        sr.REFER_TO_RIG: lambda r: r.refer_to_rig(note="draws on covert capability"),
        sr.REFER_TO_RTTCG: lambda r: r.refer_to_rttcg(note="the RIG supports it"),
        sr.SUPPORT: decide_step("supported"),
        sr.PARTLY_SUPPORT: decide_step("partly supported"),
        sr.NOT_SUPPORT: decide_step("not supported"),
        sr.DEFER: decide_step("deferred"),
        sr.REVIEW_MONITORING: lambda r: r.review_monitoring(
            note="on track", reviewed_on="2026-10-14"
        ),
        sr.CLOSE: lambda r: r.close(outcome="two arrests; route disrupted"),
    },
    record=receive_request,
    commands={
        sr.AUTHORISE: command(AuthoriseSupportRequest, **AUTHORITY),
        sr.RATIFY: decided_by_forum("approved"),
        sr.NOT_RATIFY: decided_by_forum("declined"),
        sr.ASSESS: command(AssessSupportRequest, significant_impact=False, note="In capacity."),
        SIGNIFICANT: command(
            AssessSupportRequest,
            significant_impact=True,
            note="Commits most surveillance capacity.",
        ),
        sr.LIST: command(ListSupportRequest, meeting_on="2026-10-12"),
        sr.REFER_TO_RIG: command(ReferSupportRequestToRIG, note="For the RIG."),
        sr.REFER_TO_RTTCG: command(ReferSupportRequestToRTTCG, note="For the RTTCG."),
        sr.SUPPORT: decided_by_forum("approved"),
        sr.PARTLY_SUPPORT: decided_by_forum("approved with conditions"),
        sr.NOT_SUPPORT: decided_by_forum("declined"),
        sr.DEFER: decided_by_forum("deferred"),
        sr.REVIEW_MONITORING: command(
            ReviewSupportRequestMonitoring, note="On track.", reviewed_on="2026-10-19"
        ),
        sr.CLOSE: command(CloseSupportRequest, outcome="Operation ended."),
    },
    moves={SIGNIFICANT: lambda r: r.assess(significant_impact=True, note="commits most capacity")},
    made_with={state: EMERGENCY for state in EMERGENCY_STATES},
    ready={sr.REFER_TO_RIG: [SIGNIFICANT]},
    variants=({}, EMERGENCY),
    offers_by_state=False,
    bad_input=(
        ("title", "", "is required"),
        ("title", "x" * 201, "limit is 200"),
        ("requester", None, "is required"),
        ("received_on", "05/10/2026", "YYYY-MM-DD"),
        ("marking", "SECRET", "must be one of"),
        ("channel", "phone", "must be one of"),
        ("description", 42, "must be text"),
    ),
)

# -- decisions --------------------------------------------------------------------------------

DECIDED_AT = datetime(2026, 10, 14, 10, 0, tzinfo=UTC)
NOW = DECIDED_AT + timedelta(hours=1)
LATER = DECIDED_AT + timedelta(days=28)
CHOSEN = {"option": "Adopt the national standards", "rejected_because": ""}
REJECTED = {"option": "Wait for the NCA's guidance", "rejected_because": "leaves the gap open"}
ENTRY = dict(
    marking="OFFICIAL",
    forum="RTTCG",
    meeting="RTTCG 14 Oct 2026",
    decided_at=DECIDED_AT,
    decision_maker="jones",
    information_and_intelligence="Haulage routes used for organised immigration crime.",
    threat_and_risk="High threat to life in concealed transport.",
    powers_and_policy="NCA request under s.5(1)(a); regional control strategy.",
    options_considered=[CHOSEN, REJECTED],
    action_chosen="Adopt the national standards across the four forces.",
    review_on="2026-11-11",
    outcome="approved",
)


def recording(**changes: Any) -> RecordDecision:
    """A command to record ENTRY now, decided an hour ago."""
    decided_at = changes.pop("decided_at", datetime.now(UTC) - timedelta(hours=1))
    review_on = decided_at.date() + timedelta(days=28)
    entry = ENTRY | {"decided_at": decided_at, "review_on": review_on} | changes
    return RecordDecision(actor=CREATOR, **entry)


def supersede(app: Tracker, reference: str, **changes: Any) -> Recorded:
    """A later decision of the same forum, recorded as superseding ``reference``."""
    forum = app.item(reference).forum
    return app.handle(recording(forum=forum, supersedes=reference, **changes))


DECISIONS = Lifecycle(
    kind="decision",
    reference="RTTCG-1",
    states=dm.LIFECYCLE,
    paths={
        "decided": [],
        "under review": [dm.PUT_UNDER_REVIEW],
        "varied": [dm.VARY],
        "superseded": [dm.SUPERSEDE],
        "rescinded": [dm.RESCIND],
        "concluded": [dm.CONCLUDE],
    },
    closed=frozenset({"superseded", "rescinded", "concluded"}),
    start=lambda reference, **changes: Decision.record(
        reference, now=NOW, **({"series": "RTTCG"} | ENTRY | changes)
    ),
    take={
        dm.PUT_UNDER_REVIEW: lambda d: d.put_under_review(note="the NCA's guidance has changed"),
        dm.CONFIRM: lambda d: d.confirm(note="still right"),
        dm.VARY: lambda d: d.vary(variation="Staffordshire first", rationale="capacity elsewhere"),
        dm.SUPERSEDE: lambda d: d.supersede(by="RTTCG-9", forum="RTTCG", decided_at=LATER),
        dm.RESCIND: lambda d: d.rescind(reason="the request was withdrawn"),
        dm.CONCLUDE: lambda d: d.conclude(note="standards adopted"),
    },
    record=lambda app, **changes: app.handle(recording(**changes)).reference,
    commands={
        dm.PUT_UNDER_REVIEW: command(PutDecisionUnderReview, note="Guidance changed."),
        dm.CONFIRM: command(ConfirmDecision, note="Still right."),
        dm.VARY: command(VaryDecision, variation="Narrower.", rationale="Cost."),
        dm.SUPERSEDE: supersede,
        dm.RESCIND: command(RescindDecision, reason="Withdrawn."),
        dm.CONCLUDE: command(ConcludeDecision, note="Done."),
    },
    bad_input=(
        ("meeting", "x" * 201, "limit is 200"),
        ("decision_maker", "", "is required"),
        ("marking", "SECRET", "must be one of"),
        ("forum", "", "is required"),
        ("outcome", "agreed", "must be one of"),
        ("decided_at", datetime(2026, 10, 14, 10, 0), "time zone"),
        ("decided_at", "14/10/2026 10:00", "YYYY-MM-DD"),
        ("review_on", "11/11/2026", "YYYY-MM-DD"),
        ("review_on", "2026-10-13", "before the decision"),
        ("threat_and_risk", 42, "must be text"),
        ("retrospective", "yes", "true or false"),
        ("subject_reference", "x" * 41, "limit is 40"),
    ),
)

# -- debriefs, learning points and learning actions -------------------------------------------

COMMISSIONING = dict(
    marking="OFFICIAL",
    kind="structured debrief",
    level="structured",
    title="Debrief of the two Silver groups",
    of_what="COVID-19 response",
    lead="jones",
    facilitator="Insp Marsh",
)
# A debrief commissioned and held at once, as every debrief was before they were scheduled.
OPENING = dict(
    marking="OFFICIAL",
    kind="structured debrief",
    title="Debrief of the two Silver groups",
    of_what="COVID-19 response",
    lead="jones",
    held_on="2020-07-14",
)
HELD_AT_ONCE = {"held_on": OPENING["held_on"]}
IDENTIFIED = dict(
    marking="OFFICIAL",
    text="Build resilience for key roles into role profiles",
    theme="resilience of key roles",
    debrief="DB-1",
    observation=2,
)
RAISED = dict(
    learning_point="LP-1",
    marking="OFFICIAL",
    description="Add a deputy to every key role profile",
    owner="head-of-hr",
    due_on="2020-12-31",
    overseeing_board="Gold recovery board",
)


def new_debrief(reference: str, observations: int = 0, **changes: Any) -> Debrief:
    """A new debrief: commissioned, or (given the day it was held) held at once with
    ``observations`` recorded on it."""
    if "held_on" not in changes:
        return Debrief.commission(reference, **(COMMISSIONING | changes))
    debrief = Debrief.open(reference, today=TODAY, **(OPENING | changes))
    for n in range(observations):
        debrief.record_observation(f"Observation {n + 1}")
    return debrief


def first_undecided(debrief: Debrief) -> int:
    return next((o.number for o in debrief.observations if not o.is_decided), 1)


def first_outstanding(point: LearningPoint) -> str:
    return next(iter(point.outstanding_actions), "LA-1")


def on_first_undecided(kind: type[ItemCommand], **defaults: Any) -> Give:
    """The command ``kind`` on the debrief's first observation not yet decided."""

    def give(app: Tracker, reference: str, **fields: Any) -> Recorded:
        number = first_undecided(app.item(reference))
        return command(kind, number=number, **defaults)(app, reference, **fields)

    return give


def open_debrief(app: Tracker, **overrides: Any) -> str:
    """A debrief commissioned and held at once, ready for observations; its reference."""
    return app.handle(OpenDebrief(actor=CREATOR, **(OPENING | overrides))).reference


def commission_debrief(app: Tracker, **overrides: Any) -> str:
    return app.handle(CommissionDebrief(actor=CREATOR, **(COMMISSIONING | overrides))).reference


def record_debrief(app: Tracker, **changes: Any) -> str:
    """A new debrief by the command a user gives: commissioned, or held at once when given
    the day it was held."""
    return (open_debrief if "held_on" in changes else commission_debrief)(app, **changes)


def identify(app: Tracker, debrief: str, text: str, theme: str = "planning", **accept: Any) -> str:
    """Records an observation on ``debrief`` and accepts it; returns the new point's reference."""
    app.handle(RecordObservation(actor=CREATOR, reference=debrief, text=text))
    number = len(app.item(debrief).observations)
    command = AcceptObservation(actor=CREATOR, reference=debrief, number=number, theme=theme,
                                **accept)  # fmt: skip
    return app.handle(command).reference


def raise_action(app: Tracker, point: str, due_on: date = TODAY, **overrides: Any) -> str:
    fields = dict(description="Write it into the plan.", owner="planning-lead",
                  due_on=due_on, overseeing_board="Gold recovery board") | overrides  # fmt: skip
    return app.handle(RaiseLearningAction(actor=CREATOR, learning_point=point, **fields)).reference


def identify_lesson(app: Tracker, text: str = "Use existing plans", **accept: Any) -> str:
    """A learning point from an observation of a debrief of its own."""
    return identify(app, open_debrief(app), text, **accept)


def action_on_a_point(app: Tracker, learning_point: str = "", **overrides: Any) -> str:
    """An action raised on ``learning_point``, or on a point of its own marked as it is."""
    point = learning_point or identify_lesson(app, marking=overrides.get("marking", "OFFICIAL"))
    return raise_action(app, point, **overrides)


def extend(app: Tracker, reference: str, **fields: Any) -> Recorded:
    later = app.item(reference).due_on + timedelta(days=30)
    fields = {
        "new_due_on": later,
        "approver": "gold-chair",
        "reason": "Awaiting the panel.",
    } | fields
    return command(ExtendLearningActionDueDate)(app, reference, **fields)


DEBRIEFS = Lifecycle(
    kind="debrief",
    reference="DB-1",
    states=db.LIFECYCLE,
    paths={
        db.COMMISSIONED: [],
        db.SCHEDULED: [db.SCHEDULE],
        db.POSTPONED: [db.SCHEDULE, db.POSTPONE],
        db.HELD: [],  # commissioned and held at once (the scheduled way is its own test)
        db.REPORTED: [db.REPORT],
    },
    closed=frozenset({db.REPORTED}),
    start=new_debrief,
    take={
        db.SCHEDULE: lambda d: d.schedule("2020-07-14"),
        db.POSTPONE: lambda d: d.postpone(reason="the Silver commanders were called to a riot"),
        db.RESCHEDULE: lambda d: d.reschedule("2020-07-21"),
        db.HOLD: lambda d: d.hold("2020-07-14", today=TODAY),
        db.RECORD: lambda d: d.record_observation("Key roles had no deputies"),
        db.ACCEPT: lambda d: d.accept_observation(
            first_undecided(d), "resilience of key roles", learning_point="LP-1"
        ),
        db.REJECT: lambda d: d.reject_observation(first_undecided(d), reason="outside our remit"),
        db.REPORT: lambda d: d.report(summary="Ten learning points identified"),
    },
    record=record_debrief,
    commands={
        db.SCHEDULE: command(ScheduleDebrief, scheduled_on="2020-07-14"),
        db.POSTPONE: command(PostponeDebrief, reason="Called to an incident."),
        db.RESCHEDULE: command(RescheduleDebrief, scheduled_on="2020-07-21"),
        db.HOLD: command(HoldDebrief, held_on="2020-07-14"),
        db.RECORD: command(RecordObservation, text="Key roles had no deputies"),
        db.ACCEPT: on_first_undecided(AcceptObservation, theme="planning"),
        db.REJECT: on_first_undecided(RejectObservation, reason="Outside our remit."),
        db.REPORT: command(ReportDebrief, summary="Nothing found."),
    },
    made_with={db.HELD: HELD_AT_ONCE, db.REPORTED: HELD_AT_ONCE},
    ready={db.ACCEPT: [db.RECORD], db.REJECT: [db.RECORD]},
    variants=({}, HELD_AT_ONCE),
    # Once held, what a debrief offers turns on its observations: deciding them, or reporting.
    offers_by_state=False,
    bad_input=(
        ("title", "", "is required"),
        ("title", "x" * 201, "limit is 200"),
        ("marking", "SECRET", "must be one of"),
        ("kind", "chat", "must be one of"),
        ("level", "gold", "must be one of"),
        ("lead", 42, "must be text"),
        ("facilitator", " ", "is required"),
        ("of_what", None, "is required"),
        ("held_on", "14/07/2020", "YYYY-MM-DD"),
        ("held_on", TODAY + timedelta(days=1), "still to come"),
    ),
)

ACTIONS = Lifecycle(
    kind="learning action",
    reference="LA-1",
    states=la.LIFECYCLE,
    paths={
        "open": [],
        "in progress": [la.NOTE_PROGRESS],
        "implemented": [la.NOTE_PROGRESS, la.IMPLEMENT],
        "validated": [la.NOTE_PROGRESS, la.IMPLEMENT, la.VALIDATE],
        "not adopted": [la.NOT_ADOPT],
    },
    closed=frozenset({"validated", "not adopted"}),
    start=lambda reference, **changes: LearningAction.raise_for(reference, **(RAISED | changes)),
    take={
        la.NOTE_PROGRESS: lambda a: a.note_progress("profiles drafted"),
        la.IMPLEMENT: lambda a: a.implement(evidence="profiles published on the intranet"),
        la.VALIDATE: lambda a: a.validate(validated_by="c.gold", note="sampled ten roles"),
        la.NOT_ADOPT: lambda a: a.not_adopt(rationale="superseded by the national review"),
        la.EXTEND: lambda a: a.extend_due_date(
            date.fromordinal(a.due_on.toordinal() + 30),
            approver="ward",
            reason="HR restructure",
        ),
        la.REASSIGN: lambda a: a.reassign(
            "lee" if a.owner != "lee" else "DI Khan", reason="owner moved post"
        ),
    },
    record=action_on_a_point,
    commands={
        la.NOTE_PROGRESS: command(NoteLearningActionProgress, note="Started."),
        la.IMPLEMENT: command(ImplementLearningAction, evidence="In the plan."),
        la.VALIDATE: command(ValidateLearningAction, actor="c.gold", note="Checked."),
        la.NOT_ADOPT: command(RecordLearningActionNotAdopted, rationale="Superseded by policy."),
        la.EXTEND: extend,
        la.REASSIGN: command(ReassignLearningAction, new_owner="lee", reason="Moved post."),
    },
    bad_input=(
        ("description", "", "is required"),
        ("owner", "x" * 201, "limit is 200"),
        ("due_on", "31/12/2020", "YYYY-MM-DD"),
        ("due_on", None, "is required"),
        ("marking", "TOP SECRET", "must be one of"),
        ("overseeing_board", 3, "must be text"),
        ("learning_point", "", "is required"),
    ),
)


def settle_first_action(how: str) -> Give:
    """Settles the point's first outstanding action as ``how``: by its own commands."""

    def give(app: Tracker, reference: str, **fields: Any) -> Recorded:
        action = first_outstanding(app.item(reference))
        last = ACTIONS.paths[how][-1]
        ACTIONS.walk(app, action, *ACTIONS.paths[how][:-1])
        return ACTIONS.give(app, last, action, **fields)

    return give


def repeat(app: Tracker, reference: str, **fields: Any) -> Recorded:
    """An observation on the point's debrief that repeats it."""
    debrief = app.item(reference).debrief
    fields = {"text": "It happened again.", "repeats": reference} | fields
    return command(RecordObservation)(app, debrief, **fields)


NOTABLE = {"nature": lp.NOTABLE_PRACTICE}
POINTS = Lifecycle(
    kind="learning point",
    reference="LP-1",
    states=lp.LIFECYCLE,
    paths={
        "identified": [],
        "being actioned": [lp.RAISE],
        "learned": [lp.RAISE, lp.LEARN],
        "not learned": [lp.RAISE, lp.LEARN, lp.REOPEN],
        "notable practice": [],
    },
    # A lesson learned is reopened when it recurs; notable practice is shared, not actioned.
    closed=frozenset({lp.NOTABLE_PRACTICE}),
    start=lambda reference, **changes: LearningPoint.identify(reference, **(IDENTIFIED | changes)),
    # Settling the last outstanding action as validated is what takes "learn lesson".
    take={
        lp.RAISE: lambda p: p.raise_action(f"LA-{len(p.actions) + 1}"),
        lp.SETTLE: lambda p: p.settle_action(first_outstanding(p), "not adopted"),
        lp.LEARN: lambda p: p.settle_action(first_outstanding(p), "validated"),
        lp.REOPEN: lambda p: p.reopen(debrief="DB-2", observation=1),
    },
    record=identify_lesson,
    commands={
        lp.RAISE: lambda app, reference, **fields: raise_action(app, reference, **fields),
        lp.SETTLE: settle_first_action("not adopted"),
        lp.LEARN: settle_first_action("validated"),
        lp.REOPEN: repeat,
    },
    facts={
        lp.RAISE: [ActionRaised],
        lp.SETTLE: [ActionSettled],
        lp.LEARN: [ActionSettled, LessonLearned],
        lp.REOPEN: [LearningPointReopened],
    },
    made_with={lp.NOTABLE_PRACTICE: NOTABLE},
    variants=({}, NOTABLE),
    never_offered=frozenset({lp.LEARN}),
    bad_input=(
        ("nature", "good practice", "must be one of"),
        ("text", "", "is required"),
        ("text", "x" * 20_001, "limit is 20000"),
        ("theme", "morale", "must be one of"),
        ("marking", "SECRET", "must be one of"),
        ("debrief", None, "is required"),
        ("observation", 0, "whole number from 1"),
        ("observation", "2", "whole number from 1"),
    ),
)

# -- reminders --------------------------------------------------------------------------------

DUE = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
NAIVE = datetime(2026, 12, 1, 9, 0)
SCHEDULE = dict(
    item_reference="TSK-1",
    kind="overdue",
    due_at=DUE,
    recipient="ana",
    marking=SENSITIVE,
)
KEY = "TSK-1/overdue/2026-12-01T09:00Z/ana"
SYSTEM = "system:reminders"


def schedule_reminder(app: Tracker, **changes: Any) -> str:
    """A reminder chasing a tasking of its own, marked as the reminder is."""
    chased = receive_tasking(app, marking=changes.get("marking", SCHEDULE["marking"]))
    schedule = SCHEDULE | {"item_reference": chased} | changes
    return app.handle(ScheduleReminder(actor=SYSTEM, **schedule)).reference


REMINDERS = Lifecycle(
    kind="reminder",
    reference=KEY,
    states=rm.LIFECYCLE,
    paths={
        "scheduled": [],
        "sent": [rm.MARK_SENT],
        "cancelled": [rm.CANCEL],
        "failed": [rm.RECORD_PERMANENT_FAILURE],
    },
    closed=frozenset({"sent", "cancelled", "failed"}),
    # A reminder's reference is its key: the item, kind, due moment and recipient.
    start=lambda _key, **changes: Reminder.schedule(**(SCHEDULE | changes)),
    take={
        rm.MARK_SENT: lambda r: r.mark_sent(sent_at=DUE, message_id="<1@tracker.rocu>"),
        rm.CANCEL: lambda r: r.cancel(reason="reassigned to bo"),
        rm.RECORD_TRANSIENT_FAILURE: lambda r: r.record_failure(
            error="421 try later", permanent=False
        ),
        rm.RECORD_PERMANENT_FAILURE: lambda r: r.record_failure(
            error="550 no mailbox", permanent=True
        ),
    },
    record=schedule_reminder,
    commands={
        rm.MARK_SENT: command(MarkReminderSent, actor=SYSTEM, sent_at=DUE, message_id="<1@x>"),
        rm.CANCEL: command(CancelReminder, actor=SYSTEM, reason="reassigned to bo"),
        rm.RECORD_TRANSIENT_FAILURE: command(
            RecordReminderFailure, actor=SYSTEM, error="421 busy", permanent=False
        ),
        rm.RECORD_PERMANENT_FAILURE: command(
            RecordReminderFailure, actor=SYSTEM, error="550 no such user", permanent=True
        ),
    },
    creator=SYSTEM,
    actor=SYSTEM,
    bad_input=(
        ("due_at", NAIVE, "time zone"),
        ("due_at", "next tuesday", "YYYY-MM-DD"),
        ("due_at", None, "is required"),
        ("kind", "nag", "must be one of"),
        ("recipient", "  ", "is required"),
        ("recipient", "x" * 255, "limit is 254"),
        ("recipient", "ana/bo", "must not contain"),
        ("item_reference", "", "is required"),
        ("item_reference", "TSK/1", "must not contain"),
        ("marking", "SECRET", "must be one of"),
    ),
)

LIFECYCLES = (TASKINGS, REQUESTS, DECISIONS, DEBRIEFS, POINTS, ACTIONS, REMINDERS)


# -- the checks every lifecycle is held to ----------------------------------------------------


def public_state(item: TrackerAggregate) -> dict[str, Any]:
    return {k: v for k, v in vars(item).items() if not k.startswith("_")}


def allowed_transitions(lifecycle: Lifecycle) -> list[tuple[Lifecycle, str, str]]:
    """Every (state, step) the lifecycle allows: each must move the item on."""
    return [(lifecycle, state, step) for state, steps in lifecycle.states.items() for step in steps]


def refused_transitions(lifecycle: Lifecycle) -> list[tuple[Lifecycle, str, str]]:
    """Every (state, step) the lifecycle does not allow: each must be refused."""
    return [(lifecycle, state, step) for state, allowed in lifecycle.states.items()
            for step in lifecycle.take if step not in allowed]  # fmt: skip


def check_allowed_step(item: Any, lifecycle: Lifecycle, state: str, step: str) -> list[Any]:
    """Takes an allowed step: the item moves to the state the lifecycle says, by its actor."""
    with acting_as(lifecycle.actor):
        lifecycle.take[step](item)
    events = item.collect_events()
    assert item.state == lifecycle.states[state][step]
    assert events and {e.actor for e in events} == {lifecycle.actor}
    return events


def check_refused_step(item: Any, lifecycle: Lifecycle, state: str, step: str) -> IllegalStep:
    """Tries a step the lifecycle refuses: named item and state, allowed steps, nothing recorded."""
    with acting_as(lifecycle.actor), pytest.raises(IllegalStep) as refused:
        lifecycle.take[step](item)
    named = f"{lifecycle.kind} {lifecycle.reference} is {state!r}: cannot "
    assert str(refused.value).startswith(named)
    assert refused.value.allowed == sorted(item.allowed_steps())
    assert item.collect_events() == []
    return refused.value


def refused_input(lifecycle: Lifecycle, **changes: Any) -> InvalidInput:
    """Tries to make a new item with ``changes``: refused as bad input."""
    with acting_as(lifecycle.creator), pytest.raises(InvalidInput) as refused:
        lifecycle.start(lifecycle.reference, **changes)
    return refused.value


def step_sequences(lifecycle: Lifecycle) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(sorted({**lifecycle.take, **lifecycle.moves})), max_size=12)


def check_random_steps(lifecycle: Lifecycle, variant: Mapping[str, Any], chosen: list[str]) -> None:
    """Whatever steps are tried in whatever order, the item is always in a state of its
    lifecycle, refused steps record nothing, and replaying the stored events gives back
    exactly the item that was saved."""
    moves = {**lifecycle.take, **lifecycle.moves}
    app = CastTracker("memory://")
    try:
        with acting_as("prop"):
            item = lifecycle.start(lifecycle.reference, **variant)
            app.save(item)
            for name in chosen:
                before = item.state
                try:
                    moves[name](item)
                except TrackerError:
                    assert item.state == before
                    assert item.collect_events() == []
                    continue
                assert item.state in lifecycle.states
                app.save(item)
        replayed = app.repository.get(item.id)
        assert public_state(replayed) == public_state(item)
    finally:
        app.close()
