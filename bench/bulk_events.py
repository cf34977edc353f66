"""A large, valid event log built fast, for the views' benchmarks.

Every event comes from a real command through the real handler and the aggregates' own
methods, so the rules are checked and the events are the ones users' actions make. What
is faster than ``Tracker.handle`` alone is the saving: ``BulkTracker`` keeps the items a
run of commands touches in memory and saves their events, in the order the commands made
them, about 1,000 at a time in one ``app.save``. The store writes positions and the hash
chain as for any save, so the log verifies.

The commands follow the demo's scenarios (tracker/cli/demo.py) and a few more that take items
further through their lifecycles (decisions reviewed, varied and superseded; taskings
completed and reported back; emergency requests ratified and closed; corrections and
reviews), with one item in six OFFICIAL-SENSITIVE. A tasking is accepted or declined, and an
emergency request ratified, by recording the forum's decision about it (``RecordDecision``
with its ``subject_reference``), which moves it in the same transaction.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tracker.cli.demo_requests import (
    emergency_request,
    gateway_request,
    ndm,
    significant_request,
)
from tracker.cli.demo_taskings import oic_tasking
from tracker.decisions.commands import (
    ConcludeDecision,
    ConfirmDecision,
    PutDecisionUnderReview,
    RecordDecision,
    VaryDecision,
)
from tracker.decisions.log_entry import FORUMS
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.clock import london_moment
from tracker.kernel.commands import Command, Recorded
from tracker.kernel.errors import TrackerError
from tracker.kernel.item_commands import AmendItem, RecordReview
from tracker.kernel.numbering import Counter
from tracker.kernel.stored import StoredAggregate
from tracker.learning.commands import (
    AcceptObservation,
    ImplementLearningAction,
    NoteLearningActionProgress,
    OpenDebrief,
    RaiseLearningAction,
    RecordObservation,
    RejectObservation,
    ReportDebrief,
    ValidateLearningAction,
)
from tracker.learning.point import THEMES
from tracker.service.application import A, Tracker
from tracker.support.commands import (
    AuthoriseSupportRequest,
    CloseSupportRequest,
    ReceiveSupportRequest,
    ReviewSupportRequestMonitoring,
)
from tracker.tasking.commands import (
    CompleteTasking,
    PlaceTaskingRequirements,
    PresentTasking,
    ReceiveTasking,
    RecordRepresentation,
    ReportBackTasking,
    ReportTaskingProgress,
)
from tracker.tasking.lifecycle import DIRECTION, REGION_FORCES, REQUEST

# Change this whenever the scenarios change: cached stores are kept under this name.
VERSION = "bulk-2"  # bulk-2: forums' decisions move taskings and requests
SAVE_EVERY = 1_000  # events per app.save (one transaction)
STAFF, CHAIR, LEAD = "r.khan", "acc.morgan", "j.owens"
RTTCG, WEEKLY = "RTTCG", "weekly tasking meeting"
OUTCOMES = ("approved", "approved with conditions", "declined")
ACCEPT, DECLINE = "Accept: fits the control strategy.", "Decline: no capacity this quarter."

Scenario = Callable[[random.Random, date, datetime], Iterator[Command]]


class BulkTracker(Tracker):
    """A tracker whose commands run through the real handlers, saved many at a time.

    ``load`` answers from the items touched since the last save, ``new_reference`` from
    counters kept in memory, and ``record`` collects the events instead of saving them.
    Only one writer may use the store meanwhile: the counters and items are not reloaded.
    """

    name = Tracker.name  # the store's tables are named after the application

    def __init__(self, url: str, *, create_schema: bool = True):
        super().__init__(url, create_schema=create_schema)
        self._items: dict[str, TrackerAggregate] = {}
        self._counters: dict[str, Counter] = {}
        self._pending: list[Any] = []

    def load(self, kind: type[A], reference: str, expected_version: int | None = None) -> A:
        item = self._items.get(reference)
        if item is None:
            loaded = super().load(kind, reference, expected_version)
            self._items[reference] = loaded
            return loaded
        if not isinstance(item, kind):
            raise TrackerError(f"{reference} is a {item.KIND}, not what the command needs")
        return item

    def new_reference(self, series: str) -> tuple[Counter, str]:
        counter = self._counters.get(series)
        if counter is None:
            counter, reference = super().new_reference(series)
            self._counters[series] = counter
            return counter, reference
        return counter, f"{series}-{counter.issue()}"

    def record(self, item: StoredAggregate, *others: StoredAggregate) -> Recorded:
        for aggregate in (item, *others):
            self._pending += aggregate.collect_events()
            if isinstance(aggregate, TrackerAggregate):
                self._items[aggregate.reference] = aggregate
        reference = getattr(item, "reference", str(item.id))
        return Recorded(reference, item.version, 0)  # the position is known once saved

    @property
    def pending(self) -> int:
        return len(self._pending)

    def flush(self) -> None:
        """Saves every collected event in one transaction and forgets the items."""
        if self._pending:
            self.save(*self._pending)
        self._pending = []
        self._items.clear()


def run(app: Tracker, scenario: Iterator[Command]) -> int:
    """Gives a scenario's commands to ``app``, each seeing what the one before recorded."""
    given, recorded = 0, None
    while True:
        try:
            command = scenario.send(recorded) if recorded else next(scenario)  # type: ignore[arg-type]
        except StopIteration:
            return given
        recorded = app.handle(command)
        given += 1


