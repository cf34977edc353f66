"""The support request board on SQLite and PostgreSQL: exactly once, rebuilt, as at any moment."""

from __future__ import annotations

import random
from contextlib import suppress
from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests.integration.view_steps import caught_up_once, replayed_items, versioned_rows
from tests.lifecycles import EMERGENCY, REQUESTS, SIGNIFICANT, TASKINGS, recording
from tests.lifecycles import REQUEST_RECEIPT as RECEIPT
from tracker.cli.demo import load_demo
from tracker.kernel.clock import london_day, london_moment
from tracker.kernel.commands import Recorded
from tracker.kernel.errors import TrackerError
from tracker.kernel.item_commands import AmendItem, RecordReview
from tracker.service.application import Tracker
from tracker.support import lifecycle as sr
from tracker.support.board import SORTABLE, support_request_board, support_request_board_rows
from tracker.support.board_projection import SupportRequestBoardProjection
from tracker.support.request import SupportRequest
from tracker.views.projector import Projector


@pytest.fixture
def projector(projectors):
    """Makes projectors of this view for a tracker."""
    return lambda app: projectors(app, SupportRequestBoardProjection())


def board(projector: Projector, **query):
    return support_request_board_rows(projector.engine, sensitive_cleared=True, **query)


def by_reference(projector: Projector, **query):
    return {request.reference: request for request in board(projector, **query)}


def all_rows(projector: Projector) -> list[tuple]:
    return versioned_rows(projector.engine, support_request_board)


def receive(app: Tracker, **changes) -> str:
    return REQUESTS.recorded(app, **changes)


def give(app: Tracker, command: type, reference: str, **fields) -> Recorded:
    """Gives ``command`` on the item ``reference``, as a member of staff."""
    return app.handle(command(actor="bo", reference=reference, **fields))


def at_the_meeting(day: str) -> dict[str, object]:
    """A decision's fields for one taken at 10:00 in London on ``day``, entered since."""
    return dict(decided_at=london_moment(date.fromisoformat(day), time(10)),
                retrospective_reason="Entered after the meeting.")  # fmt: skip


def test_the_board_shows_each_support_request_as_its_events_say(app, projector):
    load_demo(app)
    views = projector(app)
    assert views.catch_up() > 0
    shown = by_reference(views)
    assert sorted(shown) == ["SR-1", "SR-2", "SR-3"]
    gateway, significant = shown["SR-1"], shown["SR-3"]
    assert (gateway.channel, gateway.state, gateway.decision) == ("gateway", "monitored",
                                                                  "supported")  # fmt: skip
    assert gateway.decision_reference == "WTM-1" and gateway.significant_impact is False
    assert gateway.next_review == app.item("SR-1").next_review is not None
    assert gateway.ratification == "" and gateway.authorised_by == ""
    assert (significant.state, significant.significant_impact) == ("referred to RTTCG", True)
    assert significant.decision == "" and significant.next_review is None
    assert views.lag() == {"support_request_board": 0}


def test_the_demos_emergency_request_is_authorised_and_awaits_ratification(app, projector):
    load_demo(app)
    views = projector(app)
    views.catch_up()
    emergency = by_reference(views)["SR-2"]
    assert (emergency.channel, emergency.state) == ("emergency route", sr.AUTHORISED)
    assert (emergency.ratification, emergency.authorised_by) == ("awaiting", "s.ellis")
    assert emergency.decision == "" and emergency.significant_impact is None
    assert emergency.marking == "OFFICIAL-SENSITIVE"


