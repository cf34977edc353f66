"""Every stored event names its schema version, and an old version is read as the new one."""

from __future__ import annotations

import json
from datetime import date
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from events.base import TrackerEvent
from tests.integration.test_store import RECEIPT
from tracker.tasking.commands import ReceiveTasking


class NoteAdded(TrackerEvent):
    """A test event at schema version 2: version 1 called the text ``note``."""

    TOPIC = "TestNoteAdded"
    class_version = 2
    text: str
    author: str

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        state["text"] = state.pop("note")
        state["author"] = state["actor"]


def test_every_stored_event_carries_its_schema_version(tracker):
    tracker.handle(ReceiveTasking(actor="ana", **RECEIPT))
    for notification in tracker.notification_log.select(start=1, limit=10):
        assert json.loads(notification.state)["class_version"] == 1


def test_a_version_1_event_stored_long_ago_is_read_as_version_2(tracker):
    item = uuid4()
    old_row = StoredEvent(
        originator_id=item,
        originator_version=2,
        topic="TestNoteAdded",
        state=json.dumps({
            "timestamp": {"_type_": "datetime_iso", "_data_": "2025-01-02T03:04:05+00:00"},
            "actor": "ana",
            "note": "written under schema 1",
            "class_version": 1,
        }).encode(),
    )  # fmt: skip
    tracker.recorder.insert_events([old_row])

    [stored] = tracker.recorder.select_events(item)
    event = tracker.mapper.to_domain_event(stored)

    assert isinstance(event, NoteAdded) and event.schema_version == 2
    assert (event.text, event.author) == ("written under schema 1", "ana")


# Version 1 of each decision step, as main stored it before decisions named their meeting.
DECISION_STEPS_V1 = [
    ("TaskingAccepted", {"rationale": "Fits the strategy."}),
    ("TaskingDeclined", {"rationale": "No capability."}),
    ("SupportRequestDecided", {"forum": "RTTCG", "outcome": "supported",
                               "rationale": "Priority.", "decision_reference": "RTTCG-2"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("topic", "fields"), DECISION_STEPS_V1, ids=[t for t, _ in DECISION_STEPS_V1]
)
def test_a_decision_step_of_version_1_is_read_as_decided_on_the_london_day_it_was_recorded(
    tracker, topic, fields
):
    item = uuid4()
    old_row = StoredEvent(
        originator_id=item,
        originator_version=3,
        topic=topic,
        state=json.dumps({
            # 23:30 UTC on 5 October is 00:30 on the 6th in London (BST).
            "timestamp": {"_type_": "datetime_iso", "_data_": "2026-10-05T23:30:00+00:00"},
            "actor": "acc.morgan",
            **fields,
            "class_version": 1,
        }).encode(),
    )  # fmt: skip
    tracker.recorder.insert_events([old_row])

    [stored] = tracker.recorder.select_events(item)
    event = tracker.mapper.to_domain_event(stored)

    assert event.schema_version == 2 and event.decided_on == date(2026, 10, 6)
    assert event.decision_reference == fields.get("decision_reference", "")
    assert event.rationale == fields["rationale"]
