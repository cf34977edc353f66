"""The per-item timeline on SQLite and PostgreSQL: every event, as at any moment, within clearance."""

from __future__ import annotations

import random
from contextlib import suppress
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from events.base import stored_event_classes
from events.numbering import CounterStarted, NumberIssued
from tests.integration.view_steps import caught_up_once, mark, receive_tasking
from tests.lifecycles import TASKINGS, identify, open_debrief, raise_action, recording
from tracker.accounts.commands import (
    ChangeUserClearance,
    IssueApiToken,
    RegisterUser,
    RevokeApiToken,
)
from tracker.accounts.tokens import new_token, secret_digest
from tracker.cli.demo import load_demo
from tracker.cli.demo_calendar import sitting_day
from tracker.decisions.commands import PutDecisionUnderReview
from tracker.kernel.clock import london_moment
from tracker.kernel.errors import ItemNotFound, TrackerError
from tracker.kernel.item_commands import AmendItem, RecordReview
from tracker.kernel.references import item_id
from tracker.oversight.labels import LABELS
from tracker.oversight.timeline import item_timeline
from tracker.oversight.timeline_entries import Amendment
from tracker.oversight.timeline_projection import ItemTimelineProjection
from tracker.oversight.timeline_rows import timeline_events
from tracker.reminders.commands import CancelReminder, MarkReminderSent, ScheduleReminder
from tracker.reminders.kinds import ITEM_KINDS
from tracker.service.application import Tracker
from tracker.tasking.commands import PresentTasking
from tracker.tasking.lifecycle import PRESENT
from tracker.views.catalogue import check_views, projections
from tracker.views.items import timeline_items
from tracker.views.projector import Projector

SENSITIVE = "OFFICIAL-SENSITIVE"
NOW = datetime.now(UTC)  # the demo dates its decisions from the clock
# The demo's WTM-1: taken at 10:30 at the weekly tasking meeting a fortnight or so before.
WTM_1_TAKEN = london_moment(
    sitting_day("weekly tasking meeting", NOW.date() - timedelta(days=14)), time(10, 30)
)
# The counters that issue references. (User accounts are items of the trail too.)
NOT_AN_ITEMS_EVENT = {CounterStarted, NumberIssued}


@pytest.fixture
def projector(projectors):
    """Makes projectors of this view for a tracker."""
    return lambda app: projectors(app, ItemTimelineProjection())


def caught_up(projector, app) -> Projector:
    views = projector(app)
    views.catch_up()
    return views


def timeline(views: Projector, reference: str, **query):
    return item_timeline(views.engine, reference, sensitive_cleared=True, **query)


def all_rows(views: Projector) -> dict[str, list[tuple]]:
    with views.engine.connect() as connection:
        items = connection.execute(select(timeline_items).order_by("item_id", "valid_from"))
        events = connection.execute(select(timeline_events).order_by("position"))
        return {"items": [tuple(r) for r in items], "events": [tuple(r) for r in events]}


def receive(app: Tracker, **overrides) -> str:
    return TASKINGS.recorded(app, **overrides)


def test_every_event_of_an_item_has_a_plain_label():
    stored = {c for c in stored_event_classes().values() if c.__module__.startswith("events.")}
    items_events = stored - NOT_AN_ITEMS_EVENT  # not the tests' own events
    assert items_events - LABELS.keys() == set()  # a new event needs its label here
    assert LABELS.keys() - items_events == set()  # and no label names an event no longer stored
    assert all(label.strip() for label in LABELS.values())


def test_a_user_accounts_grants_and_revocations_are_its_timeline_without_its_secrets(
    app, projector
):
    app.handle(RegisterUser(actor="admin", username="ana", display_name="Ana", roles=["viewer"],
                            password="a long enough password"))  # fmt: skip
    app.handle(ChangeUserClearance(actor="admin", username="ana", clearance="official-sensitive",
                                   reason="vetted"))  # fmt: skip
    token_id, secret = new_token()
    app.handle(IssueApiToken(actor="admin", username="ana", label="laptop", token_id=token_id,
                             secret=secret))  # fmt: skip
    app.handle(RevokeApiToken(actor="admin", username="ana", token_id=token_id, reason="lost"))
    views = caught_up(projector, app)
    entries = item_timeline(views.engine, "USER/ana", sensitive_cleared=False)
    assert [e.label for e in entries] == [
        "User account registered", "Clearance changed", "API token issued", "API token revoked",
    ]  # fmt: skip
    assert {(e.reference, e.kind) for e in entries} == {("USER/ana", "user account")}
    assert entries[1].why == "vetted" and entries[1].details == {"clearance": "official-sensitive"}
    assert entries[2].details == {"label": "laptop", "token_id": token_id}
    assert secret_digest(secret) not in str(all_rows(views))


