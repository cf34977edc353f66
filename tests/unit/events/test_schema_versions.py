"""Every stored event names its schema version, and an old version is read as the new one."""

from __future__ import annotations

import json
from datetime import date
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from events.base import TrackerEvent, stored_event_classes
from events.debrief import DebriefOpened, DebriefReported, ObservationAccepted
from events.learning import LearningPointIdentified
from events.tasking import TaskingRequirementsPlaced
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
    stored = tracker.recorder.select_notifications(start=None, limit=1000)
    versions = {n.topic: json.loads(n.state)["class_version"] for n in stored}
    classes = stored_event_classes()
    assert versions == {topic: getattr(classes[topic], "class_version", 1) for topic in versions}
    assert versions["TaskingReceived"] == 2  # its lead officer is a person or a post


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


def stored_long_ago(
    tracker, topic: str, fields: dict, version: int = 3, at: str = "2026-10-05T09:30:00+00:00"
) -> object:
    """The event ``topic`` as a version 1 row holding ``fields``, recorded ``at``, read now."""
    item = uuid4()
    old_row = StoredEvent(
        originator_id=item,
        originator_version=version,
        topic=topic,
        state=json.dumps({
            "timestamp": {"_type_": "datetime_iso", "_data_": at},
            "actor": "r.khan", **fields, "class_version": 1,
        }).encode(),
    )  # fmt: skip
    tracker.recorder.insert_events([old_row])
    [stored] = tracker.recorder.select_events(item)
    return tracker.mapper.to_domain_event(stored)


@pytest.mark.parametrize(
    ("topic", "fields"), DECISION_STEPS_V1, ids=[t for t, _ in DECISION_STEPS_V1]
)
def test_a_decision_step_of_version_1_is_read_as_decided_on_the_london_day_it_was_recorded(
    tracker, topic, fields
):
    # 23:30 UTC on 5 October is 00:30 on the 6th in London (BST).
    event = stored_long_ago(tracker, topic, fields, at="2026-10-05T23:30:00+00:00")

    assert event.schema_version == 2 and event.decided_on == date(2026, 10, 6)
    assert event.decision_reference == fields.get("decision_reference", "")
    assert event.rationale == fields["rationale"]


RECEIVED_V1 = {
    "originator_topic": "Tasking", "reference": "TSK-9", "marking": "OFFICIAL",
    "basis": "request s.5(1)(a)", "nca_reference": "NCA/1", "title": "t", "description": "d",
    "received_on": {"_type_": "date_iso", "_data_": "2026-10-01"},
    "assists_nca_functions": "a", "threat_area": "x", "resourcing": "business as usual",
}  # fmt: skip
ACTION_V1 = {
    "originator_topic": "LearningAction", "reference": "LA-9", "marking": "OFFICIAL",
    "learning_point": "LP-1", "description": "d", "overseeing_board": "Gold recovery board",
    "due_on": {"_type_": "date_iso", "_data_": "2026-12-01"},
}  # fmt: skip
DECISION_V1 = {
    "originator_topic": "Decision", "reference": "WTM-9", "marking": "OFFICIAL",
    "forum": "weekly tasking meeting", "sequence_number": 9, "meeting": "m",
    "decided_at": {"_type_": "datetime_iso", "_data_": "2026-10-05T09:00:00+00:00"},
    "retrospective": False, "retrospective_reason": "", "outcome": "approved",
    "conditions": "", "subject_reference": "", "information_and_intelligence": "i",
    "threat_and_risk": "t", "powers_and_policy": "p", "options_considered": [],
    "action_chosen": "a", "review_on": None, "supersedes": "",
}  # fmt: skip
AUTHORISED_V1 = {
    "authorised_as": "Head of Intelligence", "reason": "r",
    "authorised_at": {"_type_": "datetime_iso", "_data_": "2026-10-05T09:00:00+00:00"},
}  # fmt: skip
# Each event that names who owns, leads, decides or approves, as version 1 typed it, and
# the field: a text naming a standard post is read as the post, any other text is kept.
PARTY_FIELDS_V1 = [
    ("TaskingReceived", RECEIVED_V1, "lead_officer"),
    ("LearningActionRaised", ACTION_V1, "owner"),
    ("DecisionRecorded", DECISION_V1, "decision_maker"),
    ("SupportRequestAuthorised", AUTHORISED_V1, "authorised_by"),
    ("LearningActionDueDateExtended", {"reason": "r",
        "old_due_on": {"_type_": "date_iso", "_data_": "2026-12-01"},
        "new_due_on": {"_type_": "date_iso", "_data_": "2027-01-01"}}, "approver"),
    ("LearningActionReassigned", {"reason": "r", "old_owner": "j.owens"}, "new_owner"),
    ("LearningActionValidated", {"note": "n"}, "validated_by"),
    ("ReminderScheduled", {"originator_topic": "Reminder", "reference": "TSK-1/due/x/y",
        "marking": "OFFICIAL", "item_reference": "TSK-1", "kind": "due",
        "due_at": {"_type_": "datetime_iso", "_data_": "2026-10-05T08:00:00+00:00"}}, "recipient"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("topic", "fields", "party"), PARTY_FIELDS_V1, ids=[t for t, _, _ in PARTY_FIELDS_V1]
)
@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Head of Intelligence", "post:head-of-intelligence"),
        ("  head of  INTELLIGENCE ", "post:head-of-intelligence"),
        ("Gold", "post:gold-recovery-board-chair"),
        ("DCI A. Patel", "DCI A. Patel"),  # a name outside the tracker stays as typed
        ("j.owens", "j.owens"),  # a username stays the person's
    ],
)
def test_an_owner_typed_as_text_in_version_1_is_read_as_the_post_it_names(
    tracker, topic, fields, party, typed, read
):
    event = stored_long_ago(tracker, topic, fields | {party: typed})
    assert event.schema_version == 2 and getattr(event, party) == read


