"""What the scan plans from: an open item as it needs it; and what it plans: a reminder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from tracker.reminders.identity import KEY_SEPARATOR, reminder_reference
from tracker.reminders.recipients import Recipients


@dataclass(frozen=True)
class OpenItem:
    """An item on the review queue, as the scan needs it."""

    reference: str
    owner: str
    forum: str
    due_on: date
    marking: str
    moved_at: datetime | None = None  # when something was last recorded on it


@dataclass(frozen=True)
class Planned:
    """A reminder that should exist: its identity, its item's marking, and why."""

    item_reference: str
    kind: str
    due_at: datetime
    recipient: str
    marking: str

    @cached_property  # checked and built once: a scan asks for each several times
    def reference(self) -> str:
        return reminder_reference(self.item_reference, self.kind, self.due_at, self.recipient)


def recipient_name(name: str) -> str:
    # A reminder's key is split on "/"; an owner typed as "A/B" is still one recipient.
    return name.strip().replace(KEY_SEPARATOR, "-") or "(nobody)"


def chair_name(recipients: Recipients, forum: str) -> str:
    """The chair's name; unknown, a name no address matches, so the failure shows."""
    return recipient_name(recipients.chair_of(forum) or f"chair of {forum}")
