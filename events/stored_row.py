"""One stored event as the chain sees it, read exactly as it sits in the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from events.chain import event_hash


class UnreadableRow(ValueError):
    """A row the fast reading path cannot decode; only a hand-edited row is like this."""


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
