"""What can be wrong at one position of the log, in the words verification reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from events.chain import GENESIS, ChainEntry
from events.digest import Digest
from events.stored_row import StoredRow


@dataclass(frozen=True)
class Problem:
    """Something wrong at one position of the log."""

    position: int
    what: str

    def __str__(self) -> str:
        return f"position {self.position}: {self.what}"


@dataclass(frozen=True)
class Relocations:
    """Where each event sits now and where the chain recorded it, by event hash.

    Built only when the first pass finds a problem, to tell a moved event from an edited,
    inserted or deleted one.
    """

    recorded_at: dict[str, int]
    found_at: dict[str, int]

    @classmethod
    def of(cls, rows: Iterable[StoredRow], entries: Iterable[ChainEntry]) -> Relocations:
        return cls(
            {entry.event_hash: entry.position for entry in entries},
            {row.event_hash(): row.position for row in rows},
        )


def problem_at(
    position: int, row: StoredRow | None, entry: ChainEntry | None, moves: Relocations | None
) -> str | None:
    """What is wrong with the event at ``position``, if anything."""
    moves = moves or Relocations({}, {})
    if entry is None:
        assert row is not None
        return _unchained(row, moves)
    if row is None:
        return _gone(entry, moves)
    return _changed(position, row, entry, moves)


def _unchained(row: StoredRow, moves: Relocations) -> str:
    origin = moves.recorded_at.get(row.event_hash())
    if origin is not None:
        return f"holds the event recorded at position {origin}: reordered"
    return "an event with no chain entry: inserted after the fact"


def _gone(entry: ChainEntry, moves: Relocations) -> str:
    now_at = moves.found_at.get(entry.event_hash)
    if now_at is not None:
        return f"the event recorded here was moved to position {now_at}: reordered"
    return "the chain records an event that is gone: deleted"


def _changed(position: int, row: StoredRow, entry: ChainEntry, moves: Relocations) -> str | None:
    actual = row.event_hash()
    if actual == entry.event_hash:
        return None
    origin = moves.recorded_at.get(actual)
    if origin is not None and origin != position:
        return f"holds the event recorded at position {origin}: reordered or swapped"
    return "the event differs from what was recorded: modified"


def broken_link(previous_position: int) -> str:
    if previous_position == 0:
        return "the chain entry does not start from the genesis hash: rewritten"
    return (
        "the chain entry does not follow from the one before it (position "
        f"{previous_position}): an entry there or between was deleted, inserted or rewritten"
    )


def check_digest(digest: Digest, head: Digest, hash_at_digest: str | None) -> list[Problem]:
    """Whether a log with this ``head`` (and this hash at the digest's position) extends it."""
    what = _digest_problem(digest, head, hash_at_digest)
    return [] if what is None else [Problem(digest.position, what)]


def _digest_problem(digest: Digest, head: Digest, hash_at_digest: str | None) -> str | None:
    if digest.position == 0:
        if digest.chain_hash != GENESIS:
            return "a digest at position 0 must carry the genesis hash (64 zeros)"
        return None
    if head.position < digest.position:
        return (
            f"the log ends at position {head.position}, before the digest's position "
            f"{digest.position}: its tail was cut off"
        )
    if hash_at_digest is None:
        return "the digest's position is no longer in the log"
    if hash_at_digest != digest.chain_hash:
        return "the log no longer extends the digest: history up to it was rewritten"
    return None
