"""The learning log's debriefs on SQLite and PostgreSQL: each one's state, level, facilitator,
days and postponement, within clearance, now and as at any moment."""

from __future__ import annotations

import random
from contextlib import suppress
from datetime import date, timedelta

import pytest

from tests.integration.view_steps import mark, replayed_items
from tests.lifecycles import TODAY, commission_debrief, open_debrief
from tracker.cli.demo import load_demo
from tracker.kernel.errors import TrackerError
from tracker.kernel.item_commands import AmendItem
from tracker.learning.commands import (
    HoldDebrief,
    PostponeDebrief,
    RecordObservation,
    RejectObservation,
    ReportDebrief,
    RescheduleDebrief,
    ScheduleDebrief,
)
from tracker.learning.debrief import Debrief
from tracker.learning.log import LearningLogProjection
from tracker.learning.log_queries import debrief_rows
from tracker.service.application import Tracker
from tracker.views.projector import Projector

LEAD, SENSITIVE = "j.owens", "OFFICIAL-SENSITIVE"


@pytest.fixture
def views(app, projectors):
    """The learning log of ``app``, caught up when asked."""
    made = projectors(app, LearningLogProjection())

    def caught_up() -> Projector:
        made.catch_up()
        return made

    return caught_up


def debriefs(projector: Projector, **query):
    return debrief_rows(projector.engine, sensitive_cleared=True, **query)


def test_the_log_shows_each_demo_debrief_with_its_state_level_facilitator_and_days(app, views):
    load_demo(app, today=TODAY)
    shown = {d.reference: d for d in debriefs(views())}
    assert list(shown) == ["DB-1", "DB-2", "DB-3", "DB-4", "DB-5"]
    silver, cell, partners = shown["DB-1"], shown["DB-3"], shown["DB-5"]
    assert (silver.state, silver.kind, silver.level, silver.facilitator) == (
        "held", "structured debrief", "structured", "j.owens",
    )  # fmt: skip
    assert (silver.scheduled_on, silver.held_on) == (None, TODAY - timedelta(days=60))
    assert (cell.state, cell.level) == ("reported", "hot")
    assert (partners.state, partners.level, partners.facilitator) == (
        "scheduled", "multi-agency", "Ch Insp M. Rees",
    )  # fmt: skip
    assert (partners.scheduled_on, partners.held_on) == (TODAY + timedelta(days=21), None)
    assert partners.postponed_reason.startswith("The partners' leads were called")


def test_a_postponed_debrief_shows_its_reason_and_keeps_it_once_rescheduled(app, views):
    ref = commission_debrief(app, level="multi-agency", facilitator="Ch Insp Rees")
    app.handle(ScheduleDebrief(actor=LEAD, reference=ref, scheduled_on="2026-11-03"))
    scheduled = app.position()
    app.handle(PostponeDebrief(actor=LEAD, reference=ref, reason="Partners unavailable."))
    postponed = app.position()
    app.handle(RescheduleDebrief(actor=LEAD, reference=ref, scheduled_on="2026-11-24"))
    app.handle(HoldDebrief(actor=LEAD, reference=ref, held_on=TODAY))
    projector = views()

    def seen(position: int | None = None) -> tuple:
        [d] = debriefs(projector, as_at_position=position)
        return (d.state, d.scheduled_on, d.held_on, d.postponed_reason)

    assert seen(scheduled) == ("scheduled", date(2026, 11, 3), None, "")
    assert seen(postponed) == ("postponed", date(2026, 11, 3), None, "Partners unavailable.")
    assert seen() == ("held", date(2026, 11, 24), TODAY, "Partners unavailable.")


def test_the_debriefs_filter_by_state_and_level_and_refuse_unknown_ones(app, views):
    load_demo(app, today=TODAY)
    projector = views()
    assert [d.reference for d in debriefs(projector, state="held")] == ["DB-1", "DB-2", "DB-4"]
    assert [d.reference for d in debriefs(projector, level="hot")] == ["DB-3"]
    assert [d.reference for d in debriefs(projector, level="multi-agency")] == ["DB-5"]
    assert [d.reference for d in debriefs(projector, page=2, per_page=2)] == ["DB-3", "DB-4"]
    with pytest.raises(ValueError, match="state is one of commissioned, scheduled"):
        debriefs(projector, state="open")
    with pytest.raises(ValueError, match="level is one of hot, structured, multi-agency"):
        debriefs(projector, level="gold")


