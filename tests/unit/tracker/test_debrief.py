"""A debrief from commission to report, its observations, and accepting them as learning points."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from events.base import acting_as
from events.debrief import DebriefPostponed
from tests.cast import the_cast
from tests.lifecycles import (
    DEBRIEFS,
    OPENING,
    TODAY,
    commission_debrief,
    open_debrief,
)
from tracker.kernel.errors import IllegalStep, InvalidInput, ItemNotFound, RuleBroken, TrackerError
from tracker.kernel.item_commands import AmendItem
from tracker.learning.commands import (
    AcceptObservation,
    HoldDebrief,
    PostponeDebrief,
    RaiseLearningAction,
    RecordObservation,
    RejectObservation,
    ReportDebrief,
    RescheduleDebrief,
    ScheduleDebrief,
)
from tracker.learning.debrief import Debrief
from tracker.learning.debrief_lifecycle import ACCEPT, HELD, REJECT
from tracker.learning.point import THEMES, LearningPoint

TAKE = DEBRIEFS.take
a_debrief = DEBRIEFS.at  # commissioned, unless a state is named


def held(observations: int = 0) -> Debrief:
    """A debrief held (at once), with ``observations`` recorded on it."""
    return DEBRIEFS.at(HELD, observations=observations)


# -- from commission to report --------------------------------------------------------------


def test_a_debrief_is_commissioned_scheduled_held_and_reported():
    debrief = a_debrief()
    with acting_as("bo"):
        assert (debrief.state, debrief.level, debrief.facilitator) == (
            "commissioned", "structured", "Insp Marsh",
        )  # fmt: skip
        debrief.schedule("2026-11-03")
        assert (debrief.state, debrief.scheduled_on) == ("scheduled", date(2026, 11, 3))
        debrief.hold("2026-11-03", today=date(2026, 11, 3))
        assert (debrief.state, debrief.held_on) == ("held", date(2026, 11, 3))
        debrief.report(summary="No observations.")
    assert (debrief.state, debrief.summary, debrief.is_closed) == (
        "reported", "No observations.", True,
    )  # fmt: skip


def test_a_postponed_debrief_keeps_its_reason_and_is_rescheduled_before_it_is_held():
    debrief = a_debrief("scheduled")  # for 14 July 2020
    with acting_as("bo"):
        debrief.postpone(reason="The Silver commanders were called to a riot")
        [postponed] = debrief.collect_events()
        with pytest.raises(IllegalStep) as refused:
            debrief.hold("2020-07-14", today=TODAY)
        debrief.reschedule("2020-07-21")
    assert isinstance(postponed, DebriefPostponed)
    assert (postponed.was_scheduled_on, postponed.reason) == (
        date(2020, 7, 14), "The Silver commanders were called to a riot",
    )  # fmt: skip
    assert str(refused.value) == (
        "debrief DB-1 is 'postponed': cannot hold. Allowed from 'postponed': reschedule"
    )
    assert (debrief.state, debrief.scheduled_on) == ("scheduled", date(2020, 7, 21))
    assert debrief.postponed_reason == "The Silver commanders were called to a riot"


def test_a_postponement_needs_a_reason_and_a_schedule_a_date():
    debrief = a_debrief("scheduled")
    with acting_as("bo"):
        with pytest.raises(InvalidInput, match="reason: is required"):
            debrief.postpone(reason="  ")
        with pytest.raises(InvalidInput, match="scheduled_on: must be a date as YYYY-MM-DD"):
            a_debrief().schedule("next Tuesday")
    assert (debrief.state, debrief.collect_events()) == ("scheduled", [])


def test_a_debrief_cannot_be_recorded_as_held_on_a_day_still_to_come():
    debrief = a_debrief("scheduled")
    today = date(2026, 11, 3)
    with acting_as("bo"):
        with pytest.raises(InvalidInput) as refused:
            debrief.hold(today + timedelta(days=1), today=today)
        assert (refused.value.field, debrief.collect_events()) == ("held_on", [])
        assert "2026-11-04 is still to come" in str(refused.value)
        debrief.hold(today, today=today)
    assert debrief.held_on == today


def test_observations_are_recorded_only_once_the_debrief_is_held():
    debrief = a_debrief("scheduled")
    with acting_as("bo"), pytest.raises(IllegalStep) as refused:
        debrief.record_observation("Too early")
    assert str(refused.value) == (
        "debrief DB-1 is 'scheduled': cannot record observation. "
        "Allowed from 'scheduled': hold, postpone"
    )
    assert debrief.observations == ()


def test_a_debrief_opened_at_once_is_at_its_kinds_level_and_facilitated_by_its_lead():
    with acting_as("ana"):
        hot = Debrief.open("DB-1", today=TODAY, **(OPENING | {"kind": "hot debrief"}))
        review = Debrief.open("DB-2", today=TODAY, **(OPENING | {"kind": "review"}))
        partners = Debrief.open(
            "DB-3", today=TODAY, level="multi-agency", facilitator="Ch Insp Rees", **OPENING
        )
    assert (hot.state, hot.level, hot.facilitator) == ("held", "hot", "jones")
    assert (review.level, review.facilitator) == ("structured", "jones")
    assert (partners.level, partners.facilitator) == ("multi-agency", "Ch Insp Rees")
    assert hot.held_on == date(2020, 7, 14) and hot.scheduled_on is None


def test_the_level_and_kind_can_be_corrected_only_to_known_ones():
    debrief = a_debrief()
    with acting_as("bo"):
        with pytest.raises(InvalidInput, match="new_value: must be one of"):
            debrief.amend("kind", "chat", reason="typo")
        with pytest.raises(InvalidInput, match="new_value: must be one of hot, structured"):
            debrief.amend("level", "gold", reason="typo")
        debrief.amend("kind", "hot debrief", reason="it was held on the day")
        debrief.amend("level", "multi-agency", reason="Border Force took part")
        debrief.amend("facilitator", "DI Shah", reason="Insp Marsh was on leave")
    assert (debrief.kind, debrief.level, debrief.facilitator) == (
        "hot debrief", "multi-agency", "DI Shah",
    )  # fmt: skip


# -- observations ---------------------------------------------------------------------------


def test_observations_are_numbered_within_the_debrief():
    debrief = held()
    with acting_as("bo"):
        numbers = [debrief.record_observation(f"obs {n}") for n in range(3)]
    assert numbers == [1, 2, 3]
    assert [o.number for o in debrief.observations] == [1, 2, 3]


def test_an_accepted_observation_names_its_learning_point_theme_and_nature():
    debrief = held(observations=2)
    with acting_as("bo"):
        debrief.accept_observation(1, "communications", learning_point="lp-4")
        debrief.accept_observation(2, "planning", "LP-5", nature="notable practice")
    first, second = debrief.observations
    assert (first.status, first.learning_point, first.theme, first.nature) == (
        "accepted", "LP-4", "communications", "issue",
    )  # fmt: skip
    assert (second.learning_point, second.nature) == ("LP-5", "notable practice")


def test_an_observation_is_accepted_only_as_an_issue_or_notable_practice():
    debrief = held(observations=1)
    with acting_as("bo"), pytest.raises(InvalidInput) as refused:
        debrief.accept_observation(1, "planning", "LP-1", nature="good news")
    assert refused.value.field == "nature"
    assert not debrief.observations[0].is_decided


@pytest.mark.parametrize(
    ("first", "then", "rule"),
    [
        (ACCEPT, ACCEPT, "already accepted as LP-1"),
        (ACCEPT, REJECT, "already accepted as LP-1"),
        (REJECT, ACCEPT, "already rejected"),
        (REJECT, REJECT, "already rejected"),
    ],
)
def test_an_observation_is_accepted_or_rejected_only_once(first, then, rule):
    debrief = held(observations=1)
    with acting_as("bo"):
        TAKE[first](debrief)
        debrief.collect_events()
        with pytest.raises(RuleBroken, match=rule):
            {ACCEPT: lambda: debrief.accept_observation(1, "planning", "LP-2"),
             REJECT: lambda: debrief.reject_observation(1, "duplicate")}[then]()  # fmt: skip
    assert debrief.collect_events() == []


@pytest.mark.parametrize("number", [0, 2, -1, "1", True, None])
def test_an_observation_the_debrief_does_not_have_is_refused(number):
    debrief = held(observations=1)
    with acting_as("bo"), pytest.raises(InvalidInput) as refused:
        debrief.reject_observation(number, reason="x")
    assert refused.value.field == "number"
    assert debrief.collect_events() == []


def test_a_rejection_needs_a_reason_and_an_acceptance_a_known_theme():
    debrief = held(observations=1)
    with acting_as("bo"):
        with pytest.raises(InvalidInput, match="reason: is required"):
            debrief.reject_observation(1, reason=" ")
        with pytest.raises(InvalidInput, match="theme: must be one of"):
            debrief.accept_observation(1, "morale", learning_point="LP-1")
    assert debrief.collect_events() == []


def test_a_debrief_with_undecided_observations_cannot_be_reported():
    debrief = held(observations=3)
    with acting_as("bo"):
        debrief.reject_observation(2, reason="duplicate of 1")
        with pytest.raises(
            RuleBroken, match=r"observation\(s\) 1, 3 must be accepted or rejected before the de"
        ):
            debrief.report(summary="done")
    assert debrief.state == "held"


def test_a_repeat_names_the_learning_point_it_recurs():
    debrief = held()
    with acting_as("bo"):
        debrief.record_observation("Decisions were again kept in notebooks", repeats=" lp-3 ")
    assert debrief.observations[0].repeats == "LP-3"


def test_an_observation_needs_text_within_the_limit():
    debrief = held()
    with acting_as("bo"):
        for bad in ("", "x" * 20_001, 7):
            with pytest.raises(InvalidInput) as refused:
                debrief.record_observation(bad)
            assert refused.value.field == "text"
    assert debrief.observations == ()


def test_a_held_debrief_offers_to_decide_observations_only_while_some_await_a_decision():
    assert held().allowed_steps() == ("record observation", "report")
    assert held(observations=1).allowed_steps() == (
        "record observation", "accept observation", "reject observation",
    )  # fmt: skip


# -- through the application --------------------------------------------------------------


def test_debriefs_are_numbered_in_their_own_series(tracker):
    assert [commission_debrief(tracker), open_debrief(tracker)] == ["DB-1", "DB-2"]


def test_a_debrief_runs_from_commission_to_report_by_the_commands_users_give(tracker):
    ref = commission_debrief(tracker, level="multi-agency")
    steps = [
        ScheduleDebrief(actor="bo", reference=ref, scheduled_on="2026-11-03"),
        PostponeDebrief(actor="bo", reference=ref, reason="Partners unavailable."),
        RescheduleDebrief(actor="bo", reference=ref, scheduled_on="2026-11-10"),
        HoldDebrief(actor="bo", reference=ref, held_on=TODAY - timedelta(days=1)),
        RecordObservation(actor="bo", reference=ref, text="Partners were briefed late"),
        RejectObservation(actor="bo", reference=ref, number=1, reason="Outside our remit."),
        ReportDebrief(actor="bo", reference=ref, summary="One observation, rejected."),
    ]
    for step in steps:
        tracker.handle(step)
    debrief = tracker.item(ref)
    assert (debrief.state, debrief.version) == ("reported", 8)
    assert (debrief.level, debrief.scheduled_on, debrief.held_on) == (
        "multi-agency", date(2026, 11, 10), TODAY - timedelta(days=1),
    )  # fmt: skip
    assert debrief.postponed_reason == "Partners unavailable."


def test_a_debrief_held_on_a_day_still_to_come_is_refused_and_nothing_recorded(tracker):
    ref = commission_debrief(tracker)
    tracker.handle(ScheduleDebrief(actor="bo", reference=ref, scheduled_on="2030-01-01"))
    before = tracker.position()
    with pytest.raises(InvalidInput) as refused:
        tracker.handle(HoldDebrief(actor="bo", reference=ref, held_on="2030-01-01"))
    assert refused.value.field == "held_on"
    with pytest.raises(InvalidInput):
        open_debrief(tracker, held_on=TODAY + timedelta(days=2))
    assert tracker.position() == before
    assert tracker.item(ref).state == "scheduled"


def test_a_commission_needs_a_facilitator_and_a_known_level(tracker):
    the_cast(tracker)  # the lead it names, before counting what is recorded
    before = tracker.position()
    for field, value in [("facilitator", ""), ("level", "hot and cold")]:
        with pytest.raises(InvalidInput) as refused:
            commission_debrief(tracker, **{field: value})
        assert refused.value.field == field
    assert tracker.position() == before


def test_accepting_an_observation_identifies_a_learning_point_from_it(tracker):
    ref = open_debrief(tracker, marking="OFFICIAL-SENSITIVE")
    tracker.handle(RecordObservation(actor="bo", reference=ref, text="Key roles had no deputy"))
    recorded = tracker.handle(
        AcceptObservation(actor="bo", reference=ref, number=1, theme="resilience of key roles")
    )
    point = tracker.load(LearningPoint, "LP-1")
    assert (recorded.reference, recorded.version) == ("LP-1", 1)  # the new point
    assert tracker.item(ref).version == 3
    assert (point.text, point.theme, point.debrief, point.observation, point.nature) == (
        "Key roles had no deputy",
        "resilience of key roles",
        "DB-1",
        1,
        "issue",
    )
    assert point.marking == "OFFICIAL-SENSITIVE"
    assert tracker.item(ref).observations[0].learning_point == "LP-1"


def test_notable_practice_is_a_learning_point_that_needs_no_action(tracker):
    ref = open_debrief(tracker)
    tracker.handle(RecordObservation(actor="bo", reference=ref, text="Daily calls worked well"))
    tracker.handle(
        AcceptObservation(actor="bo", reference=ref, number=1, theme="communications",
                          nature="notable practice")
    )  # fmt: skip
    point = tracker.load(LearningPoint, "LP-1")
    assert (point.nature, point.state, point.is_closed) == (
        "notable practice", "notable practice", True,
    )  # fmt: skip
    with pytest.raises(IllegalStep) as refused:
        tracker.handle(
            RaiseLearningAction(actor="bo", learning_point="LP-1", description="Fix it.",
                                owner="planning-lead", due_on=TODAY,
                                overseeing_board="Gold recovery board")
        )  # fmt: skip
    assert str(refused.value).startswith(
        "learning point LP-1 is 'notable practice': cannot raise action"
    )
    tracker.handle(ReportDebrief(actor="bo", reference=ref, summary="Shared the practice."))
    assert tracker.item(ref).state == "reported"


def test_an_accepted_observation_may_be_reworded_and_marked_as_a_lesson(tracker):
    ref = open_debrief(tracker)
    tracker.handle(RecordObservation(actor="bo", reference=ref, text="no deputies"))
    tracker.handle(
        AcceptObservation(
            actor="bo", reference=ref, number=1, theme=THEMES[2],
            text="Build resilience for key roles into role profiles",
            marking="OFFICIAL-SENSITIVE",
        )
    )  # fmt: skip
    point = tracker.load(LearningPoint, "LP-1")
    assert point.text == "Build resilience for key roles into role profiles"
    assert point.marking == "OFFICIAL-SENSITIVE"


def test_a_refused_acceptance_records_nothing_and_uses_no_number(tracker):
    ref = open_debrief(tracker)
    tracker.handle(RecordObservation(actor="bo", reference=ref, text="obs"))
    tracker.handle(RejectObservation(actor="bo", reference=ref, number=1, reason="not a lesson"))
    tracker.handle(RecordObservation(actor="bo", reference=ref, text="obs 2"))
    before = tracker.position()
    with pytest.raises(RuleBroken, match="already rejected"):
        tracker.handle(AcceptObservation(actor="bo", reference=ref, number=1, theme="planning"))
    assert tracker.position() == before
    tracker.handle(AcceptObservation(actor="bo", reference=ref, number=2, theme="planning"))
    assert tracker.load(LearningPoint, "LP-1").observation == 2


def test_an_observation_repeating_an_unknown_lesson_is_refused(tracker):
    ref = open_debrief(tracker)
    before = tracker.position()
    with pytest.raises(ItemNotFound, match="LP-3"):
        tracker.handle(RecordObservation(actor="bo", reference=ref, text="x", repeats="LP-3"))
    with pytest.raises(TrackerError, match="is a debrief, not a learning point"):
        tracker.handle(RecordObservation(actor="bo", reference=ref, text="x", repeats=ref))
    assert tracker.position() == before


def test_a_reported_debrief_takes_no_more_observations(tracker):
    ref = open_debrief(tracker)
    tracker.handle(ReportDebrief(actor="ana", reference=ref, summary="nothing found"))
    with pytest.raises(IllegalStep, match="'reported': cannot record observation"):
        tracker.handle(RecordObservation(actor="bo", reference=ref, text="late"))
    assert tracker.item(ref).summary == "nothing found"


def test_a_debrief_title_is_amended_with_a_reason(tracker):
    ref = open_debrief(tracker)
    tracker.handle(
        AmendItem(actor="ana", reference=ref, field="title", new_value="Silver debrief",
                  reason="shorter")
    )  # fmt: skip
    assert tracker.item(ref).title == "Silver debrief"


def test_an_acceptance_whose_learning_point_is_refused_leaves_the_observation_undecided(tracker):
    ref = open_debrief(tracker)
    tracker.handle(RecordObservation(actor="bo", reference=ref, text="obs"))
    before = tracker.position()
    with pytest.raises(InvalidInput) as refused:
        tracker.handle(
            AcceptObservation(
                actor="bo", reference=ref, number=1, theme="planning", marking="SECRET"
            )
        )
    assert refused.value.field == "marking"
    assert tracker.position() == before
    assert not tracker.item(ref).observations[0].is_decided
