"""How an event becomes a stored row: JSON state that always names its schema version."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoding
from eventsourcing.utils import get_topic


class VersionedMapper(Mapper[Any]):
    """The library's mapper, except that every stored state carries ``class_version``.

    The library writes the version only when it is above 1; writing it always means a
    stored row says which schema it was written in, whatever later code assumes.
    Reading is the library's: a missing version is read as 1 and upcast as needed.
    """

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        state["class_version"] = getattr(type(domain_event), "class_version", 1)
        stored_state = self.transcoder.encode(state)
        if self.compressor:
            stored_state = self.compressor.compress(stored_state)
        if self.cipher:
            stored_state = self.cipher.encrypt(stored_state)
        return StoredEvent(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=get_topic(type(domain_event)),
            state=stored_state,
        )


class DateAsISO(Transcoding):
    """Calendar dates (due dates, review dates) stored as YYYY-MM-DD."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)
