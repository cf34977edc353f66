"""The Celery application and its beat schedule, built from the workers' settings.

Redis in production (``TRACKER_BROKER_URL=redis://...``); unset, kombu's SQLAlchemy
transport on a SQLite file beside the store, which needs no server but can lose a message
whose worker dies mid-job (the next scan sends that reminder instead; see the README).
Late acknowledgement, JSON only, identifiers as arguments; the visibility timeout is
longer than any countdown a job sets, so a waiting retry is never handed out twice.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

from workers.settings import SettingRefused, WorkerSettings, worker_settings

SCAN_JOB = "workers.jobs.scan_reminders"
SEND_JOB = "workers.jobs.send_reminder"
CONFIG: dict[str, Any] = {
    "task_serializer": "json",
    "result_serializer": "json",
    "accept_content": ["json"],
    "task_ignore_result": True,
    "task_acks_late": True,
    "task_reject_on_worker_lost": True,
    "worker_prefetch_multiplier": 1,
    "broker_connection_retry_on_startup": True,
    "worker_hijack_root_logger": False,
    "timezone": "Europe/London",
    "enable_utc": True,
}


def _visibility(settings: WorkerSettings, environ: Any) -> int:
    raw = environ.get("TRACKER_BROKER_VISIBILITY_SECONDS", "").strip() or "3600"
    if not raw.isdigit():
        raise SettingRefused(f"TRACKER_BROKER_VISIBILITY_SECONDS: {raw!r} is not whole seconds")
    longest_countdown = max(settings.lease, settings.retry_max).total_seconds()
    if int(raw) <= longest_countdown:
        raise SettingRefused(
            f"TRACKER_BROKER_VISIBILITY_SECONDS ({raw}) must be longer than the longest "
            f"countdown a job sets ({longest_countdown:.0f} s), or a waiting job runs twice"
        )
    return int(raw)


def _transport(visibility: int) -> dict[str, Any]:
    """A server broker's options: its visibility timeout, and a quick restore after it."""
    return {
        "visibility_timeout": visibility,
        # Restore a dead worker's unacknowledged messages soon after they time out,
        # not up to 100 s later (kombu's default sweep: 10 s x 10).
        "unacked_restore_interval": max(1, min(10, visibility // 10)),
        "unacked_restore_throttle": 1,
    }


def make_celery(settings: WorkerSettings, environ: Any = os.environ) -> Celery:
    """A Celery app on the configured broker, with the reminders' beat schedule."""
    app = Celery("tracker", broker=settings.broker_url, include=["workers.jobs"])
    transport = {} if settings.embedded else _transport(_visibility(settings, environ))
    app.conf.update(
        CONFIG,
        broker_transport_options=transport,
        beat_schedule={"scan reminders": {"task": SCAN_JOB, "schedule": settings.scan_every}},
    )
    return app


celery = make_celery(worker_settings())
