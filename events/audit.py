"""Checking the stored log against its chain, and taking digests of its head."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from typing import Any, Protocol, TypeVar

from events.chain import (
    EMPTY_DIGEST,
    ChainEntry,
    Digest,
    Problem,
    Relocations,
    StoredRow,
    UnreadableRow,
    Verification,
    check_digest,
    intact_head,
    verify_chain,
)

T = TypeVar("T")
Progress = Callable[[int], None]


class ChainedRecorder(Protocol):
    """What the SQLite and PostgreSQL recorders of this package both offer."""

    def extent(self) -> int: ...

    # Generators, so a reader stopping early can close them (and the transaction they hold).
    def event_tuples(self, stop: int) -> Generator[tuple[Any, ...], None, None]: ...

    def chain_tuples(self, stop: int) -> Generator[tuple[Any, ...], None, None]: ...

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
    watch = digest.position if digest else 0
    with (
        closing(recorder.event_tuples(stop)) as events,  # closed before any second pass,
        closing(recorder.chain_tuples(stop)) as entries,  # so no transaction sits idle
    ):
        try:
            fast = intact_head(_counted(events, progress), entries, watch)
        except (UnreadableRow, UnicodeError):
            fast = None
    if fast is not None:
        count, head, hash_at_digest = fast
        problems = check_digest(digest, head, hash_at_digest) if digest else []
        return Verification(count, head, problems)
    # Something is wrong: the thorough pass says what, and where, telling moved events
    # from edited, inserted or deleted ones.
    moves = Relocations.of(recorder.stored_rows(stop), recorder.chain_entries(stop))
    result = verify_chain(recorder.stored_rows(stop), recorder.chain_entries(stop), digest, moves)
    if result.intact:  # both passes read the same rows, so this would be a bug; never pass it
        result.problems.append(Problem(result.head.position, "the log could not be checked"))
    return result
