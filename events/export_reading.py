"""Reading an export file: every line parsed and placed, and the whole chain re-verified."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from events.chain import ChainEntry
from events.stored_row import StoredRow
from events.verification import verify_chain

LINE_KEYS = (
    "position", "originator_id", "originator_version", "topic", "state",
    "recorded_at", "event_hash", "chain_hash",
)  # fmt: skip


LARGEST = 2**63 - 1  # both databases store positions and versions as 64-bit integers


class ImportRefused(ValueError):
    """The file cannot be imported; nothing was written."""


def read_export(lines: Iterable[str]) -> list[tuple[StoredRow, ChainEntry]]:
    """Parses and verifies a whole export; refuses it, naming the first bad line."""
    rows: list[tuple[StoredRow, ChainEntry]] = []
    line_of: dict[int, int] = {}
    seen: set[tuple[UUID | str, int]] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        row, entry = _parse_line(number, line)
        _check_place(number, row, rows[-1][0] if rows else None, seen)
        rows.append((row, entry))
        line_of[row.position] = number
    verification = verify_chain((r for r, _ in rows), (e for _, e in rows))
    if not verification.intact:
        first = verification.problems[0]
        raise ImportRefused(f"line {line_of.get(first.position, '?')}: {first}")
    return rows


def _check_place(
    number: int, row: StoredRow, before: StoredRow | None, seen: set[tuple[UUID | str, int]]
) -> None:
    """Refuses a line out of order, or a second event of one number of one item."""
    if before is not None and row.position <= before.position:
        raise ImportRefused(f"line {number}: position {row.position} is out of order")
    if (row.originator_id, row.originator_version) in seen:
        raise ImportRefused(f"line {number}: a second event {row.originator_version} of one item")
    seen.add((row.originator_id, row.originator_version))


def _parse_line(number: int, line: str) -> tuple[StoredRow, ChainEntry]:
    data = _line_object(number, line)
    try:
        row = _stored_row(data)
        return row, _chain_entry(row.position, data)
    except (TypeError, ValueError, AttributeError) as error:
        raise ImportRefused(f"line {number}: malformed value ({error})") from None


def _stored_row(data: dict[str, Any]) -> StoredRow:
    return StoredRow(
        _whole(data["position"]),
        UUID(data["originator_id"]),
        _whole(data["originator_version"]),
        _text(data["topic"]),
        _text(data["state"]).encode("utf-8"),
    )


def _chain_entry(position: int, data: dict[str, Any]) -> ChainEntry:
    recorded_at, event_hash, chain_hash = (
        data["recorded_at"],
        data["event_hash"],
        data["chain_hash"],
    )
    return ChainEntry(position, _text(recorded_at), _text(event_hash), _text(chain_hash))


def _line_object(number: int, line: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise ImportRefused(f"line {number}: not JSON ({error.msg})") from None
    if not isinstance(data, dict) or set(data) != set(LINE_KEYS):
        raise ImportRefused(f"line {number}: expected exactly the keys {', '.join(LINE_KEYS)}")
    return data


def _whole(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= LARGEST:
        raise ValueError(f"{value!r} is not a whole number from 1 to {LARGEST}")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value
