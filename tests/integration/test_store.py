"""The event store on SQLite and on PostgreSQL: round trip, conflicts, append-only, tampering."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from click.testing import CliRunner

from events.base import acting_as
from tests.cast import CastTracker
from tests.integration.raw_store import RawStore
from tests.lifecycles import recording
from tracker.cli.main import main
from tracker.kernel.errors import ConcurrentChange
from tracker.kernel.item_commands import RecordReview
from tracker.service.application import Tracker
from tracker.tasking.commands import PresentTasking, ReceiveTasking, ReportTaskingProgress
from tracker.tasking.tasking import Tasking

RECEIPT = dict(
    marking="OFFICIAL",
    basis="request s.5(1)(a)",
    received_on="2026-10-05",
    title="National policing standards for organised immigration crime",
    description="Adopt the national standards across the region.",
    assists_nca_functions="Improves the national picture.",
    threat_area="organised immigration crime",
    lead_officer="",  # not named yet: the store's tests record no people
    resourcing="business as usual",
)


def receive(app: Tracker, actor: str = "ana") -> str:
    return app.handle(ReceiveTasking(actor=actor, **RECEIPT)).reference


def accept(app: Tracker, reference: str, actor: str, rationale: str):
    """The RTTCG's decision accepting the tasking, recorded by ``actor``."""
    decision = recording(subject_reference=reference, action_chosen=rationale)
    return app.handle(replace(decision, actor=actor))


def cli(store_url: str, *args: str):
    return CliRunner().invoke(main, list(args), env={"TRACKER_DATABASE_URL": store_url})


def test_what_is_recorded_reads_back_the_same_from_a_new_process(app, store_url):
    reference = receive(app)
    first = app.handle(PresentTasking(actor="bo", reference=reference, meeting_on="2026-10-20"))
    second = accept(app, reference, actor="cy", rationale="in strategy")
    assert second.position > first.position > 0

    with CastTracker(store_url) as reopened:
        tasking = reopened.load(Tasking, reference)
        trail = list(reopened.trail(reference))
    assert (tasking.state, tasking.rationale, tasking.version) == ("accepted", "in strategy", 3)
    assert [(e.actor, e.what) for e in trail] == [
        ("ana", "TaskingReceived"), ("bo", "TaskingPresented"), ("cy", "TaskingAccepted"),
    ]  # fmt: skip


def test_two_users_changing_one_item_at_once_one_wins_and_the_other_is_told(app, store_url):
    reference = receive(app)
    with CastTracker(store_url) as other:
        with acting_as("bo"):
            mine, theirs = app.load(Tasking, reference), other.load(Tasking, reference)
            mine.present("2026-10-20", "")
            theirs.refer_back("no capacity")
        app.record(mine)
        with pytest.raises(ConcurrentChange) as refused:
            other.record(theirs)
    assert reference in str(refused.value) and "bo recorded TaskingPresented" in str(refused.value)
    assert app.load(Tasking, reference).state == "presented to RTTCG"
    assert len(list(app.trail(reference))) == 2


def test_concurrent_writers_on_threads_lose_nothing_and_overwrite_nothing(app, store_url):
    references = [receive(app) for _ in range(5)]
    for reference in references:
        app.handle(PresentTasking(actor="bo", reference=reference, meeting_on="2026-10-20"))
        accept(app, reference, actor="bo", rationale="agreed")
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def writer(name: str) -> None:
        with CastTracker(store_url) as mine:
            start.wait()
            for reference in references:
                try:
                    mine.handle(ReportTaskingProgress(
                        actor=name, reference=reference, update=f"by {name}",
                        reported_on="2026-11-01", expected_version=3,
                    ))  # fmt: skip
                    outcomes.append("recorded")
                except ConcurrentChange:
                    outcomes.append("conflict")
            for _ in range(5):
                receive(mine, actor=name)

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("ana", "bo")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict"] * 5 + ["recorded"] * 5
    for reference in references:
        assert len(app.load(Tasking, reference).progress) == 1
    created = {app.load(Tasking, f"TSK-{n}").reference for n in range(1, 16)}
    assert len(created) == 15
    assert cli(store_url, "verify").exit_code == 0


@pytest.mark.parametrize("table", ["events", "chain"])
@pytest.mark.parametrize(
    "statement", ["UPDATE {table} SET {column} = {column}", "DELETE FROM {table}"]
)
def test_the_database_itself_refuses_update_and_delete(app, store_url, table, statement):
    receive(app)
    raw = RawStore(store_url)
    name = raw.events if table == "events" else raw.chain
    column = "topic" if table == "events" else "event_hash"
    with pytest.raises(Exception, match="append-only"):
        raw.run(statement.format(table=name, column=column))
    assert cli(store_url, "verify").exit_code == 0