def scenarios(seed: int = 1) -> Iterator[Iterator[Command]]:
    """Scenarios without end, in a fixed mixture, with choices from a seeded generator."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    today = now.date()
    while True:
        for scenario in MIXTURE:
            yield scenario(rng, today, now)


def fill(app: BulkTracker, events: int, progress: Callable[[int], None] | None = None) -> int:
    """Adds scenarios until the store holds at least ``events`` events; returns commands given."""
    stored, given = app.position(), 0
    for scenario in scenarios(seed=stored + 1):
        if stored + app.pending >= events:
            break
        given += run(app, scenario)
        if app.pending >= SAVE_EVERY:
            stored += app.pending
            app.flush()
            if progress:
                progress(stored)
    app.flush()
    return given


# -- the scenarios ------------------------------------------------------------------------


def _marking(rng: random.Random) -> str:
    return "OFFICIAL-SENSITIVE" if rng.random() < 1 / 6 else "OFFICIAL"


def _from_demo(demo: Callable[[date, datetime], Any]) -> Scenario:
    def scenario(rng: random.Random, today: date, now: datetime) -> Iterator[Command]:
        return demo(today, now)  # type: ignore[no-any-return]

    scenario.__name__ = demo.__name__
    return scenario


def forum_decision(
    forum: str,
    subject: str,
    marking: str,
    meeting_on: date,
    today: date,
    action_chosen: str,
    outcome: str = "approved",
    conditions: str = "",
) -> RecordDecision:
    """The decision ``forum`` took about ``subject`` at its meeting on ``meeting_on`` (11:00
    in London), entered from the minutes; recording it moves the subject."""
    return RecordDecision(
        actor=CHAIR,
        marking=marking,
        forum=forum,
        meeting=f"{forum} {meeting_on:%d %b %Y}",
        decided_at=london_moment(meeting_on, time(11)),
        decision_maker="ACC D. Morgan",
        review_on=today + timedelta(days=30),
        outcome=outcome,
        conditions=conditions,
        subject_reference=subject,
        retrospective_reason="Entered from the meeting's approved minutes.",
        **ndm(action_chosen=action_chosen),
    )


def tasking_lifecycle(rng: random.Random, today: date, now: datetime) -> Iterator[Command]:
    """A tasking from receipt through requirements and acceptance to progress or report back."""
    direction, lead, marking = rng.random() < 0.2, rng.choice(OFFICERS), _marking(rng)
    recorded = yield ReceiveTasking(
        actor=STAFF,
        marking=marking,
        basis=DIRECTION if direction else REQUEST,
        nca_reference=f"NCA/{rng.randrange(1, 999):03d}",
        received_on=today - timedelta(days=60),
        title=f"Tasking on {rng.choice(THREATS)}",
        description="Regional response requested.",
        assists_nca_functions="Improves the national intelligence picture.",
        threat_area=rng.choice(THREATS),
        lead_officer=lead,
        resourcing="business as usual",
    )
    reference = recorded.reference
    for force in rng.sample(REGION_FORCES, rng.randint(1, 3)):
        yield PlaceTaskingRequirements(
            actor=STAFF, reference=reference, force=force, requirements=["Report activity monthly"]
        )
    if direction:
        yield RecordRepresentation(
            actor=STAFF,
            reference=reference,
            made_by="Head of ROCU",
            representation="Capacity is stretched this quarter.",
        )
    meeting_on = today - timedelta(days=50)
    yield PresentTasking(actor=STAFF, reference=reference, meeting_on=meeting_on)
    accepted = _outcome(rng, ("approved", "approved with conditions"))
    yield forum_decision(RTTCG, reference, marking, meeting_on, today, ACCEPT, **accepted)
    for week in range(rng.randint(1, 4)):
        yield ReportTaskingProgress(
            actor=STAFF,
            reference=reference,
            update=f"Week {week + 1}: operations continue.",
            reported_on=today - timedelta(days=40 - 7 * week),
        )
    if rng.random() < 0.3:
        yield AmendItem(
            actor=STAFF,
            reference=reference,
            field="lead_officer",
            new_value=rng.choice([o for o in OFFICERS if o != lead]),
            reason="Lead changed.",
        )
    if rng.random() < 0.5:
        yield CompleteTasking(actor=STAFF, reference=reference, outcome="Requirements met.")
        yield ReportBackTasking(
            actor=STAFF,
            reference=reference,
            report="Reported to the NCA.",
            reported_on=today - timedelta(days=5),
        )
    else:
        yield RecordReview(
            actor=STAFF,
            reference=reference,
            note="On track.",
            next_review=today + timedelta(days=rng.randint(1, 60)),
        )


def declined_tasking(rng: random.Random, today: date, now: datetime) -> Iterator[Command]:
    """A request the regional meeting declines at presentation."""
    marking = _marking(rng)
    recorded = yield ReceiveTasking(
        actor=STAFF,
        marking=marking,
        basis="request s.5(1)(a)",
        nca_reference="",
        received_on=today - timedelta(days=20),
        title="Request outside the control strategy",
        description="A request the region cannot resource.",
        assists_nca_functions="Would add to the national picture.",
        threat_area=rng.choice(THREATS),
        lead_officer=rng.choice(OFFICERS),
        resourcing="designated resources",
    )
    meeting_on = today - timedelta(days=10)
    yield PresentTasking(actor=STAFF, reference=recorded.reference, meeting_on=meeting_on)
    yield forum_decision(
        RTTCG, recorded.reference, marking, meeting_on, today, DECLINE, outcome="declined"
    )


def decisions(rng: random.Random, today: date, now: datetime) -> Iterator[Command]:
    """A forum's decision reviewed, varied or confirmed, then superseded or concluded."""
    forum = rng.choice(FORUMS)
    entry = dict(
        actor=STAFF,
        forum=forum,
        meeting=f"{forum} {today:%d %b %Y}",
        decision_maker=rng.choice(OFFICERS),
        review_on=today + timedelta(days=30),
        **_outcome(rng),
        **ndm(),
    )
    first = yield RecordDecision(
        marking=_marking(rng), decided_at=now - timedelta(hours=3), **entry
    )
    yield PutDecisionUnderReview(actor=STAFF, reference=first.reference, note="New intelligence.")
    if rng.random() < 0.5:
        yield VaryDecision(
            actor=STAFF,
            reference=first.reference,
            variation="Scope narrowed.",
            rationale="Resources moved to a priority.",
        )
    else:
        yield ConfirmDecision(actor=STAFF, reference=first.reference, note="Stands as it is.")
    if rng.random() < 0.5:
        yield RecordDecision(
            marking=_marking(rng),
            decided_at=now - timedelta(hours=1),
            supersedes=first.reference,
            **entry,
        )
    else:
        yield ConcludeDecision(actor=STAFF, reference=first.reference, note="Work finished.")


