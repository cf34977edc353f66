"""Checking the stored log against its chain, and taking digests of its head."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

from events.chain import (
    EMPTY_DIGEST,
    ChainEntry,
    Digest,
    Relocations,
    StoredRow,
    Verification,
    verify_chain,
)

T = TypeVar("T")
Progress = Callable[[int], None]


class ChainedRecorder(Protocol):
    """What the SQLite and PostgreSQL recorders of this package both offer."""

    def extent(self) -> int: ...

    def stored_rows(self, stop: int) -> Iterator[StoredRow]: ...

    def chain_entries(self, stop: int) -> Iterator[ChainEntry]: ...

    def chain_head(self) -> ChainEntry | None: ...

    def has_schema(self) -> bool: ...

    def is_empty(self) -> bool: ...

    def import_rows(self, rows: list[tuple[StoredRow, ChainEntry]]) -> None: ...


def current_digest(recorder: ChainedRecorder) -> Digest:
    """The head of the chain now, as a line a person can keep."""
    head = recorder.chain_head()
    if head is None:
        return EMPTY_DIGEST
    return Digest(head.position, head.chain_hash, head.recorded_at)


def _counted(items: Iterable[T], progress: Progress | None) -> Iterator[T]:
    for count, item in enumerate(items, start=1):
        if progress is not None and count % 10_000 == 0:
            progress(count)
        yield item


def verify_log(
    recorder: ChainedRecorder, digest: Digest | None = None, progress: Progress | None = None
) -> Verification:
    """Re-reads every event, recomputes the chain, and checks it still extends ``digest``.

    Only what was recorded before the check began is read: events and chain entries commit
    together in position order, so both streams agree up to that extent however busy the log.
    """
    stop = recorder.extent()
    rows, entries = recorder.stored_rows(stop), recorder.chain_entries(stop)
    result = verify_chain(_counted(rows, progress), entries, digest)
    if not result.intact:
        # Second pass, only when something is wrong: tell moved events from edited ones.
        moves = Relocations.of(recorder.stored_rows(stop), recorder.chain_entries(stop))
        rows, entries = recorder.stored_rows(stop), recorder.chain_entries(stop)
        result = verify_chain(rows, entries, digest, moves)
    return result