def test_a_decisions_timeline_shows_who_when_decided_why_and_amendments(app, projector):
    load_demo(app, now=NOW)
    app.handle(AmendItem(actor="bo", reference="WTM-1", field="meeting",
                         new_value="Weekly tasking meeting (extra)", reason="wrong meeting"))  # fmt: skip
    app.handle(PutDecisionUnderReview(actor="cy", reference="WTM-1", note="New intelligence."))
    views = caught_up(projector, app)
    recorded, amended, reviewed = timeline(views, "WTM-1")
    assert [e.label for e in (recorded, amended, reviewed)] == [
        "Decision recorded", "Amended", "Decision put under review",
    ]  # fmt: skip
    assert [e.actor for e in (recorded, amended, reviewed)] == ["r.khan", "bo", "cy"]
    assert recorded.position < amended.position < reviewed.position
    assert recorded.recorded_at < amended.recorded_at < reviewed.recorded_at
    assert recorded.decided_at == WTM_1_TAKEN  # at its meeting, logged from the minutes since
    assert amended.decided_at is None and reviewed.decided_at is None
    assert (recorded.why, reviewed.why) == ("approved", "New intelligence.")
    assert recorded.details["subject_reference"] == "SR-1"
    assert recorded.details["meeting"].startswith("Weekly tasking meeting ")
    assert amended.amendment == Amendment(
        "meeting", recorded.details["meeting"], "Weekly tasking meeting (extra)", "wrong meeting"
    )
    assert recorded.amendment is None and reviewed.amendment is None
    assert {(e.reference, e.kind) for e in (recorded, amended, reviewed)} == {("WTM-1", "decision")}


def test_a_support_requests_timeline_shows_each_event_in_order(app, projector):
    load_demo(app, now=NOW)
    ratification = recording(forum="weekly tasking meeting", marking=SENSITIVE,
                             subject_reference="SR-2", action_chosen="Threat to life was real.")  # fmt: skip
    app.handle(replace(ratification, actor="acc.morgan"))
    views = caught_up(projector, app)
    gateway = timeline(views, "SR-1")
    assert [e.label for e in gateway] == [
        "Support request received", "Impact assessed", "Listed for the weekly tasking meeting",
        "Support request decided", "Monitoring reviewed",
    ]  # fmt: skip
    assert [e.version for e in gateway] == [1, 2, 3, 4, 5]
    decided = gateway[3]
    assert decided.why == "Support in full, from existing resources."  # WTM-1's action chosen
    assert decided.details == {
        "forum": "weekly tasking meeting", "outcome": "supported", "decision_reference": "WTM-1",
        "decided_on": WTM_1_TAKEN.date().isoformat(),  # when WTM-1 was taken
    }  # fmt: skip
    received, authorised, ratified = timeline(views, "SR-2")
    assert [e.label for e in (received, authorised, ratified)] == [
        "Support request received", "Emergency authorisation given",
        "Emergency authorisation ratified",
    ]  # fmt: skip
    assert [e.actor for e in (received, authorised, ratified)] == [
        "r.khan", "s.ellis", "acc.morgan",
    ]  # fmt: skip
    assert authorised.decided_at == NOW - timedelta(hours=20)
    assert authorised.why == "Threat to life; cannot wait for the weekly tasking meeting."
    assert authorised.details == {"authorised_by": "s.ellis",
                                  "authorised_as": "Head of Intelligence"}  # fmt: skip
    assert ratified.why == "Threat to life was real."
    assert received.details["title"].startswith("Urgent firearms-capable support")


