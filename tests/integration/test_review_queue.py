"""The review queue on SQLite and PostgreSQL: what is due, for whom, how late, within clearance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from tests.lifecycles import ACTIONS, DECISIONS, REQUESTS, TASKINGS
from tracker.cli.demo import load_demo
from tracker.decisions.register_projection import DecisionRegisterProjection
from tracker.kernel.item_commands import AmendItem, RecordReview
from tracker.learning.action import EXTEND, NOT_ADOPT
from tracker.learning.log import LearningLogProjection
from tracker.oversight.lateness import STATUSES, ReviewThresholds
from tracker.oversight.review_summary import ReviewCounts, review_summary
from tracker.oversight.reviews import SORTS, review_queue
from tracker.service.application import Tracker
from tracker.support.board_projection import SupportRequestBoardProjection
from tracker.support.lifecycle import CLOSED, MONITORED, NOT_RATIFIED
from tracker.tasking.board_projection import TaskingBoardProjection

SENSITIVE = "OFFICIAL-SENSITIVE"
DUE = date(2026, 12, 1)


def catch_up_boards(projectors, app: Tracker) -> Engine:
    """Catches the four boards the queries read up with ``app``; returns their engine."""
    views = projectors(app, TaskingBoardProjection(), SupportRequestBoardProjection(),
                       DecisionRegisterProjection(), LearningLogProjection())  # fmt: skip
    views.catch_up()
    return views.engine


@pytest.fixture
def caught_up(projectors):
    """Catches the boards up with a tracker; returns their engine."""
    return lambda app: catch_up_boards(projectors, app)


def give(app: Tracker, command: type, reference: str, **fields) -> str:
    return app.handle(command(actor="bo", reference=reference, **fields)).reference


def tasking(app: Tracker, **changes) -> str:
    """A tasking received on 5 October: due before the RTTCG on 2 November."""
    return TASKINGS.recorded(app, **changes)


def request(app: Tracker, **changes) -> str:
    return REQUESTS.recorded(app, **changes)


def monitored_request(app: Tracker, **changes) -> str:
    """A request supported at the weekly meeting of 12 October, so monitored."""
    return REQUESTS.recorded(app, MONITORED, **changes)


def action(app: Tracker, due_on: date = DUE, **overrides) -> str:
    """A learning action on a point of its own, overseen by the Gold recovery board."""
    return ACTIONS.recorded(app, due_on=due_on, **overrides)


def decision(app: Tracker, review_on: date, **changes) -> str:
    """A decision made an hour ago, to be reviewed on ``review_on`` (today or later)."""
    return DECISIONS.recorded(app, review_on=review_on, **changes)


def deciding(app: Tracker, *items: str) -> set[str]:
    """The forums' decisions that moved ``items``: each open, to be reviewed, itself."""
    return {getattr(app.item(item), "decision_reference", "") for item in items} - {""}


def queue(engine: Engine, today: date = DUE, **query) -> list:
    return review_queue(engine, sensitive_cleared=True, today=today, **query)


def references(entries) -> list[str]:
    return [entry.reference for entry in entries]


def test_the_demos_open_items_are_queued_by_due_date_with_owner_and_forum(app, caught_up, today):
    load_demo(app, today=today)
    entries = queue(caught_up(app), today=today)
    shown = {entry.reference: entry for entry in entries}
    assert sorted(shown) == ["LA-1", "LA-3", "MON-1", "RTTCG-1", "SR-1", "SR-2", "TSK-1",
                             "WTM-1"]  # not SR-3, LA-2  # fmt: skip
    assert [entry.due_on for entry in entries] == sorted(entry.due_on for entry in entries)
    late = shown["LA-3"]
    assert (late.kind, late.owner, late.forum) == ("learning action",
        "post:head-of-corporate-communications", "Gold recovery board")  # fmt: skip
    assert (late.due_on, late.status, late.days_overdue, late.escalation) == (
        today - timedelta(days=3), "overdue", 3, 1)  # fmt: skip
    monitored, emergency = shown["SR-1"], shown["SR-2"]
    assert (monitored.owner, monitored.forum, monitored.state) == (
        "post:head-of-intelligence", "HoI-ROCC monitoring meeting", "monitored")  # fmt: skip
    assert (monitored.due_on, monitored.status) == (today + timedelta(days=6), "due soon")
    assert (emergency.owner, emergency.state) == ("s.ellis", "authorised, awaiting "
                                                  "ratification")  # fmt: skip
    assert emergency.marking == SENSITIVE and emergency.status == "due soon"
    assert (shown["WTM-1"].kind, shown["WTM-1"].owner) == ("decision", "s.ellis")
    assert shown["WTM-1"].due_on == today + timedelta(days=7)
    noted = shown["MON-1"]  # the monitoring meeting noted SR-1's progress at its last sitting
    assert (noted.kind, noted.owner, noted.forum) == ("decision", "s.ellis",
                                                      "HoI-ROCC monitoring meeting")  # fmt: skip
    assert today < noted.due_on <= today + timedelta(days=7)  # a week after it sat
    acceptance = shown["RTTCG-1"]  # the RTTCG's decision that accepted TSK-1
    assert (acceptance.kind, acceptance.forum, acceptance.due_on) == (
        "decision", "RTTCG", today + timedelta(days=30))  # fmt: skip
    in_progress = shown["TSK-1"]
    assert (in_progress.owner, in_progress.forum) == ("a.patel", "RTTCG")
    assert (in_progress.due_on, in_progress.status, in_progress.escalation) == (
        today + timedelta(days=26), "upcoming", 0)  # fmt: skip