def _outcome(rng: random.Random, outcomes: tuple[str, ...] = OUTCOMES) -> dict[str, str]:
    outcome = rng.choice(outcomes)
    conditions = (
        "Review the risk assessment weekly." if outcome == "approved with conditions" else ""
    )
    return {"outcome": outcome, "conditions": conditions}


def ratified_emergency(rng: random.Random, today: date, now: datetime) -> Iterator[Command]:
    """An emergency-route request authorised, ratified, monitored and closed."""
    marking = _marking(rng)
    recorded = yield ReceiveSupportRequest(
        actor=STAFF,
        marking=marking,
        channel="emergency route",
        requester=rng.choice(FORCES_AND_AGENCIES),
        received_on=today - timedelta(days=9),
        title="Urgent surveillance support",
        description="Out-of-hours request.",
    )
    reference = recorded.reference
    yield AuthoriseSupportRequest(
        actor=STAFF,
        reference=reference,
        authorised_by="DCS S. Ellis",
        authorised_as="Head of Intelligence",
        authorised_at=now - timedelta(days=9),
        reason="Threat to life.",
    )
    yield forum_decision(
        WEEKLY, reference, marking, today - timedelta(days=7), today, "Ratify: proportionate."
    )
    for week in range(rng.randint(0, 2)):
        yield ReviewSupportRequestMonitoring(
            actor=STAFF,
            reference=reference,
            note=f"Review {week + 1}: on track.",
            reviewed_on=today - timedelta(days=5 - week),
        )
    if rng.random() < 0.6:
        yield CloseSupportRequest(actor=STAFF, reference=reference, outcome="Support delivered.")


