"""With no broker configured, ``tracker worker`` and ``tracker beat`` run on the embedded broker
(a SQLite file beside the store) and deliver a due reminder to a local SMTP server, once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tests.cast import CastTracker
from tests.integration.workers.conftest import wait_until
from tests.integration.workers.reminder_steps import DIRECTORY, action_due, environment
from tracker.kernel.clock import london_day, london_moment
from tracker.kernel.errors import ItemNotFound
from tracker.reminders.identity import reminder_reference
from tracker.reminders.policy import ReminderPolicy
from tracker.reminders.reminder import SENT, Reminder
from tracker.service.application import Tracker


def test_worker_and_beat_on_the_embedded_broker_deliver_a_due_reminder_once(
    tmp_path, smtp, workers
):
    store = f"sqlite:///{tmp_path / 'tracker.sqlite'}"
    recipients = tmp_path / "recipients.json"
    recipients.write_text(json.dumps({"addresses": dict(DIRECTORY.addresses)}))
    today = london_day(datetime.now(UTC))
    with CastTracker(store, create_schema=True) as app:
        item = action_due(app, today - timedelta(days=10))
    overdue_since = london_moment(today - timedelta(days=9), ReminderPolicy().send_at)
    key = reminder_reference(item, "overdue", overdue_since, "post:planning-lead")
    env = environment(store, smtp.port, TRACKER_RECIPIENTS_FILE=str(recipients),
                      TRACKER_SCAN_SECONDS="1")  # fmt: skip
    system = workers(env)
    system.env.pop("TRACKER_BROKER_URL", None)  # nothing configured: the embedded broker

    system.start("beat", "beat")
    system.start("worker", "worker")  # as it starts by default: a sending process per CPU

    with CastTracker(store) as app:
        try:
            wait_until(lambda: state_of(app, key) == SENT, 60, f"{key} to be sent")
            scans = system.log().count("scan at ")
            wait_until(lambda: system.log().count("scan at ") >= scans + 2, 30,
                       "two more scans after the reminder went")  # fmt: skip
        finally:
            print(system.log())
    assert smtp.counts()[key] == 1
    assert (tmp_path / "broker.sqlite").exists()
    assert "embedded broker" in system.log()


def state_of(app: Tracker, key: str) -> str | None:
    try:
        return app.load(Reminder, key).state
    except ItemNotFound:
        return None  # not scheduled yet