@pytest.mark.parametrize(
    ("today", "status", "days_overdue", "escalation"),
    [
        (DUE - timedelta(days=8), "upcoming", 0, 0),
        (DUE - timedelta(days=7), "due soon", 0, 0),
        (DUE - timedelta(days=1), "due soon", 0, 0),
        (DUE, "due", 0, 0),
        (DUE + timedelta(days=1), "overdue", 1, 1),
        (DUE + timedelta(days=28), "overdue", 28, 1),
        (DUE + timedelta(days=29), "overdue", 29, 2),
    ],
)
def test_status_and_escalation_follow_the_day_asked_about(
    app, caught_up, today, status, days_overdue, escalation
):
    action(app, DUE)
    [entry] = queue(caught_up(app), today=today)
    assert (entry.status, entry.days_overdue, entry.escalation) == (
        status, days_overdue, escalation)  # fmt: skip


def test_thresholds_set_when_an_item_is_due_soon_and_when_it_is_escalated(app, caught_up):
    action(app, DUE)
    engine = caught_up(app)
    quick = ReviewThresholds(due_soon_days=2, escalate_after_days=3)

    def seen(today: date) -> tuple:
        [entry] = queue(engine, today=today, thresholds=quick)
        return entry.status, entry.escalation

    assert seen(DUE - timedelta(days=3)) == ("upcoming", 0)
    assert seen(DUE - timedelta(days=2)) == ("due soon", 0)
    assert seen(DUE + timedelta(days=3)) == ("overdue", 1)
    assert seen(DUE + timedelta(days=4)) == ("overdue", 2)
    with pytest.raises(ValueError, match="zero or more"):
        ReviewThresholds(due_soon_days=-1)


def test_finished_items_never_appear(app, caught_up, today):
    open_ones = {tasking(app), monitored_request(app), action(app), decision(app, today)}
    finished = [TASKINGS.recorded(app, "declined"), TASKINGS.recorded(app, "completed"),
                REQUESTS.recorded(app, CLOSED), REQUESTS.recorded(app, NOT_RATIFIED)]  # fmt: skip
    open_ones |= deciding(app, *open_ones, *finished)  # five decisions, still to be reviewed
    assert len(open_ones) == 9
    request(app)  # received, not yet decided: on an agenda, not the review queue
    DECISIONS.recorded(app, "concluded", review_on=today)
    DECISIONS.recorded(app, "rescinded", review_on=today)
    ACTIONS.recorded(app, "validated")
    ACTIONS.recorded(app, "in progress", NOT_ADOPT)
    ACTIONS.recorded(app, "implemented")
    assert set(references(queue(caught_up(app), per_page=100))) == open_ones


def test_reviews_and_extensions_move_an_items_due_date(app, caught_up, today):
    first, second = action(app, DUE), decision(app, today + timedelta(days=3))
    ACTIONS.give(app, EXTEND, first, new_due_on=DUE + timedelta(days=30))
    give(app, RecordReview, second, note="Still needed.", next_review=today + timedelta(days=40))
    shown = {entry.reference: entry.due_on for entry in queue(caught_up(app), per_page=100)}
    assert shown == {first: DUE + timedelta(days=30), second: today + timedelta(days=40)}


def setup_owners_and_forums(app: Tracker) -> dict[str, str]:
    """Two taskings (due before the RTTCG on 17 November) and three actions, by name."""
    return {
        "patel": tasking(app, lead_officer="patel", received_on="2026-10-20"),
        "shaw": tasking(app, lead_officer="shaw", received_on="2026-10-20"),
        "zed early": action(app, DUE - timedelta(days=40), owner="zed"),
        "amy": action(app, DUE + timedelta(days=3), owner="amy", overseeing_board="RTTCG"),
        "zed late": action(app, DUE + timedelta(days=60), owner="zed"),
    }


