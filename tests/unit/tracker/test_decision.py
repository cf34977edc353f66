"""Forums' decisions: numbering, the NDM rationale, retrospective entries, the lifecycle."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from events.base import acting_as
from tests.cast import the_cast
from tests.lifecycles import (
    CHOSEN,
    DECIDED_AT,
    DECISIONS,
    ENTRY,
    LATER,
    NOW,
    REJECTED,
    receive_tasking,
    recording,
    refused_input,
)
from tracker.decisions.commands import (
    ConcludeDecision,
    ConfirmDecision,
    PutDecisionUnderReview,
    RescindDecision,
    VaryDecision,
)
from tracker.decisions.decision import Decision
from tracker.decisions.lifecycle import CONCLUDE, PUT_UNDER_REVIEW, RESCIND, SUPERSEDE, VARY
from tracker.decisions.log_entry import OUTCOMES, RETROSPECTIVE_AFTER
from tracker.forums.standard_forums import STANDARD_FORUMS
from tracker.kernel.errors import (
    ConcurrentChange,
    IllegalStep,
    InvalidInput,
    ItemNotFound,
    RuleBroken,
    TrackerError,
)
from tracker.kernel.item_commands import AmendItem
from tracker.tasking.commands import PresentTasking
from tracker.tasking.lifecycle import DIRECTION

a_decision = DECISIONS.at
LOGGED = ENTRY | {"series": "RTTCG"}  # the RTTCG's series, as the handler finds it


# -- the lifecycle --------------------------------------------------------------------------


def test_a_review_confirming_the_decision_returns_it_to_decided_with_both_notes():
    decision = a_decision("under review")
    with acting_as("bo"):
        decision.confirm(note="still right")
    assert decision.state == "decided"
    assert decision.review_notes == ("the NCA's guidance has changed", "still right")


def test_a_decision_may_be_varied_more_than_once_keeping_each_variation():
    decision = a_decision("varied")
    with acting_as("bo"):
        decision.vary(variation="Warwickshire too", rationale="capacity freed")
    assert decision.variations == (
        ("Staffordshire first", "capacity elsewhere"),
        ("Warwickshire too", "capacity freed"),
    )


@pytest.mark.parametrize(
    ("step", "call", "field"),
    [
        (PUT_UNDER_REVIEW, lambda d: d.put_under_review(note=" "), "note"),
        (VARY, lambda d: d.vary(variation="x", rationale=""), "rationale"),
        (VARY, lambda d: d.vary(variation="", rationale="x"), "variation"),
        (RESCIND, lambda d: d.rescind(reason=""), "reason"),
        (CONCLUDE, lambda d: d.conclude(note=""), "note"),
        (SUPERSEDE, lambda d: d.supersede(by="", forum="RTTCG", decided_at=LATER), "by"),
    ],
)
def test_a_later_step_without_its_reason_is_refused(step, call, field):
    decision = a_decision()
    with acting_as("bo"), pytest.raises(InvalidInput) as refused:
        call(decision)
    assert refused.value.field == field
    assert decision.collect_events() == []


def test_a_decision_of_another_forum_cannot_supersede_it():
    decision = a_decision()
    with acting_as("bo"), pytest.raises(RuleBroken, match="only a later decision of the RTTCG"):
        decision.supersede(by="WTM-4", forum="weekly tasking meeting", decided_at=LATER)
    assert decision.collect_events() == []


def test_a_decision_made_before_it_cannot_supersede_it():
    decision = a_decision()
    with acting_as("bo"), pytest.raises(RuleBroken, match="decided before RTTCG-1"):
        decision.supersede(by="RTTCG-2", forum="RTTCG", decided_at=DECIDED_AT - timedelta(1))
    assert decision.collect_events() == []


# -- what is recorded -----------------------------------------------------------------------


def test_a_recorded_decision_keeps_its_forum_number_recorder_and_rationale():
    with acting_as("loggist"):
        decision = Decision.record("RTTCG-12", now=NOW, **LOGGED)
    [event] = decision.collect_events()
    assert (event.forum, event.sequence_number, event.reference) == ("RTTCG", 12, "RTTCG-12")
    assert decision.recorder == "loggist" and decision.recorded_at == event.timestamp
    assert decision.decided_at == DECIDED_AT and decision.review_on == date(2026, 11, 11)
    assert decision.next_review == date(2026, 11, 11)
    assert decision.options_considered == (CHOSEN, REJECTED)
    assert (decision.state, decision.retrospective) == ("decided", False)


@pytest.mark.parametrize("forum", STANDARD_FORUMS, ids=lambda forum: forum.series)
def test_each_forum_numbers_its_decisions_in_its_own_series(forum):
    decision = a_decision(reference=f"{forum.series}-3", forum=forum.name, series=forum.series)
    assert (decision.forum, decision.sequence_number) == (forum.name, 3)


def test_a_reference_outside_the_forums_series_is_refused():
    with acting_as("ana"), pytest.raises(InvalidInput) as refused:
        Decision.record("WTM-1", now=NOW, **LOGGED)
    assert refused.value.field == "reference"


@pytest.mark.parametrize(
    "field",
    [
        "information_and_intelligence",
        "threat_and_risk",
        "powers_and_policy",
        "options_considered",
        "action_chosen",
        "review_on",
    ],
)
@pytest.mark.parametrize("missing", ["", None])
def test_every_element_of_the_ndm_rationale_is_required(field, missing):
    blank = [] if field == "options_considered" and missing == "" else missing
    assert refused_input(DECISIONS, **{field: blank}).field == field


@pytest.mark.parametrize(
    ("options", "field", "problem"),
    [
        ([CHOSEN, {"option": "Do nothing"}], "options_considered[1].rejected_because", "required"),
        ([CHOSEN, REJECTED, REJECTED], "options_considered[2].option", "repeats"),
        ([{"option": "", "rejected_because": "x"}], "options_considered[0].option", "required"),
        ([{"option": "x", "why": "y"}], "options_considered[0]", "unknown why"),
        (["Adopt"], "options_considered[0]", "must give the option"),
        ("Adopt", "options_considered", "must be a list"),
        ([REJECTED | {"option": f"o{i}"} for i in range(21)], "options_considered", "limit"),
    ],
)
def test_each_rejected_option_must_say_why_it_was_rejected(options, field, problem):
    refused = refused_input(DECISIONS, options_considered=options)
    assert refused.field == field and problem in str(refused)


def test_options_may_all_be_rejected_when_the_action_chosen_is_none_of_them():
    assert a_decision(options_considered=[REJECTED]).options_considered == (REJECTED,)


@pytest.mark.parametrize("outcome", [o for o in OUTCOMES if o != "approved with conditions"])
def test_each_outcome_without_conditions_is_recorded(outcome):
    assert a_decision(outcome=outcome).outcome == outcome


def test_an_approval_with_conditions_needs_the_conditions():
    with acting_as("ana"), pytest.raises(InvalidInput, match="conditions: is required"):
        Decision.record("RTTCG-1", now=NOW, **(LOGGED | {"outcome": "approved with conditions"}))
    decision = a_decision(outcome="approved with conditions", conditions="monthly returns")
    assert decision.conditions == "monthly returns"


def test_conditions_are_refused_for_an_outcome_without_conditions():
    assert refused_input(DECISIONS, conditions="monthly returns").field == "conditions"


# -- retrospective entries ------------------------------------------------------------------


def test_an_entry_recorded_13_hours_after_the_decision_without_a_reason_is_refused():
    with acting_as("ana"), pytest.raises(InvalidInput) as refused:
        Decision.record("RTTCG-1", now=DECIDED_AT + timedelta(hours=13), **LOGGED)
    assert refused.value.field == "retrospective_reason"
    assert "recorded 13 h after the decision" in str(refused.value)


def test_an_entry_recorded_13_hours_late_with_a_reason_is_flagged_retrospective():
    with acting_as("ana"):
        decision = Decision.record(
            "RTTCG-1", now=DECIDED_AT + timedelta(hours=13),
            retrospective_reason="the loggist was deployed overnight", **LOGGED,
        )  # fmt: skip
    assert decision.retrospective is True
    assert decision.retrospective_reason == "the loggist was deployed overnight"


def test_an_entry_recorded_within_12_hours_is_contemporaneous():
    decision_now = DECIDED_AT + RETROSPECTIVE_AFTER
    with acting_as("ana"):
        assert Decision.record("RTTCG-1", now=decision_now, **LOGGED).retrospective is False


def test_an_entry_the_user_marks_retrospective_needs_a_reason():
    with acting_as("ana"), pytest.raises(InvalidInput, match="marked retrospective") as refused:
        Decision.record("RTTCG-1", now=NOW, retrospective=True, **LOGGED)
    assert refused.value.field == "retrospective_reason"
    decision = a_decision(retrospective=True, retrospective_reason="written up from notes")
    assert decision.retrospective is True


def test_a_reason_for_a_late_entry_marks_it_retrospective():
    assert a_decision(retrospective_reason="written up from notes").retrospective is True


def test_a_decision_more_than_five_minutes_in_the_future_is_refused():
    with acting_as("ana"), pytest.raises(InvalidInput, match="future") as refused:
        Decision.record("RTTCG-1", now=DECIDED_AT - timedelta(minutes=6), **LOGGED)
    assert refused.value.field == "decided_at"
    with acting_as("ana"):  # a clock a little ahead is not the future
        Decision.record("RTTCG-1", now=DECIDED_AT - timedelta(minutes=4), **LOGGED)


# -- corrections ----------------------------------------------------------------------------


def test_a_correction_changes_an_amendable_field_with_a_reason():
    decision = a_decision()
    with acting_as("bo"):
        decision.amend("decision_maker", "ACC Smith", reason="Det Supt Jones only chaired")
        with pytest.raises(InvalidInput, match="limit is 200"):
            decision.amend("meeting", "x" * 201, reason="typo")
        with pytest.raises(InvalidInput, match="cannot be amended"):
            decision.amend("forum", "RIG", reason="wrong forum")
    assert decision.decision_maker == "ACC Smith"


# -- through the application ----------------------------------------------------------------


def test_two_forums_number_their_decisions_independently(tracker):
    references = [
        tracker.handle(recording(forum=forum)).reference
        for forum in ("RTTCG", "RTTCG", "weekly tasking meeting")
    ]
    assert references == ["RTTCG-1", "RTTCG-2", "WTM-1"]
    assert tracker.item("WTM-1").sequence_number == 1
    assert tracker.item("RTTCG-2").sequence_number == 2


def test_the_recorder_is_the_acting_user_and_the_entry_time_the_recording(tracker):
    before = datetime.now(UTC)
    tracker.handle(recording())
    decision = tracker.item("RTTCG-1")
    assert decision.recorder == "ana" and decision.recorded_at >= before


def test_a_late_entry_through_the_application_needs_its_reason(tracker):
    the_cast(tracker)
    before = tracker.position()
    late = datetime.now(UTC) - timedelta(hours=13)
    with pytest.raises(InvalidInput, match="retrospective_reason"):
        tracker.handle(recording(decided_at=late))
    assert tracker.position() == before
    tracker.handle(recording(decided_at=late, retrospective_reason="logged from notes"))
    assert tracker.item("RTTCG-1").retrospective is True


def test_a_new_decision_supersedes_an_earlier_one_and_both_record_the_link(tracker):
    tracker.handle(recording())
    recorded = tracker.handle(recording(supersedes="rttcg-1"))
    old, new = tracker.item("RTTCG-1"), tracker.item("RTTCG-2")
    assert (old.state, old.superseded_by) == ("superseded", "RTTCG-2")
    assert (new.state, new.supersedes) == ("decided", "RTTCG-1")
    assert recorded.reference == "RTTCG-2"
    assert [e.what for e in tracker.trail("RTTCG-1")][-1] == "DecisionSuperseded"


@pytest.mark.parametrize(
    ("setup", "supersedes", "refusal"),
    [
        ([], "RTTCG-7", ItemNotFound),
        ([{"forum": "weekly tasking meeting"}], "WTM-1", RuleBroken),
        ([{}, {"supersedes": "RTTCG-1"}], "RTTCG-1", IllegalStep),
    ],
    ids=["missing", "another forum", "already superseded"],
)
def test_a_supersession_that_cannot_be_made_records_nothing(tracker, setup, supersedes, refusal):
    the_cast(tracker)  # before counting what is recorded
    for changes in setup:
        tracker.handle(recording(**changes))
    position = tracker.position()
    with pytest.raises(refusal):
        tracker.handle(recording(supersedes=supersedes))
    assert tracker.position() == position
    # The number was not used up either.
    numbered = sum(1 for changes in setup if changes.get("forum") is None)
    assert tracker.handle(recording()).reference == f"RTTCG-{numbered + 1}"


def test_only_a_decision_can_be_superseded(tracker):
    receive_tasking(tracker, basis=DIRECTION)
    with pytest.raises(TrackerError, match="TSK-1 is a tasking, not a decision"):
        tracker.handle(recording(supersedes="TSK-1"))


def test_the_subject_of_a_decision_must_be_a_recorded_item(tracker):
    with pytest.raises(ItemNotFound):
        tracker.handle(recording(subject_reference="TSK-1"))
    receive_tasking(tracker, basis=DIRECTION)
    tracker.handle(PresentTasking(actor="bo", reference="TSK-1", meeting_on="2026-10-20"))
    tracker.handle(recording(subject_reference="tsk-1"))
    assert tracker.item("RTTCG-1").subject_reference == "TSK-1"


def test_a_decision_goes_through_its_lifecycle_by_commands(tracker):
    tracker.handle(recording())
    tracker.handle(PutDecisionUnderReview(actor="bo", reference="RTTCG-1", note="new intel"))
    tracker.handle(VaryDecision(actor="bo", reference="RTTCG-1", variation="v", rationale="r"))
    tracker.handle(PutDecisionUnderReview(actor="bo", reference="RTTCG-1", note="again"))
    tracker.handle(ConfirmDecision(actor="bo", reference="RTTCG-1", note="stands as varied"))
    tracker.handle(ConcludeDecision(actor="bo", reference="RTTCG-1", note="done"))
    assert tracker.item("RTTCG-1").state == "concluded"
    with pytest.raises(IllegalStep):
        tracker.handle(RescindDecision(actor="bo", reference="RTTCG-1", reason="late"))


def test_a_step_on_a_decision_changed_since_it_was_opened_is_refused(tracker):
    tracker.handle(recording())
    tracker.handle(AmendItem(actor="bo", reference="RTTCG-1", field="meeting",
                             new_value="RTTCG 15 Oct 2026", reason="wrong date"))  # fmt: skip
    with pytest.raises(ConcurrentChange, match="ItemAmended"):
        tracker.handle(
            RescindDecision(actor="cy", reference="RTTCG-1", reason="x", expected_version=1)
        )
    assert tracker.item("RTTCG-1").meeting == "RTTCG 15 Oct 2026"
