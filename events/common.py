"""Facts any item can have: amendments (corrections with a reason) and reviews."""

from __future__ import annotations

from datetime import date

from events.base import TrackerEvent


class ItemAmended(TrackerEvent):
    """A correction: ``field`` now reads ``new_value`` instead of ``old_value``, because ``reason``.

    The earlier value stays in the log; views show the item as amended, with its history.
    """

    TOPIC = "ItemAmended"
    field: str
    old_value: str
    new_value: str
    reason: str


class ReviewRecorded(TrackerEvent):
    """Someone reviewed the item, noted what they found, and set when to look again."""

    TOPIC = "ReviewRecorded"
    note: str
    next_review: date | None
