"""The audit trail: every recorded event, searched by day, user, forum, item and event type.

Read from the timeline view, which holds one row per event of an item, a reminder or a user
account. A reader sees the events of an item only if they may see the item as it is marked
now, and no answer names an item above their clearance inside another event's details. An
export asks for the trail up to the chain digest it is stamped with, so what it holds is
exactly the trail as recorded up to that digest.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Select, and_, func, or_, select

from tracker.kernel.clock import london_day_start
from tracker.kernel.errors import InvalidInput
from tracker.kernel.markings import MARKINGS
from tracker.kernel.references import item_id
from tracker.oversight.audit_entries import AuditEntry, audit_entries
from tracker.oversight.audit_search import AuditSearch
from tracker.oversight.timeline_rows import timeline_events
from tracker.views.items import timeline_items
from tracker.views.paging import page_of
from tracker.views.versioned import withheld

CHUNK = 1000


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
        return audit_entries(connection, list(connection.execute(query)), sensitive_cleared)


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
    with engine.connect() as connection:
        _refuse_more_than(connection, base, limit)
        return _in_chunks(connection, base, sensitive_cleared)


def _refuse_more_than(connection: Connection, query: Select[Any], limit: int) -> None:
    """Refuses (``InvalidInput``) a search that finds more than ``limit`` events."""
    counted = select(func.count()).select_from(query.limit(limit + 1).subquery())
    if connection.execute(counted).scalar_one() > limit:
        raise InvalidInput(
            "search", f"finds more than {limit:,} events: narrow it (by dates, say) to export"
        )


def _in_chunks(connection: Connection, query: Select[Any], cleared: bool) -> list[AuditEntry]:
    """Every event ``query`` finds, read ``CHUNK`` at a time in the order of their positions."""
    found: list[AuditEntry] = []
    after = 0
    while rows := list(
        connection.execute(query.where(timeline_events.c.position > after).limit(CHUNK))
    ):
        found += audit_entries(connection, rows, cleared)
        after = rows[-1].position
    return found


def _query(search: AuditSearch, cleared: bool, up_to_position: int | None) -> Select[Any]:
    """The events found, oldest first, each with its item as it stands now."""
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
    return _narrowed(query, search).order_by(events.c.position)


def _narrowed(query: Select[Any], search: AuditSearch) -> Select[Any]:
    """``query`` narrowed to the search's days, user, forum, item and event type."""
    events, items = timeline_events, timeline_items
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
    return query