def test_a_ratified_or_not_ratified_emergency_request_shows_the_meetings_answer(app, projector):
    ratified = REQUESTS.recorded(app, sr.AUTHORISED, sr.RATIFY)
    refused = REQUESTS.recorded(app, sr.NOT_RATIFIED)
    gateway = receive(app)
    views = projector(app)
    views.catch_up()
    shown = by_reference(views)
    assert (shown[ratified].state, shown[ratified].ratification) == ("monitored", "ratified")
    assert shown[ratified].decision == "ratified" and shown[ratified].authorised_by == "shaw"
    assert (shown[refused].state, shown[refused].ratification) == ("not ratified", "not ratified")
    assert (shown[gateway].state, shown[gateway].ratification) == ("received", "")


def test_an_rttcg_decision_shows_its_outcome_and_decision_reference(app, projector):
    load_demo(app)
    decision = app.handle(recording(forum="RTTCG", subject_reference="SR-3",
                                    outcome="approved with conditions",
                                    conditions="Two forces only.")).reference  # fmt: skip
    views = projector(app)
    views.catch_up()
    significant = by_reference(views)["SR-3"]
    assert (significant.state, significant.decision) == ("monitored", "partly supported")
    assert significant.decision_reference == decision == "RTTCG-2"  # RTTCG-1 took the tasking


def test_a_monitoring_review_without_a_date_is_next_reviewed_a_week_later(app, projector):
    reference = REQUESTS.recorded(app, sr.MONITORED)
    REQUESTS.give(app, sr.REVIEW_MONITORING, reference, reviewed_on="2026-10-19")
    views = projector(app)
    views.catch_up()
    [request] = board(views)
    assert (request.state, request.next_review) == ("monitored", date(2026, 10, 26))
    REQUESTS.give(app, sr.CLOSE, reference, outcome="Operation ended.")
    views.catch_up()
    [request] = board(views)
    assert (request.state, request.next_review) == ("closed", None)
    assert request.closing_outcome == "Operation ended."


def test_catching_up_twice_or_from_a_new_process_counts_nothing_twice(app, store_url, projector):
    reference = receive(app)
    views = caught_up_once(
        app, store_url, projector, lambda: REQUESTS.give(app, SIGNIFICANT, reference)
    )
    assert [(r.state, r.significant_impact) for r in board(views)] == [("assessed", True)]
    assert len(all_rows(views)) == 2  # the receipt's row, closed, and the current one


def test_a_rebuild_from_the_events_alone_gives_identical_rows(app, projector):
    load_demo(app)
    give(app, AmendItem, "SR-1", field="requester", new_value="NCA OIC", reason="the team")
    REQUESTS.give(app, sr.RATIFY, "SR-2")
    views = projector(app)
    views.catch_up()
    before = all_rows(views)
    views.rebuild()
    assert all_rows(views) == before
    shown = by_reference(views)
    assert shown["SR-1"].amended and shown["SR-1"].requester == "NCA OIC"
    assert shown["SR-2"].ratification == "ratified" and not shown["SR-2"].amended


def test_a_request_above_the_readers_clearance_is_never_on_their_board(app, projector):
    sensitive = receive(app, marking="OFFICIAL-SENSITIVE")
    official = receive(app)
    views = projector(app)
    views.catch_up()
    position = app.position()
    give(app, AmendItem, official, field="marking", new_value="OFFICIAL-SENSITIVE",
         reason="names a source")  # fmt: skip
    views.catch_up()

    def seen(**query) -> list[str]:
        rows = support_request_board_rows(views.engine, sensitive_cleared=False, **query)
        return [r.reference for r in rows]

    assert seen() == [] and seen(state="received") == []
    assert all(seen(sort=column) == [] for column in SORTABLE)
    assert seen(as_at_position=position) == []  # OFFICIAL then, but sensitive now
    assert [r.reference for r in board(views, as_at_position=position)] == [sensitive, official]
    assert [r.reference for r in board(views)] == [sensitive, official]


