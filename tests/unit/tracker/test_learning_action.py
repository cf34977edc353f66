"""A learning action: progress, extensions, reassignment, and settling its point."""

from __future__ import annotations

from datetime import date

import pytest

from events.base import acting_as
from tests.cast import the_cast
from tests.lifecycles import ACTIONS, RAISED, identify_lesson
from tracker.kernel.errors import (
    ConcurrentChange,
    InvalidInput,
    ItemNotFound,
    RuleBroken,
    TrackerError,
)
from tracker.learning.action import LearningAction
from tracker.learning.commands import (
    ExtendLearningActionDueDate,
    NoteLearningActionProgress,
    RaiseLearningAction,
    ReassignLearningAction,
    RecordLearningActionNotAdopted,
)
from tracker.learning.point import LearningPoint

an_action = ACTIONS.at


def test_the_first_progress_note_puts_the_action_in_progress_and_later_ones_keep_it_there():
    action = an_action()
    with acting_as("bo"):
        action.note_progress("first")
        action.note_progress("second")
    assert (action.state, action.progress) == ("in progress", ("first", "second"))


@pytest.mark.parametrize("state", ["open", "in progress"])
def test_an_approved_extension_moves_the_due_date_later(state):
    action = an_action(state)
    with acting_as("bo"):
        action.extend_due_date("2021-03-31", approver="ward", reason="HR restructure")
    [event] = action.collect_events()
    assert action.due_on == date(2021, 3, 31) and action.extensions == 1
    assert (event.old_due_on, event.approver) == (date(2020, 12, 31), "ward")
    assert action.state == state


@pytest.mark.parametrize("approver", ["", "   ", None])
def test_an_extension_without_an_approver_is_refused(approver):
    action = an_action()
    with acting_as("bo"), pytest.raises(RuleBroken, match="only by an approved extension"):
        action.extend_due_date("2021-03-31", approver=approver, reason="busy")
    assert action.due_on == date(2020, 12, 31) and action.collect_events() == []


@pytest.mark.parametrize("new_due_on", ["2020-12-31", "2020-11-30"])
def test_an_extension_to_the_same_or_an_earlier_date_is_refused(new_due_on):
    action = an_action()
    with acting_as("bo"), pytest.raises(RuleBroken, match="later than 2020-12-31"):
        action.extend_due_date(new_due_on, approver="ward", reason="bring forward")
    assert action.collect_events() == []


def test_an_extension_needs_a_reason_and_a_real_date():
    action = an_action()
    with acting_as("bo"):
        with pytest.raises(InvalidInput, match="reason: is required"):
            action.extend_due_date("2021-03-31", approver="ward", reason="")
        with pytest.raises(InvalidInput, match="new_due_on: must be a date"):
            action.extend_due_date("next month", approver="ward", reason="busy")
    assert action.collect_events() == []


def test_an_action_is_reassigned_with_a_reason_but_not_to_its_own_owner():
    action = an_action("in progress")
    with acting_as("bo"):
        with pytest.raises(RuleBroken, match="already owned by head-of-hr"):
            action.reassign("head-of-hr", reason="no change")
        with pytest.raises(InvalidInput, match="reason: is required"):
            action.reassign("lee", reason=" ")
        action.reassign("lee", reason="owner moved post")
    [event] = action.collect_events()
    assert (event.old_owner, event.new_owner, action.owner) == ("head-of-hr", "lee", "lee")


def test_the_owner_cannot_approve_her_own_extension():
    action = an_action("in progress", owner="j.owens")
    with acting_as("j.owens"), pytest.raises(RuleBroken, match=r"j\.owens owns the action"):
        action.extend_due_date("2021-03-31", approver="j.owens", reason="busy")
    assert action.collect_events() == []


@pytest.mark.parametrize(
    ("owner", "implementer", "validator", "refusal"),
    [
        ("j.owens", "bo", "j.owens", "j.owens owns the action"),
        ("head-of-hr", "bo", "bo", "bo recorded it as implemented"),
    ],
)
def test_the_validator_is_neither_the_owner_nor_the_implementer(
    owner, implementer, validator, refusal
):
    action = an_action("in progress", owner=owner)
    with acting_as(implementer):
        action.implement(evidence="Role profiles rewritten.")
    with acting_as(validator), pytest.raises(RuleBroken, match=refusal):
        action.validate(validated_by=validator, note="Looks right.")
    with acting_as("c.gold"):
        action.validate(validated_by="c.gold", note="Sampled ten profiles.")
    assert (action.state, action.validated_by) == ("validated", "c.gold")


