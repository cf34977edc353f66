"""A learning point: when a lesson is learned, and when it is reopened."""

from __future__ import annotations

import pytest

from events.base import acting_as
from events.learning import ActionSettled, LessonLearned
from tests.lifecycles import ACTIONS, POINTS, identify_lesson, open_debrief
from tracker.kernel.errors import IllegalStep, InvalidInput, RuleBroken
from tracker.learning.commands import RecordObservation

a_point = POINTS.at


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


def test_the_theme_can_be_corrected_only_to_a_known_theme():
    point = a_point()
    with acting_as("bo"):
        with pytest.raises(InvalidInput, match="new_value: must be one of"):
            point.amend("theme", "morale", reason="recast")
        point.amend("theme", "planning", reason="recast at the Gold board")
        point.amend("text", "Use existing plans", reason="reworded")
    assert (point.theme, point.text) == ("planning", "Use existing plans")


# -- through the application --------------------------------------------------------------


def test_an_observation_repeating_a_learned_lesson_reopens_it_as_not_learned(tracker):
    point = identify_lesson(tracker)
    ACTIONS.recorded(tracker, "validated", learning_point=point)
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
    ACTIONS.recorded(tracker, "validated", learning_point=point)
    before = tracker.position()
    with pytest.raises(IllegalStep, match="'learned': cannot raise action"):
        ACTIONS.recorded(tracker, "validated", learning_point=point)
    assert tracker.position() == before
    tracker.handle(RecordObservation(actor="bo", reference="DB-1", text="again", repeats=point))
    assert (
        ACTIONS.recorded(tracker, "validated", learning_point=point) == "LA-2"
    )  # the refused attempt used no number
    assert tracker.item(point).state == "learned"
