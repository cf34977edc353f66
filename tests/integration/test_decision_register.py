"""The decision register on SQLite and PostgreSQL: in sequence, linked, exactly once, as at any moment."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, event

from tests.integration.view_steps import (
    SENSITIVE,
    caught_up_once,
    receive_tasking,
    replayed_items,
    take_at_random,
    versioned_rows,
)
from tests.lifecycles import DECISIONS, recording
from tracker.cli.demo import load_demo
from tracker.decisions.decision import Decision
from tracker.decisions.lifecycle import (
    CONCLUDE,
    CONFIRM,
    PUT_UNDER_REVIEW,
    RESCIND,
    SUPERSEDE,
    VARY,
)
from tracker.decisions.register import decision_register, decision_register_rows
from tracker.decisions.register_projection import DecisionRegisterProjection
from tracker.kernel.item_commands import AmendItem, RecordReview
from tracker.oversight.timeline_projection import ItemTimelineProjection
from tracker.service.application import Tracker
from tracker.views.engine import scratch_engine, view_engine
from tracker.views.projector import Projector

WTM = "weekly tasking meeting"


@pytest.fixture
def projector(projectors):
    """Makes projectors of the register for a tracker (on its own database or ``engine``)."""
    return lambda app, engine=None: projectors(app, DecisionRegisterProjection(), engine=engine)


def register(projector: Projector, **query):
    return decision_register_rows(projector.engine, sensitive_cleared=True, **query)


def all_rows(engine: Engine) -> list[tuple]:
    return versioned_rows(engine, decision_register)


def test_the_register_shows_each_decision_as_its_events_say(app, projector):
    load_demo(app)
    views = projector(app)
    assert views.catch_up() > 0
    decision = app.item("WTM-1")
    shown = {entry.reference: entry for entry in register(views)}
    # The RTTCG's accepts the demo's tasking; the monitoring meeting's notes SR-1's progress.
    assert sorted(shown) == ["MON-1", "RTTCG-1", "WTM-1"]
    entry = shown["WTM-1"]
    assert (entry.reference, entry.forum, entry.sequence_number) == ("WTM-1", WTM, 1)
    assert (entry.state, entry.outcome, entry.marking) == ("decided", "approved", "OFFICIAL")
    assert entry.subject_reference == decision.subject_reference != ""
    assert (entry.decided_at, entry.recorded_at) == (decision.decided_at, decision.recorded_at)
    assert (entry.decision_maker, entry.recorder) == (
        "s.ellis",
        decision.recorder,
    )  # the post's holder then
    assert (entry.supersedes, entry.superseded_by, entry.amended) == ("", "", False)
    assert views.lag() == {"decision_register": 0}


def test_each_forums_decisions_are_in_sequence_whatever_changed_last(app, projector):
    forums = ["RTTCG"] * 10 + [WTM] * 2
    random.Random(3).shuffle(forums)
    for forum in forums:
        app.handle(recording(forum=forum))
    app.handle(recording(supersedes="RTTCG-2"))  # reopens RTTCG-2's row after RTTCG-11's
    app.handle(AmendItem(actor="bo", reference="RTTCG-1", field="meeting",
                         new_value="RTTCG 15 Oct 2026", reason="wrong date"))  # fmt: skip
    views = projector(app)
    views.catch_up()
    shown = [(d.forum, d.sequence_number) for d in register(views)]
    assert shown == [(WTM, 1), (WTM, 2)] + [("RTTCG", n) for n in range(1, 12)]
    assert [d.reference for d in register(views, forum="RTTCG", page=2, per_page=4)] == [
        "RTTCG-5", "RTTCG-6", "RTTCG-7", "RTTCG-8",
    ]  # fmt: skip
    assert register(views, forum="RTTGC") == []  # a forum no decision names


def test_a_retrospective_entry_is_flagged_with_its_reason(app, projector):
    late = datetime.now(UTC) - timedelta(hours=13)
    app.handle(recording(decided_at=late, retrospective_reason="logged from the loggist's notes"))
    app.handle(recording())
    views = projector(app)
    views.catch_up()
    late_entry, prompt_entry = register(views)
    assert (late_entry.retrospective, late_entry.retrospective_reason) == (
        True,
        "logged from the loggist's notes",
    )
    assert late_entry.recorded_at - late_entry.decided_at > timedelta(hours=12)
    assert (prompt_entry.retrospective, prompt_entry.retrospective_reason) == (False, "")


def test_a_supersession_links_the_old_and_the_new_decision_both_ways(app, projector):
    first = app.handle(recording())
    app.handle(recording(forum=WTM))
    app.handle(recording(supersedes="RTTCG-1"))
    views = projector(app)
    views.catch_up()
    old, new = register(views, forum="RTTCG")
    assert (old.reference, old.state, old.superseded_by) == ("RTTCG-1", "superseded", "RTTCG-2")
    assert (new.reference, new.state, new.supersedes) == ("RTTCG-2", "decided", "RTTCG-1")
    assert (old.supersedes, new.superseded_by) == ("", "")
    [before] = register(views, forum="RTTCG", as_at_position=first.position)
    assert (before.state, before.superseded_by) == ("decided", "")


def test_decision_times_read_back_as_the_same_utc_moment_in_any_session_time_zone(app, projector):
    decided = (datetime.now(UTC) - timedelta(hours=2)).replace(microsecond=123456)
    offset = timezone(timedelta(hours=5, minutes=30))
    app.handle(recording(decided_at=decided.astimezone(offset)))
    projector(app).catch_up()
    reader = kolkata_engine(app)
    try:
        [entry] = decision_register_rows(reader, sensitive_cleared=True)
    finally:
        reader.dispose()
    assert entry.decided_at == decided and entry.decided_at.utcoffset() == timedelta(0)
    assert entry.recorded_at == app.item("RTTCG-1").recorded_at
    assert entry.recorded_at.utcoffset() == timedelta(0)


def kolkata_engine(app: Tracker) -> Engine:
    """A reader whose PostgreSQL sessions are in UTC+05:30, far from the writer's."""
    engine = view_engine(app.env)
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def _set_time_zone(dbapi_connection, _):
            dbapi_connection.execute("SET TIME ZONE 'Asia/Kolkata'")
            dbapi_connection.commit()

    return engine


