"""The audit trail on SQLite and PostgreSQL: searched by day, user, forum, item and event type,
within clearance, user accounts included, never naming a sensitive item to the uncleared."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from events.base import stored_event_classes
from tests.integration.test_learning_log import identify, open_debrief, raise_action
from tests.integration.view_steps import mark, receive_tasking
from tracker.accounts.commands import IssueApiToken
from tracker.accounts.tokens import new_token, secret_digest
from tracker.cli.demo import load_demo
from tracker.kernel.clock import LONDON, london_day_start
from tracker.kernel.errors import InvalidInput
from tracker.oversight.audit import audit_export, audit_trail
from tracker.oversight.audit_search import EVENT_TYPES, AuditSearch
from tracker.oversight.timeline_projection import ItemTimelineProjection

SENSITIVE = "OFFICIAL-SENSITIVE"
NOW = datetime.now(UTC)


@pytest.fixture
def demo(app, projectors):
    """The demo's log and its timeline view, caught up."""
    load_demo(app, now=NOW)
    views = projectors(app, ItemTimelineProjection())
    views.catch_up()
    return app, views


def search(views, cleared: bool = True, **typed) -> list:
    return audit_trail(views.engine, sensitive_cleared=cleared, per_page=10_000, **typed)


def sensitive_references(app) -> set[str]:
    events = [app.mapper.to_domain_event(n)
              for n in app.recorder.select_notifications(start=None, limit=100_000)]  # fmt: skip
    named = {e.reference for e in events if hasattr(e, "marking") and hasattr(e, "reference")}
    return {r for r in named if app.item(r).marking == SENSITIVE}


def test_the_whole_trail_is_every_event_in_the_order_recorded(demo):
    app, views = demo
    entries = search(views)
    positions = [e.position for e in entries]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    counters = {"CounterStarted", "NumberIssued"}
    recorded = [n.id for n in app.recorder.select_notifications(start=None, limit=100_000)
                if n.topic not in counters]  # fmt: skip
    assert positions == recorded
    page_two = audit_trail(views.engine, sensitive_cleared=True, page=2, per_page=7)
    assert [e.position for e in page_two] == positions[7:14]


def test_user_accounts_grants_are_in_the_trail_but_never_a_tokens_secret(demo):
    app, views = demo
    token_id, secret = new_token()
    app.handle(IssueApiToken(actor="admin", username="g.hale", label="reports", token_id=token_id,
                             secret=secret))  # fmt: skip
    views.catch_up()
    registered = search(views, event="UserRegistered")
    assert {e.reference for e in registered} >= {"USER/g.hale", "USER/v.ward"}
    assert {(e.kind, e.marking) for e in registered} == {("user account", "OFFICIAL")}
    (issued,) = search(views, reference="user/g.hale", event="ApiTokenIssued", cleared=False)
    assert (issued.actor, issued.label, issued.details) == (
        "admin", "API token issued", {"label": "reports", "token_id": token_id},
    )  # fmt: skip
    assert secret_digest(secret) not in str(search(views))


def test_each_filter_narrows_the_search(demo):
    _, views = demo
    by_type = search(views, event="DecisionRecorded")
    assert by_type and {e.label for e in by_type} == {"Decision recorded"}
    by_user = search(views, actor="S.ELLIS")  # a username in any case
    assert by_user and {e.actor for e in by_user} == {"s.ellis"}
    by_item = search(views, reference="sr-1")
    assert [e.label for e in by_item][:2] == ["Support request received", "Impact assessed"]
    assert {e.reference for e in by_item} == {"SR-1"}
    together = search(
        views, reference="SR-1", actor=by_item[0].actor, event="SupportRequestReceived"
    )
    assert [e.position for e in together] == [by_item[0].position]


def test_a_forum_finds_its_decisions_and_what_happened_there(demo):
    _, views = demo
    weekly = search(views, forum="weekly tasking meeting")
    labels = {e.label for e in weekly}
    # A decision of the meeting, a request listed for it and decided at it.
    assert {"Decision recorded", "Listed for the weekly tasking meeting",
            "Support request decided"} <= labels  # fmt: skip
    assert {e.forum for e in weekly} == {"weekly tasking meeting"}
    rig = search(views, forum="rig")
    assert [e.label for e in rig] == ["Referred to the RIG"]
    board = search(views, forum="Gold recovery board")  # a learning action's overseeing board
    assert board and {e.kind for e in board} == {"learning action"}
    assert search(views, forum="no such forum") == []


