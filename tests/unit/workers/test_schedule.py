"""When reminders are planned: stages of an item in London time, meetings, chairs, digests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from tracker.forums.catalogue import Forums
from tracker.forums.schedule import Meeting
from tracker.kernel.clock import london_moment
from tracker.reminders.cancellation import why_not as _why_not
from tracker.reminders.kinds import STALLED
from tracker.reminders.listing_queries import ReminderDetails
from tracker.reminders.planned import OpenItem
from tracker.reminders.policy import ReminderPolicy
from tracker.reminders.recipients import Directory
from tracker.reminders.scan import plan

NO_FORUMS = Forums(())  # no meeting, so no digest
DIRECTORY = Directory(
    addresses={"Planning lead": "planning@example.org"},
    chairs={"Gold board": "Gold chair"},
    governance_names=("Gov/one",),
)
ITEM = OpenItem("LA-1", "Planning lead", "Gold board", date(2026, 10, 27), "OFFICIAL")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def item_plan(now: datetime, item: OpenItem = ITEM) -> list[tuple[str, str, str]]:
    return [
        (p.kind, f"{p.due_at:%Y-%m-%dT%H:%M}", p.recipient)
        for p in plan([item], DIRECTORY, now, ReminderPolicy(forums=NO_FORUMS))
        if p.item_reference == item.reference
    ]


def test_nine_in_the_morning_london_is_nine_utc_in_winter_and_eight_in_summer():
    assert london_moment(date(2026, 10, 24), time(9)) == at("2026-10-24T08:00")
    assert london_moment(date(2026, 10, 26), time(9)) == at("2026-10-26T09:00")


def test_an_item_plans_its_current_stage_and_the_next_within_the_horizon():
    # Due Tuesday 27 October 2026, two days after the clocks go back.
    assert item_plan(at("2026-10-19T12:00")) == [("due soon", "2026-10-20T08:00", "Planning lead")]
    assert item_plan(at("2026-10-26T12:00")) == [
        ("due soon", "2026-10-20T08:00", "Planning lead"),
        ("due", "2026-10-27T09:00", "Planning lead"),
    ]
    assert item_plan(at("2026-11-30T12:00")) == [
        ("overdue", "2026-10-28T09:00", "Planning lead"),
        ("escalation", "2026-11-25T09:00", "Gold chair"),  # 28 days late,
    ]


def test_an_unknown_chair_is_named_so_that_the_failure_shows():
    item = OpenItem("LA-2", "Planning lead", "Silver group", date(2026, 10, 1), "OFFICIAL")
    assert ("escalation", "2026-10-30T09:00", "chair of Silver group") in item_plan(
        at("2026-11-30T12:00"), item
    )


def test_monthly_and_weekly_meetings_sit_on_their_days():
    rttcg = Meeting.parse("RTTCG", "first Thursday 10:00", "setting")
    last = Meeting.parse("RTTCG", "last friday 10:00", "setting")
    weekly = Meeting.parse("weekly tasking meeting", "tuesday 10:00", "setting")
    span = (date(2026, 10, 1), date(2026, 11, 30))
    assert list(rttcg.days(*span)) == [date(2026, 10, 1), date(2026, 11, 5)]
    assert list(last.days(*span)) == [date(2026, 10, 30), date(2026, 11, 27)]
    assert len(list(weekly.days(*span))) == 8


def test_the_chain_digest_goes_each_day_to_each_governance_recipient():
    planned = [p for p in plan([], DIRECTORY, at("2026-11-27T07:00"), ReminderPolicy())
               if p.kind == "chain digest"]  # fmt: skip
    assert [(p.reference, p.marking) for p in planned] == [
        ("CHAIN/chain-digest/2026-11-27T06:00Z/Gov-one", "OFFICIAL"),  # "/" kept out of keys
        ("CHAIN/chain-digest/2026-11-28T06:00Z/Gov-one", "OFFICIAL"),  # tomorrow's, ahead
    ]


# An item with nothing recorded on it for a set time goes to its chair.

STILL = ReminderPolicy(forums=NO_FORUMS)  # no digests: only the item's reminders are planned
FAR_OFF = date(2028, 1, 1)


def still_item(moved_at: datetime | None) -> OpenItem:
    return OpenItem("LA-7", "Planning lead", "Gold board", FAR_OFF, "OFFICIAL", moved_at)


def stalled(moved_at: datetime | None, now: datetime, policy: ReminderPolicy = STILL) -> list[str]:
    planned = plan([still_item(moved_at)], DIRECTORY, now, policy)
    return [p.reference for p in planned if p.kind == STALLED]


def test_no_escalation_before_the_set_time_has_passed():
    assert stalled(at("2027-01-04T15:00"), at("2027-02-20T09:30")) == []


def test_the_escalation_goes_at_the_first_nine_oclock_london_after_the_set_time():
    moved = at("2027-01-04T15:00")  # 56 days on: 1 March, 15:00; so 09:00 on 2 March
    assert stalled(moved, at("2027-03-01T12:00")) == ["LA-7/stalled/2027-03-02T09:00Z/Gold chair"]
    assert stalled(moved, at("2027-03-02T09:30")) == ["LA-7/stalled/2027-03-02T09:00Z/Gold chair"]


def test_nine_oclock_stays_nine_on_the_clock_after_the_clocks_go_forward():
    moved = at("2027-02-01T08:00")  # 56 days on: 29 March, British Summer Time
    assert stalled(moved, at("2027-03-29T09:30")) == ["LA-7/stalled/2027-03-29T08:00Z/Gold chair"]


def test_each_further_stretch_without_movement_escalates_again_and_overtakes_the_last():
    moved = at("2027-01-04T08:00")
    second = "LA-7/stalled/2027-04-26T08:00Z/Gold chair"  # 112 days on, in summer time
    assert stalled(moved, at("2027-04-26T09:00")) == [second]


def test_recording_something_starts_the_time_again():
    assert stalled(at("2027-02-15T10:00"), at("2027-03-02T09:30")) == []


def test_a_policy_without_a_set_time_never_escalates_for_stillness():
    never = ReminderPolicy(forums=NO_FORUMS, stalled_after=None)
    assert stalled(at("2026-01-01T00:00"), at("2027-03-02T09:30"), never) == []


def test_an_item_whose_last_event_is_unknown_is_not_called_stalled():
    assert stalled(None, at("2027-03-02T09:30")) == []


def pending(key: str) -> ReminderDetails:
    moment = at("2027-03-02T09:00")
    return ReminderDetails(key, "LA-7", STALLED, moment, "Gold chair", "OFFICIAL", "scheduled",
                           0, "", None, moment)  # fmt: skip


def test_a_pending_escalation_no_longer_planned_says_the_item_has_moved():
    old = "LA-7/stalled/2027-03-02T09:00Z/Gold chair"
    moved_on = still_item(at("2027-02-15T10:00"))
    reason = _why_not(pending(old), {"LA-7": moved_on}, {}, at("2027-03-01T12:00"))
    assert reason == "LA-7 has moved: something was recorded on it since"


def test_a_pending_escalation_for_an_earlier_stretch_is_overtaken_by_the_later_one():
    old = "LA-7/stalled/2027-03-02T09:00Z/Gold chair"
    now = at("2027-04-26T09:00")
    still = still_item(at("2027-01-04T08:00"))
    planned = {p.reference: p for p in plan([still], DIRECTORY, now, STILL)}
    assert _why_not(pending(old), {"LA-7": still}, planned, now) == "overtaken by a later reminder"


def test_an_owner_who_reaches_nobody_gets_no_reminder_but_the_chair_still_hears():
    unowned = OpenItem("LA-2", "A vacant post", "Gold board", date(2026, 10, 27), "OFFICIAL")
    late = at("2026-11-30T12:00")  # long overdue: escalated to the chair
    planned = list(plan([unowned], DIRECTORY, late, ReminderPolicy()))
    assert [(p.kind, p.recipient) for p in planned if p.item_reference == "LA-2"] == [
        ("escalation", "Gold chair")
    ]
