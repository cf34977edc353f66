"""The audit trail: every recorded event, searched by day, user, forum, item and event type.

Read from the timeline view, which holds one row per event of an item, a reminder or a user
account. A reader sees the events of an item only if they may see the item as it is marked
now, and no answer names an item above their clearance inside another event's details. An
export asks for the trail up to the chain digest it is stamped with, so what it holds is
exactly the trail as recorded up to that digest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select

from tracker.accounts.account import ACCOUNT_SERIES, account_reference
from tracker.kernel.aggregate import MARKINGS, item_id
from tracker.kernel.clock import london_day_start
from tracker.kernel.errors import InvalidInput
from tracker.kernel.validation import a_date, text
from tracker.oversight.timeline import (
    LABELS,
    scrubbed,
    texts_in,
    timeline_events,
    withheld_references,
)
from tracker.views.items import timeline_items
from tracker.views.paging import page_of
from tracker.views.versioned import withheld

# Each kind of event by its stored name, with what people call it, in the order of LABELS.
EVENT_TYPES: dict[str, str] = {kind.TOPIC: label for kind, label in LABELS.items()}  # type: ignore[attr-defined]
CHUNK = 1000


@dataclass(frozen=True)
class AuditSearch:
    """What to look for; an empty field does not narrow the search."""

    since: date | None = None  # Europe/London days, both ends included
    until: date | None = None
    actor: str = ""
    forum: str = ""
    reference: str = ""
    event: str = ""

    @classmethod
    def checked(
        cls, *, since: Any = None, until: Any = None, actor: Any = "", forum: Any = "",
        reference: Any = "", event: Any = "",
    ) -> AuditSearch:  # fmt: skip
        """The search as typed, checked; bad input raises ``InvalidInput`` naming the field."""
        first, last = a_date("from", since, required=False), a_date("to", until, required=False)
        if first and last and last < first:
            raise InvalidInput("to", f"{last.isoformat()} is before from {first.isoformat()}")
        event = text("event type", event, max_length=64, required=False)
        if event and event not in EVENT_TYPES:
            raise InvalidInput("event type", f"the trail records no event called {event!r}")
        return cls(
            since=first,
            until=last,
            actor=text("user", actor, max_length=100, required=False),
            forum=text("forum", forum, max_length=100, required=False),
            reference=_reference(text("item", reference, max_length=300, required=False)),
            event=event,
        )

    def filters(self) -> dict[str, Any]:
        """The search as the queries' keyword arguments."""
        return {
            "since": self.since, "until": self.until, "actor": self.actor, "forum": self.forum,
            "reference": self.reference, "event": self.event,
        }  # fmt: skip

    def described(self) -> list[tuple[str, str]]:
        """The filters in use, as a person reads them."""
        shown = [
            ("From", self.since.isoformat() if self.since else ""),
            ("To", self.until.isoformat() if self.until else ""),
            ("User", self.actor),
            ("Forum", self.forum),
            ("Item", self.reference),
            ("Event type", EVENT_TYPES.get(self.event, "")),
        ]
        return [(name, value) for name, value in shown if value]


def _reference(typed: str) -> str:
    """Item references are upper case; an account's ("USER/ana") keeps its username."""
    series, slash, name = typed.partition("/")
    if slash and series.upper() == ACCOUNT_SERIES:
        return account_reference(name)
    return typed.upper()


@dataclass(frozen=True)
class AuditEntry:
    """One recorded event: when, who, of which item, in which forum, what and why."""

    position: int
    recorded_at: datetime
    actor: str
    reference: str
    kind: str
    marking: str  # the item's marking now
    forum: str
    event: str
    label: str
    decided_at: datetime | None
    why: str
    details: dict[str, Any]

    def as_record(self) -> dict[str, Any]:
        """The entry as plain values for an export (moments in UTC, ISO 8601)."""
        return {
            "position": self.position,
            "recorded_at": self.recorded_at.isoformat(),
            "actor": self.actor,
            "reference": self.reference,
            "kind": self.kind,
            "marking": self.marking,
            "forum": self.forum,
            "event": self.event,
            "label": self.label,
            "decided_at": self.decided_at.isoformat() if self.decided_at else "",
            "why": self.why,
            "details": self.details,
        }


