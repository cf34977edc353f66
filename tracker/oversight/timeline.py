"""The per-item timeline: every event of an item, with who, when, when decided, why and amendments.

One row per event, keyed by its log position and never changed afterwards, so "as at"
position p is simply the item's rows up to p. Whether a reader may see the timeline at all
turns on the item's marking, which amendments can change either way: a small versioned
table of items keeps each marking for the positions it held. Reminders chase an item, so
their events show on the chased item's timeline too ("who was chased and when").

User accounts are recorded here too, as items of kind "user account" marked OFFICIAL, so
every grant and revocation of a role, clearance or token is in the audit trail
(``audit_trail_sql``); no secret (a token's digest) is ever copied into a row.
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
    Index,
    Integer,
    String,
    Table,
    Text,
    or_,
    select,
)

from events import (
    accounts,
    common,
    debrief,
    decision,
    learning,
    reminder,
    support_request,
    tasking,
)
from events.base import TrackerCreated
from tracker.accounts.account import UserAccount, account_reference
from tracker.kernel.aggregate import MARKINGS, item_id
from tracker.kernel.errors import ItemNotFound
from tracker.reminders.reminder import ITEM_KINDS
from tracker.views.engine import UtcDateTime, metadata
from tracker.views.items import timeline_items
from tracker.views.paging import page_of
from tracker.views.projector import Projection
from tracker.views.versioned import (
    change_row,
    current_at,
    open_row,
    withheld,
    within_clearance,
)

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
    accounts.UserRegistered: "User account registered",
    accounts.UserRolesChanged: "Roles changed",
    accounts.UserClearanceChanged: "Clearance changed",
    accounts.UserForumsChanged: "Forums changed",
    accounts.UserDetailsChanged: "Name or e-mail changed",
    accounts.UserPasswordSet: "Password set",
    accounts.UserDeactivated: "User account deactivated",
    accounts.UserReactivated: "User account reactivated",
    accounts.ApiTokenIssued: "API token issued",
    accounts.ApiTokenRevoked: "API token revoked",
    accounts.SignedIn: "Signed in",
    accounts.SignInRefused: "Sign-in refused",
}
# The moment a decision was actually taken, where the event records one.
DECIDED_AT: dict[type, str] = {
    decision.DecisionRecorded: "decided_at",
    support_request.SupportRequestAuthorised: "authorised_at",
}
WHY = ("rationale", "reason", "note", "outcome")  # the first of these an event has
AMENDMENT = ("field", "old_value", "new_value")
SHOWN_ELSEWHERE = ("originator_id", "originator_version", "originator_topic", "timestamp", "actor")
SECRET = ("secret_digest",)  # a token's digest would let anyone holding the export test guesses
# The forum an event happens in, where the event does not name one itself (``forum``).
EVENT_FORUMS: dict[type, str] = {
    tasking.TaskingPresented: "RTTCG",
    tasking.TaskingProgressReported: "RTTCG",
    support_request.SupportRequestListed: "weekly tasking meeting",
    support_request.SupportRequestRatified: "weekly tasking meeting",
    support_request.SupportRequestNotRatified: "weekly tasking meeting",
    support_request.SupportRequestReferredToRIG: "RIG",
    support_request.SupportRequestReferredToRTTCG: "RTTCG",
}
# The forum an item belongs to: a decision's forum, a learning action's overseeing board.
ITEM_FORUM = ("forum", "overseeing_board")
LATER_REMINDER_EVENTS = (reminder.ReminderSent, reminder.ReminderCancelled, reminder.ReminderFailed)

timeline_events = Table(
    "item_timeline",
    metadata,
    Column("position", BigInteger, primary_key=True),
    Column("item_id", String(36), nullable=False),
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
    Column("forum", Text, nullable=True),  # the forum the event happened in, where it says
)
# An item's events in order, and its latest in one step: the reminders ask, for every open
# item, whether anything was recorded on it since a position.
Index("ix_item_timeline_item_id_position", timeline_events.c.item_id, timeline_events.c.position)


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
    version = 2  # user accounts' events joined the timelines, and forums are kept

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
        forum = next((getattr(event, name) for name in ITEM_FORUM if hasattr(event, name)), None)
        open_row(
            connection, timeline_items, event, position,
            kind=kind, chases=_chases(event), forum=forum,
        )  # fmt: skip

    @_track.register
    def _(self, event: accounts.UserRegistered, connection: Connection, position: int) -> None:
        # An account has no marking of its own: who may do what is OFFICIAL.
        connection.execute(
            timeline_items.insert().values(
                item_id=str(event.originator_id), valid_from=position, valid_to=None,
                reference=account_reference(event.username), version=event.originator_version,
                marking=MARKINGS[0], kind=UserAccount.KIND, chases=None, forum=None,
                amended=False,
            )
        )  # fmt: skip

    @_track.register
    def _(self, event: accounts.SignInAttempted, connection: Connection, position: int) -> None:
        # Each sign-in is a record of its own, shown beside the account it names.
        connection.execute(
            timeline_items.insert().values(
                item_id=str(event.originator_id), valid_from=position, valid_to=None,
                reference=account_reference(event.username), version=event.originator_version,
                marking=MARKINGS[0], kind=UserAccount.KIND, chases=None, forum=None,
                amended=False,
            )
        )  # fmt: skip

    @_track.register
    def _(self, event: common.ItemAmended, connection: Connection, position: int) -> None:
        changed = {"marking": event.new_value} if event.field == "marking" else {}
        if event.field in ITEM_FORUM:
            changed = {"forum": event.new_value}
        change_row(
            connection, timeline_items, event, position, lambda _: changed | {"amended": True}
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
    fields = {k: v for k, v in vars(event).items() if k not in SHOWN_ELSEWHERE + SECRET}
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
        "forum": _event_forum(event, fields),
    }


def _event_forum(event: Any, fields: dict[str, Any]) -> str | None:
    """The forum the event names (a decision, a support request decided) or happens in."""
    named = fields.get("forum")
    return named if isinstance(named, str) else EVENT_FORUMS.get(type(event))


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
WITHHELD = "(withheld)"


def _withheld_references(
    connection: Connection, entries: list[TimelineEntry], cleared: bool, position: int | None
) -> set[str]:
    """References named in the entries' details to items the reader may not see."""
    texts = [text for entry in entries for text in texts_in(entry.details)]
    texts += [
        value
        for entry in entries
        if entry.amendment
        for value in (entry.amendment.old_value, entry.amendment.new_value)
    ]
    return withheld_references(connection, texts, cleared, position)


