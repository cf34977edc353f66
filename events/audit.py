"""Checking the stored log against its chain, and taking digests of its head."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from typing import TypeVar

from events.digest import EMPTY_DIGEST, Digest
from events.fast_check import intact_head
from events.problems import Problem, Relocations, check_digest
from events.recorder import ChainedRecorder
from events.stored_row import UnreadableRow
from events.verification import Verification, verify_chain

T = TypeVar("T")
Progress = Callable[[int], None]


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
    fast = _fast_pass(recorder, stop, digest.position if digest else 0, progress)
    if fast is not None:
        count, head, hash_at_digest = fast
        problems = check_digest(digest, head, hash_at_digest) if digest else []
        return Verification(count, head, problems)
    return _thorough_pass(recorder, stop, digest)


def _fast_pass(
    recorder: ChainedRecorder, stop: int, watch: int, progress: Progress | None
) -> tuple[int, Digest, str | None] | None:
    with (
        closing(recorder.event_tuples(stop)) as events,  # closed before any second pass,
        closing(recorder.chain_tuples(stop)) as entries,  # so no transaction sits idle
    ):
        try:
            return intact_head(_counted(events, progress), entries, watch)
        except (UnreadableRow, UnicodeError):
            return None


def _thorough_pass(recorder: ChainedRecorder, stop: int, digest: Digest | None) -> Verification:
    """Says what is wrong, and where, telling moved events from edited, inserted or deleted ones."""
    moves = Relocations.of(recorder.stored_rows(stop), recorder.chain_entries(stop))
    result = verify_chain(recorder.stored_rows(stop), recorder.chain_entries(stop), digest, moves)
    if result.intact:  # both passes read the same rows, so this would be a bug; never pass it
        result.problems.append(Problem(result.head.position, "the log could not be checked"))
    return result
