"""The workers' settings, read once per process from the environment.

Nothing set gives a working embedded set-up: the broker is a SQLite file beside the store
(kombu's SQLAlchemy transport), mail goes to an SMTP server on localhost port 25, and
nobody has an address until a recipients file says so.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from tracker.ops.broker import broker_of, store_folder
from tracker.ops.production import positive_number
from tracker.reminders.policy import ReminderPolicy
from tracker.reminders.recipients import Directory

SECURITY = ("none", "starttls", "tls")


class SettingRefused(ValueError):
    """A setting that cannot be used, named with what is wrong."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how mail is sent; credentials only from the environment."""

    host: str = "localhost"
    port: int = 25
    security: str = "none"  # none, starttls (then port 587 usually) or tls (465)
    username: str = ""
    password: str = ""
    sender: str = "tracker@localhost"
    timeout: float = 30.0
    ca_file: str = ""  # certificates to trust besides the system's, e.g. a force's own CA


@dataclass(frozen=True)
class WorkerSettings:
    """Everything a worker or the beat needs besides the store's own setting."""

    broker_url: str
    embedded: bool  # the SQLite broker: no server, weaker delivery (see README)
    data_folder: Path
    smtp: SmtpSettings
    base_url: str  # links in mail point here
    recipients: Directory
    policy: ReminderPolicy
    scan_every: float  # seconds between beat ticks
    lease: timedelta  # how long a sender holds a reminder before another may take it
    retry_max: timedelta  # the longest wait between tries of a transient failure
    max_retries: int  # tries of one job; then the next scan's job tries again
    requeue_after: timedelta  # a due reminder's job, if lost, is queued again after this
    mail_folder: Path | None = None  # TRACKER_MAIL_FOLDER: each message a .eml file, no SMTP


def _number(environ: Mapping[str, str], name: str, default: float) -> float:
    return positive_number(environ, name, default, SettingRefused)


def smtp_settings(environ: Mapping[str, str]) -> SmtpSettings:
    security = _security(environ)
    default_port = {"none": 25, "starttls": 587, "tls": 465}[security]
    username = environ.get("TRACKER_SMTP_USERNAME", "").strip()
    password = environ.get("TRACKER_SMTP_PASSWORD", "")
    if username and not password:
        raise SettingRefused("TRACKER_SMTP_USERNAME is set but TRACKER_SMTP_PASSWORD is not")
    return SmtpSettings(
        host=environ.get("TRACKER_SMTP_HOST", "").strip() or "localhost",
        port=int(_number(environ, "TRACKER_SMTP_PORT", default_port)),
        security=security,
        username=username,
        password=password,
        sender=environ.get("TRACKER_MAIL_FROM", "").strip() or "tracker@localhost",
        timeout=_number(environ, "TRACKER_SMTP_TIMEOUT", 30.0),
        ca_file=_readable_file(environ, "TRACKER_SMTP_CA_FILE"),
    )


def _security(environ: Mapping[str, str]) -> str:
    security = environ.get("TRACKER_SMTP_SECURITY", "none").strip().lower() or "none"
    if security not in SECURITY:
        raise SettingRefused(f"TRACKER_SMTP_SECURITY: {security!r} is not one of {SECURITY}")
    return security


def _readable_file(environ: Mapping[str, str], name: str) -> str:
    path = environ.get(name, "").strip()
    if path and not Path(path).is_file():
        raise SettingRefused(f"{name}: {path} is not a file that can be read")
    return path


def recipients(environ: Mapping[str, str]) -> Directory:
    """The recipients file named by ``TRACKER_RECIPIENTS_FILE``, or nobody."""
    path = environ.get("TRACKER_RECIPIENTS_FILE", "").strip()
    if not path:
        return Directory()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise SettingRefused(f"TRACKER_RECIPIENTS_FILE: cannot read {path}: {error}") from None
    try:
        return Directory.from_json(text, source=path)
    except ValueError as error:
        raise SettingRefused(str(error)) from None


def worker_settings(environ: Mapping[str, str] = os.environ) -> WorkerSettings:
    """The settings from ``environ``; a bad one is refused with its name."""
    folder = store_folder(environ)
    broker = broker_of(environ)  # resolved in tracker: the readiness check pings the same one
    policy = _policy(environ)
    return WorkerSettings(
        broker_url=broker.url, embedded=broker.embedded, data_folder=folder,
        smtp=smtp_settings(environ), base_url=_base_url(environ), recipients=recipients(environ),
        policy=policy, scan_every=_number(environ, "TRACKER_SCAN_SECONDS", 60.0),
        lease=_seconds(environ, "TRACKER_REMINDER_LEASE_SECONDS", 120.0),
        retry_max=_seconds(environ, "TRACKER_REMINDER_RETRY_MAX_SECONDS", 600.0),
        max_retries=int(_number(environ, "TRACKER_REMINDER_MAX_RETRIES", 8)),
        requeue_after=_seconds(environ, "TRACKER_REMINDER_REQUEUE_SECONDS", 600.0),
        mail_folder=_folder(environ, "TRACKER_MAIL_FOLDER"),
    )  # fmt: skip


def _policy(environ: Mapping[str, str]) -> ReminderPolicy:
    try:
        return ReminderPolicy.from_environment(environ)
    except ValueError as error:
        raise SettingRefused(str(error)) from None


def _base_url(environ: Mapping[str, str]) -> str:
    return (environ.get("TRACKER_BASE_URL", "").strip() or "http://localhost:5000").rstrip("/")


def _seconds(environ: Mapping[str, str], name: str, default: float) -> timedelta:
    return timedelta(seconds=_number(environ, name, default))


def _folder(environ: Mapping[str, str], name: str) -> Path | None:
    raw = environ.get(name, "").strip()
    return Path(raw).expanduser() if raw else None
