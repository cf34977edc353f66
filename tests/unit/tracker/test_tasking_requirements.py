"""A tasking's requirements on each force: their owner, and progress on each one."""

from __future__ import annotations

from datetime import date

import pytest

from events.base import acting_as
from tests.lifecycles import TASKINGS
from tracker.kernel.errors import InvalidInput, RuleBroken
from tracker.tasking.tasking import Tasking

TODAY = date(2026, 12, 1)
HAULAGE, CPD, RESPONSES = (
    "Run proactive haulage operations", "Make CPD available", "Guide initial responses",
)  # fmt: skip
MET = dict(status="met", note="Three operations run.", evidence="Results returns 31-33")


def placed(state: str = "accepted", owner: str = "") -> Tasking:
    """A tasking whose West Midlands requirements (haulage, CPD, responses) were placed on
    receipt, brought to ``state``."""
    tasking = TASKINGS.at()
    with acting_as("ana"):
        tasking.place_requirements("West Midlands", [HAULAGE, CPD, RESPONSES], owner=owner)
        for step in TASKINGS.paths[state]:
            TASKINGS.take[step](tasking)
    tasking.collect_events()
    return tasking


def report(tasking: Tasking, requirement: int = 1, **given: object) -> None:
    fields = dict(force="West Midlands", reported_on="2026-11-30") | MET | given
    with acting_as("ana"):
        tasking.report_requirement_progress(today=TODAY, requirement=requirement, **fields)


def standing_of(tasking: Tasking, force: str = "West Midlands") -> list[tuple]:
    return [(r.number, r.status) for r in tasking.requirements[force].requirements]


def test_a_forces_requirements_are_owned_by_its_soc_lead_unless_another_owner_is_named():
    assert placed().requirements["West Midlands"].owner == "post:soc-lead-west-midlands"
    assert placed(owner="a.patel").requirements["West Midlands"].owner == "a.patel"


def test_placing_again_without_an_owner_keeps_the_owner_named_before():
    tasking = placed(owner="a.patel")
    with acting_as("ana"):
        tasking.place_requirements("West Midlands", [HAULAGE])
    assert tasking.requirements["West Midlands"].owner == "a.patel"


def test_progress_on_a_requirement_records_its_status_note_evidence_day_and_counts():
    tasking = placed()
    report(tasking, operations=3, disruptions=0, arrests=5)
    [event] = tasking.collect_events()
    assert (event.force, event.requirement, event.wording, event.status) == (
        "West Midlands", 1, HAULAGE, "met",
    )  # fmt: skip
    assert (event.note, event.evidence, event.reported_on) == (
        "Three operations run.", "Results returns 31-33", date(2026, 11, 30),
    )  # fmt: skip
    assert (event.operations, event.disruptions, event.arrests) == (3, 0, 5)
    assert standing_of(tasking) == [(1, "met"), (2, "not started"), (3, "not started")]
    assert tasking.requirements["West Midlands"].standing == "1 met, 2 not started"
    assert tasking.state == "accepted"  # a force's progress is not a report to the RTTCG


def test_outcome_counts_add_up_over_a_requirements_reports_and_none_given_is_not_zero():
    tasking = placed()
    report(tasking, status="in progress", operations=1)
    report(tasking, operations=2, arrests=4)
    [haulage, cpd, _] = tasking.requirements["West Midlands"].requirements
    assert (haulage.operations, haulage.disruptions, haulage.arrests) == (3, None, 4)
    assert haulage.outcomes == "3 operations, 4 arrests"
    assert cpd.outcomes == ""


@pytest.mark.parametrize(
    ("given", "field", "says"),
    [
        ({"force": "Kent"}, "force", "must be one of West Midlands"),
        ({"force": "Warwickshire"}, "force", "no requirements are placed on Warwickshire"),
        ({"requirement": 4}, "requirement", "West Midlands has requirements 1 to 3; got 4"),
        ({"requirement": 0}, "requirement", "requirements 1 to 3"),
        ({"requirement": "1"}, "requirement", "requirements 1 to 3"),
        ({"status": "done"}, "status", "must be one of not started, in progress, met, not met"),
        ({"note": " "}, "note", "is required"),
        ({"evidence": ""}, "evidence", "required for a requirement met: say what shows it"),
        ({"reported_on": "2026-12-02"}, "reported_on", "still to come"),
        ({"reported_on": "2026-10-01"}, "reported_on", "before the tasking was received"),
        ({"reported_on": "30/11/2026"}, "reported_on", "YYYY-MM-DD"),
        ({"operations": -1}, "operations", "whole number from 0"),
        ({"disruptions": 2.5}, "disruptions", "whole number from 0"),
        ({"arrests": True}, "arrests", "whole number from 0"),
    ],
)
def test_a_report_with_bad_input_is_refused_saying_what_to_give(given, field, says):
    tasking = placed()
    with pytest.raises(InvalidInput, match=says) as refused:
        report(tasking, **given)
    assert refused.value.field == field
    assert tasking.collect_events() == []


def test_a_requirement_not_met_needs_no_evidence_but_a_note():
    tasking = placed()
    report(tasking, status="not met", note="No haulage capacity this quarter.", evidence="")
    assert standing_of(tasking)[0] == (1, "not met")


@pytest.mark.parametrize("state", ["received", "presented to RTTCG", "completed", "reported back"])
def test_requirements_take_progress_only_between_acceptance_and_completion(state):
    tasking = placed(state)
    with pytest.raises(RuleBroken, match=f"the tasking is '{state}'"):
        report(tasking)


@pytest.mark.parametrize("state", ["declined", "referred back"])
def test_a_tasking_declined_or_referred_back_takes_no_progress(state):
    tasking = TASKINGS.at(state)
    with acting_as("ana"), pytest.raises(RuleBroken, match="once the RTTCG has accepted"):
        tasking.report_requirement_progress(today=TODAY, force="West Midlands", requirement=1,
                                            reported_on="2026-11-30", **MET)  # fmt: skip


def test_placing_again_keeps_the_progress_of_each_requirement_still_listed():
    tasking = placed()
    report(tasking, requirement=1, operations=2)
    report(tasking, requirement=3, status="in progress", evidence="")
    with acting_as("ana"):
        # CPD goes, the haulage wording is respaced, responses move up, a new one joins.
        tasking.place_requirements(
            "West Midlands", [RESPONSES, " run proactive  haulage operations", "Brief partners"]
        )
    [responses, haulage, partners] = tasking.requirements["West Midlands"].requirements
    assert (responses.number, responses.status) == (1, "in progress")
    assert (haulage.number, haulage.status, haulage.operations) == (2, "met", 2)
    assert haulage.text == "run proactive  haulage operations"  # as placed now
    assert (partners.number, partners.status, partners.note) == (3, "not started", "")
    report(tasking, requirement=2, status="in progress", evidence="")  # by its new number
    assert standing_of(tasking)[1] == (2, "in progress")