def test_catching_up_twice_or_from_a_new_process_counts_nothing_twice(app, store_url, projector):
    app.handle(recording())
    views = caught_up_once(
        app, store_url, projector, lambda: DECISIONS.give(app, PUT_UNDER_REVIEW, "RTTCG-1")
    )
    assert [d.state for d in register(views)] == ["under review"]
    assert len(all_rows(views.engine)) == 2  # the entry's row, closed, and the current one


def test_a_rebuild_from_the_events_alone_gives_identical_rows(app, projector):
    load_demo(app)
    app.handle(recording())
    app.handle(recording(supersedes="RTTCG-1"))
    DECISIONS.give(app, VARY, "WTM-1", variation="two days, not three", rationale="capacity")
    app.handle(RecordReview(actor="bo", reference="RTTCG-2", note="on track",
                            next_review="2027-01-05"))  # fmt: skip
    views = projector(app)
    views.catch_up()
    before = all_rows(views.engine)
    views.rebuild()
    assert all_rows(views.engine) == before
    scratch = scratch_engine()  # where `tracker rebuild --check` rebuilds, whatever the store
    try:
        projector(app, scratch).catch_up()
        assert all_rows(scratch) == before
    finally:
        scratch.dispose()


def test_amending_a_decision_shows_it_amended_and_other_items_changes_are_ignored(app, projector):
    app.handle(recording())
    tasking = receive_tasking(app)
    app.handle(AmendItem(actor="bo", reference=tasking, field="title", new_value="OIC",
                         reason="shorter"))  # fmt: skip
    app.handle(RecordReview(actor="bo", reference=tasking, note="fine", next_review="2027-01-05"))
    app.handle(AmendItem(actor="bo", reference="RTTCG-1", field="decision_maker",
                         new_value="ward", reason="chaired by the ACC"))  # fmt: skip
    views = projector(app)
    views.catch_up()
    [entry] = register(views)
    assert (entry.decision_maker, entry.amended, entry.version) == ("ward", True, 2)
    assert len(all_rows(views.engine)) == 2


def test_a_decision_above_the_readers_clearance_is_never_in_their_register(app, projector):
    app.handle(recording(marking="OFFICIAL-SENSITIVE"))
    app.handle(recording())
    recorded = app.handle(recording(forum=WTM))
    app.handle(AmendItem(actor="bo", reference="WTM-1", field="marking",
                         new_value="OFFICIAL-SENSITIVE", reason="names a source"))  # fmt: skip
    views = projector(app)
    views.catch_up()

    def seen(**query):
        rows = decision_register_rows(views.engine, sensitive_cleared=False, **query)
        return [d.reference for d in rows]

    assert seen() == ["RTTCG-2"]
    assert seen(forum="RTTCG") == ["RTTCG-2"]
    assert seen(as_at_position=recorded.position) == ["RTTCG-2"]  # WTM-1 is sensitive now
    assert [d.reference for d in register(views)] == ["WTM-1", "RTTCG-1", "RTTCG-2"]


