"""The hash chain over the event log: its rules, and the rows it links.

Every stored event gets one chain entry, written in the transaction that records it:

    state_hash  = sha256(state as stored, bytes)
    event_hash  = sha256("{originator_id}\\n{originator_version}\\n{topic}\\n{state_hash}")
    chain_hash  = sha256("{previous chain_hash}\\n{position}\\n{recorded_at}\\n{event_hash}")

All hashes are lowercase hex; strings are UTF-8; ``originator_id`` is the hyphenated
lowercase UUID; ``recorded_at`` is UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; the chain
starts from 64 zeros. Positions increase but may have gaps (PostgreSQL sequences), so
an entry links to the entry before it, not to ``position - 1``. The README gives a
short script that checks an export with nothing but these rules; ``events.verification``
re-reads a stored log against them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

GENESIS = "0" * 64
RECORDED_AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def event_hash(originator_id: UUID | str, originator_version: int, topic: str, state: bytes) -> str:
    """What one event says, independent of where it sits in the log."""
    text = f"{_canonical_id(originator_id)}\n{originator_version}\n{topic}\n{sha256_hex(state)}"
    return sha256_hex(text.encode("utf-8", "surrogateescape"))


def _canonical_id(originator_id: UUID | str) -> str:
    # Ids being recorded are UUIDs; ids read back arrive already as the text to hash, and
    # are not normalised: another spelling of the same id is not what was recorded.
    return str(originator_id)


def chain_hash(previous: str, position: int, recorded_at: str, event_hash_hex: str) -> str:
    """Links one event to everything recorded before it."""
    text = f"{previous}\n{position}\n{recorded_at}\n{event_hash_hex}"
    return sha256_hex(text.encode("utf-8", "surrogateescape"))


def recorded_at_now() -> str:
    return datetime.now(UTC).strftime(RECORDED_AT_FORMAT)


@dataclass(frozen=True)
class ChainEntry:
    """One row of the chain table."""

    position: int
    recorded_at: str
    event_hash: str
    chain_hash: str


def extend_chain(
    previous: str, rows: Iterable[tuple[int, str]], recorded_at: str
) -> list[ChainEntry]:
    """Chain entries for newly recorded rows, given as (position, event_hash)."""
    entries = []
    for position, event_hash_hex in rows:
        previous = chain_hash(previous, position, recorded_at, event_hash_hex)
        entries.append(ChainEntry(position, recorded_at, event_hash_hex, previous))
    return entries
