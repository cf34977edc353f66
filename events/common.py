"""Facts any item can have: amendments (corrections with a reason) and reviews."""

from __future__ import annotations

from datetime import date
from typing import Any

from events.base import TrackerEvent
from events.parties import PARTY_FIELDS, party_of_old_text


class ItemAmended(TrackerEvent):
    """A correction: ``field`` now reads ``new_value`` instead of ``old_value``, because ``reason``.

    The earlier value stays in the log; views show the item as amended, with its history.
    """

    TOPIC = "ItemAmended"
    field: str
    old_value: str
    new_value: str
    reason: str

    # Version 2: a correction of who owns or leads an item names a person or a post (events.
    # parties); version 1 typed both values as text.
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        if state.get("field") in PARTY_FIELDS:
            for value in ("old_value", "new_value"):
                state[value] = party_of_old_text(state[value])


class ReviewRecorded(TrackerEvent):
    """Someone reviewed the item, noted what they found, and set when to look again."""

    TOPIC = "ReviewRecorded"
    note: str
    next_review: date | None