@pytest.mark.parametrize(
    ("state", "take", "field"),
    [
        ("in progress", lambda a: a.implement(evidence=""), "evidence"),
        ("implemented", lambda a: a.validate(validated_by="", note="ok"), "validated_by"),
        ("implemented", lambda a: a.validate(validated_by="c.gold", note=""), "note"),
        ("open", lambda a: a.not_adopt(rationale="  "), "rationale"),
        ("open", lambda a: a.note_progress(note=None), "note"),
    ],
)
def test_a_step_without_what_it_needs_is_refused_with_the_field_named(state, take, field):
    action = an_action(state)
    with acting_as("bo"), pytest.raises(InvalidInput) as refused:
        take(action)
    assert refused.value.field == field
    assert action.state == state and action.collect_events() == []


# -- through the application --------------------------------------------------------------


def raise_action(tracker, point: str, **changes) -> str:
    given = RAISED | {"learning_point": point, "marking": ""} | changes
    return tracker.handle(RaiseLearningAction(actor="ana", **given)).reference


def test_raising_an_action_notes_it_on_its_learning_point(tracker):
    point = identify_lesson(tracker, marking="OFFICIAL-SENSITIVE")
    action = raise_action(tracker, point)
    recorded = tracker.load(LearningAction, action)
    assert (action, recorded.learning_point, recorded.owner) == ("LA-1", point, "post:head-of-hr")
    assert recorded.marking == "OFFICIAL-SENSITIVE"  # inherited from the point
    assert tracker.load(LearningPoint, point).actions == {"LA-1": "outstanding"}
    before = tracker.position()
    with pytest.raises(InvalidInput, match="cannot be lower than LP-1's OFFICIAL-SENSITIVE"):
        raise_action(tracker, point, marking="OFFICIAL")  # would copy sensitive text down
    assert tracker.position() == before


def test_an_action_may_be_marked_higher_than_its_point(tracker):
    point = identify_lesson(tracker, marking="OFFICIAL")
    action = raise_action(tracker, point, marking="OFFICIAL-SENSITIVE")
    assert tracker.item(action).marking == "OFFICIAL-SENSITIVE"


def test_an_action_for_a_missing_or_wrong_kind_of_item_is_refused_and_records_nothing(tracker):
    the_cast(tracker)  # before counting what is recorded
    point = identify_lesson(tracker)
    before = tracker.position()
    with pytest.raises(ItemNotFound):
        raise_action(tracker, "LP-99")
    with pytest.raises(TrackerError, match="is a debrief, not a learning point"):
        raise_action(tracker, "DB-1")
    assert tracker.position() == before
    assert raise_action(tracker, point) == "LA-1"


def test_the_lesson_is_learned_when_the_last_action_is_settled(tracker):
    point = identify_lesson(tracker)
    first, second = raise_action(tracker, point), raise_action(tracker, point)
    ACTIONS.bring(tracker, first, "validated")
    assert tracker.load(LearningPoint, point).state == "being actioned"
    tracker.handle(
        RecordLearningActionNotAdopted(actor="cy", reference=second, rationale="national fix")
    )
    learned = tracker.load(LearningPoint, point)
    assert learned.state == "learned"
    assert learned.actions == {first: "validated", second: "not adopted"}
    assert [e.what for e in tracker.trail(point)][-2:] == ["ActionSettled", "LessonLearned"]


def test_a_lesson_whose_only_action_was_not_adopted_is_not_learned(tracker):
    point = identify_lesson(tracker)
    action = raise_action(tracker, point)
    tracker.handle(RecordLearningActionNotAdopted(actor="cy", reference=action, rationale="cost"))
    assert tracker.load(LearningPoint, point).state == "being actioned"
    assert tracker.item(action).state == "not adopted"


def test_an_extension_without_approver_is_refused_through_the_application(tracker):
    action = raise_action(tracker, identify_lesson(tracker))
    before = tracker.position()
    with pytest.raises(RuleBroken, match="approved extension"):
        tracker.handle(
            ExtendLearningActionDueDate(actor="bo", reference=action, new_due_on="2021-06-30",
                                        approver="", reason="restructure")
        )  # fmt: skip
    assert tracker.position() == before
    tracker.handle(
        ExtendLearningActionDueDate(actor="bo", reference=action, new_due_on="2021-06-30",
                                    approver="ward", reason="restructure")
    )  # fmt: skip
    assert tracker.item(action).due_on == date(2021, 6, 30)


def test_a_reassignment_on_a_stale_copy_is_refused_as_a_conflict(tracker):
    action = raise_action(tracker, identify_lesson(tracker))
    tracker.handle(NoteLearningActionProgress(actor="bo", reference=action, note="begun"))
    with pytest.raises(ConcurrentChange, match="LearningActionProgressNoted"):
        tracker.handle(
            ReassignLearningAction(actor="cy", reference=action, expected_version=1,
                                   new_owner="lee", reason="moved")
        )  # fmt: skip
    assert tracker.item(action).owner == "post:head-of-hr"
