"""The per-item timeline: every event of an item, with who, when, when decided, why and amendments.

One row per event, keyed by its log position and never changed afterwards, so "as at"
position p is simply the item's rows up to p. Whether a reader may see the timeline at all
turns on the item's marking, which amendments can change either way: a small versioned
table of items keeps each marking for the positions it held. Reminders chase an item, so
their events show on the chased item's timeline too ("who was chased and when").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from eventsourcing.utils import resolve_topic
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Integer,
    String,
    Table,
    Text,
    or_,
    select,
)

from events import common, debrief, decision, learning, reminder, support_request, tasking
from events.base import TrackerCreated
from tracker.aggregate import item_id
from tracker.errors import ItemNotFound
from tracker.paging_sql import page_of
from tracker.projector_sql import Projection
from tracker.reminder import ITEM_KINDS
from tracker.versioned_sql import (
    change_row,
    current_at,
    open_row,
    versioned_table,
    withheld,
    within_clearance,
)
from tracker.views_sql import UtcDateTime, metadata

# What people call each event on a timeline. Every event of an item needs one (a test
# checks), so a new kind of event cannot slip onto timelines unlabelled or be left off.
LABELS: dict[type, str] = {
    common.ItemAmended: "Amended",
    common.ReviewRecorded: "Reviewed",
    tasking.TaskingReceived: "Tasking received",
    tasking.TaskingRequirementsPlaced: "Requirements placed on a force",
    tasking.TaskingPresented: "Presented to the RTTCG",
    tasking.TaskingAccepted: "Tasking accepted",
    tasking.TaskingDeclined: "Tasking declined",
    tasking.TaskingReferredBack: "Tasking referred back",
    tasking.RepresentationRecorded: "Representation to the NCA recorded",
    tasking.TaskingProgressReported: "Progress reported to the RTTCG",
    tasking.TaskingCompleted: "Tasking completed",
    tasking.TaskingReportedBack: "Result reported back to the NCA",
    support_request.SupportRequestReceived: "Support request received",
    support_request.SupportRequestAuthorised: "Emergency authorisation given",
    support_request.SupportRequestRatified: "Emergency authorisation ratified",
    support_request.SupportRequestNotRatified: "Emergency authorisation not ratified",
    support_request.SupportRequestAssessed: "Impact assessed",
    support_request.SupportRequestListed: "Listed for the weekly tasking meeting",
    support_request.SupportRequestReferredToRIG: "Referred to the RIG",
    support_request.SupportRequestReferredToRTTCG: "Referred to the RTTCG",
    support_request.SupportRequestDecided: "Support request decided",
    support_request.SupportRequestMonitoringReviewed: "Monitoring reviewed",
    support_request.SupportRequestClosed: "Support request closed",
    decision.DecisionRecorded: "Decision recorded",
    decision.DecisionPutUnderReview: "Decision put under review",
    decision.DecisionConfirmed: "Decision confirmed on review",
    decision.DecisionVaried: "Decision varied",
    decision.DecisionSuperseded: "Decision superseded",
    decision.DecisionRescinded: "Decision rescinded",
    decision.DecisionConcluded: "Decision concluded",
    debrief.DebriefOpened: "Debrief opened",
    debrief.ObservationRecorded: "Observation recorded",
    debrief.ObservationAccepted: "Observation accepted as a learning point",
    debrief.ObservationRejected: "Observation rejected",
    debrief.DebriefClosed: "Debrief closed",
    learning.LearningPointIdentified: "Learning point identified",
    learning.ActionRaised: "Learning action raised on the point",
    learning.ActionSettled: "Learning action settled",
    learning.LessonLearned: "Lesson learned",
    learning.LearningPointReopened: "Lesson recurred: reopened",
    learning.LearningActionRaised: "Learning action raised",
    learning.LearningActionProgressNoted: "Progress noted",
    learning.LearningActionImplemented: "Learning action implemented",
    learning.LearningActionValidated: "Learning action validated",
    learning.LearningActionNotAdopted: "Learning action not adopted",
    learning.LearningActionDueDateExtended: "Due date extended",
    learning.LearningActionReassigned: "Learning action reassigned",
    reminder.ReminderScheduled: "Reminder scheduled",
    reminder.ReminderSent: "Reminder sent",
    reminder.ReminderCancelled: "Reminder cancelled",
    reminder.ReminderFailed: "Reminder failed to send",
}
# The moment a decision was actually taken, where the event records one.
DECIDED_AT: dict[type, str] = {
    decision.DecisionRecorded: "decided_at",
    support_request.SupportRequestAuthorised: "authorised_at",
}
WHY = ("rationale", "reason", "note", "outcome")  # the first of these an event has
AMENDMENT = ("field", "old_value", "new_value")
SHOWN_ELSEWHERE = ("originator_id", "originator_version", "originator_topic", "timestamp", "actor")
LATER_REMINDER_EVENTS = (reminder.ReminderSent, reminder.ReminderCancelled, reminder.ReminderFailed)

timeline_items = versioned_table(
    "timeline_items",
    Column("kind", String(40), nullable=False),
    Column("chases", String(36), nullable=True),  # a reminder's item id; else NULL
)
timeline_events = Table(
    "item_timeline",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("item_id", String(36), nullable=False, index=True),
    Column("chases", String(36), nullable=True, index=True),  # a reminder's item id; else NULL
    Column("version", Integer, nullable=False),
    Column("event", String(64), nullable=False),
    Column("label", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("why", Text, nullable=False),
    Column("amended_field", String(40), nullable=True),
    Column("old_value", Text, nullable=True),
    Column("new_value", Text, nullable=True),
    Column("details", Text, nullable=False),  # the event's other fields, as JSON
)


@dataclass(frozen=True)
class Amendment:
    """A correction: ``field`` was ``old_value`` and now reads ``new_value``, because ``reason``."""

    field: str
    old_value: str
    new_value: str
    reason: str


@dataclass(frozen=True)
class TimelineEntry:
    """One event on an item's timeline; ``reference`` and ``kind`` name the item it belongs to
    (the item itself, or a reminder chasing it)."""

    position: int
    reference: str
    kind: str
    version: int
    event: str
    label: str
    actor: str
    recorded_at: datetime
    decided_at: datetime | None
    why: str
    amendment: Amendment | None
    details: dict[str, Any]


class ItemTimelineProjection(Projection):
    """Appends a row per event of an item, and keeps each item's marking for clearance."""

    name = "item_timeline"
    tables = (timeline_items, timeline_events)

    def apply(self, event: Any, connection: Connection, position: int) -> None:
        if type(event) not in LABELS:
            return  # a counter's numbers are no item's history
        self._track(event, connection, position)
        connection.execute(
            timeline_events.insert().values(
                position=position,
                item_id=str(event.originator_id),
                chases=self._chased(event, connection),
                **_entry(event),
            )
        )

    @singledispatchmethod
    def _track(self, event: Any, connection: Connection, position: int) -> None:
        """Most events leave the item's marking as it was."""

    @_track.register
    def _(self, event: TrackerCreated, connection: Connection, position: int) -> None:
        kind = resolve_topic(event.originator_topic).KIND
        open_row(connection, timeline_items, event, position, kind=kind, chases=_chases(event))

    @_track.register
    def _(self, event: common.ItemAmended, connection: Connection, position: int) -> None:
        marking = {"marking": event.new_value} if event.field == "marking" else {}
        change_row(
            connection, timeline_items, event, position, lambda _: marking | {"amended": True}
        )

    def _chased(self, event: Any, connection: Connection) -> str | None:
        if isinstance(event, reminder.ReminderScheduled):
            return _chases(event)
        if not isinstance(event, LATER_REMINDER_EVENTS):
            return None
        items = timeline_items.c
        query = select(items.chases).where(
            items.item_id == str(event.originator_id), items.valid_to.is_(None)
        )
        return connection.execute(query).scalar_one_or_none()


