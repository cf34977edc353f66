"""The learning log on SQLite and PostgreSQL: exactly once, rebuilt identically, as at any moment."""

from __future__ import annotations

import random
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.integration.view_steps import caught_up_once, mark, replayed_items
from tests.lifecycles import OPENING, TODAY, identify, open_debrief, raise_action
from tracker.cli.demo import load_demo
from tracker.kernel.errors import TrackerError
from tracker.kernel.item_commands import AmendItem, RecordReview
from tracker.learning.action import LearningAction
from tracker.learning.commands import (
    ExtendLearningActionDueDate,
    ImplementLearningAction,
    NoteLearningActionProgress,
    RaiseLearningAction,
    ReassignLearningAction,
    RecordLearningActionNotAdopted,
    RecordObservation,
    ValidateLearningAction,
)
from tracker.learning.log import LearningLogProjection
from tracker.learning.log_queries import learning_log_rows, overdue_actions
from tracker.learning.log_tables import learning_actions, learning_debriefs, learning_points
from tracker.learning.point import LearningPoint
from tracker.service.application import Tracker
from tracker.views.projector import Projector

LEAD, SENSITIVE = "j.owens", "OFFICIAL-SENSITIVE"


@pytest.fixture
def projector(projectors):
    """Makes projectors of this view for a tracker."""
    return lambda app: projectors(app, LearningLogProjection())


def log(projector: Projector, **query):
    return learning_log_rows(projector.engine, sensitive_cleared=True, **query)


def caught_up(projector, app) -> Projector:
    views = projector(app)
    views.catch_up()
    return views


def all_rows(projector: Projector) -> dict[str, list[tuple]]:
    with projector.engine.connect() as connection:
        return {
            table.name: [
                tuple(r)
                for r in connection.execute(select(table).order_by("item_id", "valid_from"))
            ]
            for table in (learning_debriefs, learning_points, learning_actions)
        }


def test_the_log_shows_each_learning_point_and_its_actions_as_the_events_say(app, projector):
    load_demo(app, today=TODAY)
    views = projector(app)
    assert views.catch_up() > 0
    points = log(views)
    assert [p.reference for p in points] == [f"LP-{n}" for n in range(1, 12)]
    by_reference = {p.reference: p for p in points}
    lp1, lp5, lp10 = by_reference["LP-1"], by_reference["LP-5"], by_reference["LP-10"]
    assert {p.nature for p in points if p.reference != "LP-11"} == {"issue"}
    assert (lp1.state, lp1.theme, lp1.debrief, lp1.observation) == (
        "being actioned", "resilience of key roles", "DB-1", 1,
    )  # fmt: skip
    assert lp1.debrief_title == "Debrief of the two Silver groups"
    [la1] = lp1.actions
    assert (la1.reference, la1.state, la1.extensions, la1.last_extension_approver) == (
        "LA-1", "in progress", 1, "acc.morgan",
    )  # fmt: skip
    assert la1.due_on == TODAY + timedelta(days=60)
    assert (lp5.state, lp5.actions_count, lp5.validated_count) == ("learned", 1, 1)
    [la2] = lp5.actions
    assert (la2.state, la2.validated_by) == ("validated", "acc.morgan")
    assert la2.evidence.startswith("Decision log in use")
    assert [(a.reference, a.state) for a in lp10.actions] == [("LA-3", "open")]
    assert by_reference["LP-2"].actions == () and by_reference["LP-2"].state == "identified"
    shared = by_reference["LP-11"]  # the co-ordination cell's daily call: practice to share
    assert (shared.nature, shared.state, shared.debrief, shared.actions) == (
        "notable practice", "notable practice", "DB-3", (),
    )  # fmt: skip
    assert views.lag() == {"learning_log": 0}


def test_the_log_filters_by_theme_and_state_and_pages_in_number_order(app, projector):
    load_demo(app, today=TODAY)
    views = caught_up(projector, app)
    resilience = log(views, theme="resilience of key roles")
    assert [p.reference for p in resilience] == ["LP-1", "LP-2"]
    assert [p.reference for p in log(views, state="learned")] == ["LP-5"]
    assert [p.reference for p in log(views, page=2, per_page=3)] == ["LP-4", "LP-5", "LP-6"]
    assert [p.reference for p in log(views, page=4, per_page=3)] == ["LP-10", "LP-11"]
    assert [p.reference for p in log(views, state="notable practice")] == ["LP-11"]
    with pytest.raises(ValueError, match="theme is one of"):
        log(views, theme="morale")
    with pytest.raises(ValueError, match="state is one of"):
        log(views, state="done")


