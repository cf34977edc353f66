"""The tasking lifecycle: every allowed and every refused step, and its rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.base import acting_as
from tests.unit.tracker.lifecycle_properties import (
    allowed_transitions,
    check_allowed_step,
    check_random_steps,
    check_refused_step,
    refused_transitions,
    step_sequences,
)
from tracker.kernel.errors import InvalidInput, RuleBroken
from tracker.tasking.tasking import (
    ACCEPT,
    COMPLETE,
    DECLINE,
    DIRECTION,
    LIFECYCLE,
    PRESENT,
    REFER_BACK,
    REPORT_BACK,
    REPORT_PROGRESS,
    REQUEST,
    Tasking,
)

RECEIPT = dict(
    marking="OFFICIAL",
    nca_reference="NCA/2026/114",
    received_on="2026-10-05",
    title="National policing standards for organised immigration crime",
    description="Adopt the national standards across the region.",
    assists_nca_functions="Improves the national intelligence picture of OIC.",
    threat_area="organised immigration crime and modern slavery",
    lead_officer="DCI Patel",
    resourcing="business as usual",
)

# Each step with arguments that satisfy its rules, so only the lifecycle decides.
TAKE = {
    PRESENT: lambda t: t.present(meeting_on="2026-10-20", note="first RTTCG"),
    ACCEPT: lambda t: t.accept(rationale="fits the regional control strategy"),
    DECLINE: lambda t: t.decline(rationale="no capability"),
    REFER_BACK: lambda t: t.refer_back(rationale="needs a clearer requirement"),
    REPORT_PROGRESS: lambda t: t.report_progress(
        update="haulage ops run", reported_on="2026-11-17"
    ),
    COMPLETE: lambda t: t.complete(outcome="standards adopted by all four forces"),
    REPORT_BACK: lambda t: t.report_back(report="sent to the NCA", reported_on="2026-12-01"),
}
# A shortest path of steps from receipt to each state.
PATHS = {
    "received": [],
    "presented to RTTCG": [PRESENT],
    "accepted": [PRESENT, ACCEPT],
    "in progress": [PRESENT, ACCEPT, REPORT_PROGRESS],
    "completed": [PRESENT, ACCEPT, COMPLETE],
    "reported back": [PRESENT, ACCEPT, COMPLETE, REPORT_BACK],
    "declined": [DECLINE],
    "referred back": [REFER_BACK],
}


def a_tasking(state: str = "received", basis: str = REQUEST) -> Tasking:
    with acting_as("ana"):
        tasking = Tasking.receive("TSK-1", basis=basis, **RECEIPT)
        for step in PATHS[state]:
            TAKE[step](tasking)
    tasking.collect_events()
    return tasking


def test_every_state_has_a_path_and_every_step_an_example():
    assert set(PATHS) == set(LIFECYCLE)
    assert {s for steps in LIFECYCLE.values() for s in steps} == set(TAKE)


@pytest.mark.parametrize(("state", "step"), allowed_transitions(LIFECYCLE))
def test_an_allowed_step_moves_the_tasking_on(state, step):
    [_] = check_allowed_step(a_tasking(state), TAKE, LIFECYCLE, state, step, "bo")


@pytest.mark.parametrize(
    ("state", "step"),
    refused_transitions(LIFECYCLE, TAKE),
)
def test_a_step_not_allowed_is_refused_naming_item_state_and_allowed_steps(state, step):
    refused = check_refused_step(a_tasking(state), TAKE, state, step, "TSK-1", "bo")
    assert refused.allowed == sorted(LIFECYCLE[state])


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


@pytest.mark.parametrize("step", [ACCEPT, DECLINE, REFER_BACK])
def test_a_decision_without_rationale_is_refused(step):
    tasking = a_tasking("presented to RTTCG")
    with acting_as("bo"), pytest.raises(InvalidInput, match="rationale: is required"):
        getattr(tasking, step.replace(" ", "_"))(rationale="  ")


def test_a_request_must_say_how_it_assists_the_nca_but_a_direction_need_not():
    receipt = RECEIPT | {"assists_nca_functions": ""}
    with acting_as("ana"):
        with pytest.raises(InvalidInput, match="assists_nca_functions"):
            Tasking.receive("TSK-1", basis=REQUEST, **receipt)
        assert Tasking.receive("TSK-2", basis=DIRECTION, **receipt).state == "received"


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("title", "", "is required"),
        ("title", "x" * 201, "limit is 200"),
        ("received_on", "05/10/2026", "YYYY-MM-DD"),
        ("marking", "SECRET", "must be one of"),
        ("resourcing", "some", "must be one of"),
        ("description", 42, "must be text"),
    ],
)
def test_bad_receipt_input_is_refused_with_the_field_named(field, value, problem):
    with acting_as("ana"), pytest.raises(InvalidInput) as refused:
        Tasking.receive("TSK-1", basis=REQUEST, **(RECEIPT | {field: value}))
    assert refused.value.field == field and problem in str(refused.value)


def test_requirements_are_placed_per_force_of_the_region():
    tasking = a_tasking()
    with acting_as("ana"):
        tasking.place_requirements("Warwickshire", ["proactive haulage operations"])
        with pytest.raises(InvalidInput, match="force"):
            tasking.place_requirements("Kent", ["x"])
    assert tasking.requirements == {"Warwickshire": ("proactive haulage operations",)}


@settings(max_examples=60, deadline=None)
@given(chosen=step_sequences(TAKE), basis=st.sampled_from([REQUEST, DIRECTION]))
def test_random_steps_keep_the_tasking_in_its_lifecycle_and_replay_identically(chosen, basis):
    check_random_steps(
        lambda: Tasking.receive("TSK-9", basis=basis, **RECEIPT), TAKE, LIFECYCLE, chosen
    )


def test_a_direction_is_not_offered_decline_or_refer_back():
    assert a_tasking(basis=DIRECTION).allowed_steps() == (PRESENT,)
    assert a_tasking(basis=REQUEST).allowed_steps() == (PRESENT, DECLINE, REFER_BACK)
