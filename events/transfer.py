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
every event readable) and writes nothing unless all of it is sound.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import PersistenceError, StoredEvent

from events.audit import ChainedRecorder
from events.chain import ChainEntry, StoredRow, verify_chain

LINE_KEYS = (
    "position", "originator_id", "originator_version", "topic", "state",
    "recorded_at", "event_hash", "chain_hash",
)  # fmt: skip


LARGEST = 2**63 - 1  # both databases store positions and versions as 64-bit integers


class ImportRefused(ValueError):
    """The file cannot be imported; nothing was written."""


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
        yield json.dumps(
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
    leftover = next(entries, None)
    if leftover is not None:
        raise LogDamaged(f"position {leftover.position}: a chain entry has no event; run verify")


def _parse_line(number: int, line: str) -> tuple[StoredRow, ChainEntry]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise ImportRefused(f"line {number}: not JSON ({error.msg})") from None
    if not isinstance(data, dict) or set(data) != set(LINE_KEYS):
        raise ImportRefused(f"line {number}: expected exactly the keys {', '.join(LINE_KEYS)}")
    try:
        row = StoredRow(
            _whole(data["position"]),
            UUID(data["originator_id"]),
            _whole(data["originator_version"]),
            _text(data["topic"]),
            _text(data["state"]).encode("utf-8"),
        )
        entry = ChainEntry(
            row.position,
            _text(data["recorded_at"]),
            _text(data["event_hash"]),
            _text(data["chain_hash"]),
        )
    except (TypeError, ValueError, AttributeError) as error:
        raise ImportRefused(f"line {number}: malformed value ({error})") from None
    return row, entry


def _whole(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= LARGEST:
        raise ValueError(f"{value!r} is not a whole number from 1 to {LARGEST}")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def read_export(lines: Iterable[str]) -> list[tuple[StoredRow, ChainEntry]]:
    """Parses and verifies a whole export; refuses it, naming the first bad line."""
    rows: list[tuple[StoredRow, ChainEntry]] = []
    line_of: dict[int, int] = {}
    seen: set[tuple[UUID | str, int]] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        row, entry = _parse_line(number, line)
        if rows and row.position <= rows[-1][0].position:
            raise ImportRefused(f"line {number}: position {row.position} is out of order")
        if (row.originator_id, row.originator_version) in seen:
            raise ImportRefused(
                f"line {number}: a second event {row.originator_version} of one item"
            )
        seen.add((row.originator_id, row.originator_version))
        rows.append((row, entry))
        line_of[row.position] = number
    verification = verify_chain((r for r, _ in rows), (e for _, e in rows))
    if not verification.intact:
        first = verification.problems[0]
        raise ImportRefused(f"line {line_of.get(first.position, '?')}: {first}")
    return rows


def import_export(
    recorder: ChainedRecorder,
    lines: Iterable[str],
    can_read: Callable[[StoredEvent], object],
) -> ImportSummary:
    """Imports a verified export into an empty store, all or nothing."""
    if not recorder.is_empty():
        raise ImportRefused("the store already holds events: import only into an empty store")
    rows = read_export(lines)
    for row, _ in rows:
        stored = StoredEvent(row.originator_id, row.originator_version, row.topic, row.state)
        try:
            can_read(stored)
        except Exception as error:  # any decoding failure refuses the whole file
            raise ImportRefused(
                f"position {row.position}: not a readable event ({error})"
            ) from None
    try:
        recorder.import_rows(rows)
    except (PersistenceError, sqlite3.Error) as error:
        raise ImportRefused(
            f"the database refused the import, so nothing was written: {error}"
        ) from None
    head = rows[-1][1] if rows else None
    return ImportSummary(len(rows), head.position if head else 0, head.chain_hash if head else "")
