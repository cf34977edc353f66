"""How recorded facts read to people: an item's trail, and the changes a conflict names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from events.base import TrackerCreated, TrackerEvent

Fact = TrackerCreated | TrackerEvent
NOT_DETAILS = ("originator_id", "originator_version", "timestamp", "actor", "originator_topic")


@dataclass(frozen=True)
class TrailEntry:
    """One recorded fact about an item, as people read it."""

    version: int
    recorded_at: datetime
    actor: str
    what: str
    details: dict[str, Any]


def trail_entry(event: Fact) -> TrailEntry:
    details = {k: v for k, v in vars(event).items() if k not in NOT_DETAILS}
    return TrailEntry(
        event.originator_version, event.timestamp, event.actor, type(event).__name__, details
    )


def change_described(event: Fact) -> str:
    """Who recorded what, and when: one change someone else made."""
    return (
        f"{event.actor} recorded {type(event).__name__} at {event.timestamp:%Y-%m-%d %H:%M:%S} UTC"
    )
