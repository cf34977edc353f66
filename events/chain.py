"""The hash chain over the event log, and its verification.

Every stored event gets one chain entry, written in the transaction that records it:

    state_hash  = sha256(state as stored, bytes)
    event_hash  = sha256("{originator_id}\\n{originator_version}\\n{topic}\\n{state_hash}")
    chain_hash  = sha256("{previous chain_hash}\\n{position}\\n{recorded_at}\\n{event_hash}")

All hashes are lowercase hex; strings are UTF-8; ``originator_id`` is the hyphenated
lowercase UUID; ``recorded_at`` is UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; the chain
starts from 64 zeros. Positions increase but may have gaps (PostgreSQL sequences), so
an entry links to the entry before it, not to ``position - 1``. The README gives a
short script that checks an export with nothing but these rules.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
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


class UnreadableRow(ValueError):
    """A row the fast reading path cannot decode; only a hand-edited row is like this."""


@dataclass(frozen=True)
class ChainEntry:
    """One row of the chain table."""

    position: int
    recorded_at: str
    event_hash: str
    chain_hash: str


@dataclass(frozen=True)
class StoredRow:
    """One row of the events table, as the chain sees it."""

    position: int
    originator_id: UUID | str
    originator_version: int
    topic: str
    state: bytes

    def event_hash(self) -> str:
        return event_hash(self.originator_id, self.originator_version, self.topic, self.state)


def stored_row(
    position: int, originator_id: Any, version: Any, topic: Any, state: Any
) -> StoredRow:
    """A row as read from the database, even one an administrator has mangled by hand.

    Nothing is converted: a value of a type or spelling the application would not read
    as stored (text for the state, a fraction for the version) becomes a marker that can
    never match its recorded hash, so it is named as modified rather than crash or pass.
    """
    if type(version) is not int:
        version = f"!{type(version).__name__}:{version!r}"
    if type(state) is not bytes:
        state = f"!{type(state).__name__}:{state!r}".encode("utf-8", "surrogateescape")
    return StoredRow(position, str(originator_id), version, str(topic), state)


def extend_chain(
    previous: str, rows: Iterable[tuple[int, str]], recorded_at: str
) -> list[ChainEntry]:
    """Chain entries for newly recorded rows, given as (position, event_hash)."""
    entries = []
    for position, event_hash_hex in rows:
        previous = chain_hash(previous, position, recorded_at, event_hash_hex)
        entries.append(ChainEntry(position, recorded_at, event_hash_hex, previous))
    return entries


# -- digests ----------------------------------------------------------------------------

DIGEST_PATTERN = re.compile(
    r"position=(?P<position>\d+)\s+hash=(?P<hash>[0-9a-f]{64})(?:\s+recorded=(?P<recorded>\S+))?"
)


@dataclass(frozen=True)
class Digest:
    """The head of the chain at one moment: a line a person can keep."""

    position: int
    chain_hash: str
    recorded_at: str

    def line(self) -> str:
        return (
            f"tracker-digest position={self.position} hash={self.chain_hash} "
            f"recorded={self.recorded_at}"
        )

    @classmethod
    def parse(cls, text: str) -> Digest:
        """Reads a digest line, also as quoted or wrapped in an e-mail."""
        flat = " ".join(text.replace(">", " ").split())
        match = DIGEST_PATTERN.search(flat)
        if match is None:
            raise ValueError(
                "not a digest line: expected 'tracker-digest position=N hash=<64 hex digits> "
                "recorded=TIME'"
            )
        return cls(int(match["position"]), match["hash"], match["recorded"] or "")


EMPTY_DIGEST = Digest(0, GENESIS, "-")


# -- verification -----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something wrong at one position of the log."""

    position: int
    what: str

    def __str__(self) -> str:
        return f"position {self.position}: {self.what}"


