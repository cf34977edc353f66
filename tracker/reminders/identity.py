"""A reminder's identity: (item reference, kind, due moment, recipient), and its key.

The key is built from those four, and the reminder's id derives from the key, so the store
refuses a second reminder with the same identity.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.kernel.errors import InvalidInput
from tracker.kernel.validation import a_moment, choice, text
from tracker.reminders.kinds import KINDS

RECIPIENT_LENGTH = 254  # the longest e-mail address SMTP allows
KEY_SEPARATOR = "/"


def _no_separator(field: str, value: str) -> str:
    # The key is split on "/"; a part containing one could make two identities one key.
    if KEY_SEPARATOR in value:
        raise InvalidInput(field, f"must not contain {KEY_SEPARATOR!r}")
    return value


def checked_identity(
    item_reference: Any, kind: Any, due_at: Any, recipient: Any
) -> tuple[str, str, datetime, str]:
    """The four parts that identify a reminder, checked; ``due_at`` in UTC."""
    item = text("item_reference", item_reference, max_length=40).upper()
    due = a_moment("due_at", due_at)
    return (
        _no_separator("item_reference", item),
        choice("kind", kind, KINDS),
        due,
        _no_separator("recipient", text("recipient", recipient, max_length=RECIPIENT_LENGTH)),
    )


def identity_key(item: str, kind: str, due: datetime, recipient: str) -> str:
    """The key of an identity already checked (see ``checked_identity``)."""
    if due.second or due.microsecond:
        moment = f"{due:%Y-%m-%dT%H:%M:%S.%f}Z"
    else:
        moment = f"{due:%Y-%m-%dT%H:%M}Z"
    return KEY_SEPARATOR.join((item, kind.replace(" ", "-"), moment, recipient))


def reminder_reference(item_reference: Any, kind: Any, due_at: Any, recipient: Any) -> str:
    """The reminder's key, e.g. "TSK-1/overdue/2026-12-01T09:00Z/ana" (due moment in UTC).

    Its id is ``item_id`` of the key, which ignores case: "Ana" and "ana" are one recipient.
    """
    return identity_key(*checked_identity(item_reference, kind, due_at, recipient))
