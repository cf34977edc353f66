"""One recorded event as the audit trail shows it, with names above the reader withheld."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from tracker.oversight.withholding import scrubbed, texts_in, withheld_references

# The entry's fields read as they are from the row (joined with its item's).
SHOWN = ("position", "recorded_at", "actor", "reference", "kind", "marking", "event", "label",
         "decided_at", "why")  # fmt: skip


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


def audit_entries(connection: Connection, rows: list[Any], cleared: bool) -> list[AuditEntry]:
    """The rows' entries, each reference to an item the reader may not see withheld."""
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
    shown = {name: values[name] for name in SHOWN}
    forum = values["forum"] or values["item_forum"] or ""
    return AuditEntry(**shown, forum=forum, details=details)
