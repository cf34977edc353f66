"""The item timeline's table, one row per event of an item, and an event as one of its rows."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text

from events import common, decision, support_request, tasking
from tracker.forums.standard_forums import MONITORING_MEETING
from tracker.oversight.labels import label_of
from tracker.views.engine import UtcDateTime, metadata

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
    support_request.SupportRequestMonitoringReviewed: MONITORING_MEETING,
}

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


def timeline_row(event: Any) -> dict[str, Any]:
    """The row's columns from the event (but its position and item); whatever no column
    shows goes into ``details``."""
    fields = {k: v for k, v in vars(event).items() if k not in SHOWN_ELSEWHERE + SECRET}
    moment = DECIDED_AT.get(type(event))
    why = next((name for name in WHY if name in fields), None)
    amended = isinstance(event, common.ItemAmended)
    shown = {moment, why, *(AMENDMENT if amended else ())}
    details = {k: v for k, v in fields.items() if k not in shown}
    return {
        "version": event.originator_version,
        "event": event.TOPIC,
        "label": label_of(event),
        "actor": event.actor,
        "recorded_at": event.timestamp,
        "decided_at": fields[moment] if moment else None,
        "why": str(fields[why]) if why else "",
        **_amendment(event),
        "details": json.dumps(details, default=_plain, sort_keys=True),
        "forum": _event_forum(event, fields),
    }


def _amendment(event: Any) -> dict[str, str | None]:
    """An amendment's field and values, each in a column of its own; empty for other events."""
    if not isinstance(event, common.ItemAmended):
        return dict.fromkeys(("amended_field", "old_value", "new_value"))
    return {
        "amended_field": event.field,
        "old_value": event.old_value,
        "new_value": event.new_value,
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
