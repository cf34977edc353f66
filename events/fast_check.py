"""The fast path of verification: every hash recomputed from plain database tuples."""

from __future__ import annotations

from collections.abc import Iterable
from hashlib import sha256
from itertools import zip_longest
from typing import Any

from events.chain import GENESIS
from events.digest import EMPTY_DIGEST, Digest


def intact_head(
    events: Iterable[tuple[Any, ...]], entries: Iterable[tuple[Any, ...]], watch: int = 0
) -> tuple[int, Digest, str | None] | None:
    """(events, head, chain hash at ``watch``) when every hash matches, else None.

    Takes plain tuples straight from the database, ``(position, originator_id text,
    version, topic, state)`` and ``(position, recorded_at, event_hash, chain_hash)``; on
    any mismatch the caller re-reads with ``verify_chain`` to say what is wrong and where.
    """
    previous, count, last = GENESIS, 0, (0, "-")
    watched: str | None = None
    for row, entry in zip_longest(events, entries):
        if row is None or entry is None:
            return None
        linked = _linked(previous, row, entry)
        if linked is None:
            return None
        previous, count, last = linked, count + 1, (row[0], entry[1])
        if row[0] == watch:
            watched = previous
    return count, Digest(last[0], previous, last[1]) if count else EMPTY_DIGEST, watched


def _linked(previous: str, row: tuple[Any, ...], entry: tuple[Any, ...]) -> str | None:
    """The chain hash after ``previous`` when ``entry`` records ``row`` exactly, else None."""
    position, item, version, topic, state = row
    if entry[0] != position or type(state) is not bytes or type(version) is not int:
        return None
    state_hash = sha256(state).hexdigest()
    event = sha256(f"{item}\n{version}\n{topic}\n{state_hash}".encode()).hexdigest()
    linked = sha256(f"{previous}\n{position}\n{entry[1]}\n{event}".encode()).hexdigest()
    return linked if event == entry[2] and linked == entry[3] else None
