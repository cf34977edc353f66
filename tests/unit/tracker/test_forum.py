"""Forums as records: an admin establishes one or rearranges one (a standard forum's record is
made with its first change); decisions are numbered in the forum's series, its chair is its
post, its meetings follow its schedule."""

from __future__ import annotations

from datetime import date, time

import pytest

from tests.cast import post, the_cast
from tests.lifecycles import REQUESTS, recording
from tracker.forums.catalogue import STANDARD, Forums, forum_rank
from tracker.forums.commands import EstablishForum, RearrangeForum
from tracker.forums.finding import forum_terms
from tracker.forums.forum_queries import forum_catalogue
from tracker.forums.standard_forums import MONITORING_MEETING
from tracker.forums.terms import ForumTerms
from tracker.kernel.errors import DuplicateItem, InvalidInput, RuleBroken
from tracker.reminders.policy import ReminderPolicy
from tracker.support import lifecycle as sr
from tracker.views.catalogue import projections
from tracker.views.engine import scratch_engine
from tracker.views.projector import Projector

ADMIN = "console:test"


def establish(tracker, **changes):
    given = {"name": "Firearms tactical group", "series": "FTG", "chair_post": "gold-chair",
             "schedule": "second monday 10:00"} | changes  # fmt: skip
    return tracker.handle(EstablishForum(actor=ADMIN, **given))


def catalogue(tracker) -> Forums:
    engine = scratch_engine()
    try:
        Projector(tracker, projections(), engine).catch_up()
        return forum_catalogue(engine)
    finally:
        engine.dispose()


def test_the_standard_forums_are_known_before_any_record_and_keep_the_registers_order():
    assert STANDARD.names[:7] == (
        "weekly tasking meeting", "RTTCG", "RIG", "Gold command meeting",
        "Silver command meeting", "Bronze command meeting", "governance board",
    )  # fmt: skip
    assert MONITORING_MEETING in STANDARD.names
    assert [forum_rank(n) for n in STANDARD.names[:7]] == list(range(7))
    assert forum_rank("A forum nobody knew") == len(STANDARD.names)
    monitoring = STANDARD.get("hoi-rocc MONITORING meeting")
    assert monitoring is not None and (monitoring.meeting.weekday, monitoring.meeting.at) == (
        0, time(14, 0))  # fmt: skip


def test_a_new_forum_numbers_its_decisions_in_its_own_series_and_is_chaired_by_its_post(tracker):
    post(tracker, "gold-chair", "Gold chair")
    establish(tracker)
    terms = forum_terms(tracker, "firearms TACTICAL group")
    assert terms == ForumTerms("Firearms tactical group", "FTG", "gold-chair",
                               "second monday 10:00")  # fmt: skip
    decided = tracker.handle(recording(forum="firearms tactical group"))
    assert decided.reference == "FTG-1"
    assert tracker.item("FTG-1").forum == "Firearms tactical group"  # as the record names it


@pytest.mark.parametrize(
    ("changes", "field", "said"),
    [
        ({"series": "RTTCG"}, "series", "the RTTCG's"),
        ({"series": "SR"}, "series", "numbers something else"),
        ({"series": "f t g"}, "series", "capital letters"),
        ({"schedule": "every other tuesday"}, "schedule", "should read like"),
        ({"chair_post": "no-such-post"}, "chair_post", "establish it first"),
        ({"name": "   "}, "name", "is required"),
    ],
)
def test_a_forum_with_bad_terms_is_refused_beside_the_term_and_nothing_is_recorded(
    tracker, changes, field, said
):
    post(tracker, "gold-chair", "Gold chair")
    before = tracker.position()
    with pytest.raises(InvalidInput) as refused:
        establish(tracker, **changes)
    assert refused.value.field == field and said in refused.value.problem
    assert tracker.position() == before


def test_no_two_forums_share_a_name_or_a_series(tracker):
    post(tracker, "gold-chair", "Gold chair")
    establish(tracker)
    with pytest.raises(DuplicateItem):
        establish(tracker, series="FTG2")
    with pytest.raises(DuplicateItem):
        establish(tracker, name="RTTCG", series="XYZ")
    with pytest.raises(InvalidInput, match="another forum's"):
        establish(tracker, name="Another group")


def test_a_decision_of_a_forum_nobody_established_is_refused_beside_the_forum(tracker):
    the_cast(tracker)
    before = tracker.position()
    with pytest.raises(InvalidInput) as refused:
        tracker.handle(recording(forum="Platinum"))
    assert refused.value.field == "forum" and "no forum 'Platinum'" in refused.value.problem
    assert tracker.position() == before


