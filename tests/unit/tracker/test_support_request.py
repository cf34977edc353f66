"""A support request's own rules (its every allowed and refused step: test_lifecycles.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from events.base import acting_as
from tests.cast import the_cast
from tests.lifecycles import AUTHORITY, REQUESTS, SIGNIFICANT, recording
from tracker.kernel.errors import (
    ConcurrentChange,
    IllegalStep,
    InvalidInput,
    RuleBroken,
)
from tracker.kernel.forum_decision import ForumDecision
from tracker.kernel.item_commands import AmendItem
from tracker.support.lifecycle import (
    ASSESS,
    ASSESSED,
    AUTHORISE,
    AUTHORISED,
    CLOSE,
    CLOSED,
    DEFERRED,
    DEFERRED_BY_RTTCG,
    EMERGENCY_ROUTE,
    LIST,
    LISTED,
    MONITORED,
    NOT_RATIFIED,
    NOT_RATIFY,
    NOT_SUPPORTED,
    RATIFY,
    RECEIVED,
    RECEIVED_BY_EMERGENCY_ROUTE,
    REFERRED_TO_RIG,
    REFERRED_TO_RTTCG,
    REVIEW_MONITORING,
    SUPPORT,
    WEEKLY_MEETING,
)

TAKE = REQUESTS.take
a_request = REQUESTS.at


def test_the_steps_offered_after_assessment_follow_the_impact_found():
    with acting_as("bo"):
        significant, routine = a_request("assessed"), a_request("assessed")
        significant.assess(significant_impact=True, note="commits most surveillance capacity")
        routine.assess(significant_impact=False, note="within capacity")
    assert "refer to RIG" in significant.allowed_steps()
    assert "list for weekly tasking meeting" not in significant.allowed_steps()
    assert "list for weekly tasking meeting" in routine.allowed_steps()
    assert "refer to RIG" not in routine.allowed_steps()


def test_a_gateway_request_cannot_be_authorised_by_the_emergency_route():
    with acting_as("bo"), pytest.raises(IllegalStep) as refused:
        TAKE[AUTHORISE](a_request(RECEIVED))
    assert refused.value.allowed == [ASSESS]


@pytest.mark.parametrize("step", [ASSESS, LIST, SUPPORT, RATIFY, NOT_RATIFY])
def test_an_emergency_request_is_authorised_before_anything_else(step):
    with acting_as("bo"), pytest.raises(IllegalStep) as refused:
        TAKE[step](a_request(RECEIVED_BY_EMERGENCY_ROUTE))
    assert refused.value.allowed == [AUTHORISE]


def test_an_emergency_authorisation_records_who_in_which_role_when_and_why():
    request = a_request(AUTHORISED)
    assert (request.authorised_by, request.authorised_as) == ("shaw", "on-call duty officer")
    assert request.authorised_at.isoformat() == "2026-10-05T22:10:00+00:00"
    assert request.authorisation_reason == "threat to life overnight"


def test_a_ratified_emergency_request_is_monitored_under_the_meeting_decision():
    request = a_request(AUTHORISED)
    with acting_as("bo"):
        request.ratify(meeting_on="2026-10-07", rationale="ok", decision_reference="wtm-4")
    assert (request.state, request.decision, request.decision_reference) == (
        MONITORED,
        "ratified",
        "WTM-4",
    )


def test_an_emergency_request_not_ratified_ends_in_its_own_closed_state():
    request = a_request(NOT_RATIFIED)
    assert request.is_closed and request.decided_by == "weekly tasking meeting"


def test_authorisation_is_dated_in_london_and_cannot_precede_receipt():
    request = a_request(RECEIVED_BY_EMERGENCY_ROUTE)
    with acting_as("bo"):
        with pytest.raises(RuleBroken, match="before the request was received"):
            request.authorise("shaw", "Head of Intelligence", "2026-10-04T22:59+00:00", "x")
        # 23:30 UTC on the 4th is 00:30 on the 5th in London (BST): the day it arrived.
        request.authorise("shaw", "Head of Intelligence", "2026-10-04T23:30+00:00", "x")
    assert request.state == AUTHORISED


def test_ratification_at_a_meeting_before_the_authorisation_is_refused():
    request = a_request(AUTHORISED)
    with acting_as("bo"), pytest.raises(RuleBroken, match="came before the emergency"):
        request.not_ratify(
            meeting_on="2026-10-04", rationale="too early", decision_reference="WTM-1"
        )
    assert request.collect_events() == []


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("authorised_as", "Head of ROCU", "must be one of"),
        ("authorised_at", "2026-10-05T22:10", "time zone"),
        ("authorised_at", "tonight", "YYYY-MM-DDTHH:MM"),
        ("authorised_by", "", "is required"),
        ("reason", " ", "is required"),
    ],
)
def test_bad_authorisation_input_is_refused_with_the_field_named(field, value, problem):
    request = a_request(RECEIVED_BY_EMERGENCY_ROUTE)
    with acting_as("bo"), pytest.raises(InvalidInput) as refused:
        request.authorise(**(AUTHORITY | {field: value}))
    assert refused.value.field == field and problem in str(refused.value)
    assert request.collect_events() == []


def test_a_significant_request_goes_to_the_rig_not_the_weekly_meeting():
    request = a_request(ASSESSED, SIGNIFICANT)
    with acting_as("bo"), pytest.raises(RuleBroken, match="refer it to the RIG"):
        request.list_for_meeting(meeting_on="2026-10-07")
    assert request.collect_events() == []


def test_a_request_without_significant_impact_is_not_referred_to_the_rig():
    request = a_request(ASSESSED)
    with acting_as("bo"), pytest.raises(RuleBroken, match="no significant impact"):
        request.refer_to_rig(note="just in case")
    assert request.collect_events() == []


def test_assessing_again_corrects_the_assessment_before_anything_follows():
    request = a_request(ASSESSED)
    with acting_as("bo"):
        request.assess(significant_impact=True, note="needs the covert unit after all")
        request.refer_to_rig(note="covert capability")
    assert (request.state, request.assessment) == (
        REFERRED_TO_RIG,
        "needs the covert unit after all",
    )


def test_significance_must_be_a_yes_or_no():
    request = a_request(RECEIVED)
    with acting_as("bo"), pytest.raises(InvalidInput) as refused:
        request.assess(significant_impact="no", note="x")
    assert refused.value.field == "significant_impact"


def test_a_request_is_not_listed_for_a_meeting_before_it_arrived():
    request = a_request(ASSESSED)
    with acting_as("bo"), pytest.raises(RuleBroken, match="before the request was received"):
        request.list_for_meeting(meeting_on="2026-10-01")


def test_a_deferred_request_is_listed_again_for_a_later_meeting_only():
    request = a_request(DEFERRED)
    deferred_at = request.meeting_on
    with acting_as("bo"):
        with pytest.raises(RuleBroken, match="list it for a later meeting"):
            request.list_for_meeting(meeting_on=deferred_at)
        request.list_for_meeting(meeting_on=date(2027, 10, 12), note="capacity now free")
    assert (request.state, request.meeting_on) == (LISTED, date(2027, 10, 12))


def taken(forum: str, outcome: str, reference: str = "RTTCG-3") -> ForumDecision:
    return ForumDecision(reference=reference, forum=forum, outcome=outcome,
                         decided_on=date(2026, 10, 20), rationale="Weighed.")  # fmt: skip


@pytest.mark.parametrize(
    ("state", "forum", "outcome", "moved_to", "decision"),
    [
        (LISTED, WEEKLY_MEETING, "approved", MONITORED, "supported"),
        (LISTED, WEEKLY_MEETING, "approved with conditions", MONITORED, "partly supported"),
        (LISTED, WEEKLY_MEETING, "declined", NOT_SUPPORTED, "not supported"),
        (LISTED, WEEKLY_MEETING, "deferred", DEFERRED, "deferred"),
        (REFERRED_TO_RTTCG, "RTTCG", "approved", MONITORED, "supported"),
        (REFERRED_TO_RTTCG, "RTTCG", "deferred", DEFERRED_BY_RTTCG, "deferred"),
        (AUTHORISED, WEEKLY_MEETING, "approved", MONITORED, "ratified"),
        (AUTHORISED, WEEKLY_MEETING, "declined", NOT_RATIFIED, "not ratified"),
    ],
)
def test_the_decision_of_the_forum_it_awaits_moves_the_request(
    state, forum, outcome, moved_to, decision
):
    request = a_request(state)
    with acting_as("bo"):
        assert request.take_decision(taken(forum, outcome, reference="D-7")) is True
    assert (request.state, request.decision, request.decided_by) == (moved_to, decision, forum)
    assert (request.decision_reference, request.rationale) == ("D-7", "Weighed.")
    assert request.meeting_on == date(2026, 10, 20)


@pytest.mark.parametrize(
    ("state", "forum", "awaited"),
    [(LISTED, "RTTCG", WEEKLY_MEETING), (REFERRED_TO_RTTCG, WEEKLY_MEETING, "RTTCG"),
     (AUTHORISED, "Gold command meeting", WEEKLY_MEETING)],
)  # fmt: skip
def test_a_decision_of_another_forum_than_the_one_it_awaits_is_refused(state, forum, awaited):
    request = a_request(state)
    with acting_as("bo"), pytest.raises(RuleBroken, match=f"awaits the decision of the {awaited}"):
        request.take_decision(taken(forum, "approved"))
    assert request.collect_events() == [] and request.state == state


def test_an_emergency_authorisation_cannot_be_deferred():
    request = a_request(AUTHORISED)
    with acting_as("bo"), pytest.raises(RuleBroken, match="cannot be deferred"):
        request.take_decision(taken(WEEKLY_MEETING, "deferred"))
    assert request.state == AUTHORISED


@pytest.mark.parametrize("state", [RECEIVED, ASSESSED, REFERRED_TO_RIG, MONITORED, CLOSED])
def test_a_decision_about_a_request_that_awaits_none_moves_nothing(state):
    request = a_request(state)
    with acting_as("bo"):
        assert request.take_decision(taken("RTTCG", "approved")) is False
    assert request.collect_events() == [] and request.state == state


def test_a_decision_step_names_its_decision_record():
    request = a_request(REFERRED_TO_RTTCG)
    with acting_as("bo"), pytest.raises(InvalidInput) as refused:
        request.decide(outcome="supported", rationale="priority", decision_reference="",
                       decided_on="2026-10-20")  # fmt: skip
    assert refused.value.field == "decision_reference"


def test_an_unknown_outcome_is_refused_with_the_field_named():
    with acting_as("bo"), pytest.raises(InvalidInput) as refused:
        a_request(LISTED).decide(outcome="approved", rationale="x", decision_reference="WTM-1",
                                 decided_on="2026-10-20")  # fmt: skip
    assert refused.value.field == "outcome"


@pytest.mark.parametrize("step", [RATIFY, NOT_RATIFY])
def test_a_ratification_without_rationale_is_refused(step):
    request = a_request(AUTHORISED)
    with acting_as("bo"), pytest.raises(InvalidInput, match="rationale: is required"):
        getattr(request, step.replace(" ", "_"))(
            meeting_on="2026-10-07", rationale="", decision_reference="WTM-1"
        )


def test_a_monitoring_review_sets_the_next_review_a_week_on_unless_told():
    request = a_request(MONITORED)
    with acting_as("hoi"):
        request.review_monitoring(note="on track", reviewed_on="2026-10-14")
        assert request.next_review == date(2026, 10, 21)
        request.review_monitoring("slipping", "2026-10-21", next_review="2026-10-24")
    assert (request.next_review, request.reviews) == (date(2026, 10, 24), ("on track", "slipping"))


def test_a_next_review_not_after_the_review_is_refused():
    request = a_request(MONITORED)
    with acting_as("hoi"), pytest.raises(RuleBroken, match="must come after"):
        request.review_monitoring("x", reviewed_on="2026-10-14", next_review="2026-10-14")


def test_closing_needs_an_outcome():
    request = a_request(MONITORED)
    with acting_as("bo"), pytest.raises(InvalidInput, match="outcome: is required"):
        request.close(outcome="")
    assert request.state == MONITORED


@pytest.mark.parametrize("field", ["title", "description", "requester", "marking"])
def test_the_recorded_text_and_marking_can_be_amended_with_a_reason(field):
    request = a_request(MONITORED)
    new_value = "OFFICIAL-SENSITIVE" if field == "marking" else "corrected"
    with acting_as("bo"):
        request.amend(field, new_value, reason="typed wrongly")
    assert getattr(request, field) == new_value


def test_the_channel_cannot_be_amended():
    with acting_as("bo"), pytest.raises(InvalidInput, match="amendable: title"):
        a_request().amend("channel", EMERGENCY_ROUTE, reason="x")


# -- through the application ----------------------------------------------------------------


def test_requests_are_numbered_in_their_own_series(tracker):
    assert [REQUESTS.recorded(tracker), REQUESTS.recorded(tracker)] == ["SR-1", "SR-2"]
    assert tracker.item("SR-2").state == RECEIVED


def a_decision_of(
    tracker, forum: str, about: str = "", outcome: str = "approved", **changes
) -> str:
    return tracker.handle(
        recording(forum=forum, subject_reference=about, outcome=outcome, **changes)
    ).reference


def test_an_emergency_request_is_authorised_then_ratified_monitored_and_closed(tracker):
    ref = REQUESTS.recorded(tracker, AUTHORISED)
    for _ in range(3):
        a_decision_of(tracker, "weekly tasking meeting")  # about other things
    REQUESTS.give(tracker, RATIFY, ref, action_chosen="Justified; continue.")
    REQUESTS.give(tracker, REVIEW_MONITORING, ref, note="ongoing", reviewed_on="2026-10-14")
    done = REQUESTS.give(tracker, CLOSE, ref, outcome="seizure of firearms")
    request = tracker.item(ref)
    assert (request.state, request.decision_reference, done.version) == (CLOSED, "WTM-4", 5)
    assert request.rationale == "Justified; continue."
    assert [e.what for e in tracker.trail(ref)][1:3] == [
        "SupportRequestAuthorised",
        "SupportRequestRatified",
    ]


def test_an_emergency_request_not_ratified_ends_the_support(tracker):
    ref = REQUESTS.recorded(tracker, NOT_RATIFIED)
    assert tracker.item(ref).state == NOT_RATIFIED and tracker.item(ref).is_closed


def test_the_rttcg_decision_about_a_referred_request_settles_it_in_one_transaction(tracker):
    the_cast(tracker)  # before counting what is recorded
    ref = REQUESTS.recorded(tracker, REFERRED_TO_RTTCG)
    before = tracker.position()
    decided_at = datetime(2026, 11, 5, 23, 30, tzinfo=UTC)  # 5 November, in London too
    decision = a_decision_of(tracker, "RTTCG", about=ref, outcome="declined",
                             decided_at=decided_at, retrospective_reason="From the minutes.")  # fmt: skip
    request = tracker.item(ref)
    assert (request.state, request.decided_by, request.decision_reference) == (
        NOT_SUPPORTED,
        "RTTCG",
        decision,
    )
    assert request.meeting_on == date(2026, 11, 5)
    assert [e.what for e in tracker.trail(ref)][-1] == "SupportRequestDecided"
    recorded = [n.topic for n in tracker.notification_log.select(start=before + 1, limit=9)]
    assert {"DecisionRecorded", "SupportRequestDecided"} <= set(recorded)


def test_a_decision_the_request_refuses_is_not_recorded_either(tracker):
    the_cast(tracker)  # before counting what is recorded
    ref = REQUESTS.recorded(tracker, REFERRED_TO_RTTCG)
    before = tracker.position()
    with pytest.raises(RuleBroken, match="WTM-1 is a decision of the weekly tasking meeting"):
        a_decision_of(tracker, "weekly tasking meeting", about=ref)
    assert tracker.position() == before
    assert tracker.item(ref).state == REFERRED_TO_RTTCG
    # The number was not used up.
    assert a_decision_of(tracker, "weekly tasking meeting") == "WTM-1"


def test_a_refused_command_records_nothing(tracker):
    ref = REQUESTS.recorded(tracker)
    with pytest.raises(IllegalStep, match="cannot authorise by emergency route"):
        REQUESTS.give(tracker, AUTHORISE, ref)
    assert [e.what for e in tracker.trail(ref)] == ["SupportRequestReceived"]


def test_a_change_since_the_user_loaded_the_request_is_reported(tracker):
    ref = REQUESTS.recorded(tracker)
    tracker.handle(AmendItem(actor="bo", reference=ref, field="requester", new_value="West Mercia",
                             reason="misread"))  # fmt: skip
    with pytest.raises(ConcurrentChange, match="bo recorded ItemAmended"):
        REQUESTS.give(tracker, ASSESS, ref, expected_version=1, note="x")


def test_an_emergency_authorisation_is_given_by_whoever_holds_the_post_it_is_given_as(tracker):
    from tests.cast import person, post
    from tracker.kernel.errors import InvalidInput
    from tracker.support.commands import AuthoriseSupportRequest

    the_cast(tracker)
    first, second = (REQUESTS.recorded(tracker, RECEIVED_BY_EMERGENCY_ROUTE) for _ in range(2))
    # Where the region has no such post, the capacity stands as stated.
    tracker.handle(AuthoriseSupportRequest(actor="console:test", reference=first, **AUTHORITY))
    person(tracker, "duty", "Insp Duty")
    post(tracker, "on-call-duty-officer", "On-call duty officer", holder="duty")
    before = tracker.position()
    with pytest.raises(InvalidInput) as refused:
        tracker.handle(AuthoriseSupportRequest(actor="console:test", reference=second,
                                               **AUTHORITY))  # fmt: skip
    assert refused.value.field == "authorised_as"
    assert "shaw does not hold the post On-call duty officer (held by duty)" in str(refused.value)
    assert tracker.position() == before
    given = AUTHORITY | {"authorised_by": "post:on-call-duty-officer"}  # its holder, now
    tracker.handle(AuthoriseSupportRequest(actor="console:test", reference=second, **given))
    assert tracker.item(second).authorised_by == "duty"
