"""Helpers shared by events' upcasts: how a field added later is filled in for old events."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

# The day a decision was recorded, as its users count days. (The domain's clock lives above
# this package; the record keeps the same zone.)
_LONDON = ZoneInfo("Europe/London")


def decided_when_recorded(state: dict[str, Any]) -> None:
    """A decision step recorded before decisions named their meeting: it cites no decision
    record, and its day is the (London) day it was recorded, as the views took it then."""
    timestamp: datetime = state["timestamp"]
    state.setdefault("decision_reference", "")
    state["decided_on"] = timestamp.astimezone(_LONDON).date()


def an_issue(state: dict[str, Any]) -> None:
    """A learning point (or the acceptance that made it) recorded before one could be notable
    practice: it was an issue, a lesson identified."""
    state["nature"] = "issue"