def test_rearranging_a_standard_forum_records_it_with_its_terms_then_the_change(tracker):
    post(tracker, "gold-chair", "Gold chair")
    tracker.handle(RearrangeForum(actor=ADMIN, forum="rig", chair_post="gold-chair",
                                  schedule="second wednesday 09:30",
                                  reason="The RIG now sits monthly"))  # fmt: skip
    rig = forum_terms(tracker, "RIG")
    assert (rig.series, rig.chair_post, rig.schedule) == ("RIG", "gold-chair",
                                                          "second wednesday 09:30")  # fmt: skip
    with pytest.raises(RuleBroken, match="already so"):
        tracker.handle(RearrangeForum(actor=ADMIN, forum="RIG", schedule="second wednesday 09:30",
                                      reason="again"))  # fmt: skip
    with pytest.raises(InvalidInput, match="reason"):
        tracker.handle(RearrangeForum(actor=ADMIN, forum="RIG", schedule="when called", reason=""))
    tracker.handle(RearrangeForum(actor=ADMIN, forum="RIG", schedule="When called",
                                  reason="back to ad hoc"))  # fmt: skip
    rig = forum_terms(tracker, "RIG")
    assert (rig.chair_post, rig.schedule) == ("gold-chair", "")  # a blank chair stays as it was


def test_the_calendar_follows_a_forums_record_over_a_setting_and_the_standard_terms(tracker):
    weekly_moved = ReminderPolicy.from_environment({"TRACKER_WEEKLY_MEETING": "wednesday 11:00"})
    assert weekly_moved.next_meeting_day("weekly tasking meeting", date(2026, 12, 7)) == date(
        2026, 12, 9)  # fmt: skip
    post(tracker, "gold-chair", "Gold chair")
    tracker.handle(RearrangeForum(actor=ADMIN, forum="weekly tasking meeting",
                                  schedule="thursday 10:00", reason="moved"))  # fmt: skip
    tracker.handle(RearrangeForum(actor=ADMIN, forum="RIG", schedule="friday 10:00",
                                  reason="sits weekly"))  # fmt: skip
    calendar = weekly_moved.with_forums(catalogue(tracker))
    monday = date(2026, 12, 7)
    assert calendar.next_meeting_day("weekly tasking meeting", monday) == date(2026, 12, 10)
    assert calendar.next_meeting_day("RIG", monday) == date(2026, 12, 11)
    assert calendar.next_meeting_day("Gold command meeting", monday) == monday  # when called
    assert {m.forum for m in calendar.meetings} == {
        "weekly tasking meeting",
        "RTTCG",
        "RIG",
        MONITORING_MEETING,
    }


def test_a_noted_decision_leaves_its_subject_where_it_was(tracker, today):
    reference = REQUESTS.recorded(tracker, sr.LISTED)
    noted = tracker.handle(recording(forum="weekly tasking meeting", outcome="noted",
                                     subject_reference=reference))  # fmt: skip
    assert tracker.item(noted.reference).outcome == "noted"
    assert tracker.item(reference).state == sr.LISTED


def test_who_sits_where_and_who_oversees_an_action_name_forums_that_exist(tracker):
    from tests.lifecycles import identify_lesson, raise_action
    from tracker.accounts.commands import ChangeUserForums, RegisterUser
    from tracker.accounts.sign_in import account_of

    given = {"actor": ADMIN, "username": "kit", "display_name": "Kit", "email": "kit@x.example",
             "roles": ["decision-maker"], "clearance": "official",
             "password": "a long enough password"}  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        tracker.handle(RegisterUser(**given, forums=["RTTCG", "Platinum"]))
    assert refused.value.field == "forums" and "no forum 'Platinum'" in refused.value.problem
    tracker.handle(RegisterUser(**given, forums=["rttcg"]))
    assert account_of(tracker, "kit").forums == ("RTTCG",)  # as the forum is named
    tracker.handle(ChangeUserForums(actor=ADMIN, username="kit", forums=["hoi-rocc monitoring "
                                    "meeting"], reason="joined"))  # fmt: skip
    assert account_of(tracker, "kit").forums == (MONITORING_MEETING,)

    point = identify_lesson(tracker)
    with pytest.raises(InvalidInput) as refused:
        raise_action(tracker, point, overseeing_board="The board")
    assert refused.value.field == "overseeing_board"
    action = raise_action(tracker, point, overseeing_board="gold recovery BOARD")
    assert tracker.item(action).overseeing_board == "Gold recovery board"
