"""Faults with the real parts: ``tracker worker`` processes on a real Redis, sending to a real
SMTP server on loopback that counts what it receives.

Each test schedules reminders through the scan (its clock weeks ahead of the real one),
queues them on Redis as beat's job would, breaks something, and then waits until Redis
holds nothing and every reminder is recorded as sent: only then are the messages counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import redis as redis_client
from celery import Celery

from tests.cast import CastTracker
from tests.integration.workers.conftest import RedisServer, SmtpSink, Workers, wait_until
from tests.integration.workers.reminder_steps import DIRECTORY, action_due, at, environment
from tracker.learning.commands import ReassignLearningAction
from tracker.reminders.reminder import SENT, Reminder
from tracker.reminders.scan import ScanReport, scan
from tracker.service.application import Tracker
from workers.celery_app import SEND_JOB, make_celery
from workers.jobs import scan_and_queue
from workers.settings import worker_settings

DUE_ON = date(2027, 3, 30)
DUE_TIME = at("2027-03-30T08:30")  # 09:30 London: each action's "due" reminder is due
SETTLE = 90  # seconds: ample for retries and restores, never waited for when all is well


@dataclass
class System:
    """The store, the producer side of the queue, the workers and the SMTP server."""

    app: Tracker
    post: Any
    smtp: SmtpSink
    redis: RedisServer
    workers: Workers
    producer: Celery

    def tick(self, now: Any = DUE_TIME) -> ScanReport:
        """One beat tick at ``now``: the scan, and a send job queued on Redis per reminder due."""
        return scan_and_queue(self.post, now, self.queue)

    def scan_only(self, now: Any = DUE_TIME) -> tuple[str, ...]:
        """A scan that queues nothing; the reminders it finds due."""
        post = self.post
        post.views.refresh()
        return scan(post.app, post.views.engine, post.recipients, now, post.settings.policy).due

    def queue(self, key: str) -> None:
        self.producer.send_task(SEND_JOB, args=[key])

    def sent(self, key: str) -> bool:
        return self.app.load(Reminder, key).state == SENT

    def settled(self, keys: tuple[str, ...]) -> bool:
        """Every reminder recorded as sent, and nothing left on Redis to run."""
        client = redis_client.Redis.from_url(self.redis.url)
        try:
            waiting = client.llen("celery") + client.hlen("unacked")
        finally:
            client.close()
        return waiting == 0 and all(self.sent(key) for key in keys)

    def wait_settled(self, keys: tuple[str, ...]) -> None:
        try:
            wait_until(lambda: self.settled(keys), SETTLE, "every reminder sent and Redis empty")
        except BaseException:
            print(self.workers.log())  # the workers' side, for whoever reads the failure
            raise


@pytest.fixture
def system(tmp_path: Path, smtp, redis, workers, post_office) -> Iterator[System]:
    store = f"sqlite:///{tmp_path / 'tracker.sqlite'}"
    recipients = tmp_path / "recipients.json"
    recipients.write_text(json.dumps({
        "addresses": dict(DIRECTORY.addresses), "chairs": dict(DIRECTORY.chairs),
        "cleared": sorted(DIRECTORY.cleared), "governance": list(DIRECTORY.governance()),
    }))  # fmt: skip
    env = environment(
        store, smtp.port,
        TRACKER_BROKER_URL=redis.url,
        TRACKER_RECIPIENTS_FILE=str(recipients),
        TRACKER_REMINDER_LEASE_SECONDS="2",
        TRACKER_REMINDER_RETRY_MAX_SECONDS="2",
        TRACKER_REMINDER_MAX_RETRIES="30",
        TRACKER_BROKER_VISIBILITY_SECONDS="6",
        TRACKER_REMINDER_REQUEUE_SECONDS="5",  # a job lost is queued again by a scan after
    )  # fmt: skip
    producer = make_celery(worker_settings(env), env)
    with CastTracker(store, create_schema=True) as app:
        yield System(app, post_office(app, smtp.port), smtp, redis, workers(env), producer)
        producer.close()


def chase(system: System, items: int) -> tuple[str, ...]:
    """``items`` actions due on 30 March 2027; returns every reminder the tick makes due."""
    for _ in range(items):
        action_due(system.app, DUE_ON)
    report = system.tick()
    assert len([k for k in report.due if "/due/" in k]) == items
    return report.due


def test_a_worker_killed_mid_sending_is_replaced_and_each_reminder_arrives_once(system):
    system.smtp.held = True
    keys = chase(system, items=4)
    first = system.workers.worker("first")
    wait_until(lambda: system.smtp.waiting, 60, "the worker to be in the middle of sending")

    system.workers.kill(first)  # kill -9 while its SMTP transaction is open
    system.smtp.held = False
    system.workers.worker("second")

    system.wait_settled(keys)
    assert system.smtp.counts() == dict.fromkeys(keys, 1)


def test_redis_restarted_while_reminders_are_in_flight_loses_nothing(system):
    system.smtp.held = True
    keys = chase(system, items=4)
    system.workers.worker("only")
    wait_until(lambda: system.smtp.waiting, 60, "a reminder in flight")

    system.redis.stop()
    system.redis.start()
    system.smtp.held = False

    system.wait_settled(keys)
    assert system.smtp.counts() == dict.fromkeys(keys, 1)


def test_smtp_down_for_a_while_then_each_reminder_arrives_once(system):
    system.smtp.stop()
    keys = chase(system, items=3)
    system.workers.worker("only")
    wait_until(lambda: all(failed(system, k) for k in keys), 60,
               "an attempt at each reminder to fail while the SMTP server is down")  # fmt: skip
    assert system.smtp.counts() == {}

    system.smtp.start()

    system.wait_settled(keys)
    assert system.smtp.counts() == dict.fromkeys(keys, 1)
    error = next(e for e in system.app.trail(keys[0]) if e.what == "ReminderFailed").details
    assert error["permanent"] is False and "SMTP server unreachable" in error["error"]


def failed(system: System, key: str) -> bool:
    return any(e.what == "ReminderFailed" for e in system.app.trail(key))


def test_two_workers_and_a_duplicated_beat_tick_send_nothing_twice(system):
    system.smtp.held = True
    for _ in range(6):
        action_due(system.app, DUE_ON)
    keys = system.scan_only()
    for key in keys:  # two ticks at once: each job queued twice, side by side
        system.queue(key)
        system.queue(key)
    system.tick()  # and a later tick queues each again
    system.workers.worker("one")
    system.workers.worker("two")
    # Both workers hold the same reminder now: one mid-sending, the other refused its claim
    # (were there no claim, both would be mid-sending it).
    wait_until(lambda: system.smtp.waiting >= 2 or "retry: Retry in" in system.workers.log(),
               60, "the second worker to reach the reminder the first is sending")  # fmt: skip
    system.smtp.held = False

    system.wait_settled(keys)
    assert system.smtp.counts() == dict.fromkeys(keys, 1)


def test_a_reassignment_cancels_the_old_owners_pending_reminders(system):
    item = action_due(system.app, DUE_ON)
    eve = at("2027-03-29T12:00")  # the "due" reminder is scheduled, not yet due
    system.tick(eve)
    system.app.handle(ReassignLearningAction(actor="j.owens", reference=item,
                                             new_owner="resilience-lead", reason="new role"))  # fmt: skip
    report = system.tick(eve)
    assert set(report.cancelled) == {  # the one queued and the one still to come
        f"{item}/due-soon/2027-03-23T09:00Z/post:planning-lead",
        f"{item}/due/2027-03-30T08:00Z/post:planning-lead",
    }

    keys = system.tick().due
    system.workers.worker("only")

    system.wait_settled(keys)
    to = {str(m["To"]) for m in system.smtp.received() if item in str(m["X-Tracker-Reminder"])}
    assert to == {"jones@rocu.example"}