def debrief(rng: random.Random, today: date, now: datetime) -> Iterator[Command]:
    """A debrief's observations decided; actions raised on its points and taken forward."""
    opened = yield OpenDebrief(
        actor=LEAD,
        marking=_marking(rng),
        kind="hot debrief",
        title="Debrief of an operation",
        of_what="a regional operation",
        lead="Supt J. Owens",
        held_on=today - timedelta(days=30),
    )
    reference, count = opened.reference, rng.randint(2, 4)
    for number in range(1, count + 1):
        yield RecordObservation(actor=LEAD, reference=reference, text=f"Observation {number}.")
    points = []
    for number in range(1, count + 1):
        if number == count and count > 2:
            yield RejectObservation(
                actor=LEAD, reference=reference, number=number, reason="Already covered."
            )
            continue
        accepted = yield AcceptObservation(
            actor=LEAD, reference=reference, number=number, theme=rng.choice(THEMES)
        )
        points.append(accepted.reference)
    action = yield RaiseLearningAction(
        actor=LEAD,
        learning_point=points[0],
        owner=rng.choice(OFFICERS),
        description="Change the procedure.",
        due_on=today + timedelta(days=rng.randint(-10, 60)),
        overseeing_board="Gold recovery board",
    )
    yield NoteLearningActionProgress(actor=LEAD, reference=action.reference, note="Drafted.")
    if rng.random() < 0.5:
        yield ImplementLearningAction(
            actor=LEAD, reference=action.reference, evidence="Procedure published."
        )
        yield ValidateLearningAction(actor=CHAIR, reference=action.reference, note="Sampled.")
    yield ReportDebrief(actor=LEAD, reference=reference, summary="All observations decided.")


THREATS = (
    "organised immigration crime",
    "drugs supply",
    "firearms",
    "fraud",
    "modern slavery",
    "cyber crime",
    "money laundering",
)
OFFICERS = ("DCI A. Patel", "DI B. Jones", "DS C. Wright", "DCI D. Shah", "Supt E. Green")
FORCES_AND_AGENCIES = ("West Mercia Police", "Staffordshire Police", "NCA", "Border Force")

MIXTURE: tuple[Scenario, ...] = (
    tasking_lifecycle,
    _from_demo(gateway_request),
    decisions,
    debrief,
    _from_demo(oic_tasking),
    ratified_emergency,
    tasking_lifecycle,
    decisions,
    _from_demo(significant_request),
    declined_tasking,
    _from_demo(emergency_request),
    decisions,
    tasking_lifecycle,
    debrief,
)
