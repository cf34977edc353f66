"""A tasking's own rules (its every allowed and refused step: test_lifecycles.py)."""

from __future__ import annotations

from datetime import date

import pytest

from events.base import acting_as
from tests.lifecycles import TASKING_RECEIPT as RECEIPT
from tests.lifecycles import TASKINGS
from tracker.kernel.errors import InvalidInput, RuleBroken
from tracker.kernel.forum_decision import ForumDecision
from tracker.tasking.lifecycle import ACCEPT, DECLINE, DIRECTION, PRESENT, REFER_BACK, REQUEST
from tracker.tasking.tasking import Tasking

TAKE = TASKINGS.take
a_tasking = TASKINGS.at


@pytest.mark.parametrize("step", [DECLINE, REFER_BACK])
def test_a_direction_cannot_be_declined_or_referred_back(step):
    tasking = a_tasking(basis=DIRECTION)
    with acting_as("bo"), pytest.raises(RuleBroken, match=r"direction under s\.5"):
        TAKE[step](tasking)
    assert tasking.collect_events() == []


def test_a_representation_is_recorded_about_a_direction_but_not_a_request():
    direction = a_tasking(basis=DIRECTION)
    with acting_as("bo"):
        direction.record_representation("Capacity concerns in Q4", made_by="Head of ROCU")
        with pytest.raises(RuleBroken, match="declined or referred back"):
            a_tasking(basis=REQUEST).record_representation("x", made_by="y")
    assert direction.representations == ("Capacity concerns in Q4",)


@pytest.mark.parametrize("step", [ACCEPT, DECLINE])
def test_a_decision_without_rationale_is_refused(step):
    tasking = a_tasking("presented to RTTCG")
    with acting_as("bo"), pytest.raises(InvalidInput, match="rationale: is required"):
        getattr(tasking, step)(
            rationale="  ", decision_reference="RTTCG-1", decided_on="2026-11-05"
        )


def test_a_referral_back_without_rationale_is_refused():
    tasking = a_tasking("presented to RTTCG")
    with acting_as("bo"), pytest.raises(InvalidInput, match="rationale: is required"):
        tasking.refer_back(rationale="  ")


def rttcg(outcome: str, forum: str = "RTTCG") -> ForumDecision:
    return ForumDecision(reference="RTTCG-4", forum=forum, outcome=outcome,
                         decided_on=date(2026, 11, 5), rationale="Fits the strategy.")  # fmt: skip


@pytest.mark.parametrize(
    ("outcome", "state"),
    [("approved", "accepted"), ("approved with conditions", "accepted"), ("declined", "declined")],
)
def test_the_rttcgs_decision_accepts_or_declines_a_presented_tasking(outcome, state):
    tasking = a_tasking("presented to RTTCG")
    with acting_as("bo"):
        assert tasking.take_decision(rttcg(outcome)) is True
    [event] = tasking.collect_events()
    assert tasking.state == state
    assert (event.decision_reference, event.decided_on) == ("RTTCG-4", date(2026, 11, 5))
    assert (tasking.rationale, tasking.decision_reference) == ("Fits the strategy.", "RTTCG-4")


def test_a_deferral_or_a_decision_about_a_tasking_under_way_moves_nothing():
    presented, under_way = a_tasking("presented to RTTCG"), a_tasking("in progress")
    with acting_as("bo"):
        assert presented.take_decision(rttcg("deferred")) is False
        assert under_way.take_decision(rttcg("declined")) is False
    assert presented.collect_events() == under_way.collect_events() == []


def test_a_decision_of_another_forum_cannot_accept_or_decline_a_tasking():
    tasking = a_tasking("presented to RTTCG")
    with acting_as("bo"), pytest.raises(RuleBroken, match="accepted or declined by the RTTCG"):
        tasking.take_decision(rttcg("approved", forum="Gold command meeting"))
    assert tasking.state == "presented to RTTCG"


def test_an_rttcg_decision_declining_a_direction_is_refused():
    direction = a_tasking("presented to RTTCG", basis=DIRECTION)
    with acting_as("bo"), pytest.raises(RuleBroken, match=r"direction under s\.5"):
        direction.take_decision(rttcg("declined"))


def test_a_request_must_say_how_it_assists_the_nca_but_a_direction_need_not():
    receipt = RECEIPT | {"assists_nca_functions": ""}
    with acting_as("ana"):
        with pytest.raises(InvalidInput, match="assists_nca_functions"):
            Tasking.receive("TSK-1", basis=REQUEST, **receipt)
        assert Tasking.receive("TSK-2", basis=DIRECTION, **receipt).state == "received"


def test_requirements_are_placed_per_force_of_the_region():
    tasking = a_tasking()
    with acting_as("ana"):
        tasking.place_requirements("Warwickshire", ["proactive haulage operations"])
        with pytest.raises(InvalidInput, match="force"):
            tasking.place_requirements("Kent", ["x"])
    [placed] = tasking.requirements.values()
    assert (placed.force, placed.owner) == ("Warwickshire", "post:soc-lead-warwickshire")
    assert [(r.number, r.text, r.status) for r in placed.requirements] == [
        (1, "proactive haulage operations", "not started")
    ]


def test_a_direction_is_not_offered_decline_or_refer_back():
    assert a_tasking(basis=DIRECTION).allowed_steps() == (PRESENT,)
    assert a_tasking(basis=REQUEST).allowed_steps() == (PRESENT, DECLINE, REFER_BACK)