@dataclass
class Verification:
    """The outcome of re-reading the whole log against its chain (and a digest)."""

    events: int = 0
    head: Digest = EMPTY_DIGEST
    problems: list[Problem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.intact:
            return f"intact: {self.events} events, chain head {self.head.line()}"
        first = self.problems[0]
        more = len(self.problems) - 1
        tail = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
        return f"TAMPERED: first bad {first}{tail}"


def _merge_by_position(
    rows: Iterator[StoredRow], entries: Iterator[ChainEntry]
) -> Iterator[tuple[int, StoredRow | None, ChainEntry | None]]:
    row, entry = next(rows, None), next(entries, None)
    while row is not None or entry is not None:
        if entry is None or (row is not None and row.position < entry.position):
            assert row is not None
            yield row.position, row, None
            row = next(rows, None)
        elif row is None or entry.position < row.position:
            yield entry.position, None, entry
            entry = next(entries, None)
        else:
            yield row.position, row, entry
            row, entry = next(rows, None), next(entries, None)


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


def verify_chain(
    rows: Iterable[StoredRow],
    entries: Iterable[ChainEntry],
    digest: Digest | None = None,
    relocations: Relocations | None = None,
) -> Verification:
    """Recomputes the chain from the events and compares it with the stored entries.

    ``rows`` and ``entries`` must each come in position order.
    """
    result = Verification()
    previous, last_good = GENESIS, EMPTY_DIGEST
    hash_at_digest: str | None = None
    for position, row, entry in _merge_by_position(iter(rows), iter(entries)):
        if row is not None:
            result.events += 1
        problem = _problem_at(position, row, entry, relocations)
        if problem is not None:
            result.problems.append(Problem(position, problem))
        if entry is None:
            continue
        if chain_hash(previous, position, entry.recorded_at, entry.event_hash) != entry.chain_hash:
            result.problems.append(Problem(position, _broken_link(last_good.position)))
        previous = entry.chain_hash
        last_good = Digest(position, entry.chain_hash, entry.recorded_at)
        if digest is not None and position == digest.position:
            hash_at_digest = entry.chain_hash
    result.head = last_good
    if digest is not None:
        result.problems.extend(check_digest(digest, last_good, hash_at_digest))
    return result


def _problem_at(
    position: int, row: StoredRow | None, entry: ChainEntry | None, moves: Relocations | None
) -> str | None:
    """What is wrong with the event at ``position``, if anything."""
    moves = moves or Relocations({}, {})
    if entry is None:
        assert row is not None
        origin = moves.recorded_at.get(row.event_hash())
        if origin is not None:
            return f"holds the event recorded at position {origin}: reordered"
        return "an event with no chain entry: inserted after the fact"
    if row is None:
        now_at = moves.found_at.get(entry.event_hash)
        if now_at is not None:
            return f"the event recorded here was moved to position {now_at}: reordered"
        return "the chain records an event that is gone: deleted"
    actual = row.event_hash()
    if actual == entry.event_hash:
        return None
    origin = moves.recorded_at.get(actual)
    if origin is not None and origin != position:
        return f"holds the event recorded at position {origin}: reordered or swapped"
    return "the event differs from what was recorded: modified"


def _broken_link(previous_position: int) -> str:
    if previous_position == 0:
        return "the chain entry does not start from the genesis hash: rewritten"
    return (
        "the chain entry does not follow from the one before it (position "
        f"{previous_position}): an entry there or between was deleted, inserted or rewritten"
    )


def check_digest(digest: Digest, head: Digest, hash_at_digest: str | None) -> list[Problem]:
    """Whether a log with this ``head`` (and this hash at the digest's position) extends it."""
    if digest.position == 0:
        if digest.chain_hash != GENESIS:
            return [Problem(0, "a digest at position 0 must carry the genesis hash (64 zeros)")]
        return []
    if head.position < digest.position:
        return [
            Problem(
                digest.position,
                f"the log ends at position {head.position}, before the digest's position "
                f"{digest.position}: its tail was cut off",
            )
        ]
    if hash_at_digest is None:
        return [Problem(digest.position, "the digest's position is no longer in the log")]
    if hash_at_digest != digest.chain_hash:
        return [
            Problem(
                digest.position,
                "the log no longer extends the digest: history up to it was rewritten",
            )
        ]
    return []


def intact_head(
    events: Iterable[tuple[Any, ...]], entries: Iterable[tuple[Any, ...]], watch: int = 0
) -> tuple[int, Digest, str | None] | None:
    """The fast path of verification: (events, head, chain hash at ``watch``) when every
    hash matches, else None.

    Takes plain tuples straight from the database, ``(position, originator_id text,
    version, topic, state)`` and ``(position, recorded_at, event_hash, chain_hash)``; on
    any mismatch the caller re-reads with ``verify_chain`` to say what is wrong and where.
    """
    sha256, previous, count, last = hashlib.sha256, GENESIS, 0, (0, "-")
    watched: str | None = None
    events, entries = iter(events), iter(entries)
    while True:
        row, entry = next(events, None), next(entries, None)
        if row is None or entry is None:
            if row is not None or entry is not None:
                return None
            break
        position, item, version, topic, state = row
        if entry[0] != position or type(state) is not bytes or type(version) is not int:
            return None
        state_hash = sha256(state).hexdigest()
        event = sha256(f"{item}\n{version}\n{topic}\n{state_hash}".encode()).hexdigest()
        previous = sha256(f"{previous}\n{position}\n{entry[1]}\n{event}".encode()).hexdigest()
        if event != entry[2] or previous != entry[3]:
            return None
        count, last = count + 1, (position, entry[1])
        if position == watch:
            watched = previous
    return count, Digest(last[0], previous, last[1]) if count else EMPTY_DIGEST, watched