def test_catching_up_twice_or_from_a_new_process_counts_nothing_twice(app, store_url, projector):
    point = identify(app, open_debrief(app), "Use existing plans")
    views = caught_up_once(app, store_url, projector, lambda: raise_action(app, point))
    [shown] = log(views)
    assert (shown.actions_count, len(shown.actions)) == (1, 1)
    assert len(all_rows(views)["learning_points"]) == 2  # identified, then the action raised


def test_a_rebuild_from_the_events_alone_gives_identical_rows(app, projector):
    load_demo(app, today=TODAY)
    amend = [("DB-1", "title", "Silver groups debrief"), ("LP-1", "theme", "planning"),
             ("LA-1", "description", "Deputies in every key role profile"),
             ("TSK-1", "title", "OIC standards")]  # fmt: skip
    for reference, field, value in amend:
        app.handle(AmendItem(actor="bo", reference=reference, field=field, new_value=value,
                             reason="clearer"))  # fmt: skip
    app.handle(RecordReview(actor="bo", reference="LA-3", note="chased", next_review=TODAY))
    views = caught_up(projector, app)
    before = all_rows(views)
    views.rebuild()
    assert all_rows(views) == before
    lp1 = log(views)[0]
    assert (lp1.theme, lp1.debrief_title, lp1.amended) == (
        "planning",
        "Silver groups debrief",
        True,
    )
    [la1] = lp1.actions
    assert (la1.description, la1.amended) == ("Deputies in every key role profile", True)
    lp10 = next(p for p in log(views) if p.reference == "LP-10")
    assert lp10.actions[0].next_review == TODAY


def test_a_points_debrief_title_follows_its_amendments_as_at_each_moment(app, projector):
    debrief = open_debrief(app)
    identify(app, debrief, "Use existing plans")
    before = app.position()
    app.handle(AmendItem(actor="bo", reference=debrief, field="title", new_value="Cell debrief",
                         reason="shorter"))  # fmt: skip
    views = caught_up(projector, app)
    assert [p.debrief_title for p in log(views)] == ["Cell debrief"]
    assert [p.debrief_title for p in log(views, as_at_position=before)] == [OPENING["title"]]
    assert [p.amended for p in log(views)] == [False]  # the debrief was amended, not the point


def test_a_point_above_the_readers_clearance_is_never_in_their_log(app, projector):
    debrief = open_debrief(app)
    identify(app, debrief, "Protect the informant's handling", marking=SENSITIVE)
    identify(app, debrief, "Use existing plans")
    views = caught_up(projector, app)
    seen = learning_log_rows(views.engine, sensitive_cleared=False)
    assert [p.reference for p in seen] == ["LP-2"]
    assert [p.reference for p in log(views)] == ["LP-1", "LP-2"]


def test_an_action_above_the_readers_clearance_is_left_out_under_a_point_they_see(app, projector):
    point = identify(app, open_debrief(app), "Use existing plans")
    raise_action(app, point, marking=SENSITIVE, description="Brief the covert team.")
    raise_action(app, point)
    views = caught_up(projector, app)
    [seen] = learning_log_rows(views.engine, sensitive_cleared=False)
    assert [a.reference for a in seen.actions] == ["LA-2"]
    assert [a.reference for a in log(views)[0].actions] == ["LA-1", "LA-2"]
    overdue = overdue_actions(views.engine, sensitive_cleared=False, today=TODAY + timedelta(1))
    assert [a.reference for a in overdue] == ["LA-2"]


def test_a_sensitive_debriefs_title_is_withheld_under_a_point_marked_lower(app, projector):
    point = identify(app, open_debrief(app, marking=SENSITIVE), "Use existing plans")
    app.handle(AmendItem(actor="bo", reference=point, field="marking", new_value="OFFICIAL",
                         reason="nothing sensitive in the lesson itself"))  # fmt: skip
    views = caught_up(projector, app)
    [seen] = learning_log_rows(views.engine, sensitive_cleared=False)
    assert (seen.reference, seen.debrief, seen.debrief_title) == (point, "", None)  # no link
    assert log(views)[0].debrief_title == OPENING["title"]


