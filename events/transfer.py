"""Export and import of the whole log as JSON Lines, one event a line with its chain entry.

Each line is a JSON object with exactly these keys:

    position            int, the event's place in the log (increasing, gaps allowed)
    originator_id       the item's UUID, hyphenated lowercase
    originator_version  int, the event's number within its item (1, 2, ...)
    topic               the event's stored name, e.g. "TaskingReceived"
    state               the stored state, exactly as stored, decoded as UTF-8 text (JSON)
    recorded_at         UTC time the event was recorded, YYYY-MM-DDTHH:MM:SS.ffffffZ
    event_hash          sha256 over the event (see events/chain.py)
    chain_hash          sha256 linking the event to everything before it

An import verifies the whole file first (every line well formed, every hash recomputed,
every event readable: ``events.export_reading``) and writes nothing unless all of it is sound.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.persistence import PersistenceError, StoredEvent

from events.chain import ChainEntry
from events.export_reading import ImportRefused, read_export
from events.recorder import ChainedRecorder
from events.stored_row import StoredRow


class LogDamaged(ValueError):
    """The stored log does not match its chain, so an export would not verify."""


@dataclass(frozen=True)
class ImportSummary:
    events: int
    head_position: int
    head_hash: str


def export_lines(recorder: ChainedRecorder) -> Iterator[str]:
    """Every event with its chain entry, one JSON line each, in recording order."""
    stop = recorder.extent()
    entries = recorder.chain_entries(stop)
    for row in recorder.stored_rows(stop):
        entry = next(entries, None)
        if entry is None or entry.position != row.position:
            raise LogDamaged(f"position {row.position}: the event has no chain entry; run verify")
        yield _line(row, entry)
    leftover = next(entries, None)
    if leftover is not None:
        raise LogDamaged(f"position {leftover.position}: a chain entry has no event; run verify")


def _line(row: StoredRow, entry: ChainEntry) -> str:
    return json.dumps(
        {
            "position": row.position,
            "originator_id": str(UUID(str(row.originator_id))),
            "originator_version": row.originator_version,
            "topic": row.topic,
            "state": row.state.decode("utf-8"),
            "recorded_at": entry.recorded_at,
            "event_hash": entry.event_hash,
            "chain_hash": entry.chain_hash,
        },
        ensure_ascii=False,
    )


def import_export(
    recorder: ChainedRecorder,
    lines: Iterable[str],
    can_read: Callable[[StoredEvent], object],
) -> ImportSummary:
    """Imports a verified export into an empty store, all or nothing."""
    if not recorder.is_empty():
        raise ImportRefused("the store already holds events: import only into an empty store")
    rows = read_export(lines)
    _check_readable(rows, can_read)
    try:
        recorder.import_rows(rows)
    except (PersistenceError, sqlite3.Error) as error:
        raise ImportRefused(
            f"the database refused the import, so nothing was written: {error}"
        ) from None
    head = rows[-1][1] if rows else None
    return ImportSummary(len(rows), head.position if head else 0, head.chain_hash if head else "")


def _check_readable(
    rows: list[tuple[StoredRow, ChainEntry]], can_read: Callable[[StoredEvent], object]
) -> None:
    for row, _ in rows:
        stored = StoredEvent(row.originator_id, row.originator_version, row.topic, row.state)
        try:
            can_read(stored)
        except Exception as error:  # any decoding failure refuses the whole file
            raise ImportRefused(
                f"position {row.position}: not a readable event ({error})"
            ) from None
