"""The scan and the sending, in one process, against a real SMTP server and each store.

Time is driven by the scan's clock, weeks ahead of the real one and across the spring
clock change of 2027 (28 March): reminders go at 09:00 London time, which is 09:00 UTC
before the change and 08:00 UTC after it.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner

from tests.cast import CastTracker, person
from tests.integration.raw_store import RawStore
from tests.integration.view_steps import SENSITIVE, receive_tasking
from tests.integration.workers.conftest import key_of
from tests.integration.workers.reminder_steps import (
    DIRECTORY,
    action_due,
    at,
    hours,
    tick,
)
from tracker.accounts.commands import DeactivateUser, RegisterUser
from tracker.cli.main import main
from tracker.forums.commands import RearrangeForum
from tracker.kernel.clock import LONDON
from tracker.learning.commands import ExtendLearningActionDueDate, ReassignLearningAction
from tracker.oversight.timeline import item_timeline
from tracker.oversight.unowned import unowned_items
from tracker.reminders.account_recipients import AccountDirectory
from tracker.reminders.commands import ScheduleReminder
from tracker.reminders.listing_queries import reminders_of
from tracker.reminders.reminder import CANCELLED, FAILED, SCHEDULED
from tracker.reminders.scan import scan
from workers.jobs import scan_and_queue

SPRING = date(2027, 3, 30)  # due two days after the clocks go forward


def test_each_reminder_goes_once_at_nine_london_time_across_a_clock_change(app, smtp, post_office):
    post = post_office(app, smtp.port)
    item = action_due(app, SPRING)
    first_sent: dict[str, str] = {}
    for day in hours(at("2027-03-20T00:00"), at("2027-04-29T00:00"), timedelta(days=1)):
        for hour in (7, 8, 9):  # 07:30, 08:30 and 09:30 UTC each day
            now = day + timedelta(hours=hour, minutes=30)
            report, said = tick(post, now)
            for key, outcome in zip(report.due, said, strict=True):
                if outcome == "sent":
                    first_sent.setdefault(key, f"{now:%Y-%m-%dT%H:%M}")

    chased = {k: v for k, v in first_sent.items() if k.startswith(f"{item}/")}
    assert chased == {
        f"{item}/due-soon/2027-03-23T09:00Z/post:planning-lead": "2027-03-23T09:30",  # GMT
        f"{item}/due/2027-03-30T08:00Z/post:planning-lead": "2027-03-30T08:30",  # BST
        f"{item}/overdue/2027-03-31T08:00Z/post:planning-lead": "2027-03-31T08:30",
        f"{item}/escalation/2027-04-28T08:00Z/Gold chair": "2027-04-28T08:30",
    }
    counts = smtp.counts()
    assert set(counts.values()) == {1}, "a reminder arrived more than once"
    assert set(counts) == set(first_sent)
    weekly = sorted(k for k in counts if k.startswith("WEEKLY TASKING MEETING/"))
    assert weekly == [  # the Monday before each Tuesday's 10:00 meeting, at 10:00 London
        "WEEKLY TASKING MEETING/meeting-digest/2027-03-22T10:00Z/Tasking chair",
        "WEEKLY TASKING MEETING/meeting-digest/2027-03-29T09:00Z/Tasking chair",
        "WEEKLY TASKING MEETING/meeting-digest/2027-04-05T09:00Z/Tasking chair",
        "WEEKLY TASKING MEETING/meeting-digest/2027-04-12T09:00Z/Tasking chair",
        "WEEKLY TASKING MEETING/meeting-digest/2027-04-19T09:00Z/Tasking chair",
        "WEEKLY TASKING MEETING/meeting-digest/2027-04-26T09:00Z/Tasking chair",
    ]
    assert [k for k in counts if k.startswith("RTTCG/")] == [
        "RTTCG/meeting-digest/2027-03-31T09:00Z/RTTCG chair"  # first Thursday: 1 April
    ]
    chain = [k for k in counts if k.startswith("CHAIN/")]
    assert len(chain) == 41  # one a day, 20 March to 29 April


def test_a_reassignment_cancels_the_old_owners_pending_reminders(app, smtp, post_office):
    post = post_office(app, smtp.port)
    item = action_due(app, SPRING)
    eve_of_due_soon = at("2027-03-22T12:00")
    report, _ = tick(post, eve_of_due_soon)
    old = f"{item}/due-soon/2027-03-23T09:00Z/post:planning-lead"
    assert old in report.scheduled and old not in report.due

    app.handle(ReassignLearningAction(actor="j.owens", reference=item,
                                      new_owner="resilience-lead", reason="new role"))  # fmt: skip
    report, _ = tick(post, eve_of_due_soon)

    new = f"{item}/due-soon/2027-03-23T09:00Z/post:resilience-lead"
    assert report.cancelled == (old,) and new in report.scheduled
    assert [e.what for e in app.trail(old)] == ["ReminderScheduled", "ReminderCancelled"]
    assert list(app.trail(old))[-1].details["reason"] == "reassigned to post:resilience-lead"
    tick(post, at("2027-03-23T09:30"))
    assert [m["To"] for m in smtp.received() if key_of(m).startswith(item)] == [
        "jones@rocu.example"
    ]


def test_a_new_due_date_moves_the_pending_reminder(app, smtp, post_office):
    post = post_office(app, smtp.port)
    item = action_due(app, SPRING)
    tick(post, at("2027-03-22T12:00"))
    app.handle(ExtendLearningActionDueDate(actor="j.owens", reference=item, new_due_on="2027-04-06",
                                           approver="gold-chair", reason="supplier late"))  # fmt: skip

    report, _ = tick(post, at("2027-03-22T12:00"))

    old = f"{item}/due-soon/2027-03-23T09:00Z/post:planning-lead"
    assert report.cancelled == (old,)
    assert list(app.trail(old))[-1].details["reason"] == "due date moved to 2027-04-06"
    assert not [k for k in report.scheduled if k.startswith(item)]  # due soon on 30 March
    report, _ = tick(post, at("2027-03-30T08:30"))
    assert f"{item}/due-soon/2027-03-30T08:00Z/post:planning-lead" in report.due


def test_the_trail_shows_reminders_scheduled_sent_cancelled_and_failed(app, smtp, post_office):
    post = post_office(app, smtp.port)
    item = action_due(app, SPRING)
    tick(post, at("2027-03-22T12:00"))  # due soon scheduled
    person(app, "n.address", "PC No Address", email="")  # an account with no address
    app.handle(ReassignLearningAction(actor="j.owens", reference=item,
                                      new_owner="n.address", reason="moved"))  # fmt: skip
    tick(post, at("2027-03-22T12:00"))  # cancelled, and scheduled for the new owner
    tick(post, at("2027-03-23T09:30"))  # fails for good: no address is known
    app.handle(ReassignLearningAction(actor="j.owens", reference=item,
                                      new_owner="planning-lead", reason="back"))  # fmt: skip
    tick(post, at("2027-03-30T08:30"))  # due: sent

    post.views.catch_up()
    labels = [(e.reference.split("/")[1:2], e.label) for e in
              item_timeline(post.views.engine, item, sensitive_cleared=True)]  # fmt: skip
    assert [label for ref, label in labels if ref] == [
        "Reminder scheduled",
        "Reminder cancelled",
        "Reminder scheduled",
        "Reminder failed to send",
        "Reminder scheduled",
        "Reminder scheduled",
        "Reminder sent",
    ]  # fmt: skip (due soon; due soon again; due, and overdue within the horizon; due sent)
    mine = reminders_of(post.views.engine, sensitive_cleared=True, recipient="POST:planning-lead")
    assert [(r.kind, r.state) for r in mine] == [  # a user's notifications, newest first
        ("overdue", SCHEDULED), ("due", "sent"), ("due soon", CANCELLED),
    ]  # fmt: skip
    failed = reminders_of(post.views.engine, sensitive_cleared=True, state=FAILED)
    assert [(r.recipient, r.last_error) for r in failed] == [
        ("n.address", "no e-mail address is known for n.address")
    ]


def test_smtp_down_is_retried_and_a_refused_address_fails_for_good(app, smtp, post_office):
    post = post_office(app, smtp.port)
    item = action_due(app, SPRING)
    smtp.stop()
    report, said = tick(post, at("2027-03-23T09:30"))
    key = f"{item}/due-soon/2027-03-23T09:00Z/post:planning-lead"
    assert said[report.due.index(key)].startswith("try again: SMTP server unreachable")
    assert reminders_of(post.views.engine, sensitive_cleared=True, state=SCHEDULED)

    smtp.start()
    report, said = tick(post, at("2027-03-23T10:30"))
    assert said[report.due.index(key)] == "sent"
    assert [e.what for e in app.trail(key)] == ["ReminderScheduled", "ReminderFailed",
                                                 "ReminderSent"]  # fmt: skip
    assert smtp.counts()[key] == 1

    smtp.refuse("lee@rocu.example")  # the address of the planning lead's holder
    report, said = tick(post, at("2027-03-30T08:30"))
    due = f"{item}/due/2027-03-30T08:00Z/post:planning-lead"
    assert said[report.due.index(due)] == "failed"
    assert "550" in list(app.trail(due))[-1].details["error"]
    assert smtp.counts()[due] == 0


def test_the_mailed_chain_digest_is_accepted_by_verify_and_a_rewrite_is_caught(
    store_url, smtp, post_office
):

    with CastTracker(store_url, create_schema=True) as app:
        receive_tasking(app)  # recorded by "ana"
        post = post_office(app, smtp.port)
        tick(post, at("2027-03-23T06:30"))
    mailed = [m for m in smtp.received() if key_of(m).startswith("CHAIN/")]
    text = mailed[0].get_body(("plain",)).get_content()
    line = next(row for row in text.splitlines() if row.startswith("tracker-digest "))

    env = {"TRACKER_DATABASE_URL": store_url}
    accepted = CliRunner().invoke(main, ["verify", "--digest", line], env=env)
    assert accepted.exit_code == 0, accepted.output
    assert "the log extends the digest" in accepted.output

    raw = RawStore(store_url)
    raw.drop_triggers()
    raw.modify(raw.positions()[0])  # "ana" becomes "eve" in the first event
    caught = CliRunner().invoke(main, ["verify", "--digest", line], env=env)
    assert caught.exit_code == 1, caught.output


@pytest.mark.parametrize("chair_cleared", [True, False])
def test_a_meeting_digest_lists_references_never_content(app, smtp, post_office, chair_cleared):
    official = receive_tasking(app, received_on="2027-03-01", title="Haulage operations")
    sensitive = receive_tasking(app, received_on="2027-03-01", title="Covert source XRAY",
                                marking=SENSITIVE)  # fmt: skip
    post = post_office(app, smtp.port)
    cleared = {"RTTCG chair"} if chair_cleared else set()
    post.recipients = dataclasses.replace(DIRECTORY, cleared=frozenset(cleared))
    # The RTTCG sits at 09:00 here (an admin's record of its schedule).
    app.handle(RearrangeForum(actor="admin", forum="RTTCG", schedule="first thursday 09:00",
                              reason="an earlier start"))  # fmt: skip

    tick(post, at("2027-03-31T09:30"))

    [digest] = [m for m in smtp.received() if key_of(m).startswith("RTTCG/")]
    text = digest.get_body(("plain",)).get_content()
    html = digest.get_body(("html",)).get_content()
    assert "The RTTCG sits on Thursday 1 April 2027 at 09:00." in text
    assert "Taskings to present" in text and official in text and official in html
    assert (sensitive in text) is chair_cleared and (sensitive in html) is chair_cleared
    for content in ("Haulage operations", "Covert source XRAY", "patel"):
        assert content not in text and content not in html


def test_pending_reminders_of_an_item_no_longer_open_are_cancelled(app, smtp, post_office):
    post = post_office(app, smtp.port)
    item = action_due(app, SPRING)
    tick(post, at("2027-03-22T12:00"))
    from tracker.learning.commands import RecordLearningActionNotAdopted

    app.handle(RecordLearningActionNotAdopted(actor="j.owens", reference=item,
                                              rationale="overtaken by events"))  # fmt: skip
    report, _ = tick(post, at("2027-03-22T12:00"))
    assert [k for k in report.cancelled if k.startswith(item)] == [
        f"{item}/due-soon/2027-03-23T09:00Z/post:planning-lead"
    ]
    post.views.catch_up()
    gone = reminders_of(post.views.engine, sensitive_cleared=True, state=CANCELLED)
    assert [r.item_reference for r in gone] == [item]
    assert list(app.trail(gone[0].reference))[-1].details["reason"] == (
        f"{item} is no longer open or due"
    )


def test_an_owner_is_mailed_at_her_accounts_address_and_once_deactivated_the_item_is_unowned(
    app, smtp, post_office
):
    post = post_office(app, smtp.port)
    post.recipients = AccountDirectory(app, fallback=DIRECTORY)
    app.handle(RegisterUser(actor="admin", username="ana", display_name="Ana Jones",
                            email="ana.jones@rocu.example.org", roles=["staff"],
                            password="a long enough passphrase"))  # fmt: skip
    item = action_due(app, SPRING, owner="ana")

    tick(post, at("2027-03-23T09:30"))
    app.handle(DeactivateUser(actor="admin", username="ana", reason="left the unit"))
    report, _ = tick(post, at("2027-03-30T08:30"))

    mailed = [m for m in smtp.received() if key_of(m).startswith(item)]
    assert [str(m["To"]) for m in mailed] == ["ana.jones@rocu.example.org"]
    # No reminder to nobody: the item waits on the admins' list of unowned items instead.
    assert not [key for key in report.scheduled + report.due if key.startswith(item)]
    post.views.catch_up()
    unowned = unowned_items(post.views.engine, sensitive_cleared=True)
    assert [(i.reference, i.owner) for i in unowned] == [(item, "ana")]


def test_a_scan_racing_another_schedules_nothing_twice(app, smtp, post_office):
    post = post_office(app, smtp.port)
    items = [action_due(app, SPRING) for _ in range(3)]
    post.views.catch_up()
    # Another scan scheduled one of them a moment ago; this scan's view has not seen it yet.
    raced = app.handle(ScheduleReminder(
        actor="system:reminders", item_reference=items[1], kind="due soon",
        due_at=at("2027-03-23T09:00"), recipient="post:planning-lead", marking="OFFICIAL",
    )).reference  # fmt: skip

    now = at("2027-03-23T09:30")
    report = scan(app, post.views.engine, post.recipients, now, post.settings.policy)

    mine = [k for k in report.scheduled if k.startswith("LA-")]
    assert mine == [
        f"{i}/due-soon/2027-03-23T09:00Z/post:planning-lead" for i in items if i != items[1]
    ]
    assert raced not in report.scheduled  # the next scan, its view caught up, queues it
    for item in items:
        key = f"{item}/due-soon/2027-03-23T09:00Z/post:planning-lead"
        assert [e.what for e in app.trail(key)] == ["ReminderScheduled"]


def nine_london_on_or_after(moment: datetime) -> datetime:
    """The first 09:00 on London's clock at or after ``moment``, in UTC."""
    local = moment.astimezone(LONDON)
    nine = local.replace(hour=9, minute=0, second=0, microsecond=0)
    if nine < local:
        nine = (local + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    return nine.astimezone(UTC)


def last_moved(app, item: str) -> datetime:
    return list(app.trail(item))[-1].recorded_at


def test_an_item_with_nothing_recorded_for_the_set_time_goes_to_its_chair_once_a_stretch(
    app, smtp, post_office
):
    post = post_office(app, smtp.port, TRACKER_REMINDER_STALLED_DAYS="56")
    item = action_due(app, date.today() + timedelta(days=400))  # nobody is chased for a date
    moved = last_moved(app, item)
    for day in range(50, 120):  # each day at 08:30 and 09:30 UTC
        for hour in (8, 9):
            tick(post, moved.replace(hour=hour, minute=30) + timedelta(days=day))

    stretches = [nine_london_on_or_after(moved + timedelta(days=56 * n)) for n in (1, 2)]
    expected = [f"{item}/stalled/{m:%Y-%m-%dT%H:%M}Z/Gold chair" for m in stretches]
    assert [k for k in smtp.counts() if k.startswith(item)] == expected
    assert set(smtp.counts().values()) == {1}
    (first, *_) = [m for m in smtp.received() if key_of(m) == expected[0]]
    assert str(first["To"]) == "gold.chair@example.org"
    body = first.get_body(("plain",)).get_content()
    assert f"Nothing has been recorded on {item} for more than 56 days" in body
    assert "Write it into the plan" not in body  # the reference, never the content


def test_a_due_reminder_with_a_job_queued_is_not_queued_again_until_its_mark_runs_out(
    app, smtp, post_office
):
    post = post_office(app, smtp.port, TRACKER_REMINDER_REQUEUE_SECONDS="3")
    item = action_due(app, SPRING)
    key = f"{item}/due-soon/2027-03-23T09:00Z/post:planning-lead"
    queued: list[str] = []

    def ticks(count: int) -> None:
        for _ in range(count):  # a backlog: the job has not run yet, tick after tick
            assert key in scan_and_queue(post, at("2027-03-23T09:30"), queued.append).due

    ticks(3)
    assert queued.count(key) == 1
    time.sleep(3.5)  # the job was lost (a worker killed, say): its mark runs out
    ticks(2)
    assert queued.count(key) == 2


def test_a_job_that_gives_up_is_queued_again_by_the_next_scan(app, smtp, post_office):
    post = post_office(app, smtp.port)
    item = action_due(app, SPRING)
    key = f"{item}/due-soon/2027-03-23T09:00Z/post:planning-lead"
    queued: list[str] = []
    scan_and_queue(post, at("2027-03-23T09:30"), queued.append)
    post.claims.off_the_queue(key)  # what a job does when it stops trying for now
    scan_and_queue(post, at("2027-03-23T09:31"), queued.append)
    assert queued.count(key) == 2