def test_newest_first_and_pages(app, projector):
    load_demo(app, now=NOW)
    views = caught_up(projector, app)
    oldest_first = [e.position for e in timeline(views, "TSK-1")]
    # received, four forces' requirements, presented, ..., three reports of forces' progress
    assert len(oldest_first) == 11
    assert [e.position for e in timeline(views, "tsk-1", newest_first=True)] == oldest_first[::-1]
    assert [e.position for e in timeline(views, "TSK-1", page=2, per_page=3)] == oldest_first[3:6]
    assert timeline(views, "TSK-1", page=4, per_page=4) == []


def test_reminders_chasing_an_item_show_on_its_timeline(app, projector):
    reference = receive(app)
    due = datetime(2026, 12, 1, 9, tzinfo=UTC)
    chase = dict(item_reference=reference, due_at=due, recipient="Ana", marking="OFFICIAL")
    key = app.handle(ScheduleReminder(actor="system:reminders", kind="overdue", **chase)).reference
    app.handle(MarkReminderSent(actor="system:reminders", reference=key, sent_at=due,
                                message_id="<1@tracker>"))  # fmt: skip
    digest = ScheduleReminder(actor="system:reminders", kind="meeting digest", **chase)
    app.handle(digest)  # names the item but chases a meeting: not on the item's timeline
    views = caught_up(projector, app)
    received, scheduled, sent = timeline(views, reference)
    assert received.reference == reference
    assert [(e.reference, e.kind, e.label) for e in (scheduled, sent)] == [
        (key, "reminder", "Reminder scheduled"), (key, "reminder", "Reminder sent"),
    ]  # fmt: skip
    assert (scheduled.details["recipient"], scheduled.details["due_at"]) == ("Ana", due.isoformat())
    assert sent.details == {"message_id": "<1@tracker>", "sent_at": due.isoformat(), "sent_to": ""}
    assert [e.label for e in timeline(views, key)] == ["Reminder scheduled", "Reminder sent"]


def test_a_sensitive_item_is_no_such_item_to_a_reader_without_clearance(app, projector):
    load_demo(app, now=NOW)  # SR-2 is OFFICIAL-SENSITIVE
    views = caught_up(projector, app)
    assert len(timeline(views, "SR-2")) == 2
    hidden, missing = refusal(views, "SR-2"), refusal(views, "SR-99")
    assert (type(hidden), str(hidden)) == (ItemNotFound, "no item 'SR-2'")
    assert (type(missing), str(missing)) == (ItemNotFound, "no item 'SR-99'")
    assert len(item_timeline(views.engine, "SR-1", sensitive_cleared=False)) == 5


def refusal(views: Projector, reference: str, **query) -> ItemNotFound:
    with pytest.raises(ItemNotFound) as refused:
        item_timeline(views.engine, reference, sensitive_cleared=False, **query)
    return refused.value


def test_an_item_marked_sensitive_later_is_withheld_as_at_before_too(app, projector):
    reference = receive(app)
    official_then = app.position()
    app.handle(AmendItem(actor="bo", reference=reference, field="marking", new_value=SENSITIVE,
                         reason="source protection"))  # fmt: skip
    views = caught_up(projector, app)
    assert str(refusal(views, reference, as_at_position=official_then)) == f"no item {reference!r}"
    assert str(refusal(views, reference)) == f"no item {reference!r}"
    assert len(timeline(views, reference, as_at_position=official_then)) == 1
    [_, marked] = timeline(views, reference)
    assert marked.amendment == Amendment("marking", "OFFICIAL", SENSITIVE, "source protection")


def test_an_item_marked_down_shows_again_but_not_sensitive_reminders_on_it(app, projector):
    reference = receive(app, marking=SENSITIVE)
    due = datetime(2026, 12, 1, 9, tzinfo=UTC)
    app.handle(ScheduleReminder(actor="system:reminders", kind="due", item_reference=reference,
                                due_at=due, recipient="ana", marking=SENSITIVE))  # fmt: skip
    sensitive_then = app.position()
    app.handle(AmendItem(actor="bo", reference=reference, field="marking", new_value="OFFICIAL",
                         reason="nothing sensitive in it"))  # fmt: skip
    views = caught_up(projector, app)
    seen = item_timeline(views.engine, reference, sensitive_cleared=False)
    assert [e.label for e in seen] == ["Tasking received", "Amended"]
    assert [e.label for e in timeline(views, reference)] == [
        "Tasking received", "Reminder scheduled", "Amended",
    ]  # fmt: skip
    refusal(views, reference, as_at_position=sensitive_then)
    refusal(views, reference, as_at_position=0)  # before it was received: no such item yet