def _chases(event: Any) -> str | None:
    """The id of the item a reminder chases; a digest names a forum or the chain instead."""
    if isinstance(event, reminder.ReminderScheduled) and event.kind in ITEM_KINDS:
        return str(item_id(event.item_reference))
    return None


def _entry(event: Any) -> dict[str, Any]:
    """The row's columns from the event; whatever no column shows goes into ``details``."""
    fields = {k: v for k, v in vars(event).items() if k not in SHOWN_ELSEWHERE}
    moment = DECIDED_AT.get(type(event))
    why = next((name for name in WHY if name in fields), None)
    amended = isinstance(event, common.ItemAmended)
    shown = {moment, why, *(AMENDMENT if amended else ())}
    return {
        "version": event.originator_version,
        "event": event.TOPIC,
        "label": LABELS[type(event)],
        "actor": event.actor,
        "recorded_at": event.timestamp,
        "decided_at": fields[moment] if moment else None,
        "why": str(fields[why]) if why else "",
        "amended_field": event.field if amended else None,
        "old_value": event.old_value if amended else None,
        "new_value": event.new_value if amended else None,
        "details": json.dumps(
            {k: v for k, v in fields.items() if k not in shown}, default=_plain, sort_keys=True
        ),
    }


def _plain(value: Any) -> str:
    """Dates, moments, ids and amounts as text JSON can hold."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    raise TypeError(f"a timeline cannot show {type(value).__name__}")


def item_timeline(
    engine: Engine,
    reference: str,
    *,
    sensitive_cleared: bool,
    as_at_position: int | None = None,
    newest_first: bool = False,
    page: int = 1,
    per_page: int = 100,
) -> list[TimelineEntry]:
    """An item's events, now or as at a log position, oldest (or newest) first.

    An item above the reader's clearance, now or then, answers as if it did not exist,
    so the answer cannot tell a reader that a sensitive item is there.
    """
    target = str(item_id(reference))
    items, timeline = timeline_items, timeline_events
    visible = (
        current_at(items, as_at_position),
        *within_clearance(items, sensitive_cleared),
        # A reminder shows what it chased, and when: not once that item is out of sight.
        ~withheld(items, items.c.chases, sensitive_cleared, as_at_position, by="item_id"),
    )
    with engine.connect() as connection:
        found = connection.execute(
            select(items.c.item_id).where(items.c.item_id == target, *visible)
        )
        if found.first() is None:
            raise ItemNotFound(reference)
        # Joining each row's own item withholds a chasing reminder above the reader's clearance.
        query = (
            select(timeline, items.c.reference, items.c.kind)
            .join(items, items.c.item_id == timeline.c.item_id)
            .where(or_(timeline.c.item_id == target, timeline.c.chases == target), *visible)
        )
        if as_at_position is not None:
            query = query.where(timeline.c.position <= as_at_position)
        order = timeline.c.position.desc() if newest_first else timeline.c.position
        query = page_of(query.order_by(order), page, per_page)
        entries = [_timeline_entry(row) for row in connection.execute(query)]
        hidden = _withheld_references(connection, entries, sensitive_cleared, as_at_position)
    return [_without(entry, hidden) for entry in entries] if hidden else entries


REFERENCE = re.compile(r"[A-Z]+-\d+")  # how every item's reference looks, "TSK-1" to "LA-20"


def _withheld_references(
    connection: Connection, entries: list[TimelineEntry], cleared: bool, position: int | None
) -> set[str]:
    """References named in the entries' details to items the reader may not see."""
    named = {
        value for entry in entries for value in _texts(entry.details) if REFERENCE.fullmatch(value)
    }
    if cleared or not named:
        return set()
    items = timeline_items
    query = select(items.c.reference).where(
        items.c.reference.in_(named), withheld(items, items.c.reference, cleared, position)
    )
    return set(connection.scalars(query))


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for inner in value.values() for text in _texts(inner)]
    if isinstance(value, list):
        return [text for inner in value for text in _texts(inner)]
    return []


def _without(entry: TimelineEntry, hidden: set[str]) -> TimelineEntry:
    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            return "(withheld)" if value in hidden else value
        if isinstance(value, dict):
            return {key: scrub(inner) for key, inner in value.items()}
        if isinstance(value, list):
            return [scrub(inner) for inner in value]
        return value

    return replace(entry, details=scrub(entry.details))


def _timeline_entry(row: Any) -> TimelineEntry:
    values = dict(row._mapping)
    amendment = None
    if values["amended_field"] is not None:
        amendment = Amendment(
            values["amended_field"], values["old_value"], values["new_value"], values["why"]
        )
    return TimelineEntry(
        position=values["position"],
        reference=values["reference"],
        kind=values["kind"],
        version=values["version"],
        event=values["event"],
        label=values["label"],
        actor=values["actor"],
        recorded_at=values["recorded_at"],
        decided_at=values["decided_at"],
        why=values["why"],
        amendment=amendment,
        details=json.loads(values["details"]),
    )
