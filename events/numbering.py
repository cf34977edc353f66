"""Facts of the counters that issue item references (TSK-1, SR-2, RTTCG-3...)."""

from __future__ import annotations

from events.base import TrackerCreated, TrackerEvent


class CounterStarted(TrackerCreated):
    TOPIC = "CounterStarted"
    series: str


class NumberIssued(TrackerEvent):
    TOPIC = "NumberIssued"
    number: int
