"""Mail on a laptop: each message written as a ``.eml`` file in a folder instead of sent.

``TRACKER_MAIL_FOLDER`` chooses it (``tracker up`` sets it when no SMTP server is
configured). A file appears whole or not at all: it is written under a temporary name in
the same folder and then renamed. It is named by the reminder's key (or the Message-ID),
so a message sent twice in the at-least-once window replaces its own file.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import uuid
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from workers.mail import Mailer, MailFailed, SmtpMailer
from workers.settings import WorkerSettings

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_name(message: EmailMessage) -> str:
    """``<key>.<hash>.eml``: readable, safe on any file system, distinct for distinct keys."""
    key = str(message["X-Tracker-Reminder"] or message["Message-ID"] or uuid.uuid4()).strip()
    readable = _UNSAFE.sub("_", key).strip("._")[:120] or "message"
    return f"{readable}.{hashlib.sha256(key.encode()).hexdigest()[:10]}.eml"


class OutboxMailer:
    """Writes each message into ``folder`` as an RFC 5322 file that any mail reader opens."""

    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write(file_name(message), message.as_bytes(policy=SMTP))
        except OSError as error:  # a full disk may clear; a bad folder gets the same retries
            raise MailFailed(f"cannot write to {self.folder}: {error}", permanent=False) from None

    def _write(self, name: str, data: bytes) -> None:
        handle, temporary = tempfile.mkstemp(prefix=".sending-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def mailer_for(settings: WorkerSettings) -> Mailer:
    """The folder when ``TRACKER_MAIL_FOLDER`` is set; the SMTP server otherwise."""
    if settings.mail_folder is not None:
        return OutboxMailer(settings.mail_folder)
    return SmtpMailer(settings.smtp)