def test_the_board_filters_by_state_sorts_and_pages(app, projector):
    first, second, third = (receive(app, requester=name) for name in ("Zeta", "Alpha", "Mu"))
    REQUESTS.give(app, sr.ASSESS, second)
    views = projector(app)
    views.catch_up()
    assert [r.reference for r in board(views, state="assessed")] == [second]
    assert [r.reference for r in board(views, state="received")] == [first, third]
    assert [r.requester for r in board(views, sort="requester")] == ["Alpha", "Mu", "Zeta"]
    assert [r.reference for r in board(views, per_page=2, page=2)] == [third]


def test_an_unknown_sort_column_is_refused(app, projector):
    views = projector(app)
    with pytest.raises(ValueError, match="sort by one of"):
        board(views, sort="title; DROP TABLE support_request_board")


def test_amendments_and_reviews_of_other_items_leave_the_board_alone(app, projector):
    receive(app)
    tasking = TASKINGS.recorded(app)
    give(app, AmendItem, tasking, field="title", new_value="OIC", reason="shorter")
    give(app, RecordReview, tasking, note="ok", next_review="2026-12-01")
    views = projector(app)
    views.catch_up()
    assert len(all_rows(views)) == 1
    [request] = board(views)
    assert not request.amended and request.next_review is None


def take_a_random_step(app: Tracker, chooser: random.Random, reference: str, round_: int):
    """Gives a step the request allows now, or a review or an amendment, as a user might."""
    step = chooser.choice([*app.item(reference).allowed_steps(), "review", "amend"])
    day = date(2026, 10, 12) + timedelta(days=7 * round_)
    if step in (*sr.STEP_FOR_OUTCOME.values(), sr.RATIFY, sr.NOT_RATIFY):
        REQUESTS.give(app, step, reference)  # the awaited forum's decision, which moves it
        return
    fields = {
        sr.ASSESS: dict(significant_impact=chooser.random() < 0.4),
        sr.LIST: dict(meeting_on=day),
        sr.REVIEW_MONITORING: dict(reviewed_on=day,
                                   next_review=chooser.choice([None, "2027-06-01"])),
        "review": dict(note="Looked at.", next_review=chooser.choice([None, "2026-12-01"])),
        "amend": dict(field="title", new_value=f"Title {round_}", reason="clearer"),
    }  # fmt: skip
    with suppress(TrackerError):  # a closed request is not reviewed; an amendment may repeat
        if step in ("review", "amend"):
            give(app, RecordReview if step == "review" else AmendItem, reference, **fields[step])
        else:
            REQUESTS.give(app, step, reference, **fields.get(step, {}))


def test_as_at_any_position_the_board_equals_a_replay_up_to_it(app, projector):
    chooser = random.Random(11)
    references = [receive(app, **chooser.choice([RECEIPT, EMERGENCY])) for _ in range(6)]
    for round_ in range(14):
        for reference in chooser.sample(references, k=4):
            take_a_random_step(app, chooser, reference, round_)
    views = projector(app)
    views.catch_up()
    final = {request.state for request in board(views)}
    assert len(final) >= 3, final  # the requests went different ways
    for position in chooser.sample(range(1, app.position() + 1), k=min(30, app.position())):
        expected = replayed_requests(app, position)
        rows = board(views, as_at_position=position)
        shown = {r.reference: board_line(r) for r in rows}
        assert shown == expected and len(rows) == len(shown), position  # one line per request


def board_line(r) -> tuple:
    return (r.state, r.version, r.next_review, r.decision, r.decision_reference,
            r.ratification, r.significant_impact, r.title, r.amended, r.authorised_by,
            r.closing_outcome)  # fmt: skip


def replayed_requests(app: Tracker, position: int) -> dict[str, tuple]:
    """Each support request as its events up to ``position`` make it, by replaying them."""
    requests = {}
    for request in replayed_items(app, position, SupportRequest):
        if not request.authorised_at:
            ratification = ""
        else:
            ratification = "awaiting" if request.state == sr.AUTHORISED else request.decision
        assessed = request.significant_impact if request.assessment else None
        amended = bool(getattr(request, "amendments", ()))
        requests[request.reference] = (
            request.state, request.version, request.next_review, request.decision,
            request.decision_reference, ratification, assessed, request.title, amended,
            request.authorised_by, request.outcome,
        )  # fmt: skip
    return requests