def test_an_intact_log_verifies_and_extends_its_own_digest(app, store_url):
    for _ in range(3):
        receive(app)
    digest = cli(store_url, "digest").output.strip()
    receive(app)
    result = cli(store_url, "verify", "--digest", digest)
    assert result.exit_code == 0, result.output
    assert "intact: 9 events" in result.output


TAMPERING = {
    "modified": (lambda raw: raw.modify(3), "position 3: the event differs from what was recorded: modified"),
    "deleted": (lambda raw: raw.delete(3), "position 3: the chain records an event that is gone: deleted"),
    "inserted": (lambda raw: raw.insert_after_the_fact(3), "position 6: an event with no chain entry: inserted"),
    "reordered": (lambda raw: raw.move_to_end(3), "position 3: the event recorded here was moved to position 6: reordered"),
    "swapped": (lambda raw: raw.swap(3, 5), "position 3: holds the event recorded at position 5: reordered or swapped"),
    "forged below every position": (lambda raw: raw.insert_at_position_zero(3), "position 0: an event with no chain entry: inserted"),
    "deleted with its chain entry": (lambda raw: raw.delete_with_chain_entry(3), "position 4: the chain entry does not follow from the one before it (position 2)"),
    "id mangled": (lambda raw: raw.mangle(3, "originator_id", "'not-a-uuid'" if "sqlite" in raw.url else "gen_random_uuid()"), "position 3: the event differs from what was recorded: modified"),
    "state emptied": (lambda raw: raw.mangle(3, "state", "NULL"), "position 3: the event differs from what was recorded: modified"),

}  # fmt: skip


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_verify_names_the_first_bad_position_and_what_was_done(app, store_url, case):
    receive(app)
    receive(app)  # positions 1-6: counter start, two numbers issued, two taskings
    tamper, expected = TAMPERING[case]
    raw = RawStore(store_url)
    raw.drop_triggers()
    tamper(raw)
    result = cli(store_url, "verify")
    assert result.exit_code == 1
    assert f"TAMPERED: first bad {expected}" in result.output


def test_a_cut_off_tail_is_caught_only_against_an_earlier_digest(app, store_url):
    for _ in range(3):
        receive(app)
    digest = cli(store_url, "digest").output.strip()
    raw = RawStore(store_url)
    raw.drop_triggers()
    raw.cut_tail(from_position=6)  # the third tasking and its number (positions 6-7)

    assert cli(store_url, "verify").exit_code == 0  # internally consistent...
    result = cli(store_url, "verify", "--digest", digest)
    assert result.exit_code == 1  # ...but shorter than what was kept
    assert (
        "the log ends at position 5, before the digest's position 7: its tail was cut off"
        in result.output
    )