def test_as_at_any_position_the_register_equals_a_replay_up_to_it(app, projector):
    for forum in ("RTTCG", WTM, "RTTCG", WTM):
        app.handle(recording(forum=forum))
    references = ["RTTCG-1", "RTTCG-2", "WTM-1", "WTM-2"]
    steps = [
        lambda r: DECISIONS.give(app, PUT_UNDER_REVIEW, r),
        lambda r: DECISIONS.give(app, CONFIRM, r),
        lambda r: DECISIONS.give(app, VARY, r),
        lambda r: app.handle(AmendItem(actor="bo", reference=r, field="meeting",
                                       new_value=f"{r} again", reason="misrecorded")),
        lambda r: app.handle(RecordReview(actor="bo", reference=r, note="looked",
                                          next_review="2027-02-01")),
        lambda r: DECISIONS.give(app, SUPERSEDE, r),  # by a later decision of its forum
        lambda r: DECISIONS.give(app, RESCIND, r),
        lambda r: DECISIONS.give(app, CONCLUDE, r),
    ]  # fmt: skip
    chooser = random.Random(11)
    take_at_random(chooser, steps, references)
    views = projector(app)
    views.catch_up()
    for position in chooser.sample(range(1, app.position() + 1), k=min(25, app.position())):
        shown = {
            d.reference: (
                d.state,
                d.version,
                d.superseded_by,
                d.supersedes,
                d.meeting,
                d.next_review,
                d.amended,
            )
            for d in register(views, as_at_position=position)
        }
        assert shown == replayed_decisions(app, position), position


def replayed_decisions(app: Tracker, position: int) -> dict[str, tuple]:
    """Each decision as its events up to ``position`` make it, by replaying them."""
    return {
        d.reference: (d.state, d.version, d.superseded_by, d.supersedes, d.meeting,
                      d.next_review, bool(getattr(d, "amendments", ())))
        for d in replayed_items(app, position, Decision)
    }  # fmt: skip


def test_as_at_a_moment_is_as_at_the_last_position_recorded_by_then(app, projector):
    before = datetime.now(UTC)
    app.handle(recording())
    between = datetime.now(UTC)
    DECISIONS.give(app, PUT_UNDER_REVIEW, "RTTCG-1")
    views = projector(app)
    views.catch_up()
    assert register(views, as_at_position=app.position_at(before)) == []
    assert [d.state for d in register(views, as_at_position=app.position_at(between))] == [
        "decided"
    ]
    assert [d.state for d in register(views)] == ["under review"]


def test_no_register_entry_names_a_sensitive_decision_or_subject_to_an_uncleared_reader(
    app, projectors
):
    sensitive_tasking = receive_tasking(app, marking=SENSITIVE)
    app.handle(recording())  # RTTCG-1, OFFICIAL
    app.handle(recording(supersedes="RTTCG-1", marking=SENSITIVE))  # RTTCG-2 replaces it
    app.handle(recording(marking=SENSITIVE))  # RTTCG-3
    app.handle(recording(supersedes="RTTCG-3"))  # RTTCG-4, OFFICIAL, replaces a sensitive one
    # RTTCG-5, on a sensitive tasking (deferred: it is not yet presented, so not accepted)
    app.handle(recording(subject_reference=sensitive_tasking, outcome="deferred"))
    # The timeline's register of every item's marking says which subjects are sensitive.
    views = projectors(app, DecisionRegisterProjection(), ItemTimelineProjection())
    views.catch_up()
    shown = decision_register_rows(views.engine, sensitive_cleared=False)
    assert [d.reference for d in shown] == ["RTTCG-1", "RTTCG-4", "RTTCG-5"]
    cleared = decision_register_rows(views.engine, sensitive_cleared=True)
    assert {d.subject_reference for d in cleared} >= {sensitive_tasking}
    named = {d.superseded_by for d in shown} | {d.supersedes for d in shown}
    named |= {d.subject_reference for d in shown}
    assert named - {""} == set(), "an uncleared reader is told sensitive items' references"
