"""Sending one reminder: claim it, check it is still to go, send, record; safe to run twice.

Claim first, then read the reminder: a worker that finds it claimed leaves it, and one
that claims it after another has sent it reads it as sent. Send first, then record: a
worker dying between the server accepting the message and ``ReminderSent`` being stored
is the one window in which a reminder can go out twice (README, "Reminders").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tracker.application import Tracker
from tracker.kernel.clock import LONDON, london_day
from tracker.oversight.agenda import meeting_agenda
from tracker.oversight.reviews import review_due_on
from tracker.reminders.claims import Claims
from tracker.reminders.commands import MarkReminderSent, RecordReminderFailure
from tracker.reminders.policy import ReminderPolicy
from tracker.reminders.recipients import Recipients
from tracker.reminders.reminder import CHAIN_DIGEST, ITEM_KINDS, MEETING_DIGEST, SCHEDULED, Reminder
from tracker.reminders.scan import ACTOR
from tracker.views.projector import Projector
from workers.mail import Mailer, MailFailed
from workers.messages import Line, agenda_line, compose, day_in_words, item_lines, message_id
from workers.settings import WorkerSettings

log = logging.getLogger(__name__)
SENT, HELD = "sent", "held by another sender"


class TryAgain(Exception):
    """The reminder could not go now (a transient failure, or another sender holds it)."""

    def __init__(self, reason: str, after: timedelta | None = None):
        super().__init__(reason)
        self.after = after


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


def deliver(post: Post, key: str, holder: str) -> str:
    """Sends the reminder ``key`` unless it is sent, cancelled, failed or being sent; says which.

    The scan queues only reminders due by the moment it was asked about, so the time is
    not checked again here (tests drive the scan's clock weeks ahead of the real one).
    Raises ``TryAgain`` when trying later may succeed.
    """
    now = datetime.now(UTC)
    if not post.claims.take(key, holder, now, post.settings.lease):
        raise TryAgain(HELD, after=post.settings.lease)
    finished = False
    try:
        reminder = post.app.load(Reminder, key)
        if reminder.state != SCHEDULED:  # a duplicate job, or cancelled since it was queued
            finished = True
            return reminder.state
        outcome = _send(post, reminder, now)
        finished = True
        return outcome
    finally:
        # Sent, cancelled or failed for good, the reminder's state turns later senders away
        # and the claim may simply run out (one write less); otherwise let the next try in.
        if not finished:
            post.claims.release(key, holder)


def _send(post: Post, reminder: Reminder, now: datetime) -> str:
    address = post.recipients.address_of(reminder.recipient)
    if not address:
        return _failed(post, reminder, f"no e-mail address is known for {reminder.recipient}")
    message = compose(
        key=reminder.reference, kind=reminder.kind, item=reminder.item_reference,
        recipient=reminder.recipient, address=address, sender=post.settings.smtp.sender,
        base_url=post.settings.base_url, lines=_lines(post, reminder), now=now,
    )  # fmt: skip
    try:
        post.mailer.send(message)
    except MailFailed as error:
        if error.permanent:
            return _failed(post, reminder, str(error))
        post.app.handle(RecordReminderFailure(actor=ACTOR, reference=reminder.reference,
                                              error=str(error), permanent=False))  # fmt: skip
        raise TryAgain(str(error)) from None
    post.app.handle(MarkReminderSent(actor=ACTOR, reference=reminder.reference, sent_at=now,
                                     message_id=message_id(reminder.reference,
                                                           post.settings.smtp.sender)))  # fmt: skip
    log.info("sent %s to %s", reminder.reference, address)
    return SENT


def _failed(post: Post, reminder: Reminder, error: str) -> str:
    log.warning("reminder %s failed for good: %s", reminder.reference, error)
    post.app.handle(RecordReminderFailure(actor=ACTOR, reference=reminder.reference,
                                          error=error, permanent=True))  # fmt: skip
    return "failed"


def _lines(post: Post, reminder: Reminder) -> list[Line]:
    if reminder.kind in ITEM_KINDS:
        # The due date as the views have it: a moment behind the log at most, which a due
        # date shown in a reminder can be (catching every view up per message cannot).
        due_on = review_due_on(post.views.engine, reminder.item_reference)
        late = post.policy.thresholds.escalate_after_days
        stalled = post.policy.stalled_after.days if post.policy.stalled_after else 0
        return item_lines(reminder.kind, reminder.item_reference, due_on, late, stalled)
    if reminder.kind == MEETING_DIGEST:
        post.views.refresh()  # the agenda as the log stands, read once a meeting
        return _agenda_lines(post, reminder)
    if reminder.kind == CHAIN_DIGEST:
        line = post.app.digest().line()
        return [
            Line("The head of the tracker's hash-chained record, to keep outside the system:"),
            Line(line),
            Line(f"To check the record still extends it: tracker verify --digest '{line}'"),
        ]
    raise ValueError(f"no message for a reminder of kind {reminder.kind!r}")


def _agenda_lines(post: Post, reminder: Reminder) -> list[Line]:
    """The meeting's agenda by section, within the chair's clearance: references and dates."""
    meeting = post.policy.meeting_of(reminder.item_reference)
    sits = next(meeting.moments(reminder.due_at, reminder.due_at + timedelta(days=62)))
    agenda = meeting_agenda(
        post.views.engine, meeting.forum, london_day(sits),
        sensitive_cleared=post.recipients.sensitive_cleared(reminder.recipient),
    )  # fmt: skip
    sections = {
        "New requests to decide": agenda.requests_to_decide,
        "Emergency decisions awaiting ratification": agenda.ratifications,
        "Taskings to present": agenda.taskings_to_present,
        "Taskings to decide": agenda.taskings_to_decide,
        "Requests referred by the RIG": agenda.referred_requests,
        "Progress due": agenda.progress_reports_due,
        "Decisions due for review": agenda.decisions_to_review,
    }
    local = sits.astimezone(LONDON)
    lines = [Line(f"The {meeting.forum} sits on {day_in_words(local.date())} at {local:%H:%M}.")]
    for title, items in sections.items():
        lines += agenda_line(title, [(item.reference, item.due_on) for item in items])
    if len(lines) == 1:
        lines.append(Line("Nothing is listed for it yet."))
    return lines
