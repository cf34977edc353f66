"""An audit trail search as typed: by day, user, forum, item and event type, checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.accounts.account_fields import ACCOUNT_SERIES, account_reference
from tracker.kernel.errors import InvalidInput
from tracker.kernel.validation import a_date, text
from tracker.oversight.labels import LABELS

# Each kind of event by its stored name, with what people call it, in the order of LABELS.
EVENT_TYPES: dict[str, str] = {kind.TOPIC: label for kind, label in LABELS.items()}  # type: ignore[attr-defined]


@dataclass(frozen=True)
class AuditSearch:
    """What to look for; an empty field does not narrow the search."""

    since: date | None = None  # Europe/London days, both ends included
    until: date | None = None
    actor: str = ""
    forum: str = ""
    reference: str = ""
    event: str = ""

    @classmethod
    def checked(
        cls, *, since: Any = None, until: Any = None, actor: Any = "", forum: Any = "",
        reference: Any = "", event: Any = "",
    ) -> AuditSearch:  # fmt: skip
        """The search as typed, checked; bad input raises ``InvalidInput`` naming the field."""
        first, last = a_date("from", since, required=False), a_date("to", until, required=False)
        if first and last and last < first:
            raise InvalidInput("to", f"{last.isoformat()} is before from {first.isoformat()}")
        event = text("event type", event, max_length=64, required=False)
        if event and event not in EVENT_TYPES:
            raise InvalidInput("event type", f"the trail records no event called {event!r}")
        return cls(
            since=first,
            until=last,
            actor=text("user", actor, max_length=100, required=False),
            forum=text("forum", forum, max_length=100, required=False),
            reference=_reference(text("item", reference, max_length=300, required=False)),
            event=event,
        )

    def filters(self) -> dict[str, Any]:
        """The search as the queries' keyword arguments."""
        return {
            "since": self.since, "until": self.until, "actor": self.actor, "forum": self.forum,
            "reference": self.reference, "event": self.event,
        }  # fmt: skip

    def described(self) -> list[tuple[str, str]]:
        """The filters in use, as a person reads them."""
        shown = [
            ("From", self.since.isoformat() if self.since else ""),
            ("To", self.until.isoformat() if self.until else ""),
            ("User", self.actor),
            ("Forum", self.forum),
            ("Item", self.reference),
            ("Event type", EVENT_TYPES.get(self.event, "")),
        ]
        return [(name, value) for name, value in shown if value]


def _reference(typed: str) -> str:
    """Item references are upper case; an account's ("USER/ana") keeps its username."""
    series, slash, name = typed.partition("/")
    if slash and series.upper() == ACCOUNT_SERIES:
        return account_reference(name)
    return typed.upper()
