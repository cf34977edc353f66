"""An item's timeline, now or as at a log position, within the reader's clearance.

Read from the item timeline's rows (``tracker.oversight.timeline_projection``): the item's
own events and those of the reminders chasing it, each with who, when, when decided, why
and any amendment.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, Select, or_, select

from tracker.kernel.errors import ItemNotFound
from tracker.kernel.references import item_id
from tracker.oversight.timeline_entries import TimelineEntry, timeline_entry, without
from tracker.oversight.timeline_rows import timeline_events
from tracker.oversight.withholding import texts_in, withheld_references
from tracker.views.items import timeline_items
from tracker.views.paging import page_of
from tracker.views.versioned import current_at, withheld, within_clearance


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
    target, items = str(item_id(reference)), timeline_items
    visible = _visible(sensitive_cleared, as_at_position)
    query = _events_of(target, visible, as_at_position, newest_first)
    with engine.connect() as connection:
        found = connection.execute(
            select(items.c.item_id).where(items.c.item_id == target, *visible)
        )
        if found.first() is None:
            raise ItemNotFound(reference)
        rows = connection.execute(page_of(query, page, per_page))
        entries = [timeline_entry(row) for row in rows]
        hidden = _withheld_references(connection, entries, sensitive_cleared, as_at_position)
    return [without(entry, hidden) for entry in entries] if hidden else entries


def _visible(sensitive_cleared: bool, as_at_position: int | None) -> tuple[Any, ...]:
    """The items' rows the reader may see, now or as at ``as_at_position``."""
    items = timeline_items
    return (
        current_at(items, as_at_position),
        *within_clearance(items, sensitive_cleared),
        # A reminder shows what it chased, and when: not once that item is out of sight.
        ~withheld(items, items.c.chases, sensitive_cleared, as_at_position, by="item_id"),
    )


def _events_of(
    target: str, visible: tuple[Any, ...], as_at_position: int | None, newest_first: bool
) -> Select[Any]:
    """The events of the item ``target`` and of the reminders chasing it, in order."""
    items, timeline = timeline_items, timeline_events
    # Joining each row's own item withholds a chasing reminder above the reader's clearance.
    query = (
        select(timeline, items.c.reference, items.c.kind)
        .join(items, items.c.item_id == timeline.c.item_id)
        .where(or_(timeline.c.item_id == target, timeline.c.chases == target), *visible)
    )
    if as_at_position is not None:
        query = query.where(timeline.c.position <= as_at_position)
    return query.order_by(timeline.c.position.desc() if newest_first else timeline.c.position)


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
