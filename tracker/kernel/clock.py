"""The region's clock: meetings, receipts and due dates are dated in Europe/London.

Moments are kept in UTC; days are London days, so a decision taken at 00:30 in summer time
is dated that day, not the one before. Everything that turns a moment into a day (or a day
and a wall-clock time into a moment) does it here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london_day(moment: datetime) -> date:
    """The calendar day in the region at ``moment``."""
    return moment.astimezone(LONDON).date()


def london_today() -> date:
    """Today, in the region."""
    return datetime.now(LONDON).date()


def london_moment(day: date, at: time) -> datetime:
    """``day`` at wall-clock ``at`` in London, as a UTC moment (09:00 stays 09:00 on the
    clock across a change of summer time)."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def london_day_start(day: date) -> datetime:
    """The moment (UTC) a London day begins: 23:00 the day before in summer time."""
    return london_moment(day, time())


def as_london(wall_clock: datetime) -> datetime:
    """A time typed without a zone, read as London wall-clock time."""
    return wall_clock.replace(tzinfo=LONDON)
