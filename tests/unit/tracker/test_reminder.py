"""Reminders: identity, idempotent scheduling, and their own rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from events.base import acting_as
from tests.cast import the_cast
from tests.lifecycles import (
    DUE,
    KEY,
    NAIVE,
    REMINDERS,
    SCHEDULE,
    SENSITIVE,
    SYSTEM,
    receive_tasking,
)
from tracker.kernel.errors import (
    ConcurrentChange,
    DuplicateItem,
    IllegalStep,
    InvalidInput,
    ItemNotFound,
    RuleBroken,
)
from tracker.kernel.references import item_id
from tracker.reminders.commands import (
    CancelReminder,
    MarkReminderSent,
    RecordReminderFailure,
    ScheduleReminder,
)
from tracker.reminders.identity import reminder_reference
from tracker.reminders.kinds import KINDS
from tracker.reminders.reminder import (
    MARK_SENT,
    RECORD_PERMANENT_FAILURE,
    RECORD_TRANSIENT_FAILURE,
    Reminder,
)
from tracker.tasking.lifecycle import DIRECTION

TAKE = REMINDERS.take
a_reminder = REMINDERS.at


# -- identity ---------------------------------------------------------------------------


def test_a_reminder_is_named_by_item_kind_due_moment_and_recipient():
    reminder = a_reminder()
    assert reminder.reference == KEY and reminder.id == item_id(KEY)
    assert reminder.item_reference == "TSK-1" and reminder.recipient == "ana"


def test_the_same_moment_in_another_time_zone_or_as_text_is_the_same_reminder():
    in_london_summer = DUE.astimezone(timezone(timedelta(hours=1)))
    assert reminder_reference("tsk-1", "overdue", in_london_summer, "ana") == KEY
    assert reminder_reference("TSK-1", "overdue", "2026-12-01T09:00Z", "ana") == KEY


def test_the_due_moment_is_stored_in_utc():
    with acting_as(SYSTEM):
        reminder = Reminder.schedule(**SCHEDULE | {"due_at": "2026-07-01T10:00+01:00"})
    assert reminder.due_at == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    assert reminder.due_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("part", "other"),
    [
        ("item_reference", "TSK-2"),
        ("kind", "due soon"),
        ("due_at", DUE + timedelta(seconds=1)),
        ("recipient", "bo@rocu.example"),
    ],
)
def test_a_reminder_differing_in_any_part_of_its_identity_is_another_reminder(part, other):
    parts = {k: SCHEDULE[k] for k in ("item_reference", "kind", "due_at", "recipient")}
    assert reminder_reference(**parts | {part: other}) != KEY


def test_the_reminder_records_no_content_of_the_item():
    with acting_as(SYSTEM):
        [event] = Reminder.schedule(**SCHEDULE).collect_events()
    recorded = set(vars(event)) - {"originator_id", "originator_version", "originator_topic"}
    identity = {"reference", "marking", "item_reference", "kind", "due_at", "recipient"}
    assert recorded == identity | {"timestamp", "actor"}


# -- lifecycle --------------------------------------------------------------------------


def test_a_reminder_cannot_be_sent_twice():
    reminder = a_reminder("sent")
    with acting_as(SYSTEM), pytest.raises(IllegalStep, match="cannot mark sent"):
        reminder.mark_sent(sent_at=DUE, message_id="<2@tracker.rocu>")
    assert reminder.message_id == "<1@tracker.rocu>"
    assert reminder.collect_events() == []


def test_a_transient_failure_keeps_the_reminder_scheduled_and_counts_the_attempt():
    reminder = a_reminder()
    with acting_as(SYSTEM):
        TAKE[RECORD_TRANSIENT_FAILURE](reminder)
        TAKE[RECORD_TRANSIENT_FAILURE](reminder)
        TAKE[MARK_SENT](reminder)
    assert reminder.state == "sent"
    assert reminder.attempts == 3
    assert reminder.errors == ("421 try later", "421 try later")


def test_a_permanent_failure_ends_the_reminder_with_its_error():
    reminder = a_reminder()
    with acting_as(SYSTEM):
        TAKE[RECORD_PERMANENT_FAILURE](reminder)
    assert reminder.state == "failed" and reminder.is_closed
    assert reminder.errors == ("550 no mailbox",)


@pytest.mark.parametrize(
    ("step", "field", "problem"),
    [
        (lambda r: r.cancel(reason=" "), "reason", "is required"),
        (lambda r: r.record_failure(error="", permanent=True), "error", "is required"),
        (lambda r: r.record_failure(error="550", permanent="yes"), "permanent", "true or false"),
        (lambda r: r.mark_sent(sent_at=NAIVE, message_id="<1@x>"), "sent_at", "time zone"),
        (lambda r: r.mark_sent(sent_at=DUE, message_id=""), "message_id", "is required"),
    ],
)
def test_a_step_with_bad_input_is_refused_with_the_field_named(step, field, problem):
    reminder = a_reminder()
    with acting_as(SYSTEM), pytest.raises(InvalidInput) as refused:
        step(reminder)
    assert refused.value.field == field and problem in str(refused.value)
    assert reminder.state == "scheduled" and reminder.collect_events() == []


def test_a_reminder_has_nothing_to_amend():
    reminder = a_reminder()
    with acting_as("ana"), pytest.raises(InvalidInput, match="amendable: none") as refused:
        reminder.amend("recipient", "bo", reason="typo")
    assert refused.value.field == "field"
    assert reminder.collect_events() == []


def test_a_reminder_is_not_reviewed():
    reminder = a_reminder()
    with acting_as("ana"), pytest.raises(RuleBroken, match="review TSK-1 instead"):
        reminder.record_review("looked at it", None)
    assert reminder.collect_events() == []


def test_every_kind_of_reminder_can_be_scheduled():
    with acting_as(SYSTEM):
        kinds = {Reminder.schedule(**SCHEDULE | {"kind": k}).kind for k in KINDS}
    assert kinds == set(KINDS)


# -- through the application ------------------------------------------------------------


@pytest.fixture
def app(tracker):
    """A tracker holding the sensitive tasking TSK-1 that reminders chase."""
    receive_tasking(tracker, basis=DIRECTION, marking=SENSITIVE)
    return tracker


def schedule(**changes: object) -> ScheduleReminder:
    return ScheduleReminder(actor=SYSTEM, **SCHEDULE | changes)


def sent(sent_at: object = DUE) -> MarkReminderSent:
    return MarkReminderSent(actor=SYSTEM, reference=KEY, sent_at=sent_at, message_id="<1@x>")


def failed(error: str, permanent: bool) -> RecordReminderFailure:
    return RecordReminderFailure(actor=SYSTEM, reference=KEY, error=error, permanent=permanent)


def test_scheduling_records_the_reminder_in_its_own_trail(app):
    recorded = app.handle(schedule())
    assert (recorded.reference, recorded.version) == (KEY, 1)
    [entry] = app.trail(KEY)
    assert (entry.what, entry.actor, entry.details["due_at"]) == ("ReminderScheduled", SYSTEM, DUE)


def test_scheduling_the_same_reminder_again_records_nothing_and_answers_the_existing_one(app):
    first = app.handle(schedule())
    again = app.handle(schedule(due_at="2026-12-01T10:00+01:00", recipient="Ana"))
    assert again == first
    assert app.position() == first.position
    assert len(list(app.trail(KEY))) == 1


def test_a_sent_reminder_scheduled_again_stays_sent(app):
    app.handle(schedule())
    version = app.handle(sent()).version
    assert app.handle(schedule()).version == version
    assert app.load(Reminder, KEY).state == "sent"


def test_two_schedulers_racing_for_the_same_reminder_are_refused_the_second_time(tracker):
    with acting_as(SYSTEM):
        first, second = Reminder.schedule(**SCHEDULE), Reminder.schedule(**SCHEDULE)
        tracker.record(first)
        with pytest.raises(DuplicateItem, match="already exists"):
            tracker.record(second)
    assert len(list(tracker.trail(KEY))) == 1


def test_a_reminder_is_sent_once_and_a_second_sending_is_refused(app):
    app.handle(schedule())
    assert app.handle(sent("2026-12-01T09:00:05Z")).version == 2
    position = app.position()
    with pytest.raises(IllegalStep, match="cannot mark sent"):
        app.handle(sent())
    assert app.position() == position
    assert app.load(Reminder, KEY).sent_at == datetime(2026, 12, 1, 9, 0, 5, tzinfo=UTC)


def test_failures_are_retried_until_one_is_permanent(app):
    app.handle(schedule())
    app.handle(failed("421 busy", permanent=False))
    assert app.load(Reminder, KEY).state == "scheduled"
    app.handle(failed("550 no such user", permanent=True))
    reminder = app.load(Reminder, KEY)
    assert (reminder.state, reminder.attempts) == ("failed", 2)
    assert [e.details.get("permanent") for e in app.trail(KEY)] == [None, False, True]


def test_a_cancellation_on_a_stale_version_is_refused_as_a_concurrent_change(app):
    app.handle(schedule())
    app.handle(failed("421 busy", permanent=False))
    moved = "due date moved to 2026-12-08"
    with pytest.raises(ConcurrentChange):
        app.handle(CancelReminder(actor="ana", reference=KEY, expected_version=1, reason=moved))
    cancelled = app.handle(
        CancelReminder(actor="ana", reference=KEY, expected_version=2, reason="reassigned to bo")
    )
    assert cancelled.version == 3
    assert app.load(Reminder, KEY).reason == "reassigned to bo"


def test_a_reminder_about_a_missing_item_is_refused(tracker):
    the_cast(tracker)
    before = tracker.position()
    with pytest.raises(ItemNotFound):
        tracker.handle(schedule(item_reference="TSK-99"))
    assert tracker.position() == before


def test_a_reminder_must_carry_the_marking_of_its_item(app):
    position = app.position()
    with pytest.raises(RuleBroken, match="marked OFFICIAL-SENSITIVE"):
        app.handle(schedule(marking="OFFICIAL"))
    assert app.position() == position


def test_a_digest_names_what_it_digests_rather_than_an_item(tracker):
    recorded = tracker.handle(
        schedule(item_reference="RTTCG", kind="meeting digest", marking="OFFICIAL")
    )
    assert recorded.reference == "RTTCG/meeting-digest/2026-12-01T09:00Z/ana"


@pytest.mark.parametrize(
    ("field", "value"),
    [("due_at", "2026-12-01T09:00"), ("kind", "nag"), ("recipient", ""), ("marking", "SECRET")],
)
def test_a_bad_schedule_command_is_refused_with_the_field_named_and_nothing_recorded(
    app, field, value
):
    position = app.position()
    with pytest.raises(InvalidInput) as refused:
        app.handle(schedule(**{field: value}))
    assert refused.value.field == field
    assert app.position() == position


@pytest.mark.parametrize(("reference", "version"), [("", None), ("x" * 400, None), (KEY, 0)])
def test_a_command_on_a_reminder_needs_its_key_and_a_sensible_version(reference, version):
    with pytest.raises(InvalidInput):
        CancelReminder(actor="ana", reference=reference, expected_version=version, reason="x")
