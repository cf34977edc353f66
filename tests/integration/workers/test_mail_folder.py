"""With ``TRACKER_MAIL_FOLDER`` set (as ``tracker up`` sets it on a laptop), a real worker and
beat deliver a due reminder as a ``.eml`` file in that folder, and connect to no SMTP server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from tests.cast import CastTracker
from tests.integration.workers.conftest import free_port, wait_until
from tests.integration.workers.reminder_steps import DIRECTORY, action_due, environment
from tracker.kernel.clock import london_day, london_moment
from tracker.reminders.identity import reminder_reference
from tracker.reminders.policy import ReminderPolicy


def test_a_worker_with_a_mail_folder_writes_the_due_reminder_there(tmp_path, workers):
    store = f"sqlite:///{tmp_path / 'tracker.sqlite'}"
    recipients = tmp_path / "recipients.json"
    recipients.write_text(json.dumps({"addresses": dict(DIRECTORY.addresses)}))
    outbox = tmp_path / "outbox"
    today = london_day(datetime.now(UTC))
    with CastTracker(store, create_schema=True) as app:
        item = action_due(app, today - timedelta(days=10))
    overdue_since = london_moment(today - timedelta(days=9), ReminderPolicy().send_at)
    key = reminder_reference(item, "overdue", overdue_since, "post:planning-lead")
    nobody_listens = free_port()  # were SMTP used, every send would fail and retry
    env = environment(store, nobody_listens, TRACKER_RECIPIENTS_FILE=str(recipients),
                      TRACKER_SCAN_SECONDS="1", TRACKER_MAIL_FOLDER=str(outbox))  # fmt: skip
    system = workers(env)
    system.env.pop("TRACKER_BROKER_URL", None)
    system.start("beat", "beat")
    system.start("worker", "worker", "--pool=solo")

    def written() -> dict[str, object]:
        files = outbox.glob("*.eml") if outbox.exists() else []
        return {
            str(m["X-Tracker-Reminder"]).strip(): m
            for m in (message_from_bytes(f.read_bytes(), policy=policy.default) for f in files)
        }

    try:
        mail = wait_until(lambda: written().get(key), 60, f"{key} in {outbox}")
    finally:
        print(system.log())
    assert mail["To"] == "lee@rocu.example"
    assert item in mail["Subject"]
    assert "SMTP" not in system.log()
