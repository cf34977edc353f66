"""The audit trail's exports as CSV and JSON, each stamped with its digest (``Stamp``).

Every file opens with the chain digest it was taken at, so whoever holds it can later ask the
verification page whether the log still extends that digest. Cells a spreadsheet would run as
a formula are made inert. The PDF governance pack, stamped alike, is ``web.audit_pdf``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tracker.kernel.markings import SENSITIVE
from tracker.oversight.audit_entries import AuditEntry

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "position", "recorded_at", "actor", "reference", "kind", "marking", "forum", "event",
    "label", "decided_at", "why", "details",
)  # fmt: skip


@dataclass(frozen=True)
class Stamp:
    """What an export says about itself: the digest, when, by whom, what was asked."""

    digest: str  # the chain digest line at the moment of export
    exported_at: datetime
    exported_by: str
    filters: list[tuple[str, str]]
    sensitive_cleared: bool

    @property
    def scope(self) -> str:
        if self.sensitive_cleared:
            return "all items, OFFICIAL and OFFICIAL-SENSITIVE"
        return "OFFICIAL items only (the reader holds no OFFICIAL-SENSITIVE clearance)"

    def marking(self, entries: Sequence[AuditEntry]) -> str:
        """The file's own marking: that of the most sensitive item it shows."""
        return SENSITIVE if any(e.marking == SENSITIVE for e in entries) else "OFFICIAL"

    def filters_text(self) -> str:
        return "; ".join(f"{name}: {value}" for name, value in self.filters) or "none (everything)"


def inert(value: Any) -> Any:
    """A cell no spreadsheet will run: text that starts like a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(entries: Sequence[AuditEntry], stamp: Stamp) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    rows: list[list[Any]] = [
        ["ROCU tracker audit trail", stamp.digest],
        ["Marking", stamp.marking(entries)],
        ["Exported at (UTC)", stamp.exported_at.isoformat(), "by", stamp.exported_by],
        ["Filters", stamp.filters_text()],
        ["Scope", stamp.scope],
        ["Events", len(entries)],
        [],
        list(COLUMNS),
    ]
    for entry in entries:
        record = entry.as_record() | {"details": _json(entry.details)}
        rows.append([record[column] for column in COLUMNS])
    writer.writerows([[inert(cell) for cell in row] for row in rows])
    return out.getvalue()


def as_json(entries: Sequence[AuditEntry], stamp: Stamp) -> str:
    document = {
        "digest": stamp.digest,
        "marking": stamp.marking(entries),
        "exported_at": stamp.exported_at.isoformat(),
        "exported_by": stamp.exported_by,
        "filters": dict(stamp.filters),
        "scope": stamp.scope,
        "count": len(entries),
        "events": [entry.as_record() for entry in entries],
    }
    # "<" as \u003c: the same JSON, but no browser sniffing it can find a tag in it.
    return json.dumps(document, indent=1, ensure_ascii=False).replace("<", "\\u003c")


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False) if value else ""