def test_overdue_actions_are_those_open_or_in_progress_past_their_due_date(app, projector):
    load_demo(app, today=TODAY)  # LA-1 in progress, due in 60 days; LA-2 validated; LA-3 open
    views = caught_up(projector, app)

    def overdue(today: date) -> list[str]:
        found = overdue_actions(views.engine, sensitive_cleared=True, today=today)
        return [a.reference for a in found]

    assert overdue(TODAY) == ["LA-3"]  # LA-2 was due earlier still, but is validated
    assert overdue(TODAY - timedelta(days=3)) == []  # due that very day is not yet overdue
    assert overdue(TODAY + timedelta(days=61)) == ["LA-3", "LA-1"]  # earliest due first
    app.handle(
        RecordLearningActionNotAdopted(actor=LEAD, reference="LA-3", rationale="Superseded.")
    )
    views.catch_up()
    assert overdue(TODAY + timedelta(days=61)) == ["LA-1"]


def test_as_at_any_position_the_log_equals_a_replay_up_to_it(app, projector):
    chooser = random.Random(7)
    debriefs = [open_debrief(app), open_debrief(app, title="Recovery assessment")]
    points = [identify(app, chooser.choice(debriefs), f"Lesson {n}") for n in range(3)]
    actions = [raise_action(app, chooser.choice(points)) for _ in range(4)]
    for _ in range(150):
        with suppress(TrackerError):  # a step not allowed there is simply not taken
            recorded = app.handle(random_step(chooser, chooser.choice(actions), points))
            if recorded.reference.startswith("LA-") and recorded.reference not in actions:
                actions.append(recorded.reference)
    happened = {type(app.mapper.to_domain_event(n)).__name__ for n in notifications(app)}
    assert happened >= EVERY_CHANGE  # the seed walks every kind of change at least once
    views = caught_up(projector, app)
    head = app.position()
    for position in [*chooser.sample(range(1, head + 1), k=min(30, head)), head]:
        shown = {
            p.reference: (point_state(p), tuple(action_state(a) for a in p.actions))
            for p in log(views, as_at_position=position)
        }
        assert shown == replayed(app, position), position


EVERY_CHANGE = {
    "ActionRaised", "ActionSettled", "LessonLearned", "LearningPointReopened", "ItemAmended",
    "ReviewRecorded", "LearningActionProgressNoted", "LearningActionImplemented",
    "LearningActionValidated", "LearningActionNotAdopted", "LearningActionDueDateExtended",
    "LearningActionReassigned",
}  # fmt: skip


def notifications(app: Tracker) -> list:
    return app.recorder.select_notifications(start=None, limit=10_000)


def random_step(chooser: random.Random, action: str, points: list[str]):
    """One of the things people do to learning actions and points, chosen at random."""
    point = chooser.choice(points)
    later = TODAY + timedelta(days=chooser.randint(1, 90))
    steps = [
        lambda: NoteLearningActionProgress(actor=LEAD, reference=action, note="Under way."),
        lambda: ImplementLearningAction(actor=LEAD, reference=action, evidence="Plan updated."),
        lambda: ValidateLearningAction(actor="gold", reference=action, note="Sampled."),
        lambda: RecordLearningActionNotAdopted(
            actor=LEAD, reference=action, rationale="Too costly."
        ),
        lambda: ExtendLearningActionDueDate(
            actor=LEAD, reference=action, new_due_on=later, approver="gold-chair", reason="Panel."
        ),
        lambda: ReassignLearningAction(
            actor=LEAD,
            reference=action,
            new_owner=chooser.choice(("patel", "shaw", "jones", "lee", "planning-lead")),
            reason="Moved.",
        ),
        lambda: RecordReview(actor=LEAD, reference=action, note="Chased.", next_review=later),
        lambda: RecordReview(actor=LEAD, reference=point, note="Looked at.", next_review=later),
        lambda: AmendItem(
            actor=LEAD, reference=point, field="theme", new_value="communications", reason="Fits."
        ),
        lambda: AmendItem(
            actor=LEAD, reference=action, field="marking", new_value=SENSITIVE, reason="Names."
        ),
        lambda: RaiseLearningAction(
            actor=LEAD,
            learning_point=point,
            description="Another go.",
            owner="planning-lead",
            due_on=later,
            overseeing_board="Gold recovery board",
        ),  # a learned point takes none until it recurs
        lambda: RecordObservation(
            actor=LEAD, reference=chooser.choice(DEBRIEFS), text="It happened again.", repeats=point
        ),  # a learned lesson that recurs is reopened as not learned
    ]
    # Moving actions on is likelier than the rest, so lessons get learned and recur.
    weights = [2, 3, 4, 1, 1, 1, 1, 1, 1, 1, 1, 2]
    return chooser.choices(steps, weights)[0]()


