"""Steps the reminder tests share: a post office on a store, items to chase, a clock."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from tests.integration.test_learning_log import identify, open_debrief, raise_action
from tracker.reminders.account_recipients import AccountDirectory
from tracker.reminders.claims import Claims
from tracker.reminders.recipients import Directory
from tracker.reminders.scan import ScanReport
from tracker.service.application import Tracker
from tracker.views.catalogue import projections
from tracker.views.projector import Projector
from workers.delivery import TryAgain, deliver
from workers.jobs import scan_and_queue
from workers.mail import SmtpMailer
from workers.post import Post
from workers.settings import worker_settings

# Chairs and governance recipients, as the configured directory names them, with their
# addresses; owners are the test cast's people and posts (tests/cast.py), mailed at their
# accounts' addresses (the planning lead's post is held by lee, lee@rocu.example).
PEOPLE = {
    "Gold chair": "gold.chair@example.org",
    "Tasking chair": "tasking.chair@example.org",
    "RTTCG chair": "rttcg.chair@example.org",
    "Monitoring chair": "monitoring.chair@example.org",
    "Governance officer": "governance@example.org",
}
DIRECTORY = Directory(
    addresses=PEOPLE,
    chairs={
        "Gold recovery board": "Gold chair",
        "weekly tasking meeting": "Tasking chair",
        "RTTCG": "RTTCG chair",
        "HoI-ROCC monitoring meeting": "Monitoring chair",
    },
    cleared=frozenset({"RTTCG chair"}),
    governance_names=("Governance officer",),
)


def environment(store_url: str, smtp_port: int, **more: str) -> dict[str, str]:
    return {
        "TRACKER_DATABASE_URL": store_url,
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(smtp_port),
        "TRACKER_MAIL_FROM": "tracker@rocu.example.org",
        "TRACKER_BASE_URL": "https://tracker.rocu.example.org",
        # Items are recorded now, and the clock driven months ahead: without this every
        # item would also be "stalled". The stalled escalation's own tests turn it on.
        "TRACKER_REMINDER_STALLED_DAYS": "0",
        **more,
    }


def post_office(app: Tracker, smtp_port: int, **more: str) -> Post:
    """Everything sending needs, in this process, on ``app``'s store."""
    settings = worker_settings(environment(app.database_url, smtp_port, **more))
    settings = dataclasses.replace(settings, recipients=DIRECTORY)
    views = Projector(app, projections(), in_process=True)
    recipients = AccountDirectory(app, fallback=DIRECTORY)  # as a worker finds them
    return Post(app, views, Claims(views.engine), recipients, SmtpMailer(settings.smtp), settings)


def action_due(app: Tracker, due_on: date, owner: str = "planning-lead", **more: str) -> str:
    """A learning action owned by ``owner``, overseen by the Gold recovery board."""
    point = identify(app, open_debrief(app), "Use existing plans")
    return raise_action(app, point, due_on, owner=owner, **more)


def tick(post: Post, now: datetime) -> tuple[ScanReport, list[str]]:
    """One beat tick at ``now``, its due reminders sent at once here; returns what each said."""
    report = scan_and_queue(post, now, lambda key: None)
    said = []
    for key in report.due:
        try:
            said.append(deliver(post, key, "test"))
        except TryAgain as later:
            said.append(f"try again: {later}")
    return report, said


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def hours(start: datetime, end: datetime, every: timedelta) -> list[datetime]:
    moments, moment = [], start
    while moment <= end:
        moments.append(moment)
        moment += every
    return moments
