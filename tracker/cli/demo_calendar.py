"""When the demo's forums sat: the demo is dated from today, and its meetings fall on the
days their forums' standard schedules give."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tracker.forums.catalogue import STANDARD
from tracker.forums.schedule import Meeting


def _meeting(forum: str) -> Meeting:
    terms = STANDARD.get(forum)
    meeting = terms.meeting if terms else None
    if meeting is None:
        raise ValueError(f"{forum} sits when called, not by a schedule")
    return meeting


def last_sitting(forum: str, before: datetime) -> datetime:
    """When ``forum`` last sat before the moment ``before`` (UTC)."""
    return max(_meeting(forum).moments(before - timedelta(days=36), before))


def sitting_day(forum: str, on_or_before: date) -> date:
    """The day ``forum`` last sat on or before ``on_or_before``."""
    return max(_meeting(forum).days(on_or_before - timedelta(days=36), on_or_before))
