"""When reminders go out: the hour of day, the meetings' calendar, and how far ahead to plan.

Every moment is worked out in Europe/London and then kept in UTC: "09:00" is 09:00 UTC in
winter and 08:00 UTC in summer, so a reminder arrives at the same wall-clock hour on
either side of a clock change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

from tracker.forums.catalogue import STANDARD, Forums
from tracker.forums.schedule import Meeting, time_of_day
from tracker.forums.standard_forums import RTTCG, WEEKLY_MEETING
from tracker.forums.terms import forum_key
from tracker.oversight.lateness import ReviewThresholds

# Settings that move a standard forum's meeting, for a region whose differs from the default.
MEETING_SETTINGS = ((WEEKLY_MEETING, "TRACKER_WEEKLY_MEETING"), (RTTCG, "TRACKER_RTTCG_MEETING"))


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
    # Settings that move a standard forum's meeting (until an admin records its schedule).
    meeting_settings: tuple[Meeting, ...] = ()
    forums: Forums = STANDARD  # the forums' terms, as ``with_forums`` last read them

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        """Every forum's recurring meeting: by its record's schedule once an admin has set
        one, else by a setting, else by its standard terms."""
        moved = {forum_key(meeting.forum): meeting for meeting in self.meeting_settings}
        meetings = []
        for terms in self.forums.scheduled():
            meeting = terms.meeting
            if not self.forums.is_recorded(terms.name):
                meeting = moved.get(forum_key(terms.name), meeting)
            if meeting is not None:
                meetings.append(meeting)
        return tuple(meetings)

    def with_forums(self, forums: Forums) -> ReminderPolicy:
        """The policy with the forums' terms as they stand now (``forum_catalogue``)."""
        return replace(self, forums=forums)

    def next_meeting_day(self, forum: str, today: date) -> date:
        """The day ``forum`` next sits, by its schedule, from ``today`` on; ``today`` for a
        forum that sits when called (its agenda is what it would consider today)."""
        if not any(meeting.forum.upper() == forum.upper() for meeting in self.meetings):
            return today
        return self.meeting_of(forum).next_day(today)

    def meeting_of(self, forum: str) -> Meeting:
        for meeting in self.meetings:
            if meeting.forum.upper() == forum.upper():
                return meeting
        raise ValueError(f"no meeting of {forum!r} is in the calendar")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> ReminderPolicy:
        """The policy from ``TRACKER_REMINDER_*`` settings; bad values are refused by name."""
        default, read = cls(), _Settings(environ)
        stalled_days = read.number("TRACKER_REMINDER_STALLED_DAYS", 56)
        return cls(
            ReviewThresholds(
                read.number("TRACKER_REMINDER_DUE_SOON_DAYS", default.thresholds.due_soon_days),
                read.number(
                    "TRACKER_REMINDER_ESCALATE_DAYS", default.thresholds.escalate_after_days
                ),
            ),
            send_at=read.clock("TRACKER_REMINDER_SEND_AT", default.send_at),
            stalled_after=timedelta(days=stalled_days) if stalled_days else None,
            chain_digest_at=read.clock("TRACKER_CHAIN_DIGEST_AT", default.chain_digest_at),
            horizon=timedelta(hours=read.number("TRACKER_REMINDER_HORIZON_HOURS", 24)),
            digest_lead=timedelta(hours=read.number("TRACKER_MEETING_DIGEST_LEAD_HOURS", 24)),
            meeting_settings=tuple(
                meeting
                for forum, setting in MEETING_SETTINGS
                if (meeting := read.meeting(forum, setting)) is not None
            ),
        )


@dataclass(frozen=True)
class _Settings:
    """Settings read one at a time; one unset or blank gives the fallback."""

    environ: Mapping[str, str]

    def _raw(self, setting: str) -> str:
        return self.environ.get(setting, "").strip()

    def number(self, setting: str, fallback: int) -> int:
        raw = self._raw(setting)
        if not raw:
            return fallback
        if not raw.isdigit():
            raise ValueError(f"{setting}: {raw!r} is not a whole number of days or hours")
        return int(raw)

    def clock(self, setting: str, fallback: time) -> time:
        raw = self._raw(setting)
        return time_of_day(raw, setting) if raw else fallback

    def meeting(self, forum: str, setting: str) -> Meeting | None:
        raw = self._raw(setting)
        return Meeting.parse(forum, raw, setting) if raw else None
