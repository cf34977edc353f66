"""A reminder: one message chasing one recipient about one item, sent at most once.

A reminder is identified by (item reference, kind, due moment, recipient). Its reference
is a key built from those four, and its id derives from that key (see ``identity``), so
the store refuses a second reminder with the same identity: a duplicate beat tick, a
redelivered message or two racing workers cannot make two, and a sent reminder cannot be
sent again.
"""

from __future__ import annotations

from datetime import datetime
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from events.reminder import ReminderCancelled, ReminderFailed, ReminderScheduled, ReminderSent
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.markings import checked_marking
from tracker.kernel.references import item_id
from tracker.kernel.validation import a_moment, flag, long_text, text
from tracker.reminders.identity import checked_identity, identity_key

SCHEDULED, SENT, CANCELLED, FAILED = "scheduled", "sent", "cancelled", "failed"
MARK_SENT, CANCEL = "mark sent", "cancel"
RECORD_TRANSIENT_FAILURE = "record transient failure"
RECORD_PERMANENT_FAILURE = "record permanent failure"

LIFECYCLE = {
    SCHEDULED: {
        MARK_SENT: SENT,
        CANCEL: CANCELLED,
        RECORD_TRANSIENT_FAILURE: SCHEDULED,
        RECORD_PERMANENT_FAILURE: FAILED,
    },
    SENT: {},
    CANCELLED: {},
    FAILED: {},
}


class Reminder(TrackerAggregate):
    """A reminder, from scheduled to sent, cancelled or failed; it holds no item content."""

    STORED_AS = "Reminder"
    KIND = "reminder"
    LIFECYCLE = LIFECYCLE
    AMENDABLE = ()  # a reminder is never corrected: cancel it and schedule another

    if TYPE_CHECKING:  # set from ReminderScheduled; see TrackerAggregate
        item_reference: str
        kind: str
        due_at: datetime
        recipient: str

    @classmethod
    def schedule(
        cls, *, item_reference: Any, kind: Any, due_at: Any, recipient: Any, marking: Any
    ) -> Reminder:
        """Schedule a reminder; its id is fixed by its identity."""
        item, kind, due, recipient = checked_identity(item_reference, kind, due_at, recipient)
        reference = identity_key(item, kind, due, recipient)
        return cls._create(
            ReminderScheduled,
            id=item_id(reference),
            reference=reference,
            marking=checked_marking(marking),
            item_reference=item,
            kind=kind,
            due_at=due,
            recipient=recipient,
        )

    def mark_sent(self, sent_at: Any, message_id: Any, sent_to: Any = "") -> None:
        """Record that the message went out, and to whom; a second sending is refused."""
        self._check_step(MARK_SENT)
        self.trigger_event(
            ReminderSent,
            sent_at=a_moment("sent_at", sent_at),
            message_id=text("message_id", message_id, max_length=998),
            sent_to=text("sent_to", sent_to, max_length=100, required=False),
        )

    def cancel(self, reason: Any) -> None:
        self._check_step(CANCEL)
        self.trigger_event(ReminderCancelled, reason=long_text("reason", reason))

    def record_failure(self, error: Any, permanent: Any) -> None:
        """A permanent failure ends the reminder; a transient one leaves it to be retried."""
        permanent = flag("permanent", permanent)
        self._check_step(RECORD_PERMANENT_FAILURE if permanent else RECORD_TRANSIENT_FAILURE)
        self.trigger_event(ReminderFailed, error=long_text("error", error), permanent=permanent)

    def record_review(self, note: Any, next_review: Any) -> None:
        """Reminders are not reviewed: the item they chase is."""
        raise self._refuse(f"a reminder is not reviewed; review {self.item_reference} instead")

    # -- evolving state -------------------------------------------------------------------

    @singledispatchmethod
    def apply(self, event: object) -> None:
        super().apply(event)

    @apply.register
    def _(self, event: ReminderScheduled) -> None:
        for name in ("reference", "marking", "item_reference", "kind", "due_at", "recipient"):
            setattr(self, name, getattr(event, name))
        self.state = SCHEDULED
        self.attempts = 0
        self.errors: tuple[str, ...] = ()
        self.sent_at: datetime | None = None
        self.message_id = self.sent_to = ""
        self.reason = ""

    @apply.register
    def _(self, event: ReminderSent) -> None:
        self.state, self.sent_at, self.message_id = SENT, event.sent_at, event.message_id
        self.sent_to = event.sent_to
        self.attempts += 1

    @apply.register
    def _(self, event: ReminderCancelled) -> None:
        self.state, self.reason = CANCELLED, event.reason

    @apply.register
    def _(self, event: ReminderFailed) -> None:
        self.state = FAILED if event.permanent else SCHEDULED
        self.attempts += 1
        self.errors = (*self.errors, event.error)