DEBRIEFS = ("DB-1", "DB-2")


def point_state(p) -> tuple:
    return (p.reference, p.state, p.version, p.marking, p.theme, p.actions_count,
            p.validated_count, p.next_review, p.amended)  # fmt: skip


def action_state(a) -> tuple:
    return (a.reference, a.state, a.version, a.marking, a.owner, a.due_on, a.extensions,
            a.evidence, a.validated_by, a.rationale, a.next_review, a.amended)  # fmt: skip


def replayed(app: Tracker, position: int) -> dict[str, tuple]:
    """Each learning point and its actions as their events up to ``position`` make them."""
    items = replayed_items(app, position, (LearningPoint, LearningAction))
    actions = sorted(
        (a for a in items if isinstance(a, LearningAction)), key=lambda a: number(a.reference)
    )
    return {
        p.reference: (replayed_point(p, p.version), replayed_actions(p, actions))
        for p in items
        if isinstance(p, LearningPoint)
    }


def replayed_actions(p: LearningPoint, actions: list[LearningAction]) -> tuple:
    """The point's actions: those whose own record names it, as the view finds them."""
    return tuple(replayed_action(a, a.version) for a in actions if a.learning_point == p.reference)


def number(reference: str) -> int:
    return int(reference.rsplit("-", 1)[1])


def replayed_point(p: LearningPoint, version: int) -> tuple:
    validated = sum(how == "validated" for how in p.actions.values())
    return (p.reference, p.state, version, p.marking, p.theme, len(p.actions), validated,
            getattr(p, "next_review", None), bool(getattr(p, "amendments", ())))  # fmt: skip


def replayed_action(a: LearningAction, version: int) -> tuple:
    return (a.reference, a.state, version, a.marking, a.owner, a.due_on, a.extensions,
            a.evidence, a.validated_by, a.rationale, getattr(a, "next_review", None),
            bool(getattr(a, "amendments", ())))  # fmt: skip


def test_as_at_a_moment_is_as_at_the_last_position_recorded_by_then(app, projector):
    before = datetime.now(UTC)
    point = identify(app, open_debrief(app), "Use existing plans")
    between = datetime.now(UTC)
    raise_action(app, point)
    views = caught_up(projector, app)
    assert log(views, as_at_position=app.position_at(before)) == []
    [then] = log(views, as_at_position=app.position_at(between))
    assert (then.state, then.actions) == ("identified", ())
    [now] = log(views)
    assert (now.state, [a.reference for a in now.actions]) == ("being actioned", ["LA-1"])


def test_a_learning_points_action_counts_leave_out_actions_above_the_readers_clearance(
    app, projectors
):
    point = identify(app, open_debrief(app), "Use existing plans")
    raise_action(app, point, marking=SENSITIVE, description="Brief the covert team.")
    views = projectors(app, LearningLogProjection())
    views.catch_up()
    [seen] = learning_log_rows(views.engine, sensitive_cleared=False)
    assert seen.actions == ()
    assert seen.actions_count == len(seen.actions), "the count shows a sensitive action exists"


def test_as_at_before_a_debrief_was_marked_sensitive_its_title_is_withheld_too(app, projectors):
    debrief = open_debrief(app, title="Operation Kestrel informant debrief")
    identify(app, debrief, "Use existing plans")
    official_then = app.position()
    mark(app, debrief, SENSITIVE)
    views = projectors(app, LearningLogProjection())
    views.catch_up()
    [now] = learning_log_rows(views.engine, sensitive_cleared=False)
    assert now.debrief_title is None
    [then] = learning_log_rows(views.engine, sensitive_cleared=False, as_at_position=official_then)
    assert then.debrief_title is None, "the as-at answer shows a now-sensitive debrief's title"


def test_overdue_actions_do_not_name_a_learning_point_marked_sensitive_since(app, projectors):
    point = identify(app, open_debrief(app), "Use existing plans")
    raise_action(app, point, due_on=datetime.now(UTC).date() - timedelta(days=3))
    mark(app, point, SENSITIVE)
    views = projectors(app, LearningLogProjection())
    views.catch_up()
    assert learning_log_rows(views.engine, sensitive_cleared=False) == []
    overdue = overdue_actions(views.engine, sensitive_cleared=False, today=datetime.now(UTC).date())
    assert [a.learning_point for a in overdue if a.learning_point == point] == []


# -- exactly once: rebuilds racing a projector, and checking while it runs ------------------