@pytest.mark.parametrize("field", ["lead_officer", "decision_maker", "owner"])
def test_a_version_1_correction_of_who_leads_reads_both_values_as_parties(tracker, field):
    event = stored_long_ago(tracker, "ItemAmended", {
        "field": field, "old_value": "Head of Intelligence", "new_value": "RTTCG chair",
        "reason": "r",
    })  # fmt: skip
    assert (event.old_value, event.new_value) == ("post:head-of-intelligence", "post:rttcg-chair")


def test_a_version_1_correction_of_anything_else_is_read_as_it_was(tracker):
    event = stored_long_ago(tracker, "ItemAmended", {
        "field": "title", "old_value": "Head of Intelligence", "new_value": "Gold", "reason": "r",
    })  # fmt: skip
    assert (event.schema_version, event.old_value, event.new_value) == (
        2, "Head of Intelligence", "Gold")  # fmt: skip


def test_a_reminder_sent_before_recipients_were_people_names_nobody_it_reached(tracker):
    event = stored_long_ago(tracker, "ReminderSent", {
        "sent_at": {"_type_": "datetime_iso", "_data_": "2026-10-05T08:00:00+00:00"},
        "message_id": "<m@x>",
    })  # fmt: skip
    assert (event.schema_version, event.sent_to) == (2, "")


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


# -- requirements per force, as main stored them before each had an owner ---------------------


@pytest.mark.parametrize(
    ("force", "owner"),
    [("West Midlands", "post:soc-lead-west-midlands"),
     ("Warwickshire", "post:soc-lead-warwickshire"),
     ("West Mercia", "post:soc-lead-west-mercia"),
     ("Staffordshire", "post:soc-lead-staffordshire")],
)  # fmt: skip
def test_requirements_placed_at_version_1_are_read_as_owned_by_the_forces_soc_lead(
    tracker, force, owner
):
    placed = {"force": force, "requirements": ["Run proactive haulage operations"]}
    event = read_back(tracker, stored(uuid4(), 2, "TaskingRequirementsPlaced", **placed))
    assert isinstance(event, TaskingRequirementsPlaced) and event.schema_version == 2
    assert (event.force, event.requirements, event.owner) == (
        force, ["Run proactive haulage operations"], owner,
    )  # fmt: skip


def test_a_tasking_stored_before_requirements_had_owners_loads_with_them_not_started(tracker):
    item = item_id("TSK-9")
    placed = {"force": "Warwickshire", "requirements": ["Make CPD available", "Guide responses"]}
    tracker.recorder.insert_events([
        stored(item, 1, "TaskingReceived", **RECEIVED_V1, lead_officer="DCI A. Patel"),
        stored(item, 2, "TaskingRequirementsPlaced", **placed),
    ])  # fmt: skip
    [warwickshire] = tracker.item("TSK-9").requirements.values()
    assert warwickshire.owner == "post:soc-lead-warwickshire"
    assert [(r.number, r.text, r.status) for r in warwickshire.requirements] == [
        (1, "Make CPD available", "not started"), (2, "Guide responses", "not started"),
    ]  # fmt: skip
    assert warwickshire.standing == "not started"
