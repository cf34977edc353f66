"""Every stored event names its schema version, and an old version is read as the new one."""

from __future__ import annotations

import json
from uuid import uuid4

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
