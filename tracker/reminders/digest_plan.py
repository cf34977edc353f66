"""The digests that should exist: one before each meeting to its chair, and the daily chain
digest to each governance recipient."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from tracker.kernel.clock import london_day, london_moment
from tracker.reminders.kinds import CHAIN_DIGEST, MEETING_DIGEST
from tracker.reminders.planned import Planned, chair_name, recipient_name
from tracker.reminders.policy import ReminderPolicy
from tracker.reminders.recipients import Recipients

CHAIN = "CHAIN"
OFFICIAL = "OFFICIAL"


def meeting_digests(
    recipients: Recipients, now: datetime, policy: ReminderPolicy
) -> Iterator[Planned]:
    """A digest for each meeting still to come whose digest is due within the horizon."""
    for meeting in policy.meetings:
        chair = chair_name(recipients, meeting.forum)
        for sits in meeting.moments(now, now + policy.horizon + policy.digest_lead):
            yield Planned(meeting.forum.upper(), MEETING_DIGEST, sits - policy.digest_lead,
                          chair, OFFICIAL)  # fmt: skip


def chain_digests(
    recipients: Recipients, now: datetime, policy: ReminderPolicy
) -> Iterator[Planned]:
    """Today's chain digest (once its hour has come) and any due within the horizon."""
    today = london_day(now)
    for day in (today, today + timedelta(days=1), today + timedelta(days=2)):
        moment = london_moment(day, policy.chain_digest_at)
        if (day == today or moment > now) and moment <= now + policy.horizon:
            for name in recipients.governance():
                yield Planned(CHAIN, CHAIN_DIGEST, moment, recipient_name(name), OFFICIAL)
