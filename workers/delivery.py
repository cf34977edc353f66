"""Sending one reminder: claim it, check it is still to go, send, record; safe to run twice.

Claim first, then read the reminder: a worker that finds it claimed leaves it, and one
that claims it after another has sent it reads it as sent. Send first, then record: a
worker dying between the server accepting the message and ``ReminderSent`` being stored
is the one window in which a reminder can go out twice (README, "Reminders").
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from tracker.reminders.commands import ACTOR, MarkReminderSent, RecordReminderFailure
from tracker.reminders.reminder import SCHEDULED, Reminder
from workers.mail import MailFailed
from workers.messages import compose, message_id
from workers.post import Post
from workers.reminder_contents import reminder_lines

log = logging.getLogger(__name__)
SENT, HELD = "sent", "held by another sender"


class TryAgain(Exception):
    """The reminder could not go now (a transient failure, or another sender holds it)."""

    def __init__(self, reason: str, after: timedelta | None = None):
        super().__init__(reason)
        self.after = after


def deliver(post: Post, key: str, holder: str) -> str:
    """Sends the reminder ``key`` unless it is sent, cancelled, failed or being sent; says which.

    The scan queues only reminders due by the moment it was asked about, so the time is
    not checked again here (tests drive the scan's clock weeks ahead of the real one).
    Raises ``TryAgain`` when trying later may succeed.
    """
    now = datetime.now(UTC)
    if not post.claims.take(key, holder, now, post.settings.lease):
        raise TryAgain(HELD, after=post.settings.lease)
    try:
        return _send_if_scheduled(post, key, now)
    except BaseException:
        # Sent, cancelled or failed for good, the reminder's state turns later senders away
        # and the claim may simply run out (one write less); otherwise let the next try in.
        post.claims.release(key, holder)
        raise


def _send_if_scheduled(post: Post, key: str, now: datetime) -> str:
    reminder = post.app.load(Reminder, key)
    if reminder.state != SCHEDULED:  # a duplicate job, or cancelled since it was queued
        return reminder.state
    return _send(post, reminder, now)


def _send(post: Post, reminder: Reminder, now: datetime) -> str:
    address = post.recipients.address_of(reminder.recipient)
    if not address:
        return _failed(post, reminder, f"no e-mail address is known for {reminder.recipient}")
    try:
        post.mailer.send(_message(post, reminder, address, now))
    except MailFailed as error:
        if error.permanent:
            return _failed(post, reminder, str(error))
        post.app.handle(RecordReminderFailure(actor=ACTOR, reference=reminder.reference,
                                              error=str(error), permanent=False))  # fmt: skip
        raise TryAgain(str(error)) from None
    _record_sent(post, reminder, now, post.recipients.person_of(reminder.recipient) or "")
    log.info("sent %s to %s", reminder.reference, address)
    return SENT


def _message(post: Post, reminder: Reminder, address: str, now: datetime) -> EmailMessage:
    return compose(
        key=reminder.reference, kind=reminder.kind, item=reminder.item_reference,
        recipient=reminder.recipient, address=address, sender=post.settings.smtp.sender,
        base_url=post.settings.base_url, lines=reminder_lines(post, reminder), now=now,
    )  # fmt: skip


def _record_sent(post: Post, reminder: Reminder, now: datetime, sent_to: str) -> None:
    """Sent, to ``sent_to``: for a post, whoever held it as it went."""
    sent_as = message_id(reminder.reference, post.settings.smtp.sender)
    post.app.handle(MarkReminderSent(actor=ACTOR, reference=reminder.reference, sent_at=now,
                                     message_id=sent_as, sent_to=sent_to))  # fmt: skip


def _failed(post: Post, reminder: Reminder, error: str) -> str:
    log.warning("reminder %s failed for good: %s", reminder.reference, error)
    post.app.handle(RecordReminderFailure(actor=ACTOR, reference=reminder.reference,
                                          error=error, permanent=True))  # fmt: skip
    return "failed"
