"""Items' references: each item's id derives from its reference, so none is used twice."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from tracker.kernel.validation import text

# The longest reference of all, a reminder's key: item (40), kind (16), due moment (30)
# and the recipient's address (254, the longest SMTP allows; reminders.reminder).
LONGEST_REFERENCE = 40 + 16 + 30 + 254
ITEM_NAMESPACE = uuid5(NAMESPACE_URL, "urn:tracker:item")


def item_id(reference: str) -> UUID:
    """Every item's id derives from its reference, so a reference can only be used once."""
    return uuid5(ITEM_NAMESPACE, reference.strip().upper())


def checked_reference(value: Any, max_length: int = 40) -> str:
    return text("reference", value, max_length=max_length).upper()