def test_catching_up_twice_or_from_a_new_process_counts_nothing_twice(app, store_url, projector):
    reference = receive(app)
    views = caught_up_once(
        app, store_url, projector, lambda: TASKINGS.give(app, PRESENT, reference)
    )
    assert [e.label for e in timeline(views, reference)] == [
        "Tasking received", "Presented to the RTTCG",
    ]  # fmt: skip
    # The counter's events are on no timeline (the people the test names are on their own).
    chased = str(item_id(reference))
    rows = [row for row in all_rows(views)["events"] if chased in row]
    assert len(rows) == 2


def test_a_rebuild_from_the_events_alone_gives_identical_rows(app, projector, projectors):
    load_demo(app, now=NOW)
    app.handle(AmendItem(actor="bo", reference="SR-1", field="marking", new_value=SENSITIVE,
                         reason="names a source"))  # fmt: skip
    app.handle(RecordReview(actor="bo", reference="LA-3", note="chased", next_review=NOW.date()))
    views = caught_up(projector, app)
    before = all_rows(views)
    assert views.rebuild() == app.position()
    assert all_rows(views) == before
    every_view = projectors(app, *projections(), engine=views.engine)
    every_view.catch_up()
    assert check_views(app, views.engine) == []  # a rebuild elsewhere agrees row for row


def test_as_at_any_position_the_timeline_equals_a_replay_up_to_it(app, projector):
    chooser = random.Random(11)
    references = [receive(app, marking=m) for m in ("OFFICIAL", SENSITIVE, "OFFICIAL")]
    reminders: list[str] = []
    for step in range(120):
        with suppress(TrackerError):  # a step not allowed there is simply not taken
            recorded = app.handle(random_step(app, chooser, references, reminders, step))
            if "/" in recorded.reference and recorded.reference not in reminders:
                reminders.append(recorded.reference)
    for reference, marking in zip(references, ["OFFICIAL", SENSITIVE], strict=False):
        with suppress(TrackerError):  # so that one item ends OFFICIAL and one sensitive
            app.handle(AmendItem(actor="bo", reference=reference, field="marking",
                                 new_value=marking, reason="settled"))  # fmt: skip
    views = caught_up(projector, app)
    head = app.position()
    seen = set()
    for position in [*chooser.sample(range(head + 1), k=40), head]:
        for reference in references:
            answers = []
            for cleared in (True, False):
                answers.append(replayed(app, reference, position, cleared))
                assert shown(views, reference, position, cleared) == answers[-1], position
            seen.add(outcome(*answers))
    assert seen == {"not yet received", "withheld", "without sensitive reminders", "all shown"}


def outcome(to_cleared, to_uncleared) -> str:
    """Which of the cases the seed is to reach one answer pair is."""
    if to_cleared is None:
        return "not yet received"
    if to_uncleared is None:
        return "withheld"
    return "all shown" if to_uncleared == to_cleared else "without sensitive reminders"


def random_step(app: Tracker, chooser: random.Random, references, reminders, step: int):
    """One of the things people and the reminder workers do to an item, chosen at random."""
    reference = chooser.choice(references)
    marking = app.item(reference).marking  # a reminder carries its item's marking
    due = datetime(2026, 12, 1, 9, tzinfo=UTC) + timedelta(hours=step)
    steps = [
        lambda: AmendItem(actor="bo", reference=reference, field="marking",
                          new_value=chooser.choice(["OFFICIAL", SENSITIVE]), reason="reviewed"),
        lambda: AmendItem(actor="bo", reference=reference, field="title",
                          new_value=f"Title {step}", reason="clearer"),
        lambda: RecordReview(actor="cy", reference=reference, note=f"Review {step}"),
        lambda: PresentTasking(actor="bo", reference=reference, meeting_on="2026-10-20"),
        lambda: ScheduleReminder(actor="system:reminders", kind=chooser.choice(ITEM_KINDS),
                                 item_reference=reference, due_at=due, recipient="ana",
                                 marking=marking),
        lambda: MarkReminderSent(actor="system:reminders", reference=chooser.choice(reminders),
                                 sent_at=due, message_id=f"<{step}@tracker>"),
        lambda: CancelReminder(actor="system:reminders", reference=chooser.choice(reminders),
                               reason="reassigned"),
    ]  # fmt: skip
    weights = [1, 2, 2, 1, 3, 2, 1] if reminders else [1, 2, 2, 1, 3, 0, 0]
    return chooser.choices(steps, weights)[0]()


