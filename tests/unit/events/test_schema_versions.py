"""Every stored event names its schema version, and an old version is read as the new one."""

from __future__ import annotations

import json
from datetime import date
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from events.base import TrackerEvent
from events.debrief import DebriefOpened, DebriefReported, ObservationAccepted
from events.learning import LearningPointIdentified
from tests.integration.test_store import RECEIPT
from tracker.kernel.references import item_id
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


# -- debriefs as main stored them before they were commissioned, scheduled and reported -------


def stored(item, version: int, topic: str, **fields) -> StoredEvent:
    """An event row as main wrote it at version 1, recorded at noon on 4 December 2026."""
    state = {
        "timestamp": {"_type_": "datetime_iso", "_data_": "2026-12-04T12:00:00+00:00"},
        "actor": "j.owens",
        **fields,
        "class_version": 1,
    }
    return StoredEvent(
        originator_id=item, originator_version=version, topic=topic,
        state=json.dumps(state).encode(),
    )  # fmt: skip


def read_back(tracker, row: StoredEvent):
    tracker.recorder.insert_events([row])
    [found] = tracker.recorder.select_events(row.originator_id)
    return tracker.mapper.to_domain_event(found)


def opened_v1(kind: str) -> dict:
    return {
        "originator_topic": "Debrief", "reference": "DB-1", "marking": "OFFICIAL",
        "kind": kind, "title": "Co-ordination cell debrief", "of_what": "COVID-19 response",
        "lead": "Supt J. Owens", "held_on": {"_type_": "date_iso", "_data_": "2026-10-05"},
    }  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "level"),
    [("hot debrief", "hot"), ("structured debrief", "structured"),
     ("questionnaire", "structured"), ("review", "structured")],
)  # fmt: skip
def test_a_debrief_opened_at_version_1_is_read_at_its_kinds_level_facilitated_by_its_lead(
    tracker, kind, level
):
    event = read_back(tracker, stored(uuid4(), 1, "DebriefOpened", **opened_v1(kind)))
    assert isinstance(event, DebriefOpened) and event.schema_version == 2
    assert (event.kind, event.level, event.facilitator) == (kind, level, "Supt J. Owens")
    assert (event.lead, event.held_on) == ("Supt J. Owens", date(2026, 10, 5))


def test_an_observation_accepted_at_version_1_is_read_as_an_issue(tracker):
    fields = {"number": 2, "learning_point": "LP-5", "theme": "decision recording"}
    event = read_back(tracker, stored(uuid4(), 5, "ObservationAccepted", **fields))
    assert isinstance(event, ObservationAccepted) and event.schema_version == 2
    assert (event.learning_point, event.theme, event.nature) == (
        "LP-5", "decision recording", "issue",
    )  # fmt: skip


def test_a_learning_point_identified_at_version_1_is_read_as_an_issue(tracker):
    fields = {
        "originator_topic": "LearningPoint", "reference": "LP-5", "marking": "OFFICIAL",
        "text": "Record decisions on one system", "theme": "decision recording",
        "debrief": "DB-1", "observation": 2,
    }  # fmt: skip
    event = read_back(tracker, stored(uuid4(), 1, "LearningPointIdentified", **fields))
    assert isinstance(event, LearningPointIdentified) and event.schema_version == 2
    assert (event.reference, event.nature) == ("LP-5", "issue")


def test_a_debrief_closed_is_read_as_reported(tracker):
    event = read_back(tracker, stored(uuid4(), 6, "DebriefClosed", summary="All decided."))
    assert isinstance(event, DebriefReported) and event.summary == "All decided."


def test_a_debrief_stored_before_debriefs_were_scheduled_loads_as_held_then_reported(tracker):
    item = item_id("DB-1")
    accepted = {"number": 1, "learning_point": "LP-3", "theme": "command structure"}
    rows = [
        stored(item, 1, "DebriefOpened", **opened_v1("hot debrief")),
        stored(item, 2, "ObservationRecorded", number=1, text="Keep to Gold/Silver/Bronze",
               repeats=""),
        stored(item, 3, "ObservationAccepted", **accepted),
        stored(item, 4, "DebriefClosed", summary="All observations decided."),
    ]  # fmt: skip
    tracker.recorder.insert_events(rows[:3])
    held = tracker.item("DB-1")
    assert (held.state, held.level, held.facilitator, held.held_on) == (
        "held", "hot", "Supt J. Owens", date(2026, 10, 5),
    )  # fmt: skip
    assert held.allowed_steps() == ("record observation", "report")
    tracker.recorder.insert_events(rows[3:])
    reported = tracker.item("DB-1")
    assert (reported.state, reported.summary) == ("reported", "All observations decided.")
    assert reported.observations[0].nature == "issue"