def audit_trail(
    engine: Engine,
    *,
    sensitive_cleared: bool,
    since: date | str | None = None,
    until: date | str | None = None,
    actor: str = "",
    forum: str = "",
    reference: str = "",
    event: str = "",
    up_to_position: int | None = None,
    page: int = 1,
    per_page: int = 100,
) -> list[AuditEntry]:
    """One page of the events found, in the order they were recorded; the filters are those
    of ``AuditSearch`` (bad ones raise ``InvalidInput``)."""
    search = AuditSearch.checked(
        since=since, until=until, actor=actor, forum=forum, reference=reference, event=event
    )
    query = page_of(_query(search, sensitive_cleared, up_to_position), page, per_page)
    with engine.connect() as connection:
        return _entries(connection, list(connection.execute(query)), sensitive_cleared)


def audit_export(
    engine: Engine,
    *,
    sensitive_cleared: bool,
    since: date | str | None = None,
    until: date | str | None = None,
    actor: str = "",
    forum: str = "",
    reference: str = "",
    event: str = "",
    up_to_position: int | None = None,
    limit: int = 10_000,
) -> list[AuditEntry]:
    """Every event found (up to ``up_to_position``), oldest first, read a chunk at a time;
    refused (``InvalidInput``) when more than ``limit`` match."""
    search = AuditSearch.checked(
        since=since, until=until, actor=actor, forum=forum, reference=reference, event=event
    )
    base = _query(search, sensitive_cleared, up_to_position)
    found: list[AuditEntry] = []
    with engine.connect() as connection:
        counted = select(func.count()).select_from(base.limit(limit + 1).subquery())
        if connection.execute(counted).scalar_one() > limit:
            raise InvalidInput(
                "search", f"finds more than {limit:,} events: narrow it (by dates, say) to export"
            )
        after = 0
        while rows := list(
            connection.execute(base.where(timeline_events.c.position > after).limit(CHUNK))
        ):
            found += _entries(connection, rows, sensitive_cleared)
            after = rows[-1].position
    return found


def _query(search: AuditSearch, cleared: bool, up_to_position: int | None) -> Any:
    events, items = timeline_events, timeline_items
    now = and_(items.c.item_id == events.c.item_id, items.c.valid_to.is_(None))
    query = select(
        events, items.c.reference, items.c.kind, items.c.marking,
        items.c.forum.label("item_forum"),
    ).join(items, now)  # fmt: skip
    if not cleared:
        query = query.where(
            items.c.marking == MARKINGS[0],
            # A reminder tells who was chased about what: not once that item is out of sight.
            ~withheld(items, events.c.chases, cleared, None, by="item_id"),
        )
    if up_to_position is not None:
        query = query.where(events.c.position <= up_to_position)
    if search.since is not None:
        query = query.where(events.c.recorded_at >= london_day_start(search.since))
    if search.until is not None:
        query = query.where(
            events.c.recorded_at < london_day_start(search.until + timedelta(days=1))
        )
    if search.actor:
        query = query.where(func.lower(events.c.actor) == search.actor.lower())
    if search.forum:
        forum = func.coalesce(events.c.forum, items.c.forum)
        query = query.where(func.lower(forum) == search.forum.lower())
    if search.reference:
        wanted = str(item_id(search.reference))
        query = query.where(or_(events.c.item_id == wanted, events.c.chases == wanted))
    if search.event:
        query = query.where(events.c.event == search.event)
    return query.order_by(events.c.position)


def _entries(connection: Connection, rows: list[Any], cleared: bool) -> list[AuditEntry]:
    entries = [_entry(row) for row in rows]
    named = [
        value
        for entry in entries
        for value in (entry.why, *texts_in(entry.details))
    ]  # fmt: skip
    hidden = withheld_references(connection, named, cleared)
    if not hidden:
        return entries
    return [
        replace(entry, why=scrubbed(entry.why, hidden), details=scrubbed(entry.details, hidden))
        for entry in entries
    ]


def _entry(row: Any) -> AuditEntry:
    values = row._mapping
    details = json.loads(values["details"])
    if values["amended_field"] is not None:
        details |= {
            "field": values["amended_field"],
            "old_value": values["old_value"],
            "new_value": values["new_value"],
        }
    return AuditEntry(
        position=values["position"],
        recorded_at=values["recorded_at"],
        actor=values["actor"],
        reference=values["reference"],
        kind=values["kind"],
        marking=values["marking"],
        forum=values["forum"] or values["item_forum"] or "",
        event=values["event"],
        label=values["label"],
        decided_at=values["decided_at"],
        why=values["why"],
        details=details,
    )