def test_dates_are_london_days_both_ends_included(demo):
    _, views = demo
    today = datetime.now(LONDON).date()
    everything = search(views)
    assert search(views, since=today, until=today) == everything
    assert search(views, since=today - timedelta(days=400), until=today) == everything
    assert search(views, until=today - timedelta(days=1)) == []
    assert search(views, since=today + timedelta(days=1)) == []
    # Summer time: the day begins at 23:00 UTC the evening before; in winter at midnight.
    assert london_day_start(date(2026, 7, 1)) == datetime(2026, 6, 30, 23, tzinfo=UTC)
    assert london_day_start(date(2026, 12, 1)) == datetime(2026, 12, 1, tzinfo=UTC)


def test_a_reader_without_clearance_sees_no_event_of_a_sensitive_item(demo):
    app, views = demo
    hidden = sensitive_references(app)
    assert hidden, "the demo has OFFICIAL-SENSITIVE items"
    cleared, uncleared = search(views), search(views, cleared=False)
    assert {e.reference for e in cleared} & hidden  # so the check below can fail
    assert not {e.reference for e in uncleared} & hidden
    assert not [e for e in uncleared if e.marking != "OFFICIAL"]
    for reference in hidden:
        assert search(views, reference=reference, cleared=False) == []
        assert not [e for e in uncleared if reference in str(e.as_record())]


def test_a_sensitive_reference_inside_an_official_items_event_is_withheld(app, projectors):
    point = identify(app, open_debrief(app), "Use existing plans")
    action = raise_action(app, point, marking=SENSITIVE, description="Brief the covert team.")
    views = projectors(app, ItemTimelineProjection())
    views.catch_up()
    (raised,) = search(views, reference=point, event="ActionRaised")
    assert action in str(raised.details)
    (shown,) = search(views, reference=point, event="ActionRaised", cleared=False)
    assert action not in str(shown.as_record()) and "(withheld)" in str(shown.details)


def test_an_item_is_judged_by_its_marking_now_for_all_its_events(app, projectors):
    up, down = receive_tasking(app), receive_tasking(app, marking=SENSITIVE)
    mark(app, up, SENSITIVE)
    mark(app, down, "OFFICIAL")
    views = projectors(app, ItemTimelineProjection())
    views.catch_up()
    seen = {e.reference for e in search(views, cleared=False)}
    assert up not in seen and down in seen
    assert len(search(views, reference=down, cleared=False)) == 2  # received, marked down


def test_an_export_holds_the_trail_up_to_its_digest_and_refuses_too_many(demo):
    app, views = demo
    digest = app.digest()
    receive_tasking(app)  # recorded after the digest was taken
    views.catch_up()
    exported = audit_export(views.engine, sensitive_cleared=True, up_to_position=digest.position)
    assert exported == [e for e in search(views) if e.position <= digest.position]
    assert len(exported) < len(search(views))
    with pytest.raises(InvalidInput, match="more than 5 events"):
        audit_export(views.engine, sensitive_cleared=True, up_to_position=digest.position, limit=5)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ({"since": "yesterday"}, "from: must be a date"),
        ({"until": "2026-13-01"}, "to: must be a date"),
        ({"since": "2026-11-02", "until": "2026-11-01"}, "to: 2026-11-01 is before from"),
        ({"event": "NoSuchEvent"}, "event type: the trail records no event called"),
        ({"actor": "x" * 101}, "user: is 101 characters long"),
    ],
)
def test_bad_search_input_is_refused_by_name(typed, problem):
    with pytest.raises(InvalidInput) as refused:
        AuditSearch.checked(**typed)
    assert str(refused.value).startswith(problem)


def test_every_kind_of_event_can_be_searched_for():
    stored = {
        c.TOPIC for c in stored_event_classes().values() if c.__module__.startswith("events.")
    }
    assert stored - set(EVENT_TYPES) == {"CounterStarted", "NumberIssued"}
