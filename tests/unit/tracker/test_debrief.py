"""A debrief's observations, and accepting them as learning points."""

from __future__ import annotations

import pytest

from events.base import acting_as
from tests.lifecycles import DEBRIEFS, open_debrief
from tracker.kernel.errors import IllegalStep, InvalidInput, ItemNotFound, RuleBroken, TrackerError
from tracker.kernel.item_commands import AmendItem
from tracker.learning.commands import (
    AcceptObservation,
    CloseDebrief,
    RecordObservation,
    RejectObservation,
)
from tracker.learning.debrief import ACCEPT, REJECT
from tracker.learning.point import THEMES, LearningPoint

TAKE = DEBRIEFS.take
a_debrief = DEBRIEFS.at


def test_observations_are_numbered_within_the_debrief():
    debrief = a_debrief()
    with acting_as("bo"):
        numbers = [debrief.record_observation(f"obs {n}") for n in range(3)]
    assert numbers == [1, 2, 3]
    assert [o.number for o in debrief.observations] == [1, 2, 3]


def test_an_accepted_observation_names_its_learning_point_and_theme():
    debrief = a_debrief(observations=1)
    with acting_as("bo"):
        debrief.accept_observation(1, "communications", learning_point="lp-4")
    [observation] = debrief.observations
    assert (observation.status, observation.learning_point, observation.theme) == (
        "accepted",
        "LP-4",
        "communications",
    )


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
    debrief = a_debrief(observations=1)
    with acting_as("bo"):
        TAKE[first](debrief)
        debrief.collect_events()
        with pytest.raises(RuleBroken, match=rule):
            {ACCEPT: lambda: debrief.accept_observation(1, "planning", "LP-2"),
             REJECT: lambda: debrief.reject_observation(1, "duplicate")}[then]()  # fmt: skip
    assert debrief.collect_events() == []


@pytest.mark.parametrize("number", [0, 2, -1, "1", True, None])
def test_an_observation_the_debrief_does_not_have_is_refused(number):
    debrief = a_debrief(observations=1)
    with acting_as("bo"), pytest.raises(InvalidInput) as refused:
        debrief.reject_observation(number, reason="x")
    assert refused.value.field == "number"
    assert debrief.collect_events() == []


def test_a_rejection_needs_a_reason_and_an_acceptance_a_known_theme():
    debrief = a_debrief(observations=1)
    with acting_as("bo"):
        with pytest.raises(InvalidInput, match="reason: is required"):
            debrief.reject_observation(1, reason=" ")
        with pytest.raises(InvalidInput, match="theme: must be one of"):
            debrief.accept_observation(1, "morale", learning_point="LP-1")
    assert debrief.collect_events() == []


def test_a_debrief_with_undecided_observations_cannot_close():
    debrief = a_debrief(observations=3)
    with acting_as("bo"):
        debrief.reject_observation(2, reason="duplicate of 1")
        with pytest.raises(RuleBroken, match=r"observation\(s\) 1, 3 must be accepted or rejected"):
            debrief.close(summary="done")
    assert debrief.state == "open"


def test_a_repeat_names_the_learning_point_it_recurs():
    debrief = a_debrief()
    with acting_as("bo"):
        debrief.record_observation("Decisions were again kept in notebooks", repeats=" lp-3 ")
    assert debrief.observations[0].repeats == "LP-3"


def test_an_observation_needs_text_within_the_limit():
    debrief = a_debrief()
    with acting_as("bo"):
        for bad in ("", "x" * 20_001, 7):
            with pytest.raises(InvalidInput) as refused:
                debrief.record_observation(bad)
            assert refused.value.field == "text"
    assert debrief.observations == ()


def test_the_kind_of_debrief_can_be_corrected_only_to_a_known_kind():
    debrief = a_debrief()
    with acting_as("bo"):
        with pytest.raises(InvalidInput, match="new_value: must be one of"):
            debrief.amend("kind", "chat", reason="typo")
        debrief.amend("kind", "hot debrief", reason="it was held on the day")
    assert debrief.kind == "hot debrief"


# -- through the application --------------------------------------------------------------


def test_debriefs_are_numbered_in_their_own_series(tracker):
    assert [open_debrief(tracker) for _ in range(2)] == ["DB-1", "DB-2"]


def test_accepting_an_observation_identifies_a_learning_point_from_it(tracker):
    ref = open_debrief(tracker, marking="OFFICIAL-SENSITIVE")
    tracker.handle(RecordObservation(actor="bo", reference=ref, text="Key roles had no deputy"))
    recorded = tracker.handle(
        AcceptObservation(actor="bo", reference=ref, number=1, theme="resilience of key roles")
    )
    point = tracker.load(LearningPoint, "LP-1")
    assert (recorded.reference, recorded.version) == ("LP-1", 1)  # the new point
    assert tracker.item(ref).version == 3
    assert (point.text, point.theme, point.debrief, point.observation) == (
        "Key roles had no deputy",
        "resilience of key roles",
        "DB-1",
        1,
    )
    assert point.marking == "OFFICIAL-SENSITIVE"
    assert tracker.item(ref).observations[0].learning_point == "LP-1"


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


def test_a_closed_debrief_takes_no_more_observations(tracker):
    ref = open_debrief(tracker)
    tracker.handle(CloseDebrief(actor="ana", reference=ref, summary="nothing found"))
    with pytest.raises(IllegalStep, match="'closed': cannot record observation"):
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


def test_a_debrief_offers_to_decide_observations_only_while_some_await_a_decision():
    assert a_debrief().allowed_steps() == ("record observation", "close")
    assert a_debrief(observations=1).allowed_steps() == (
        "record observation", "accept observation", "reject observation",
    )  # fmt: skip
