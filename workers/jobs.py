"""Celery jobs: thin shells that parse arguments, call the plain functions, and own retries.

``scan_reminders`` runs on each beat tick and queues one ``send_reminder`` per reminder
due that has no job queued; both are safe to run twice (the scan is idempotent, the send
claims the reminder). A reminder whose job is lost (a message dropped by the embedded
broker, say) is still scheduled, so a scan queues it again once the job's mark runs out.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import UTC, datetime, timedelta
from functools import cache
from threading import Lock
from typing import Any

from celery import Task, shared_task

from tracker.reminders.account_recipients import AccountDirectory
from tracker.reminders.claims import Claims
from tracker.reminders.scan import ScanReport, scan
from tracker.service.application import Tracker
from tracker.views.catalogue import projections
from tracker.views.projector import Projector
from workers.delivery import TryAgain, deliver
from workers.outbox import mailer_for
from workers.post import Post
from workers.settings import WorkerSettings, worker_settings

log = logging.getLogger(__name__)


@cache
def _post(pid: int) -> Post:
    del pid  # one per process: a forked worker child builds its own
    settings = worker_settings()
    app = Tracker()
    views = Projector(app, projections())
    recipients = AccountDirectory(app, fallback=settings.recipients)
    return Post(app, views, Claims(views.engine), recipients, mailer_for(settings), settings)


_building = Lock()


def post() -> Post:
    """This process's tracker, views, claims, recipients and mailer (its threads share them)."""
    with _building:  # the sending threads' first jobs arrive together
        return _post(os.getpid())


def scan_and_queue(post: Post, now: datetime, send: Any) -> ScanReport:
    """One scan at ``now``; ``send(key)`` queues the sending of each reminder due that has
    no job queued already (see tracker.reminders.claims)."""
    post.views.refresh()
    report = scan(post.app, post.views.engine, post.recipients, now, post.settings.policy)
    real_now = datetime.now(UTC)  # queue marks are leases in real time, as claims are
    to_queue = post.claims.not_queued(report.due, real_now)
    for key in to_queue:
        send(key)
    post.claims.queued(to_queue, real_now + post.settings.requeue_after)
    log.info("scan at %s: %d scheduled, %d cancelled, %d due, %d queued", now.isoformat(),
             len(report.scheduled), len(report.cancelled), len(report.due),
             len(to_queue))  # fmt: skip
    from tracker.ops.heartbeats import BEAT, record_tick  # readiness reads the beat's tick

    record_tick(post.views.engine, BEAT, f"{socket.gethostname()}:{os.getpid()}")
    return report


def _scan_reminders() -> int:
    """Schedule, cancel and queue reminders as the queue and calendar stand now."""
    return len(scan_and_queue(post(), datetime.now(UTC), send_reminder.delay).due)


scan_reminders = shared_task(name="workers.jobs.scan_reminders")(_scan_reminders)


def _backoff(settings: WorkerSettings, retries: int) -> float:
    return float(min(2**retries, settings.retry_max.total_seconds()))


def _send_reminder(self: Task, key: str) -> str:
    """Send the reminder ``key`` once; a transient failure is tried again with backoff."""
    context = post()
    holder = f"{socket.gethostname()}:{os.getpid()}:{self.request.id}"
    try:
        return deliver(context, key, holder)
    except TryAgain as later:
        return _later(self, context, key, later)


def _later(job: Task, context: Post, key: str, later: TryAgain) -> str:
    """Retries the job with backoff; after its last try, leaves the reminder to the next scan."""
    settings = context.settings
    wait = later.after.total_seconds() if later.after else _backoff(settings, job.request.retries)
    if job.request.retries >= settings.max_retries:
        log.warning("giving up on %s for now (%s); the next scan queues it again", key, later)
        context.claims.off_the_queue(key)
        return str(later)
    waiting_until = datetime.now(UTC) + timedelta(seconds=wait) + settings.requeue_after
    context.claims.queued([key], waiting_until)
    raise job.retry(countdown=wait, max_retries=settings.max_retries) from None


send_reminder = shared_task(bind=True, name="workers.jobs.send_reminder")(_send_reminder)
