"""The application service: one ``handle`` for every command, and the questions about items.

The store it builds on (opening the log, its position, the record's checks) is ``log_store``.

A handler loads, decides and records. Recording translates the store's refusal of a
concurrent write into ``ConcurrentChange`` naming the item, who changed it and what; a
race for the next reference number only is retried, since the user lost nothing.
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from events.base import acting_as
from events.parties import POST_PREFIX
from tracker.accounts.credentials import Credentials
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.commands import Command, Recorded
from tracker.kernel.errors import (
    ConcurrentChange,
    DuplicateItem,
    InvalidInput,
    ItemNotFound,
    TrackerError,
)
from tracker.kernel.log_store import LogStore
from tracker.kernel.numbering import Counter, counter_id
from tracker.kernel.references import item_id
from tracker.kernel.stored import StoredAggregate
from tracker.kernel.trail import Fact, TrailEntry, change_described, trail_entry
from tracker.people import resolving
from tracker.people.resolving import canonical_party
from tracker.service.dispatch import HANDLERS
from tracker.views.engine import view_engine

A = TypeVar("A", bound=StoredAggregate)
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


class Tracker(LogStore):
    """Records what users decide and answers what was recorded."""

    name = "tracker"  # the library names an application after its class unless told

    @cached_property
    def credentials(self) -> Credentials:
        """Password hashes, kept beside the log in the same database (accounts.credentials)."""
        return Credentials(view_engine(self.env, writer=True))

    def close(self) -> None:
        if "credentials" in self.__dict__:
            self.credentials.engine.dispose()
        super().close()

    # -- commands -------------------------------------------------------------------------

    def handle(self, command: Command) -> Recorded:
        """Carries out one user action; returns what it recorded and the position reached."""
        handler = HANDLERS.get(type(command))
        if handler is None:
            raise TypeError(f"no handler for {type(command).__name__}")
        command = self._with_parties(command)
        for attempt in range(REFERENCE_RACE_RETRIES):
            try:
                with acting_as(command.actor):
                    return handler(self, command)
            except _ReferenceRace:
                # Another item took the number; back off a little, at random, and retry.
                time.sleep(random.uniform(0, 0.002) * min(attempt + 1, 10))
        raise TrackerError("too many items are being created at once: please try again")

    def _with_parties(self, command: Command) -> Command:
        """The command with each person or post it names in the record's form, and each
        post named as who did something as the person holding it now."""
        given = {name: getattr(command, name) for name in (*command.PARTIES, *command.PEOPLE)}
        # One not given is left to the item's own rules (most are required).
        named = {name: self.party(name, value) for name, value in given.items() if value}
        for name in set(command.PEOPLE) & set(named):
            named[name] = self._person(name, named[name])
        return dataclasses.replace(command, **named) if named else command

    def _person(self, field: str, party: str) -> str:
        holder = self.holder_of(party)
        if holder is None:
            raise InvalidInput(field, f"nobody holds {party.removeprefix(POST_PREFIX)} now")
        return holder

    def party(self, field: str, value: Any) -> str:
        return canonical_party(self, field, value)

    def holder_of(self, party: str) -> str | None:
        return resolving.holder_of(self, party)

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
        return [change_described(e) for e in self._facts(aggregate_id, gt=version)]

    def _facts(self, aggregate_id: UUID, gt: int | None = None) -> Iterator[Fact]:
        # The library types what it reads by its event protocol, which has no actor or
        # timestamp; every event in an aggregate's sequence here is one of our own facts.
        return cast("Iterator[Fact]", self.repository.event_store.get(aggregate_id, gt=gt))

    # -- questions ------------------------------------------------------------------------

    def item(self, reference: str) -> TrackerAggregate:
        """The item itself, for the domain's own use (views get plain data)."""
        return self.load(TrackerAggregate, reference)

    def trail(self, reference: str) -> Iterator[TrailEntry]:
        """Every fact recorded about an item, oldest first."""
        for event in self._facts(item_id(reference)):
            yield trail_entry(event)