def test_the_queue_filters_by_owner_forum_and_status(app, caught_up):
    made = setup_owners_and_forums(app)
    engine = caught_up(app)
    assert references(queue(engine, owner="zed")) == [made["zed early"], made["zed late"]]
    assert references(queue(engine, forum="RTTCG")) == [made["patel"], made["shaw"], made["amy"]]
    assert references(queue(engine, status="overdue")) == [made["zed early"], made["patel"],
                                                           made["shaw"]]  # fmt: skip
    assert references(queue(engine, status="due soon")) == [made["amy"]]
    assert queue(engine, owner="zed", status="due") == []
    with pytest.raises(ValueError, match="status is one of"):
        queue(engine, status="late")


def test_the_queue_sorts_and_pages(app, caught_up):
    made = setup_owners_and_forums(app)
    engine = caught_up(app)
    by_due = [made[n] for n in ("zed early", "patel", "shaw", "amy", "zed late")]
    assert references(queue(engine)) == by_due
    assert [e.owner for e in queue(engine, sort="owner")] == ["amy", "patel", "shaw",
                                                              "zed", "zed"]  # fmt: skip
    assert [e.escalation for e in queue(engine, sort="escalation")] == [2, 1, 1, 0, 0]
    assert [e.forum for e in queue(engine, sort="forum")][:3] == ["Gold recovery board"] * 2 + [
        "RTTCG"]  # fmt: skip
    assert references(queue(engine, per_page=2, page=2)) == by_due[2:4]
    assert references(queue(engine, per_page=2, page=3)) == by_due[4:]
    for sort in SORTS:
        assert sorted(references(queue(engine, sort=sort))) == sorted(by_due)
    with pytest.raises(ValueError, match="sort by one of"):
        queue(engine, sort="due_on; DROP TABLE tasking_board")


def test_the_summary_counts_each_owners_and_each_forums_reviews(app, caught_up):
    made = setup_owners_and_forums(app)
    give(app, RecordReview, made["shaw"], note="Reported.", next_review=DUE)
    engine = caught_up(app)
    by_owner = review_summary(engine, sensitive_cleared=True, today=DUE)
    assert by_owner == [
        ReviewCounts("amy", due_soon=1, due=0, overdue=0, escalated=0),
        ReviewCounts("patel", due_soon=0, due=0, overdue=1, escalated=0),
        ReviewCounts("shaw", due_soon=0, due=1, overdue=0, escalated=0),
        ReviewCounts("zed", due_soon=0, due=0, overdue=1, escalated=1),  # not the later one
    ]
    by_forum = review_summary(engine, sensitive_cleared=True, today=DUE, by="forum")
    assert by_forum == [
        ReviewCounts("Gold recovery board", due_soon=0, due=0, overdue=1, escalated=1),
        ReviewCounts("RTTCG", due_soon=1, due=1, overdue=1, escalated=0),
    ]
    with pytest.raises(ValueError, match="by owner or by forum"):
        review_summary(engine, sensitive_cleared=True, today=DUE, by="kind")


def test_a_sensitive_item_is_neither_listed_nor_counted_for_an_uncleared_reader(
    app, caught_up, today
):
    sensitive = {
        tasking(app, marking=SENSITIVE),
        monitored_request(app, marking=SENSITIVE),
        decision(app, today, marking=SENSITIVE),
        action(app, marking=SENSITIVE),
    }
    official = {tasking(app), monitored_request(app), decision(app, today), action(app)}
    # The weekly meeting's decision that supported each monitored request, marked as it is.
    sensitive |= deciding(app, *sensitive)
    official |= deciding(app, *official)
    engine = caught_up(app)
    later = max(DUE, today) + timedelta(days=60)  # everything overdue and escalated by then

    def seen(**query) -> set[str]:
        entries = review_queue(engine, sensitive_cleared=False, today=later, **query)
        return set(references(entries))

    def counted(by: str) -> int:
        summary = review_summary(engine, sensitive_cleared=False, today=later, by=by)
        return sum(counts.overdue for counts in summary)

    assert seen(per_page=100) == official
    assert all(seen(sort=sort, per_page=100) == official for sort in SORTS)
    assert all(seen(status=status, per_page=100) <= official for status in STATUSES)
    assert counted("owner") == counted("forum") == len(official)
    assert set(references(queue(engine, today=later, per_page=100))) == sensitive | official
    marked_up = sorted(official)[0]
    give(app, AmendItem, marked_up, field="marking", new_value=SENSITIVE, reason="names a source")
    engine = caught_up(app)
    assert seen(per_page=100) == official - {marked_up}
    assert counted("owner") == counted("forum") == len(official) - 1
