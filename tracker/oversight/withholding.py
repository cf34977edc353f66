"""References to items a reader may not see, found in an answer's free text and withheld.

An event's details, an amendment's values or a reason can name another item; an answer
to a reader without the clearance for that item shows "(withheld)" in its place.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, select

from tracker.views.items import timeline_items
from tracker.views.versioned import withheld

REFERENCE = re.compile(r"[A-Z]+-\d+")  # how every item's reference looks, "TSK-1" to "LA-20"
WITHHELD = "(withheld)"


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
