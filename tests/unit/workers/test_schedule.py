"""When reminders are planned: stages of an item in London time, meetings, chairs, digests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from tracker.recipients import Directory
from tracker.reminder_policy import Meeting, ReminderPolicy, london_moment
from tracker.reminder_scan import OpenItem, plan

DIRECTORY = Directory(chairs={"Gold board": "Gold chair"}, governance_names=("Gov/one",))
ITEM = OpenItem("LA-1", "Planning lead", "Gold board", date(2026, 10, 27), "OFFICIAL")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def item_plan(now: datetime, item: OpenItem = ITEM) -> list[tuple[str, str, str]]:
    return [
        (p.kind, f"{p.due_at:%Y-%m-%dT%H:%M}", p.recipient)
        for p in plan([item], DIRECTORY, now, ReminderPolicy(meetings=()))
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
