"""One event on an item's timeline, as the pages and the API show it."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from tracker.oversight.withholding import scrubbed

# The entry's fields read as they are from the row.
SHOWN = ("position", "reference", "kind", "version", "event", "label", "actor", "recorded_at",
         "decided_at", "why")  # fmt: skip


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


def without(entry: TimelineEntry, hidden: set[str]) -> TimelineEntry:
    """``entry`` with each text in ``hidden`` withheld from its details and amendment."""
    amendment = entry.amendment
    if amendment is not None:
        amendment = replace(
            amendment,
            old_value=scrubbed(amendment.old_value, hidden),
            new_value=scrubbed(amendment.new_value, hidden),
        )
    return replace(entry, details=scrubbed(entry.details, hidden), amendment=amendment)


def timeline_entry(row: Any) -> TimelineEntry:
    """The entry a row of the timeline (joined with its item's reference and kind) shows."""
    values = row._mapping
    amendment = None
    if values["amended_field"] is not None:
        amendment = Amendment(
            values["amended_field"], values["old_value"], values["new_value"], values["why"]
        )
    shown = {name: values[name] for name in SHOWN}
    return TimelineEntry(**shown, amendment=amendment, details=json.loads(values["details"]))
