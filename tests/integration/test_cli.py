"""The tracker command as an operator uses it: init, info, show, export and import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cast import CastTracker
from tests.integration.raw_store import RawStore
from tests.integration.test_store import RECEIPT
from tracker.cli.main import main
from tracker.forums.commands import RearrangeForum
from tracker.tasking.commands import PresentTasking, ReceiveTasking

TRACKER = Path(sys.executable).with_name("tracker")


def cli(url: str, *args: str):
    return CliRunner().invoke(main, list(args), env={"TRACKER_DATABASE_URL": url})


@pytest.fixture
def recorded(store_url):
    with CastTracker(store_url, create_schema=True) as app:
        for _ in range(3):
            reference = app.handle(ReceiveTasking(actor="ana", **RECEIPT)).reference
            app.handle(PresentTasking(actor="bo", reference=reference, meeting_on="2026-10-20"))
    return store_url


def test_export_then_import_into_an_empty_store_gives_the_same_digest(recorded, tmp_path):
    exported = tmp_path / "log.jsonl"
    assert cli(recorded, "export", str(exported)).exit_code == 0
    target = f"sqlite:///{tmp_path / 'imported.sqlite'}"

    result = cli(target, "import", str(exported))

    assert result.exit_code == 0, result.output
    assert cli(target, "verify").exit_code == 0
    assert cli(target, "digest").output == cli(recorded, "digest").output
    assert cli(target, "show", "TSK-2").output == cli(recorded, "show", "TSK-2").output


def test_an_export_from_postgresql_imports_into_sqlite_with_the_same_digest(tmp_path, postgres_url):
    with CastTracker(postgres_url, create_schema=True) as app:
        app.handle(ReceiveTasking(actor="ana", **RECEIPT))
    exported = tmp_path / "log.jsonl"
    cli(postgres_url, "export", str(exported))
    target = f"sqlite:///{tmp_path / 'pilot.sqlite'}"
    assert cli(target, "import", str(exported)).exit_code == 0
    assert cli(target, "digest").output == cli(postgres_url, "digest").output


def test_an_export_line_is_documented_shape(recorded, tmp_path):
    exported = tmp_path / "log.jsonl"
    cli(recorded, "export", str(exported))
    first = json.loads(exported.read_text().splitlines()[0])
    assert sorted(first) == sorted([
        "position", "originator_id", "originator_version", "topic", "state",
        "recorded_at", "event_hash", "chain_hash",
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("alteration", "complaint"),
    [
        (
            lambda e: e | {"state": e["state"].replace("ana", "eve")},
            "line 1: position 1: the event differs",
        ),
        (
            lambda e: e | {"chain_hash": "0" * 64},
            "line 1: position 1: the chain entry does not start from the genesis hash",
        ),
        (lambda e: e | {"position": "one"}, "line 1: malformed value"),
        (
            lambda e: {k: v for k, v in e.items() if k != "topic"},
            "line 1: expected exactly the keys",
        ),
    ],
)
def test_a_file_with_one_altered_line_is_refused_and_nothing_is_written(
    recorded, tmp_path, alteration, complaint
):
    exported = tmp_path / "log.jsonl"
    cli(recorded, "export", str(exported))
    lines = exported.read_text().splitlines()
    lines[0] = json.dumps(alteration(json.loads(lines[0])))
    exported.write_text("\n".join(lines) + "\n")
    target = f"sqlite:///{tmp_path / 'imported.sqlite'}"

    result = cli(target, "import", str(exported))

    assert result.exit_code == 2
    assert complaint in result.output
    assert RawStore(target).positions() == []


def test_a_truncated_json_line_is_refused_naming_the_line(recorded, tmp_path):
    exported = tmp_path / "log.jsonl"
    cli(recorded, "export", str(exported))
    exported.write_text(exported.read_text()[:-40])
    result = cli(f"sqlite:///{tmp_path / 'x.sqlite'}", "import", str(exported))
    assert result.exit_code == 2 and "line 10: not JSON" in result.output


def test_import_refuses_a_store_that_already_holds_events(recorded, tmp_path):
    exported = tmp_path / "log.jsonl"
    cli(recorded, "export", str(exported))
    result = cli(recorded, "import", str(exported))
    assert result.exit_code == 2 and "import only into an empty store" in result.output


def test_show_prints_state_allowed_steps_and_the_whole_trail(recorded):
    result = cli(recorded, "show", "tsk-1")
    assert result.exit_code == 0
    assert "tasking TSK-1  [OFFICIAL]  state: presented to RTTCG" in result.output
    assert "next steps allowed: accept, decline, refer back" in result.output
    assert "ana  TaskingReceived" in result.output and "bo  TaskingPresented" in result.output


def test_show_of_an_unknown_reference_is_a_clear_refusal(recorded):
    result = cli(recorded, "show", "TSK-99")
    assert result.exit_code == 2 and "no item 'TSK-99'" in result.output


def test_a_bad_database_setting_is_a_clear_refusal():
    result = cli("mysql://x/y", "info")
    assert result.exit_code == 2 and "must start with sqlite:///, postgresql://" in result.output


def test_info_names_the_database_and_hides_its_password(tmp_path):
    result = cli("postgresql://app:s3cret@127.0.0.1:1/none", "init")
    assert result.exit_code == 2 and "s3cret" not in result.output and "app:***@" in result.output


@pytest.mark.postgres
def test_init_is_idempotent_and_safe_from_several_processes_at_once(postgres_url):
    env = {"TRACKER_DATABASE_URL": postgres_url, "PATH": str(TRACKER.parent)}
    starts = [
        subprocess.Popen(
            [str(TRACKER), "init"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=60)[0].decode() for p in starts]
    assert [p.returncode for p in starts] == [0] * 4, outputs
    assert cli(postgres_url, "init").exit_code == 0
    with CastTracker(postgres_url) as app:
        app.handle(ReceiveTasking(actor="ana", **RECEIPT))
    assert cli(postgres_url, "verify").exit_code == 0


def test_on_postgresql_the_schema_must_exist_before_the_application_runs(postgres_url):
    result = cli(postgres_url, "show", "TSK-1")
    assert result.exit_code == 2
    assert "run `tracker init`" in result.output


def test_the_demo_loads_through_commands_and_verifies(store_url):
    CastTracker(store_url, create_schema=True).close()
    result = cli(store_url, "demo")
    assert result.exit_code == 0, result.output
    assert "demo loaded: 98 commands recorded" in result.output
    assert "state: learned" in cli(store_url, "show", "LP-5").output
    assert "state: authorised, awaiting ratification" in cli(store_url, "show", "SR-2").output
    assert "state: scheduled" in cli(store_url, "show", "DB-5").output  # postponed, rescheduled
    assert cli(store_url, "verify").exit_code == 0
    again = cli(store_url, "demo")
    assert again.exit_code == 0 and "the demo was not loaded again" in again.output
    assert cli(store_url, "info").output.count("up to position 152") == 1


def test_verify_exits_2_not_1_when_it_cannot_check_at_all(recorded):
    result = cli(recorded, "verify", "--digest", "garbage")
    assert result.exit_code == 2 and "not a digest line" in result.output


def test_a_digest_at_position_0_must_carry_the_genesis_hash(recorded):
    result = cli(recorded, "verify", "--digest", f"position=0 hash={'f' * 64}")
    assert result.exit_code == 1 and "genesis hash" in result.output


@pytest.mark.parametrize(
    ("craft", "complaint"),
    [
        (
            lambda lines: [*lines, lines[-1].replace('"position": 10', '"position": 11')],
            "a second event 2 of one item",
        ),
        (
            lambda lines: [lines[0].replace('"position": 1,', f'"position": {2**70},')],
            "whole number from 1",
        ),
    ],
)
def test_a_crafted_file_is_refused_with_a_clear_message(recorded, tmp_path, craft, complaint):
    exported = tmp_path / "log.jsonl"
    cli(recorded, "export", str(exported))
    exported.write_text("\n".join(craft(exported.read_text().splitlines())) + "\n")
    target = f"sqlite:///{tmp_path / 'imported.sqlite'}"
    result = cli(target, "import", str(exported))
    assert result.exit_code == 2 and complaint in result.output
    assert RawStore(target).positions() == []


def test_a_sqlite_pilot_moves_into_postgresql_with_the_same_digest_and_goes_on(
    tmp_path, postgres_url
):
    pilot = f"sqlite:///{tmp_path / 'pilot.sqlite'}"
    assert cli(pilot, "demo").exit_code == 0
    exported = tmp_path / "log.jsonl"
    cli(pilot, "export", str(exported))
    assert cli(postgres_url, "init").exit_code == 0

    result = cli(postgres_url, "import", str(exported))

    assert result.exit_code == 0, result.output
    assert cli(postgres_url, "digest").output == cli(pilot, "digest").output
    assert cli(postgres_url, "project", "--once").exit_code == 0  # PostgreSQL's views
    for view in (["board", "tasking"], ["board", "support"], ["board", "register"],
                 ["board", "learning"], ["reviews"], ["figures"]):  # fmt: skip
        moved, piloted = cli(postgres_url, *view), cli(pilot, *view)
        assert moved.exit_code == 0 and moved.output == piloted.output, view
        assert len(piloted.output.splitlines()) > 2, view  # the demo's rows, not just headings
    checked = cli(postgres_url, "rebuild", "--check")
    assert checked.exit_code == 0, checked.output
    with CastTracker(postgres_url) as app:  # recording continues after the imported positions
        recorded = app.handle(ReceiveTasking(actor="ana", **RECEIPT))
    assert recorded.reference == "TSK-2" and recorded.position > 103
    assert cli(postgres_url, "verify").exit_code == 0


def test_the_forums_are_listed_with_their_series_chairs_and_schedules(recorded):
    listed = cli(recorded, "forums", "list")
    assert listed.exit_code == 0, listed.output
    assert ("HoI-ROCC monitoring meeting: series MON; chaired by post head-of-intelligence; "
            "sits monday 14:00") in listed.output.splitlines()  # fmt: skip
    with CastTracker(recorded) as app:
        app.handle(RearrangeForum(actor="admin", forum="RIG", schedule="second wednesday 10:00",
                                  reason="sits monthly now"))  # fmt: skip
    assert (
        "RIG: series RIG; chaired by post rig-chair; sits second wednesday 10:00"
        in cli(recorded, "forums", "list").output.splitlines()
    )
