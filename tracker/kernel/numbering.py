"""Gapless reference numbers per series, issued in the same transaction as the item.

A counter is an aggregate: two items created at once both try to record the same next
number, the store refuses the second, and the application simply tries it again.
"""

from __future__ import annotations

from functools import singledispatchmethod
from uuid import NAMESPACE_URL, UUID, uuid5

from events.numbering import CounterStarted, NumberIssued
from tracker.kernel.stored import StoredAggregate

COUNTER_NAMESPACE = uuid5(NAMESPACE_URL, "urn:tracker:counter")


def counter_id(series: str) -> UUID:
    return uuid5(COUNTER_NAMESPACE, series)


class Counter(StoredAggregate):
    """The last number issued in one series."""

    STORED_AS = "Counter"

    @classmethod
    def resume(cls, series: str, latest: CounterStarted | NumberIssued) -> Counter:
        """The counter as its latest (chained) event left it, without replaying every number.

        Counters grow by one event per item, so replaying them would slow every creation;
        their latest event alone says the last number and the version to save after.
        """
        counter = object.__new__(cls)
        counter.__dict__.update(
            _id=latest.originator_id,
            _version=latest.originator_version,
            _created_on=latest.timestamp,
            _modified_on=latest.timestamp,
            _pending_events=[],
            series=series,
            last=getattr(latest, "number", 0),
        )
        return counter

    @classmethod
    def start(cls, series: str) -> Counter:
        return cls._create(CounterStarted, id=counter_id(series), series=series)

    def issue(self) -> int:
        self.trigger_event(NumberIssued, number=self.last + 1)
        return self.last

    @singledispatchmethod
    def apply(self, event: object) -> None:
        """Nothing else changes a counter."""

    @apply.register
    def _(self, event: CounterStarted) -> None:
        self.series, self.last = event.series, 0

    @apply.register
    def _(self, event: NumberIssued) -> None:
        self.last = event.number
