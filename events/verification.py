"""Re-reading the log against its chain (and a digest), and what that reports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from events.chain import GENESIS, ChainEntry, chain_hash
from events.digest import EMPTY_DIGEST, Digest
from events.problems import Problem, Relocations, broken_link, check_digest, problem_at
from events.stored_row import StoredRow


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


def verify_chain(
    rows: Iterable[StoredRow],
    entries: Iterable[ChainEntry],
    digest: Digest | None = None,
    relocations: Relocations | None = None,
) -> Verification:
    """Recomputes the chain from the events and compares it with the stored entries.

    ``rows`` and ``entries`` must each come in position order.
    """
    result, walk = Verification(), _Walk(digest.position if digest is not None else None)
    for position, row, entry in _merge_by_position(iter(rows), iter(entries)):
        if row is not None:
            result.events += 1
        found = [problem_at(position, row, entry, relocations)]
        if entry is not None:
            found.append(walk.follow(entry))
        result.problems += [Problem(position, what) for what in found if what is not None]
    result.head = walk.head
    if digest is not None:
        result.problems.extend(check_digest(digest, walk.head, walk.hash_at_watch))
    return result


@dataclass
class _Walk:
    """The chain as re-linked so far, noting the hash at the position ``watch``."""

    watch: int | None
    previous: str = GENESIS
    head: Digest = EMPTY_DIGEST
    hash_at_watch: str | None = None

    def follow(self, entry: ChainEntry) -> str | None:
        """Steps onto ``entry``; says so when it does not follow from the entry before."""
        linked = chain_hash(self.previous, entry.position, entry.recorded_at, entry.event_hash)
        problem = None if linked == entry.chain_hash else broken_link(self.head.position)
        self.previous = entry.chain_hash
        self.head = Digest(entry.position, entry.chain_hash, entry.recorded_at)
        if entry.position == self.watch:
            self.hash_at_watch = entry.chain_hash
        return problem


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