def shown(views: Projector, reference: str, position: int, cleared: bool):
    try:
        found = item_timeline(
            views.engine, reference, sensitive_cleared=cleared, as_at_position=position
        )
    except ItemNotFound:
        return None
    return [(e.position, e.reference, e.event, e.version, e.actor, e.recorded_at) for e in found]


def replayed(app: Tracker, reference: str, position: int, cleared: bool):
    """The item's timeline as its events (and its reminders') up to ``position`` make it."""
    events = [
        (n.id, app.mapper.to_domain_event(n))
        for n in app.recorder.select_notifications(start=None, limit=10_000)
        if n.id <= position
    ]
    target = app.item(reference)
    chasing = {
        e.originator_id: e
        for _, e in events
        if type(e).__name__ == "ReminderScheduled" and e.item_reference == reference
        and e.kind in ITEM_KINDS
    }  # fmt: skip
    if not any(e.originator_id == target.id for _, e in events):
        return None  # not received yet
    if not cleared and SENSITIVE in (target.marking, marking_at(app, target.id, events)):
        return None
    entries = []
    for at, e in events:
        owner = chasing.get(e.originator_id)
        if e.originator_id != target.id and owner is None:
            continue
        if owner is not None and not cleared and owner.marking == SENSITIVE:
            continue  # a reminder is marked as its item was when it was scheduled
        name = reference if owner is None else owner.reference
        entries.append((at, name, e.TOPIC, e.originator_version, e.actor, e.timestamp))
    return entries


def marking_at(app: Tracker, item, events) -> str:
    """The item's marking as its events up to the last of ``events`` left it, by replaying."""
    version = max(e.originator_version for _, e in events if e.originator_id == item)
    return app.repository.get(item, version=version).marking


def test_an_official_points_timeline_does_not_name_a_sensitive_action_raised_on_it(app, projectors):
    point = identify(app, open_debrief(app), "Use existing plans")
    action = raise_action(app, point, marking=SENSITIVE, description="Brief the covert team.")
    views = projectors(app, ItemTimelineProjection())
    views.catch_up()
    entries = item_timeline(views.engine, point, sensitive_cleared=False)
    assert [e for e in entries if action in str(e.details)] == [], [e.label for e in entries]


def test_a_reminder_chasing_an_item_marked_sensitive_since_is_no_such_item_to_the_uncleared(
    app, projectors
):
    reference = receive_tasking(app)
    due = datetime(2026, 12, 1, 9, tzinfo=UTC)
    key = app.handle(ScheduleReminder(actor="system:reminders", kind="overdue", due_at=due,
                                      item_reference=reference, recipient="ana",
                                      marking="OFFICIAL")).reference  # fmt: skip
    mark(app, reference, SENSITIVE)
    app.handle(MarkReminderSent(actor="system:reminders", reference=key, sent_at=due,
                                message_id="<1@tracker>"))  # fmt: skip
    views = projectors(app, ItemTimelineProjection())
    views.catch_up()
    with pytest.raises(ItemNotFound):
        item_timeline(views.engine, reference, sensitive_cleared=False)
    with pytest.raises(ItemNotFound):  # it names the item and shows it still chased
        item_timeline(views.engine, key, sensitive_cleared=False)


def test_a_reminder_to_a_full_email_address_shows_on_the_timeline_on_every_store(app, projectors):
    reference = receive_tasking(app)
    recipient = "detective.inspector.j.smith@westmidlands.police.uk"
    key = app.handle(ScheduleReminder(actor="system:reminders", kind="overdue",
                                      due_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
                                      item_reference=reference, recipient=recipient,
                                      marking="OFFICIAL")).reference  # fmt: skip
    views = projectors(app, *projections())
    views.catch_up()
    assert [str(s) for s in views.failures()] == []
    assert [e.label for e in item_timeline(views.engine, key, sensitive_cleared=True)] == [
        "Reminder scheduled"
    ]