def test_an_amended_facilitator_or_level_shows_at_once_and_marks_the_debrief_amended(app, views):
    ref = commission_debrief(app)
    for field, value in [("facilitator", "DI Shah"), ("level", "multi-agency")]:
        app.handle(AmendItem(actor=LEAD, reference=ref, field=field, new_value=value,
                             reason="as it was run"))  # fmt: skip
    [shown] = debriefs(views())
    assert (shown.facilitator, shown.level, shown.amended) == ("DI Shah", "multi-agency", True)


def test_a_debrief_above_the_readers_clearance_is_never_in_their_log_even_as_at_before(app, views):
    secret = commission_debrief(app, title="Operation Kestrel informant debrief")
    open_debrief(app)
    official_then = app.position()
    mark(app, secret, SENSITIVE)
    engine = views().engine
    for position in (None, official_then):
        seen = debrief_rows(engine, sensitive_cleared=False, as_at_position=position)
        assert [d.reference for d in seen] == ["DB-2"], position
    assert [d.reference for d in debrief_rows(engine, sensitive_cleared=True)] == ["DB-1", "DB-2"]


def test_as_at_any_position_the_debriefs_equal_a_replay_up_to_it(app, views):
    chooser = random.Random(7)
    references = [commission_debrief(app), commission_debrief(app), open_debrief(app)]
    for _ in range(60):
        with suppress(TrackerError):  # a step not allowed there is simply not taken
            app.handle(random_step(chooser, chooser.choice(references)))
    notifications = app.recorder.select_notifications(start=None, limit=10_000)
    happened = {type(app.mapper.to_domain_event(n)).__name__ for n in notifications}
    assert happened >= EVERY_CHANGE  # the seed walks every kind of change at least once
    projector = views()
    for position in range(1, app.position() + 1):
        shown = {d.reference: as_shown(d) for d in debriefs(projector, as_at_position=position)}
        assert shown == replayed(app, position), position


EVERY_CHANGE = {
    "DebriefScheduled", "DebriefPostponed", "DebriefRescheduled", "DebriefHeld",
    "ObservationRecorded", "ObservationRejected", "DebriefReported", "ItemAmended",
}  # fmt: skip


def random_step(chooser: random.Random, reference: str):
    """One of the things debrief leads do to a debrief, chosen at random."""
    day = TODAY - timedelta(days=chooser.randint(0, 30))
    steps = [
        lambda: ScheduleDebrief(actor=LEAD, reference=reference, scheduled_on=day),
        lambda: PostponeDebrief(actor=LEAD, reference=reference, reason=f"Reason {day}."),
        lambda: RescheduleDebrief(actor=LEAD, reference=reference, scheduled_on=day),
        lambda: HoldDebrief(actor=LEAD, reference=reference, held_on=day),
        lambda: RecordObservation(actor=LEAD, reference=reference, text="Observed."),
        lambda: RejectObservation(actor=LEAD, reference=reference, number=1, reason="Known."),
        lambda: ReportDebrief(actor=LEAD, reference=reference, summary="Reported."),
        lambda: AmendItem(actor=LEAD, reference=reference, field="facilitator",
                          new_value=f"Insp {chooser.randint(1, 9)}", reason="Changed."),
    ]  # fmt: skip
    return chooser.choice(steps)()


def as_shown(d) -> tuple:
    return (d.state, d.marking, d.kind, d.level, d.lead, d.facilitator, d.scheduled_on,
            d.held_on, d.postponed_reason, d.amended)  # fmt: skip


def replayed(app: Tracker, position: int) -> dict[str, tuple]:
    """Each debrief as its events up to ``position`` make it."""
    return {d.reference: replayed_debrief(d) for d in replayed_items(app, position, Debrief)}


def replayed_debrief(d: Debrief) -> tuple:
    return (d.state, d.marking, d.kind, d.level, d.lead, d.facilitator, d.scheduled_on,
            d.held_on, d.postponed_reason, bool(getattr(d, "amendments", ())))  # fmt: skip
