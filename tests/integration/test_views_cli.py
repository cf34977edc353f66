"""The read side from the command line: rebuild, check, board as at, project."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.cast import CastTracker
from tests.integration.raw_store import RawStore
from tests.integration.test_cli import cli
from tests.integration.test_projector_kill import TRACKER
from tests.integration.test_store import RECEIPT
from tests.integration.view_steps import receive_tasking
from tracker.cli import boards as cli_boards
from tracker.kernel.clock import london_today
from tracker.tasking.commands import PresentTasking, ReceiveTasking
from tracker.views import catalogue as boards_sql
from tracker.views.catalogue import check_views, projections
from tracker.views.projector import Projector


@pytest.fixture
def demo(store_url):
    CastTracker(store_url, create_schema=True).close()
    assert cli(store_url, "demo").exit_code == 0
    return store_url


def test_rebuild_check_passes_after_the_demo(demo):
    result = cli(demo, "rebuild", "--check")
    assert result.exit_code == 0, result.output
    assert "identical to a rebuild" in result.output


def test_rebuild_check_fails_naming_a_row_altered_by_hand(demo):
    assert cli(demo, "project", "--once").exit_code == 0
    RawStore(demo).run("UPDATE tasking_board SET state = 'completed' WHERE valid_to IS NULL")
    result = cli(demo, "rebuild", "--check")
    assert result.exit_code == 1
    assert "tasking_board row item_id=" in result.output
    assert "state is 'completed', the events say 'in progress'" in result.output
    assert cli(demo, "rebuild").exit_code == 0
    assert cli(demo, "rebuild", "--check").exit_code == 0


def test_the_board_as_at_a_moment_before_anything_was_recorded_is_empty(demo):
    now = cli(demo, "board", "tasking")
    assert "tasking now: 1 items" in now.output
    assert re.search(r"TSK-1 +in progress +OFFICIAL", now.output)
    before = cli(demo, "board", "tasking", "--as-at", "2000-01-01T00:00+00:00")
    assert "(position 0): 0 items" in before.output
    later = cli(demo, "board", "tasking", "--as-at", datetime.now(UTC).isoformat())
    assert re.search(r"TSK-1 +in progress", later.output)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("support", r"SR-1 +monitored +gateway +supported"),
        ("register", r"WTM-1 +weekly tasking meeting +decided +approved"),
        ("learning", r"LP-5 +learned +decision recording +DB-1 +OFFICIAL +LA-2 validated"),
        (
            "debriefs",
            r"DB-5 +scheduled +multi-agency +structured debrief +\d{4}-\d\d-\d\d +- +Ch Insp",
        ),
    ],
)
def test_every_board_prints_from_the_command_line(demo, name, shown):
    result = cli(demo, "board", name)
    assert result.exit_code == 0, result.output
    assert re.search(shown, result.output)


def test_a_reader_without_clearance_sees_no_sensitive_item_at_the_console(demo):
    everything = cli(demo, "board", "support").output
    official = cli(demo, "board", "support", "--clearance", "official").output
    assert "SR-2" in everything and "SR-2" not in official
    assert "SR-2" not in cli(demo, "reviews", "--clearance", "official").output
    hidden = cli(demo, "timeline", "SR-2", "--clearance", "official")
    assert hidden.exit_code == 2 and "SR-2" in hidden.output


def test_an_items_timeline_prints_who_when_and_why(demo):
    result = cli(demo, "timeline", "SR-2")
    assert result.exit_code == 0, result.output
    assert re.search(r"r\.khan +Support request received", result.output)
    assert re.search(r"s\.ellis +Emergency authorisation given .*Threat to life", result.output)


def test_reviews_agenda_and_figures_print_from_the_command_line(demo, today):
    # The demo is dated from the day it is loaded, so the questions are too.
    queue = cli(demo, "reviews", "--today", today.isoformat())
    assert queue.exit_code == 0 and f"review queue on {today}" in queue.output
    by_forum = cli(demo, "reviews", "--by", "forum", "--today", today.isoformat())
    assert re.search(r"weekly tasking meeting", by_forum.output)
    agenda = cli(demo, "agenda", "RTTCG", "--on", (today + timedelta(days=1)).isoformat())
    assert re.search(r"referred requests: 1\n +reference.*\n +SR-3", agenda.output)
    tuesday = london_today() + timedelta(days=(1 - london_today().weekday()) % 7)
    next_meeting = cli(demo, "agenda", "weekly tasking meeting")  # by its schedule: Tuesdays
    assert f"agenda of the weekly tasking meeting on {tuesday}" in next_meeting.output
    figures = cli(demo, "figures")
    assert "s.5 taskings received: 1" in figures.output
    assert "requests by outcome: supported 1" in figures.output


def test_a_malformed_as_at_moment_is_refused(demo):
    result = cli(demo, "board", "tasking", "--as-at", "yesterday")
    assert result.exit_code == 2 and "YYYY-MM-DDTHH:MM" in result.output


def project_once(store_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_DATABASE_URL": store_url}
    command = [str(TRACKER), "project", "--once"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def test_a_view_failing_on_an_event_stops_there_logging_the_position_and_its_lag(demo):
    assert project_once(demo).returncode == 0
    raw = RawStore(demo)
    raw.run("ALTER TABLE tasking_board RENAME COLUMN title TO title_was")  # a view gone wrong
    with CastTracker(demo) as app:
        app.handle(ReceiveTasking(actor="ana", **RECEIPT))
        head = app.position()
    failed = project_once(demo)
    assert failed.returncode == 1
    assert re.search(
        r"tasking_board stopped at position \d+: (OperationalError|ProgrammingError|UndefinedColumn)",
        failed.stderr,
    )
    assert re.search(r"lag \{[^}]*'tasking_board': [12][,}]", failed.stderr)
    assert "'decision_register': 0" in failed.stderr  # the others went on
    raw.run("ALTER TABLE tasking_board RENAME COLUMN title_was TO title")
    mended = project_once(demo)
    assert mended.returncode == 0, mended.stderr
    with CastTracker(demo) as app, Projector(app, projections()) as views:
        assert set(views.positions().values()) == {head}


def test_rebuild_shows_progress_and_what_it_rebuilt(demo):
    result = cli(demo, "rebuild")
    assert result.exit_code == 0, result.output
    assert "rebuilding views" in result.output
    assert re.search(r"rebuilt \d+ views from \d+ events", result.output)


def test_rebuild_check_finds_no_difference_while_the_projector_moves_the_views_on(
    app, projectors, monkeypatch
):
    app.handle(ReceiveTasking(actor="ana", **RECEIPT))
    live = projectors(app, *projections())
    live.catch_up()
    scratch_engine = boards_sql.scratch_engine

    def scratch_while_the_projector_moves_on() -> Any:
        # A command arrives and `tracker project` applies it while the check runs.
        app.handle(PresentTasking(actor="bo", reference="TSK-1", meeting_on="2026-10-20"))
        live.catch_up()
        return scratch_engine()

    monkeypatch.setattr(boards_sql, "scratch_engine", scratch_while_the_projector_moves_on)
    assert [str(d) for d in check_views(app, live.engine)] == []


def test_rebuild_check_fails_while_a_view_has_stopped_short_of_the_log(demo):
    assert cli(demo, "project", "--once").exit_code == 0
    RawStore(demo).run("ALTER TABLE tasking_board RENAME COLUMN title TO title_was")
    with CastTracker(demo) as app:
        app.handle(ReceiveTasking(actor="ana", **RECEIPT))
    result = cli(demo, "rebuild", "--check")
    assert result.exit_code == 1, result.output
    assert re.search(
        r"tasking_board: has read only to position \d+ of \d+; stopped at position", result.output
    )


def test_as_at_a_moment_before_the_year_1000_is_before_anything_was_recorded(app):
    receive_tasking(app)
    assert app.position_at(datetime(999, 1, 1, tzinfo=UTC)) == 0


# -- sorting, the same on SQLite and PostgreSQL --------------------------------------------


def test_months_to_count_back_must_be_one_or_more(demo):
    result = cli(demo, "figures", "--months", "0")
    assert result.exit_code == 2 and "Error:" in result.output


def test_as_at_the_first_moment_a_date_can_hold_is_before_anything_was_recorded(demo):
    result = cli(demo, "board", "tasking", "--as-at", "0001-01-01T00:00+01:00")
    assert result.exit_code == 0, result.output
    assert "(position 0): 0 items" in result.output


def test_a_query_refusing_what_it_was_asked_is_one_clear_line(demo, monkeypatch):
    monkeypatch.setattr(cli_boards, "ALL", 10**9)  # more rows than a page may hold
    result = cli(demo, "board", "tasking")
    assert result.exit_code == 2 and "per_page is from 1 to" in result.output
