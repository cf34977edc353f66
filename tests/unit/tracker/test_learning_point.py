"""The learning point lifecycle: when a lesson is learned, and when it is reopened."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from events.base import acting_as
from events.learning import ActionRaised, ActionSettled, LearningPointReopened, LessonLearned
from tests.unit.tracker.lifecycle_properties import (
    allowed_transitions,
    check_random_steps,
    refused_transitions,
    step_sequences,
)
from tracker.kernel.errors import IllegalStep, InvalidInput, RuleBroken
from tracker.learning.commands import (
    AcceptObservation,
    ImplementLearningAction,
    NoteLearningActionProgress,
    OpenDebrief,
    RaiseLearningAction,
    RecordObservation,
    ValidateLearningAction,
)
from tracker.learning.point import LEARN, LIFECYCLE, RAISE, REOPEN, SETTLE, LearningPoint

IDENTIFIED = dict(
    marking="OFFICIAL",
    text="Build resilience for key roles into role profiles",
    theme="resilience of key roles",
    debrief="DB-1",
    observation=2,
)


def first_outstanding(point: LearningPoint) -> str:
    return next(iter(point.outstanding_actions), "LA-1")


# Each step with arguments that satisfy its rules, so only the lifecycle decides. Settling
# the last outstanding action as validated is what takes the "learn lesson" step.
TAKE = {
    RAISE: lambda p: p.raise_action(f"LA-{len(p.actions) + 1}"),
    SETTLE: lambda p: p.settle_action(first_outstanding(p), "not adopted"),
    LEARN: lambda p: p.settle_action(first_outstanding(p), "validated"),
    REOPEN: lambda p: p.reopen(debrief="DB-2", observation=1),
}
PATHS = {
    "identified": [],
    "being actioned": [RAISE],
    "learned": [RAISE, LEARN],
    "not learned": [RAISE, LEARN, REOPEN],
}
# The last fact each step records.
RECORDS = {
    RAISE: ActionRaised,
    SETTLE: ActionSettled,
    LEARN: LessonLearned,
    REOPEN: LearningPointReopened,
}


def a_point(state: str = "identified") -> LearningPoint:
    with acting_as("ana"):
        point = LearningPoint.identify("LP-1", **IDENTIFIED)
        for step in PATHS[state]:
            TAKE[step](point)
    point.collect_events()
    return point


def test_every_state_has_a_path_and_every_step_an_example():
    assert set(PATHS) == set(LIFECYCLE)
    assert {s for steps in LIFECYCLE.values() for s in steps} == set(TAKE)


@pytest.mark.parametrize(("state", "step"), allowed_transitions(LIFECYCLE))
def test_an_allowed_step_moves_the_learning_point_on(state, step):
    point = a_point(state)
    with acting_as("bo"):
        TAKE[step](point)
    events = point.collect_events()
    assert point.state == LIFECYCLE[state][step]
    assert isinstance(events[-1], RECORDS[step])
    assert {e.actor for e in events} == {"bo"}


@pytest.mark.parametrize(
    ("state", "step"),
    refused_transitions(LIFECYCLE, TAKE),
)
def test_a_step_not_allowed_is_refused_naming_item_state_and_allowed_steps(state, step):
    point = a_point(state)
    with acting_as("bo"), pytest.raises(IllegalStep) as refused:
        TAKE[step](point)
    assert "LP-1" in str(refused.value) and repr(state) in str(refused.value)
    assert refused.value.allowed == sorted(set(LIFECYCLE[state]) - {"learn lesson"})
    assert point.collect_events() == []


def test_a_learned_lesson_takes_no_new_action_until_reopened():
    point = a_point("learned")
    with acting_as("bo"):
        with pytest.raises(IllegalStep, match="'learned': cannot raise action"):
            point.raise_action("LA-2")
        point.reopen("DB-2", 4)
        point.raise_action("LA-2")
    assert point.state == "being actioned"
    assert point.recurrences == (("DB-2", 4),)


def test_the_lesson_is_learned_only_when_every_action_is_settled():
    point = a_point()
    with acting_as("bo"):
        point.raise_action("LA-1")
        point.raise_action("LA-2")
        point.settle_action("LA-1", "validated")
        assert point.state == "being actioned"
        assert point.outstanding_actions == ("LA-2",)
        point.settle_action("LA-2", "not adopted")
    assert point.state == "learned"
    assert [type(e) for e in point.collect_events()][-2:] == [ActionSettled, LessonLearned]


def test_actions_that_were_all_not_adopted_do_not_make_a_lesson_learned():
    point = a_point()
    with acting_as("bo"):
        for ref in ("LA-1", "LA-2"):
            point.raise_action(ref)
            point.settle_action(ref, "not adopted")
        assert (point.state, point.lesson_is_learned) == ("being actioned", False)
        point.raise_action("LA-3")
        point.settle_action("LA-3", "validated")
    assert point.state == "learned"


def test_after_a_recurrence_only_an_action_raised_since_can_make_the_lesson_learned():
    point = a_point("not learned")
    with acting_as("bo"):
        point.raise_action("LA-2")
        point.settle_action("LA-2", "not adopted")
        assert point.state == "being actioned"  # LA-1 was validated, but the lesson recurred
        point.raise_action("LA-3")
        point.settle_action("LA-3", "validated")
    assert point.state == "learned"


def test_a_repeat_reopens_a_learned_lesson_and_leaves_any_other_alone():
    learned, actioned = a_point("learned"), a_point("being actioned")
    with acting_as("bo"):
        learned.note_repeat("DB-3", 1)
        actioned.note_repeat("DB-3", 1)
    assert learned.state == "not learned"
    assert actioned.state == "being actioned" and actioned.collect_events() == []


@pytest.mark.parametrize(
    ("action", "how", "rule"),
    [
        ("LA-7", "validated", "LA-7 is not an action of this learning point"),
        ("LA-1", "not adopted", "LA-1 was already settled as 'validated'"),
    ],
)
def test_only_an_outstanding_action_of_the_point_can_be_settled(action, how, rule):
    point = a_point()
    with acting_as("bo"):
        point.raise_action("LA-1")
        point.raise_action("LA-2")
        point.settle_action("LA-1", "validated")
        point.collect_events()
        with pytest.raises(RuleBroken, match=rule):
            point.settle_action(action, how)
    assert point.collect_events() == []


def test_an_action_is_raised_on_a_point_only_once_and_settled_only_as_validated_or_not_adopted():
    point = a_point("being actioned")
    with acting_as("bo"):
        with pytest.raises(RuleBroken, match="LA-1 is already an action"):
            point.raise_action("LA-1")
        with pytest.raises(InvalidInput, match="how: must be one of validated, not adopted"):
            point.settle_action("LA-1", "done")
    assert point.collect_events() == []


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("text", "", "is required"),
        ("text", "x" * 20_001, "limit is 20000"),
        ("theme", "morale", "must be one of"),
        ("marking", "SECRET", "must be one of"),
        ("debrief", None, "is required"),
        ("observation", 0, "whole number from 1"),
        ("observation", "2", "whole number from 1"),
    ],
)
def test_bad_learning_point_input_is_refused_with_the_field_named(field, value, problem):
    with acting_as("ana"), pytest.raises(InvalidInput) as refused:
        LearningPoint.identify("LP-1", **(IDENTIFIED | {field: value}))
    assert refused.value.field == field and problem in str(refused.value)


def test_the_theme_can_be_corrected_only_to_a_known_theme():
    point = a_point()
    with acting_as("bo"):
        with pytest.raises(InvalidInput, match="new_value: must be one of"):
            point.amend("theme", "morale", reason="recast")
        point.amend("theme", "planning", reason="recast at the Gold board")
        point.amend("text", "Use existing plans", reason="reworded")
    assert (point.theme, point.text) == ("planning", "Use existing plans")


@settings(max_examples=80, deadline=None)
@given(chosen=step_sequences(TAKE))
def test_random_steps_keep_the_point_in_its_lifecycle_and_replay_identically(chosen):
    check_random_steps(
        lambda: LearningPoint.identify("LP-9", **IDENTIFIED), TAKE, LIFECYCLE, chosen
    )


# -- through the application --------------------------------------------------------------


def open_debrief(tracker) -> str:
    return tracker.handle(
        OpenDebrief(actor="ana", marking="OFFICIAL", kind="hot debrief", title="Cell debrief",
                    of_what="co-ordination cell", lead="Insp Shah", held_on="2020-06-01")
    ).reference  # fmt: skip


def identify_lesson(tracker, text: str = "Record decisions on one system") -> str:
    """Open a debrief, record an observation and accept it; returns the learning point."""
    debrief = open_debrief(tracker)
    tracker.handle(RecordObservation(actor="ana", reference=debrief, text=text))
    tracker.handle(
        AcceptObservation(actor="ana", reference=debrief, number=1, theme="decision recording")
    )
    return tracker.item(debrief).observations[0].learning_point


def learn_lesson(tracker, point: str) -> str:
    """Raise one action on the point and see it through to validated."""
    action = tracker.handle(
        RaiseLearningAction(actor="ana", learning_point=point, description="one decision log",
                            owner="DCI Patel", due_on="2020-09-01",
                            overseeing_board="Gold recovery board")
    ).reference  # fmt: skip
    tracker.handle(NoteLearningActionProgress(actor="bo", reference=action, note="drafting"))
    tracker.handle(ImplementLearningAction(actor="bo", reference=action, evidence="in use"))
    tracker.handle(
        ValidateLearningAction(actor="cy", reference=action, validated_by="Gold", note="audited")
    )
    return action


def test_an_observation_repeating_a_learned_lesson_reopens_it_as_not_learned(tracker):
    point = identify_lesson(tracker)
    learn_lesson(tracker, point)
    assert tracker.item(point).state == "learned"
    later = open_debrief(tracker)
    tracker.handle(RecordObservation(actor="dee", reference=later, text="x"))
    tracker.handle(
        RecordObservation(actor="dee", reference=later, text="Decisions lost again", repeats=point)
    )
    reopened = tracker.item(point)
    assert reopened.state == "not learned"
    assert reopened.recurrences == ((later, 2),)
    last = list(tracker.trail(point))[-1]
    assert (last.what, last.actor) == ("LearningPointReopened", "dee")


def test_an_observation_repeating_a_lesson_not_yet_learned_leaves_it_alone(tracker):
    point = identify_lesson(tracker)
    version = tracker.item(point).version
    tracker.handle(RecordObservation(actor="bo", reference="DB-1", text="again", repeats=point))
    assert tracker.item(point).version == version
    assert tracker.item("DB-1").observations[1].repeats == point


def test_a_learned_lesson_refuses_a_new_action_until_a_repeat_reopens_it(tracker):
    point = identify_lesson(tracker)
    learn_lesson(tracker, point)
    before = tracker.position()
    with pytest.raises(IllegalStep, match="'learned': cannot raise action"):
        learn_lesson(tracker, point)
    assert tracker.position() == before
    tracker.handle(RecordObservation(actor="bo", reference="DB-1", text="again", repeats=point))
    assert learn_lesson(tracker, point) == "LA-2"  # the refused attempt used no number
    assert tracker.item(point).state == "learned"