def withheld_references(
    connection: Connection, texts: list[str], cleared: bool, position: int | None = None
) -> set[str]:
    """Those of ``texts`` that are references to items the reader may not see (now, or as
    at ``position``): an answer must not name them."""
    named = {value for value in texts if REFERENCE.fullmatch(value)}
    if cleared or not named:
        return set()
    items = timeline_items
    query = select(items.c.reference).where(
        items.c.reference.in_(named), withheld(items, items.c.reference, cleared, position)
    )
    return set(connection.scalars(query))


def texts_in(value: Any) -> list[str]:
    """Every text inside ``value`` (a JSON-like value)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for inner in value.values() for text in texts_in(inner)]
    if isinstance(value, list):
        return [text for inner in value for text in texts_in(inner)]
    return []


def scrubbed(value: Any, hidden: set[str]) -> Any:
    """``value`` with each text in ``hidden`` replaced by "(withheld)"."""
    if isinstance(value, str):
        return WITHHELD if value in hidden else value
    if isinstance(value, dict):
        return {key: scrubbed(inner, hidden) for key, inner in value.items()}
    if isinstance(value, list):
        return [scrubbed(inner, hidden) for inner in value]
    return value


def _without(entry: TimelineEntry, hidden: set[str]) -> TimelineEntry:
    amendment = entry.amendment
    if amendment is not None:
        amendment = replace(
            amendment,
            old_value=scrubbed(amendment.old_value, hidden),
            new_value=scrubbed(amendment.new_value, hidden),
        )
    return replace(entry, details=scrubbed(entry.details, hidden), amendment=amendment)


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
