"""What sending a reminder needs, built once per worker process."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.reminders.claims import Claims
from tracker.reminders.policy import ReminderPolicy
from tracker.reminders.recipients import Recipients
from tracker.service.application import Tracker
from tracker.views.projector import Projector
from workers.mail import Mailer
from workers.settings import WorkerSettings


@dataclass
class Post:
    """What sending needs, built once per worker process."""

    app: Tracker
    views: Projector
    claims: Claims
    recipients: Recipients
    mailer: Mailer
    settings: WorkerSettings

    @property
    def policy(self) -> ReminderPolicy:
        return self.settings.policy
