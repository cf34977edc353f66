"""The meetings' calendar: a forum's recurring meeting, weekly or on the nth weekday of a month.

Every moment is worked out in Europe/London and then kept in UTC, so a meeting sits at the
same wall-clock hour on either side of a clock change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tracker.kernel.clock import london_day, london_moment

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = ("first", "second", "third", "fourth", "last")
_WEEKLY = re.compile(r"(?P<day>[a-z]+) (?P<at>\d{1,2}:\d{2})")
_MONTHLY = re.compile(r"(?P<nth>[a-z]+) (?P<day>[a-z]+) (?P<at>\d{1,2}:\d{2})")


def time_of_day(text: str, setting: str) -> time:
    """``text`` such as "09:00" as a time; refused naming ``setting`` otherwise."""
    try:
        return time.fromisoformat(text.zfill(5))
    except ValueError:
        raise ValueError(f"{setting}: {text!r} is not a time of day such as 09:00") from None


def _weekday(text: str, setting: str) -> int:
    if text not in WEEKDAYS:
        raise ValueError(f"{setting}: {text!r} is not a day of the week")
    return WEEKDAYS.index(text)


@dataclass(frozen=True)
class Meeting:
    """A recurring meeting: weekly on ``weekday``, or monthly on its ``nth`` such weekday."""

    forum: str
    weekday: int
    at: time
    nth: str | None = None  # None: every week

    @classmethod
    def parse(cls, forum: str, text: str, setting: str) -> Meeting:
        """E.g. "tuesday 10:00" (weekly) or "first thursday 10:00" (monthly)."""
        words = " ".join(text.lower().split())
        if (weekly := _WEEKLY.fullmatch(words)) and weekly["day"] in WEEKDAYS:
            return cls(forum, _weekday(weekly["day"], setting), time_of_day(weekly["at"], setting))
        monthly = _MONTHLY.fullmatch(words)
        if monthly is None or monthly["nth"] not in ORDINALS:
            raise ValueError(
                f"{setting}: {text!r} should read like 'tuesday 10:00' or 'first thursday 10:00'"
            )
        day = _weekday(monthly["day"], setting)
        return cls(forum, day, time_of_day(monthly["at"], setting), monthly["nth"])

    def days(self, start: date, end: date) -> Iterator[date]:
        """The days this meeting sits from ``start`` to ``end``, both included."""
        day = start
        while day <= end:
            if day.weekday() == self.weekday and self._in_its_week(day):
                yield day
            day += timedelta(days=1)

    def next_day(self, on_or_after: date) -> date:
        """The first day it sits on or after ``on_or_after`` (within five weeks: always)."""
        return next(self.days(on_or_after, on_or_after + timedelta(days=35)))

    def _in_its_week(self, day: date) -> bool:
        if self.nth is None:
            return True
        if self.nth == "last":
            return (day + timedelta(days=7)).month != day.month
        return (day.day - 1) // 7 == ORDINALS.index(self.nth)

    def moments(self, start: datetime, end: datetime) -> Iterator[datetime]:
        """When it sits, in UTC, after ``start`` up to ``end``."""
        for day in self.days(london_day(start), london_day(end)):
            moment = london_moment(day, self.at)
            if start < moment <= end:
                yield moment