def test_as_at_a_moment_is_as_at_the_last_position_recorded_by_then(app, projector):
    before = datetime.now(UTC)
    reference = receive(app, **EMERGENCY)
    between = datetime.now(UTC)
    REQUESTS.give(app, sr.AUTHORISE, reference)
    views = projector(app)
    views.catch_up()
    assert board(views, as_at_position=app.position_at(before)) == []
    then = board(views, as_at_position=app.position_at(between))
    assert [(r.state, r.ratification) for r in then] == [("received by emergency route", "")]
    assert [(r.state, r.ratification) for r in board(views)] == [(sr.AUTHORISED, "awaiting")]


def recorded_on(app: Tracker, reference: str) -> date:
    """The day in the region the item's latest event was recorded."""
    return london_day(app.item(reference).modified_on)


def test_a_gateway_request_keeps_its_meeting_decision_day_and_weekly_review_due(app, projector):
    reference = REQUESTS.recorded(app, sr.LISTED)  # for the meeting on 12 October
    views = projector(app)

    def line() -> tuple:
        views.catch_up()
        [request] = board(views)
        return request.state, request.listed_for, request.decided_on, request.review_due

    assert line() == ("listed for weekly tasking meeting", date(2026, 10, 12), None, None)
    REQUESTS.give(app, sr.DEFER, reference, action_chosen="Next week.",
                  **at_the_meeting("2026-10-12"))  # fmt: skip
    assert line() == ("deferred", date(2026, 10, 12), None, None)  # a deferral decides nothing
    REQUESTS.give(app, sr.LIST, reference, meeting_on="2026-10-19")
    REQUESTS.give(app, sr.SUPPORT, reference, **at_the_meeting("2026-10-19"))
    decided = date(2026, 10, 19)  # the day the meeting decided, not the day it was entered
    assert line() == ("monitored", date(2026, 10, 19), decided, decided + timedelta(days=7))
    REQUESTS.give(app, sr.REVIEW_MONITORING, reference, reviewed_on="2026-10-26")
    assert line()[3] == date(2026, 11, 2)
    give(app, RecordReview, reference, note="Looked at.", next_review="2026-11-05")
    assert line()[3] == date(2026, 11, 5)
    give(app, RecordReview, reference, note="Looked at again.")
    assert line()[3] == recorded_on(app, reference) + timedelta(days=7)
    REQUESTS.give(app, sr.CLOSE, reference)
    assert line() == ("closed", date(2026, 10, 19), decided, None)


def test_an_emergency_request_is_due_for_ratification_within_a_week_of_its_authorisation(
    app, projector
):
    ratified, refused = receive(app, **EMERGENCY), receive(app, **EMERGENCY)
    for reference in (ratified, refused):  # at 00:30 in London
        REQUESTS.give(app, sr.AUTHORISE, reference, authorised_at="2026-10-05T23:30+00:00")
    views = projector(app)
    views.catch_up()
    for request in board(views):
        assert (request.authorised_on, request.review_due) == (date(2026, 10, 6),
                                                                date(2026, 10, 13))  # fmt: skip
    REQUESTS.give(app, sr.RATIFY, ratified, **at_the_meeting("2026-10-12"))
    REQUESTS.give(app, sr.NOT_RATIFY, refused, **at_the_meeting("2026-10-12"))
    views.catch_up()
    shown = by_reference(views)
    assert shown[ratified].decided_on == date(2026, 10, 12)  # the meeting's day
    assert shown[ratified].review_due == date(2026, 10, 19)  # weekly, from the meeting
    assert shown[refused].decided_on == date(2026, 10, 12)
    assert shown[refused].review_due is None
