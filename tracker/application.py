"""The application service: one ``handle`` for every command, and the questions about items.

A handler loads, decides and records. Recording translates the store's refusal of a
concurrent write into ``ConcurrentChange`` naming the item, who changed it and what; a
race for the next reference number only is retried, since the user lost nothing.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder
from eventsourcing.utils import Environment

from events.audit import Progress, current_digest, verify_log
from events.base import TrackerCreated, TrackerEvent, acting_as
from events.chain import RECORDED_AT_FORMAT, Digest, Verification
from events.codec import DateAsISO
from events.store import database_url, describe, is_postgres, store_settings
from events.transfer import ImportSummary, export_lines, import_export
from tracker.accounts.credentials import Credentials
from tracker.acting.dispatch import HANDLERS
from tracker.kernel.aggregate import StoredAggregate, TrackerAggregate, item_id
from tracker.kernel.commands import Command, Recorded
from tracker.kernel.errors import (
    ConcurrentChange,
    DuplicateItem,
    ItemNotFound,
    StoreNotReady,
    TrackerError,
)
from tracker.kernel.numbering import Counter, counter_id
from tracker.views.engine import view_engine

A = TypeVar("A", bound=StoredAggregate)
Fact = TrackerCreated | TrackerEvent
REFERENCE_RACE_RETRIES = 200


class _ReferenceRace(Exception):
    """Another item took the reference number this command was about to use."""


def _replay(item: Any, events: Iterable[Any]) -> Any:
    """The library's projector, without its per-event runtime Protocol check.

    That ``isinstance`` check against a Protocol costs about 27 µs an event, a third of a
    command's time on SQLite; every event here is one of our own classes.
    """
    for event in events:
        item = event.mutate(item)
    return item


@dataclass(frozen=True)
class TrailEntry:
    """One recorded fact about an item, as people read it."""

    version: int
    recorded_at: datetime
    actor: str
    what: str
    details: dict[str, Any]


class Tracker(Application[UUID]):
    """Records what users decide and answers what was recorded."""

    name = "tracker"

    def __init__(self, url: str | None = None, *, create_schema: bool | None = None):
        self.database_url = url or database_url()
        if create_schema is None:
            create_schema = not is_postgres(self.database_url)
        super().__init__(env=store_settings(self.database_url, create_schema=create_schema))
        if not self.recorder.has_schema():  # type: ignore[attr-defined]
            self.close()
            raise StoreNotReady(describe(self.database_url))

    @cached_property
    def credentials(self) -> Credentials:
        """Password hashes, kept beside the log in the same database (see credentials_sql)."""
        return Credentials(view_engine(self.env, writer=True))

    def close(self) -> None:
        if "credentials" in self.__dict__:
            self.credentials.engine.dispose()
        super().close()

    def construct_env(self, name: str, env: Any = None) -> Environment:
        # Only our own setting configures the store: a stray POSTGRES_* or
        # PERSISTENCE_MODULE in the process environment must not redirect it.
        # No snapshots: they sit outside the hash chain, so a forged one could change what
        # an item shows while the log still verifies. (An aggregate cache was measured and
        # gained nothing: copying a cached item costs what replaying its few events does.)
        return Environment(name, dict(env or {}))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # -- commands -------------------------------------------------------------------------

    def handle(self, command: Command) -> Recorded:
        """Carries out one user action; returns what it recorded and the position reached."""
        handler = HANDLERS.get(type(command))
        if handler is None:
            raise TypeError(f"no handler for {type(command).__name__}")
        for attempt in range(REFERENCE_RACE_RETRIES):
            try:
                with acting_as(command.actor):
                    return handler(self, command)
            except _ReferenceRace:
                # Another item took the number; back off a little, at random, and retry.
                time.sleep(random.uniform(0, 0.002) * min(attempt + 1, 10))
        raise TrackerError("too many items are being created at once: please try again")

    def load(self, kind: type[A], reference: str, expected_version: int | None = None) -> A:
        """The item as recorded now; refused if it changed since ``expected_version``."""
        try:
            item = self.repository.get(item_id(reference), projector_func=_replay)
        except AggregateNotFoundError:
            raise ItemNotFound(reference) from None
        if not isinstance(item, kind):
            raise TrackerError(
                f"{reference} is a {getattr(item, 'KIND', 'record')}, "
                f"not a {getattr(kind, 'KIND', 'item')}"
            )
        if expected_version is not None and item.version != expected_version:
            raise ConcurrentChange(reference, self._changes_since(item.id, expected_version))
        return item

    def new_reference(self, series: str) -> tuple[Counter, str]:
        """The next reference in ``series`` (e.g. "TSK" -> "TSK-12"), with its counter to save."""
        stored = self.recorder.select_events(counter_id(series), desc=True, limit=1)
        if stored:
            counter = Counter.resume(series, self.mapper.to_domain_event(stored[0]))  # type: ignore[arg-type]
        else:
            counter = Counter.start(series)
        return counter, f"{series}-{counter.issue()}"

    def record(self, item: StoredAggregate, *others: StoredAggregate) -> Recorded:
        """Saves ``item`` (and anything saved with it) in one transaction."""
        aggregates = (item, *others)
        base_versions = {a.id: a.version - len(a.pending_events) for a in aggregates}
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise self._explain_conflict(aggregates, base_versions) from None
        position = recordings[-1].notification.id if recordings else self.position()
        return Recorded(getattr(item, "reference", str(item.id)), item.version, position or 0)

    def _explain_conflict(
        self, aggregates: tuple[StoredAggregate, ...], base_versions: dict[UUID, int]
    ) -> Exception:
        moved = [a for a in aggregates if self._stored_version(a.id) > base_versions[a.id]]
        if any(isinstance(a, Counter) for a in moved):
            return _ReferenceRace()  # the item's reference was taken: take the next one
        for aggregate in moved:
            reference = getattr(aggregate, "reference", str(aggregate.id))
            base = base_versions[aggregate.id]
            if base == 0:
                return DuplicateItem(reference)
            return ConcurrentChange(reference, self._changes_since(aggregate.id, base))
        return ConcurrentChange("the log", ["an event was recorded at the same moment"])

    def _stored_version(self, aggregate_id: UUID) -> int:
        events = self.recorder.select_events(aggregate_id, desc=True, limit=1)
        return events[0].originator_version if events else 0

    def _changes_since(self, aggregate_id: UUID, version: int) -> list[str]:
        return [
            f"{e.actor} recorded {type(e).__name__} at {e.timestamp:%Y-%m-%d %H:%M:%S} UTC"
            for e in self._facts(aggregate_id, gt=version)
        ]

    def _facts(self, aggregate_id: UUID, gt: int | None = None) -> Iterator[Fact]:
        # The library types what it reads by its event protocol, which has no actor or
        # timestamp; every event in an aggregate's sequence here is one of our own facts.
        return cast("Iterator[Fact]", self.repository.event_store.get(aggregate_id, gt=gt))

    # -- questions ------------------------------------------------------------------------

    def position_at(self, moment: datetime) -> int:
        """The position the log had reached at ``moment``: what "as at" a time means."""
        try:
            utc = moment.astimezone(UTC)
        except OverflowError:  # the first or last day a datetime can hold, in another zone
            return 0 if moment.year == 1 else self.position()
        # %Y does not pad years before 1000, and the chain's times compare as text.
        stamp = f"{utc.year:04d}" + utc.strftime(RECORDED_AT_FORMAT.removeprefix("%Y"))
        return int(self.recorder.position_at(stamp))  # type: ignore[attr-defined]

    def position(self) -> int:
        """How far the log has got: the position of the latest recorded event."""
        return self.recorder.max_notification_id() or 0

    def item(self, reference: str) -> TrackerAggregate:
        """The item itself, for the domain's own use (views get plain data)."""
        return self.load(TrackerAggregate, reference)

    def trail(self, reference: str) -> Iterator[TrailEntry]:
        """Every fact recorded about an item, oldest first."""
        for event in self._facts(item_id(reference)):
            details = {
                k: v
                for k, v in vars(event).items()
                if k not in ("originator_id", "originator_version", "timestamp", "actor")
                and k != "originator_topic"
            }
            yield TrailEntry(
                event.originator_version,
                event.timestamp,
                event.actor,
                type(event).__name__,
                details,
            )

    # -- the record itself ----------------------------------------------------------------

    def digest(self) -> Digest:
        """The chain head now: position, hash and time, to keep outside the system."""
        return current_digest(self.recorder)  # type: ignore[arg-type]

    def verify(
        self, digest: Digest | None = None, progress: Progress | None = None
    ) -> Verification:
        """Re-reads the whole log against its hash chain (and an earlier digest)."""
        return verify_log(self.recorder, digest, progress)  # type: ignore[arg-type]

    def export_lines(self) -> Iterator[str]:
        return export_lines(self.recorder)  # type: ignore[arg-type]

    def import_lines(self, lines: Iterable[str]) -> ImportSummary:
        """Imports an export into this empty store, verifying all of it before writing any."""
        return import_export(self.recorder, lines, self.mapper.to_domain_event)  # type: ignore[arg-type]
