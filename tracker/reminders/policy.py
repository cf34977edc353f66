"""When reminders go out: the hour of day, the meetings' calendar, and how far ahead to plan.

Every moment is worked out in Europe/London and then kept in UTC: "09:00" is 09:00 UTC in
winter and 08:00 UTC in summer, so a reminder arrives at the same wall-clock hour on
either side of a clock change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from tracker.kernel.clock import london_day, london_moment
from tracker.oversight.reviews import ReviewThresholds
from tracker.support import request as sr

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = ("first", "second", "third", "fourth", "last")
_WEEKLY = re.compile(r"(?P<day>[a-z]+) (?P<at>\d{1,2}:\d{2})")
_MONTHLY = re.compile(r"(?P<nth>[a-z]+) (?P<day>[a-z]+) (?P<at>\d{1,2}:\d{2})")


def _clock(text: str, setting: str) -> time:
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
            return cls(forum, _weekday(weekly["day"], setting), _clock(weekly["at"], setting))
        monthly = _MONTHLY.fullmatch(words)
        if monthly is None or monthly["nth"] not in ORDINALS:
            raise ValueError(
                f"{setting}: {text!r} should read like 'tuesday 10:00' or 'first thursday 10:00'"
            )
        day = _weekday(monthly["day"], setting)
        return cls(forum, day, _clock(monthly["at"], setting), monthly["nth"])

    def days(self, start: date, end: date) -> Iterator[date]:
        """The days this meeting sits from ``start`` to ``end``, both included."""
        day = start
        while day <= end:
            if day.weekday() == self.weekday and self._in_its_week(day):
                yield day
            day += timedelta(days=1)

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


@dataclass(frozen=True)
class ReminderPolicy:
    """What the scan sends and when; every setting has a default that needs no configuring."""

    thresholds: ReviewThresholds = field(default_factory=ReviewThresholds)
    send_at: time = time(9, 0)  # reminders and escalations, London time
    chain_digest_at: time = time(6, 0)
    # An open item with nothing recorded on it for this long goes to its chair; None: never.
    stalled_after: timedelta | None = timedelta(days=56)
    horizon: timedelta = timedelta(days=1)  # reminders are scheduled this far ahead
    digest_lead: timedelta = timedelta(days=1)  # a meeting's digest goes this long before it
    meetings: tuple[Meeting, ...] = field(
        default=(
            Meeting(sr.WEEKLY_MEETING, WEEKDAYS.index("tuesday"), time(10, 0)),
            Meeting(sr.RTTCG, WEEKDAYS.index("thursday"), time(10, 0), nth="first"),
        )
    )

    def meeting_of(self, forum: str) -> Meeting:
        for meeting in self.meetings:
            if meeting.forum.upper() == forum.upper():
                return meeting
        raise ValueError(f"no meeting of {forum!r} is in the calendar")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> ReminderPolicy:
        """The policy from ``TRACKER_REMINDER_*`` settings; bad values are refused by name."""
        default = cls()

        def number(setting: str, fallback: int) -> int:
            raw = environ.get(setting, "").strip()
            if not raw:
                return fallback
            if not raw.isdigit():
                raise ValueError(f"{setting}: {raw!r} is not a whole number of days or hours")
            return int(raw)

        def clock(setting: str, fallback: time) -> time:
            raw = environ.get(setting, "").strip()
            return _clock(raw, setting) if raw else fallback

        def meeting(forum: str, setting: str, fallback: Meeting) -> Meeting:
            raw = environ.get(setting, "").strip()
            return Meeting.parse(forum, raw, setting) if raw else fallback

        weekly, rttcg = default.meetings
        stalled_days = number("TRACKER_REMINDER_STALLED_DAYS", 56)
        return cls(
            ReviewThresholds(
                number("TRACKER_REMINDER_DUE_SOON_DAYS", default.thresholds.due_soon_days),
                number("TRACKER_REMINDER_ESCALATE_DAYS", default.thresholds.escalate_after_days),
            ),
            send_at=clock("TRACKER_REMINDER_SEND_AT", default.send_at),
            stalled_after=timedelta(days=stalled_days) if stalled_days else None,
            chain_digest_at=clock("TRACKER_CHAIN_DIGEST_AT", default.chain_digest_at),
            horizon=timedelta(hours=number("TRACKER_REMINDER_HORIZON_HOURS", 24)),
            digest_lead=timedelta(hours=number("TRACKER_MEETING_DIGEST_LEAD_HOURS", 24)),
            meetings=(
                meeting(sr.WEEKLY_MEETING, "TRACKER_WEEKLY_MEETING", weekly),
                meeting(sr.RTTCG, "TRACKER_RTTCG_MEETING", rttcg),
            ),
        )