def test_insert_or_replace_cannot_get_round_the_sqlite_triggers(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.sqlite'}"
    with CastTracker(url) as app:
        receive(app)
    raw = RawStore(url)
    with pytest.raises(Exception, match="append-only"):
        raw.run(
            f"INSERT OR REPLACE INTO {raw.events} (rowid, originator_id, originator_version, topic, state) SELECT rowid, originator_id, originator_version, topic, 'x' FROM {raw.events} WHERE rowid = 3"
        )
    with pytest.raises(Exception, match="append-only"):
        raw.run(
            f"REPLACE INTO {raw.chain} SELECT position, recorded_at, event_hash, 'x' FROM {raw.chain} WHERE position = 3"
        )
    assert cli(url, "verify").exit_code == 0


def test_verify_while_others_write_never_raises_a_false_alarm(app, store_url):
    receive(app)
    stop = threading.Event()

    def keep_writing() -> None:
        with CastTracker(store_url) as writer:
            while not stop.is_set():
                receive(writer, actor="bo")

    writers = [threading.Thread(target=keep_writing) for _ in range(2)]
    for writer in writers:
        writer.start()
    start, outcomes = app.position(), []
    try:
        # Verify again and again while the writers add at least 30 events (bounded: 60 s).
        deadline = time.monotonic() + 60
        while (app.position() < start + 30 or len(outcomes) < 10) and time.monotonic() < deadline:
            outcomes.append(app.verify())
    finally:
        stop.set()
        for writer in writers:
            writer.join()
    assert [str(v.problems[0]) for v in outcomes if not v.intact] == []
    assert outcomes[-1].events > outcomes[0].events  # the log really grew meanwhile


CREATE_MANY = """
import sys
from tracker.service.application import Tracker
from tracker.tasking.commands import ReceiveTasking
from tests.integration.test_store import RECEIPT
with Tracker(sys.argv[1]) as app:
    for _ in range(int(sys.argv[2])):
        app.handle(ReceiveTasking(actor="proc", **RECEIPT))
"""


def test_processes_creating_items_at_once_get_gapless_unique_references(app, store_url):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    workers = [
        subprocess.Popen([sys.executable, "-c", CREATE_MANY, store_url, "25"], cwd=root)
        for _ in range(3)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0, 0]
    references = {app.load(Tasking, f"TSK-{n}").reference for n in range(1, 76)}
    assert len(references) == 75
    with pytest.raises(Exception, match="no item 'TSK-76'"):
        app.load(Tasking, "TSK-76")
    assert cli(store_url, "verify").exit_code == 0


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("events", "topic", "CAST(X'ff00fe' AS TEXT)"),
        ("chain", "recorded_at", "CAST(X'ff00fe' AS TEXT)"),
        ("events", "state", "1000000000000"),
        ("events", "originator_version", "'abc'"),
        ("events", "originator_version", "2.5"),
    ],
)
def test_values_sqlite_lets_a_hand_edit_store_are_named_not_a_crash(tmp_path, table, column, value):
    url = f"sqlite:///{tmp_path / 'tracker.sqlite'}"
    with CastTracker(url) as app:
        receive(app)
    raw = RawStore(url)
    raw.drop_triggers()
    name, key = (raw.events, "rowid") if table == "events" else (raw.chain, "position")
    raw.run(f"UPDATE {name} SET {column} = {value} WHERE {key} = 3")
    result = cli(url, "verify")
    assert result.exit_code == 1
    assert "TAMPERED: first bad position 3" in result.output


@pytest.mark.parametrize("spelling", [str, lambda u: u.hex.upper(), lambda u: f"{{{u}}}"])
def test_another_spelling_of_an_id_which_would_hide_the_event_is_named(tmp_path, spelling):
    from uuid import UUID

    url = f"sqlite:///{tmp_path / 'tracker.sqlite'}"
    with CastTracker(url) as app:
        receive(app)
    raw = RawStore(url)
    raw.drop_triggers()
    with raw.connection() as conn:
        stored = conn.execute(f"SELECT originator_id FROM {raw.events} WHERE rowid = 3").fetchone()[
            0
        ]
    raw.mangle(3, "originator_id", f"'{spelling(UUID(stored))}'")
    result = cli(url, "verify")
    assert result.exit_code == 1
    assert "TAMPERED: first bad position 3: the event differs" in result.output


@pytest.mark.postgres
def test_writers_under_repeatable_read_still_extend_one_chain(postgres_url, monkeypatch):
    # A database whose default isolation is REPEATABLE READ, as an administrator may set it.
    monkeypatch.setenv("PGOPTIONS", "-c default_transaction_isolation=repeatable\\ read")
    with CastTracker(postgres_url, create_schema=True) as app:
        references = [receive(app) for _ in range(4)]

    def writer(reference: str) -> None:
        with CastTracker(postgres_url) as mine:
            for n in range(15):
                mine.handle(RecordReview(actor="bo", reference=reference, note=f"review {n}"))

    threads = [threading.Thread(target=writer, args=(r,)) for r in references]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = cli(postgres_url, "verify")
    assert result.exit_code == 0, result.output
    assert "intact: 69 events" in result.output  # 9 from the receipts, 60 reviews


@pytest.mark.postgres
def test_a_commit_whose_acknowledgement_is_lost_is_not_recorded_twice(postgres_url, monkeypatch):
    from eventsourcing.persistence import OperationalError

    from events.store_postgres import ChainedPostgresRecorder

    with CastTracker(postgres_url, create_schema=True) as app:
        reference = receive(app)
        record = ChainedPostgresRecorder._record
        lost = []

        def commit_then_lose_the_answer(self, stored_events):
            positions = record(self, stored_events)
            if not lost:
                lost.append(positions)
                raise OperationalError("server closed the connection unexpectedly")
            return positions

        monkeypatch.setattr(ChainedPostgresRecorder, "_record", commit_then_lose_the_answer)
        recorded = app.handle(
            PresentTasking(actor="bo", reference=reference, meeting_on="2026-10-20")
        )

        assert lost and recorded.position == lost[0][-1]
        assert [e.what for e in app.trail(reference)] == ["TaskingReceived", "TaskingPresented"]
        assert app.verify().intact
