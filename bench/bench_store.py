#!/usr/bin/env python
"""Event store benchmarks: every figure beside a baseline measured in the same run, same database.

    .venv/bin/python bench/bench_store.py            # full sizes (1k and 200k events), ~4 min
    .venv/bin/python bench/bench_store.py --quick    # small sizes (1k and 20k), ~25 s
    .venv/bin/python bench/bench_store.py --only sqlite

Figures (see bench/README.md for what each one means and why):

1. commands/s and latency p50/p99 of a typical command (ReportTaskingProgress on an existing
   tasking through ``Tracker.handle``: load, decide, record with the hash chain) beside raw
   single-row INSERT transactions from Python with the same driver; on PostgreSQL also beside
   a raw INSERT under ``LOCK TABLE ... IN EXCLUSIVE MODE`` + ``NOTIFY`` in one transaction.
2. command latency with 1 thousand and with 200 thousand events already stored (p50 ratio),
   on two stores side by side, in alternating rounds.
3. ``Tracker.verify()`` throughput on the large store beside a raw read of the same rows.

Nothing here asserts on time: the script prints figures and ratios, and whether each target
is met. It creates SQLite files in temporary folders and fresh PostgreSQL schemas (one per
store), and removes them at the end.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

import psycopg
from eventsourcing.application import AggregateNotFoundError
from psycopg import sql

from events.base import acting_as
from events.chain import GENESIS
from tracker.kernel.forum_decision import ForumDecision
from tracker.kernel.numbering import Counter, counter_id
from tracker.service.application import Tracker
from tracker.tasking.commands import ReportTaskingProgress
from tracker.tasking.tasking import Tasking

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"

# -- what is stored -----------------------------------------------------------------------

RECEIPT = dict(
    marking="OFFICIAL",
    basis="request s.5(1)(a)",
    nca_reference="NCA-2026-0001",
    received_on="2026-10-05",
    title="National policing standards for organised immigration crime",
    description="Adopt the national standards across the region, force by force.",
    assists_nca_functions="Improves the national intelligence picture.",
    threat_area="organised immigration crime",
    lead_officer="DCI Patel",
    resourcing="business as usual",
)
_WORDS = (
    "Surveillance package agreed with the force lead; two further premises identified; "
    "financial enquiries continue with the regional asset recovery team and the NCA desk. "
)
# An update of this length makes a TaskingProgressReported state of about 600 bytes.
UPDATE = (_WORDS * 4)[:416]
RAW_TOPIC = "TaskingProgressReported"
RAW_STATE = (b'{"timestamp":"2026-11-26T13:18:41.146093+00:00","actor":"bench","update":"'
             + UPDATE.encode() + b'"}').ljust(600, b" ")  # fmt: skip
EVENTS_PER_FILLER = 5  # NumberIssued, TaskingReceived, -Presented, -Accepted, -ProgressReported
FILL_BATCH = 200  # taskings per app.save(): 1,000 events per transaction
RAW_WARMUP = 20


@dataclass(frozen=True)
class Sizes:
    small: int  # events stored before the "small store" command run
    large: int  # events stored before the "large store" command run and verify
    commands: int  # timed commands per store size
    raw: int  # timed raw INSERT transactions per baseline
    rounds: int  # baselines and commands alternate in this many rounds
    probes: int  # distinct existing taskings the commands are spread over
    warmup: int


FULL = Sizes(small=1_000, large=200_000, commands=2_000, raw=2_000, rounds=4, probes=200,
             warmup=100)  # fmt: skip
QUICK = Sizes(small=1_000, large=20_000, commands=300, raw=300, rounds=3, probes=60, warmup=30)


# -- measuring ------------------------------------------------------------------------------


@dataclass
class Timed:
    """Latencies of single operations (ns) and the wall time their loops took (s)."""

    latencies: list[int] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, other: Timed) -> None:
        self.latencies += other.latencies
        self.seconds += other.seconds

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        """Nearest-rank percentile, in milliseconds."""
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] / 1e6

    def line(self) -> str:
        return (
            f"{self.rate:9.0f}/s  p50 {self.pct(50):6.2f} ms  p99 {self.pct(99):6.2f} ms"
            f"  (n={len(self.latencies)})"
        )


def timed_loop(n: int, one: Callable[[int], Any]) -> Timed:
    gc.collect()
    out = Timed()
    clock = time.perf_counter_ns
    start = clock()
    for i in range(n):
        t0 = clock()
        one(i)
        out.latencies.append(clock() - t0)
    out.seconds = (clock() - start) / 1e9
    return out


def load_note() -> str:
    """Other work on the machine moves every figure: say how busy it was."""
    one, five, _ = os.getloadavg()
    return (f"load average {one:.1f} (1 min) {five:.1f} (5 min) on {os.cpu_count()} cpus; "
            "this run itself keeps about 1.5 busy")  # fmt: skip


def code_note() -> str:
    """Which store code was measured: HEAD, and a digest of uncommitted edits under events/."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        git = partial(subprocess.run, cwd=root, capture_output=True, text=True, check=True)
        head = git(["git", "rev-parse", "--short", "HEAD"]).stdout.strip()
        # --no-optional-locks: read only, never touches the index others may be using.
        status = git(["git", "--no-optional-locks", "status", "--porcelain", "events", "tracker"])
        status = status.stdout
        changed = [line[3:] for line in status.splitlines()]
    except (OSError, subprocess.CalledProcessError):
        return "code: not a git checkout"
    digest = hashlib.sha256()
    for name in sorted(changed):
        path = os.path.join(root, name)
        if os.path.isfile(path):
            with open(path, "rb") as file:
                digest.update(name.encode() + b"\0" + file.read())
    edits = f"{len(changed)} uncommitted files ({digest.hexdigest()[:12]})" if changed else "clean"
    return f"code: HEAD {head}, events/ and tracker/: {edits}"


def log(message: str) -> None:
    print(message, flush=True)


# -- the two databases --------------------------------------------------------------------


class Backend:
    """One database: the tracker's store URL, raw connections, and cleanup."""

    name: str
    url: str
    events_table: str
    chain_table: str
    position: str

    def close(self) -> None: ...

    def count_events(self) -> int:
        raise NotImplementedError

    # raw baselines: each returns {label: operation(i)} after creating its tables
    def raw_inserts(self, n: int) -> dict[str, Callable[[int], Any]]:
        raise NotImplementedError

    def raw_read(self, *, with_chain: bool, hashing: bool) -> int:
        raise NotImplementedError


class SQLiteBackend(Backend):
    name = "SQLite"
    events_table, chain_table, position = "stored_events", "event_chain", "rowid"

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="tracker-bench-")
        self.path = os.path.join(self.folder, "tracker.sqlite")
        self.url = f"sqlite:///{self.path}"
        self._raw: sqlite3.Connection | None = None

    def connect(self) -> sqlite3.Connection:
        # As the library connects: autocommit mode, WAL (set by the tracker on first use).
        return sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                               timeout=30)  # fmt: skip

    @property
    def raw(self) -> sqlite3.Connection:
        if self._raw is None:
            self._raw = self.connect()
        return self._raw

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def count_events(self) -> int:
        return self.raw.execute(f"SELECT count(*) FROM {self.events_table}").fetchone()[0]

    def raw_inserts(self, n: int) -> dict[str, Callable[[int], Any]]:
        conn = self.raw
        # The library's application table: rowid table, primary key (originator_id, version).
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_raw (originator_id TEXT, originator_version "
            "INTEGER, topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
        )
        ids = [uuid4().hex for _ in range(n)]

        def insert(i: int) -> int | None:
            conn.execute("BEGIN IMMEDIATE")
            rowid = conn.execute(
                "INSERT INTO bench_raw VALUES (?,?,?,?)", (ids[i], 1, RAW_TOPIC, RAW_STATE)
            ).lastrowid
            conn.execute("COMMIT")
            return rowid

        return {"raw INSERT txn": insert}

    def raw_read(self, *, with_chain: bool, hashing: bool) -> int:
        conn, conn2 = self.connect(), self.connect()
        try:
            events = conn.execute(
                f"SELECT rowid, * FROM {self.events_table} ORDER BY rowid"
            )  # fmt: skip
            chain = None
            if with_chain:
                chain = conn2.execute(f"SELECT * FROM {self.chain_table} ORDER BY position")
            return _consume(_batches(events, 2000), _batches(chain, 2000) if chain else None,
                            hashing, hex_ids=True)  # fmt: skip
        finally:
            conn.close()
            conn2.close()


class PostgresBackend(Backend):
    name = "PostgreSQL"
    events_table, chain_table, position = "tracker_events", "tracker_chain", "notification_id"

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.dsn = parts._replace(query="").geturl()
        self.schema = f"bench_{uuid4().hex[:12]}"
        self.admin = psycopg.connect(self.dsn, autocommit=True, connect_timeout=5)
        self.admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(self.schema)))
        self.url = f"{self.dsn}?schema={self.schema}"
        self._raw: psycopg.Connection | None = None

    def table(self, name: str) -> sql.Composed:
        return sql.SQL("{}.{}").format(sql.Identifier(self.schema), sql.Identifier(name))

    @property
    def raw(self) -> psycopg.Connection:
        if self._raw is None:
            self._raw = psycopg.connect(self.dsn, autocommit=True)
        return self._raw

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
        self.admin.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(self.schema))
        )
        self.admin.close()

    def count_events(self) -> int:
        query = sql.SQL("SELECT count(*) FROM {}").format(self.table(self.events_table))
        return self.admin.execute(query).fetchone()[0]

    def _create_raw_table(self, name: str) -> sql.Composed:
        table = self.table(name)
        # The library's application table: uuid id, bigserial position, the same indexes.
        self.raw.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (originator_id uuid NOT NULL, originator_version "
                "bigint NOT NULL, topic text, state bytea, notification_id bigserial, "
                "PRIMARY KEY (originator_id, originator_version))"
            ).format(table)
        )
        self.raw.execute(
            sql.SQL("CREATE UNIQUE INDEX IF NOT EXISTS {} ON {} (notification_id)").format(
                sql.Identifier(f"{name}_nid"), table
            )
        )
        return table

    def raw_inserts(self, n: int) -> dict[str, Callable[[int], Any]]:
        conn = self.raw
        cur = conn.cursor()
        insert_sql = (
            "INSERT INTO {} (originator_id, originator_version, topic, state) "
            "VALUES (%s, %s, %s, %s) RETURNING notification_id"
        )
        plain_table = self._create_raw_table("bench_raw_plain")
        locked_table = self._create_raw_table("bench_raw_locked")
        piped_table = self._create_raw_table("bench_raw_piped")
        plain = sql.SQL(insert_sql).format(plain_table)
        locked = sql.SQL(insert_sql).format(locked_table)
        lock = sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(locked_table)
        piped = sql.SQL(insert_sql).format(piped_table)
        piped_lock = sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(piped_table)
        ids = {k: [uuid4() for _ in range(n)] for k in ("plain", "locked", "piped")}

        def insert_plain(i: int) -> int:
            cur.execute(plain, (ids["plain"][i], 1, RAW_TOPIC, RAW_STATE))
            return cur.fetchone()[0]

        def insert_locked(i: int) -> int:
            # One statement per round trip: BEGIN, LOCK, NOTIFY, INSERT, COMMIT.
            with conn.transaction():
                cur.execute(lock)
                cur.execute("NOTIFY bench_raw_locked")
                cur.execute(locked, (ids["locked"][i], 1, RAW_TOPIC, RAW_STATE))
                return cur.fetchone()[0]

        def insert_piped(i: int) -> int:
            # As the library sends it: one pipeline, so the statements share round trips.
            with conn.pipeline(), conn.transaction():
                cur.execute("SET LOCAL lock_timeout = '5s'")
                cur.execute(piped_lock)
                cur.execute("NOTIFY bench_raw_piped")
                cur.execute(piped, (ids["piped"][i], 1, RAW_TOPIC, RAW_STATE))
            return cur.fetchone()[0]

        return {
            "raw INSERT txn": insert_plain,
            "raw LOCK+NOTIFY+INSERT txn": insert_locked,
            "raw LOCK+NOTIFY+INSERT txn, pipelined": insert_piped,
        }

    def raw_read(self, *, with_chain: bool, hashing: bool) -> int:
        # A server-side cursor, as the store streams, so memory stays flat.
        with psycopg.connect(self.dsn) as conn, psycopg.connect(self.dsn) as conn2:
            events = conn.cursor(name="bench_events")
            events.itersize = 5000
            events.execute(
                sql.SQL("SELECT * FROM {} ORDER BY notification_id").format(
                    self.table(self.events_table)
                )
            )
            chain = None
            if with_chain:
                chain = conn2.cursor(name="bench_chain")
                chain.itersize = 5000
                chain.execute(
                    sql.SQL("SELECT * FROM {} ORDER BY position").format(
                        self.table(self.chain_table)
                    )
                )
            # SELECT * column order: originator_id, version, topic, state, notification_id
            rows = ((r[4], r[0], r[1], r[2], r[3]) for r in events)
            return _consume(rows, iter(chain) if chain else None, hashing, hex_ids=False)


def _batches(cursor: Any, size: int) -> Iterator[Any]:
    while batch := cursor.fetchmany(size):
        yield from batch


def _hyphenated(hex_id: str) -> str:
    return f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"


def _consume(events: Iterator[Any], chain: Iterator[Any] | None, hashing: bool,
             hex_ids: bool) -> int:  # fmt: skip
    """Reads every row; with ``hashing``, recomputes the chain with the least Python possible.

    Rows are (position, originator_id, version, topic, state). The hashing variant is not a
    target baseline: it shows how fast a verifier on the same driver could be.
    """
    count = 0
    if chain is None:
        for _row in events:
            count += 1
        return count
    sha = hashlib.sha256
    previous, bad = GENESIS, 0
    for row, entry in zip(events, chain, strict=True):
        count += 1
        if hashing:
            position, oid, version, topic, state = row
            oid = _hyphenated(oid) if hex_ids else str(oid)
            text = f"{oid}\n{version}\n{topic}\n{sha(state).hexdigest()}"
            ev = sha(text.encode()).hexdigest()
            previous = sha(f"{previous}\n{position}\n{entry[1]}\n{ev}".encode()).hexdigest()
            bad += previous != entry[3]
    if bad:
        raise RuntimeError(f"the minimal verifier disagrees with the chain on {bad} rows")
    return count


# -- filling the store --------------------------------------------------------------------


ACCEPTED_BY_RTTCG = ForumDecision(
    reference="RTTCG-1",
    forum="RTTCG",
    outcome="approved",
    decided_on=date(2026, 10, 20),
    rationale="within the regional strategy",
)


@dataclass
class Filler:
    """Adds taskings (received, presented, accepted, one progress report) in big saves.

    Each tasking takes a real reference number from the TSK counter, so the log is what
    commands would have written, only faster: many aggregates per ``app.save``. The chain
    is written by the store as usual, so the result must verify.
    """

    app: Tracker
    counter: Counter | None = None
    references: list[str] = field(default_factory=list)

    def fill_to(self, backend: Backend, target: int) -> tuple[int, float]:
        start = time.perf_counter()
        missing = target - backend.count_events()
        taskings = max(0, missing // EVENTS_PER_FILLER)
        with acting_as("bench"):
            if self.counter is None:
                try:
                    self.counter = self.app.repository.get(counter_id("TSK"))
                except AggregateNotFoundError:
                    self.counter = Counter.start("TSK")
                    taskings = max(0, (missing - 1) // EVENTS_PER_FILLER)
            done = 0
            while done < taskings:
                batch = []
                for _ in range(min(FILL_BATCH, taskings - done)):
                    reference = f"TSK-{self.counter.issue()}"
                    tasking = Tasking.receive(reference, **RECEIPT)
                    tasking.present("2026-10-20", "")
                    # The RTTCG's decision, as the tasking takes it (the store bench does
                    # not record the decision itself: five events a tasking, as before).
                    tasking.take_decision(ACCEPTED_BY_RTTCG)
                    tasking.report_progress(UPDATE, "2026-11-01")
                    batch.append(tasking)
                    self.references.append(reference)
                self.app.save(self.counter, *batch)
                done += len(batch)
        return backend.count_events(), time.perf_counter() - start


def spread(items: list[str], k: int) -> list[str]:
    """``k`` items evenly spread over ``items`` (so over the whole log)."""
    if k >= len(items):
        return list(items)
    step = len(items) / k
    return [items[int(i * step)] for i in range(k)]


# -- the figures --------------------------------------------------------------------------


def command(reference: str) -> ReportTaskingProgress:
    return ReportTaskingProgress(
        actor="bench", reference=reference, update=UPDATE, reported_on="2026-11-02"
    )


def run_commands(app: Tracker, references: list[str], n: int, offset: int = 0) -> Timed:
    """``n`` commands through ``Tracker.handle``, round robin over ``references``."""
    k = len(references)
    return timed_loop(n, lambda i: app.handle(command(references[(offset + i) % k])))


def measure_commands(small: Store, large: Store, sizes: Sizes
                     ) -> tuple[Timed, Timed, dict[str, Timed]]:  # fmt: skip
    """Raw baselines, commands on the small store and on the large store, in alternating rounds.

    Interleaving makes drift (a noisy neighbour on the host, a checkpoint) hit every figure
    alike, so the ratios hold even when the absolute figures wander.
    """
    for store in (small, large):  # not timed: connections, caches, plans
        run_commands(store.app, store.probes, sizes.warmup)
    timed_raw = (sizes.raw // sizes.rounds) * sizes.rounds
    raw_per_round = sizes.raw // sizes.rounds
    operations = small.backend.raw_inserts(timed_raw + RAW_WARMUP)
    for op in operations.values():  # not timed: the last ids
        timed_loop(RAW_WARMUP, lambda i, op=op: op(timed_raw + i))
    raws: dict[str, Timed] = {label: Timed() for label in operations}
    on_small, on_large = Timed(), Timed()
    per_round, done = sizes.commands // sizes.rounds, sizes.warmup
    for r in range(sizes.rounds):
        for label, op in operations.items():
            base = r * raw_per_round
            raws[label].add(timed_loop(raw_per_round, lambda i, op=op, base=base: op(base + i)))
        pair = [(small, on_small), (large, on_large)]
        for store, timed in pair if r % 2 == 0 else pair[::-1]:
            timed.add(run_commands(store.app, store.probes, per_round, offset=done))
        done += per_round
    return on_small, on_large, raws


def measure_parts(app: Tracker, references: list[str], n: int) -> dict[str, Timed]:
    """The command's own steps timed apart: load, decide, record (informational)."""
    parts = {k: Timed() for k in ("load", "decide", "record")}
    clock = time.perf_counter_ns
    gc.collect()
    with acting_as("bench"):
        for i in range(n):
            cmd = command(references[i % len(references)])
            t0 = clock()
            tasking = app.load(Tasking, cmd.reference)
            t1 = clock()
            tasking.report_progress(cmd.update, cmd.reported_on)
            t2 = clock()
            app.record(tasking)
            t3 = clock()
            for name, ns in zip(parts, (t1 - t0, t2 - t1, t3 - t2), strict=True):
                parts[name].latencies.append(ns)
                parts[name].seconds += ns / 1e9
    return parts


def measure_verify(app: Tracker, backend: Backend, repeats: int) -> dict[str, Any]:
    """``Tracker.verify()`` and raw reads of the same rows, alternating; best of ``repeats``."""
    best: dict[str, float] = {}
    counts: dict[str, int] = {}
    summary = ""
    tasks: list[tuple[str, Callable[[], int]]] = [
        ("raw read events", lambda: backend.raw_read(with_chain=False, hashing=False)),
        ("verify", lambda: _verify(app)),
        ("raw read events+chain", lambda: backend.raw_read(with_chain=True, hashing=False)),
        ("minimal verifier", lambda: backend.raw_read(with_chain=True, hashing=True)),
    ]
    for _ in range(repeats):
        for label, task in tasks:
            gc.collect()
            t0 = time.perf_counter()
            result = task()
            elapsed = time.perf_counter() - t0
            if isinstance(result, tuple):
                result, summary = result
            counts[label] = result
            best[label] = min(best.get(label, elapsed), elapsed)
    return {
        "rates": {k: counts[k] / best[k] for k in best},
        "seconds": best,
        "counts": counts,
        "summary": summary,
    }


def _verify(app: Tracker) -> tuple[int, str]:
    result = app.verify()
    if not result.intact:
        raise RuntimeError(f"the benchmark store does not verify: {result.summary()}")
    return result.events, result.summary()


@contextmanager
def tracker_on(backend: Backend) -> Iterator[Tracker]:
    app = Tracker(backend.url, create_schema=True)
    try:
        yield app
    finally:
        app.close()


@dataclass
class Store:
    """One tracker store of one size, and the taskings the timed commands go to."""

    backend: Backend
    app: Tracker
    probes: list[str]


def bench_database(make: Callable[[], Backend], sizes: Sizes) -> dict[str, Any]:
    """All figures on one kind of database: a small and a large store, side by side."""
    small_db, large_db = make(), make()
    try:
        log(f"\n=== {small_db.name}: small store {small_db.url}, large store {large_db.url}")
        with tracker_on(small_db) as small_app, tracker_on(large_db) as large_app:
            return _bench(small_db, small_app, large_db, large_app, sizes)
    finally:
        small_db.close()
        large_db.close()


def _bench(small_db: Backend, small_app: Tracker, large_db: Backend, large_app: Tracker,
           sizes: Sizes) -> dict[str, Any]:  # fmt: skip
    res: dict[str, Any] = {"name": small_db.name}
    stores = []
    for db, app, size in ((small_db, small_app, sizes.small), (large_db, large_app, sizes.large)):
        filler = Filler(app)
        stored, seconds = filler.fill_to(db, size)
        log(f"filled a store to {stored:,} events in {seconds:.1f} s "
            f"({stored / seconds:,.0f} events/s through app.save, 1,000 per save)")  # fmt: skip
        # Existing, equally short taskings, spread over the whole log.
        stores.append(Store(db, app, spread(filler.references, sizes.probes)))
    small, large = stores

    # Figures 1 and 2: commands beside raw INSERT baselines, small and large store alternating.
    on_small, on_large, raws = measure_commands(small, large, sizes)
    res["commands_small"], res["commands_large"], res["raw"] = on_small, on_large, raws
    for label, timed in raws.items():
        log(f"  {label:40s} {timed.line()}")
    log(f"  {'command, small store':40s} {on_small.line()}")
    log(f"  {'command, large store':40s} {on_large.line()}")
    parts = measure_parts(small_app, small.probes, max(100, sizes.commands // 4))
    res["parts"] = parts
    for label, timed in parts.items():
        log(f"    small store, part: {label:19s} {timed.line()}")

    # Figure 3: verify on the large store beside raw reads of the same rows.
    verify = measure_verify(large_app, large_db, repeats=2)
    res["verify"] = verify
    for label, rate in verify["rates"].items():
        log(f"  {label:40s} {rate:10,.0f} rows/s  ({verify['seconds'][label]:.2f} s, "
            f"{verify['counts'][label]:,} rows)")  # fmt: skip
    log(f"  {verify['summary']}")
    return res


# -- the report -----------------------------------------------------------------------------


def _mark(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def report(results: list[dict[str, Any]], sizes: Sizes) -> None:
    rows: list[tuple[str, list[str]]] = []
    verdicts: list[str] = []

    def row(label: str, values: list[str]) -> None:
        rows.append((label, values))

    names = [r["name"] for r in results]
    small, large = f"{sizes.small // 1000}k", f"{sizes.large // 1000}k"
    row("1. raw INSERT txn/s (1 row, autocommit txn)",
        [f"{r['raw']['raw INSERT txn'].rate:,.0f}" for r in results])  # fmt: skip
    row("   raw LOCK+NOTIFY+INSERT txn/s",
        [_get(r, "raw LOCK+NOTIFY+INSERT txn") for r in results])  # fmt: skip
    row("   raw LOCK+NOTIFY+INSERT txn/s, pipelined",
        [_get(r, "raw LOCK+NOTIFY+INSERT txn, pipelined") for r in results])  # fmt: skip
    row(f"   commands/s ({small} store, hash chain on)",
        [f"{r['commands_small'].rate:,.0f}" for r in results])  # fmt: skip
    row("   command p50 / p99 ms",
        [f"{r['commands_small'].pct(50):.2f} / {r['commands_small'].pct(99):.2f}"
         for r in results])  # fmt: skip
    row("   raw INSERT p50 ms",
        [f"{r['raw']['raw INSERT txn'].pct(50):.2f}" for r in results])  # fmt: skip
    row("   commands as % of raw INSERT",
        [f"{100 * r['commands_small'].rate / r['raw']['raw INSERT txn'].rate:.0f}%"
         for r in results])  # fmt: skip
    for r in results:
        cmd = r["commands_small"].rate
        for label in ("raw LOCK+NOTIFY+INSERT txn", "raw LOCK+NOTIFY+INSERT txn, pipelined"):
            if label in r["raw"]:
                pct = 100 * cmd / r["raw"][label].rate
                by_p50 = 100 * r["raw"][label].pct(50) / r["commands_small"].pct(50)
                verdicts.append(f"{r['name']}: commands = {pct:.0f}% of {label} "
                                f"(target >= 60%): {_mark(pct >= 60)}; "
                                f"by p50 latency {by_p50:.0f}%")  # fmt: skip
        if "raw LOCK+NOTIFY+INSERT txn" not in r["raw"]:
            pct = 100 * cmd / r["raw"]["raw INSERT txn"].rate
            verdicts.append(
                f"{r['name']}: commands = {pct:.0f}% of raw BEGIN IMMEDIATE+INSERT txn, "
                f"SQLite's analogue (target >= 60%): {_mark(pct >= 60)}"
            )
    row("   commands as % of LOCK+NOTIFY (seq / piped)",
        [f"{_pct(r, 'raw LOCK+NOTIFY+INSERT txn')} / "
         f"{_pct(r, 'raw LOCK+NOTIFY+INSERT txn, pipelined')}"
         if "raw LOCK+NOTIFY+INSERT txn" in r["raw"] else "n/a" for r in results])  # fmt: skip
    row("   same by p50 latency (SQLite: of raw INSERT)",
        [f"{_p50pct(r, 'raw LOCK+NOTIFY+INSERT txn')} / "
         f"{_p50pct(r, 'raw LOCK+NOTIFY+INSERT txn, pipelined')}"
         if "raw LOCK+NOTIFY+INSERT txn" in r["raw"] else _p50pct(r, "raw INSERT txn")
         for r in results])  # fmt: skip
    row("   parts p50 ms: load / decide / record",
        [" / ".join(f"{r['parts'][k].pct(50):.2f}" for k in ("load", "decide", "record"))
         for r in results])  # fmt: skip
    row(f"2. command p50 / p99 ms, {small} store",
        [f"{r['commands_small'].pct(50):.2f} / {r['commands_small'].pct(99):.2f}"
         for r in results])  # fmt: skip
    row(f"   command p50 / p99 ms, {large} store",
        [f"{r['commands_large'].pct(50):.2f} / {r['commands_large'].pct(99):.2f}"
         for r in results])  # fmt: skip
    row(f"   p50 ratio {large} / {small} (target < 1.2)",
        [f"{r['commands_large'].pct(50) / r['commands_small'].pct(50):.2f}"
         for r in results])  # fmt: skip
    for r in results:
        ratio = r["commands_large"].pct(50) / r["commands_small"].pct(50)
        verdicts.append(f"{r['name']}: p50 {large}/{small} = {ratio:.2f} (target < 1.2): "
                        f"{_mark(ratio < 1.2)}")  # fmt: skip
    row(f"3. verify events/s ({large} store)",
        [f"{r['verify']['rates']['verify']:,.0f}" for r in results])  # fmt: skip
    row("   raw read events rows/s",
        [f"{r['verify']['rates']['raw read events']:,.0f}" for r in results])  # fmt: skip
    row("   verify as % of raw read (target >= 50%)",
        [f"{100 * _vr(r):.0f}%" for r in results])  # fmt: skip
    row("   raw read events+chain rows/s (info)",
        [f"{r['verify']['rates']['raw read events+chain']:,.0f}" for r in results])  # fmt: skip
    row("   minimal verifier rows/s (info)",
        [f"{r['verify']['rates']['minimal verifier']:,.0f}" for r in results])  # fmt: skip
    for r in results:
        verdicts.append(f"{r['name']}: verify = {100 * _vr(r):.0f}% of raw read "
                        f"(target >= 50%): {_mark(_vr(r) >= 0.5)}")  # fmt: skip

    width = max(len(label) for label, _ in rows) + 2
    col = max(18, *(len(v) + 2 for _, values in rows for v in values))
    log("\n" + "=" * (width + col * len(names)))
    log("figure".ljust(width) + "".join(n.rjust(col) for n in names))
    log("-" * (width + col * len(names)))
    for label, values in rows:
        log(label.ljust(width) + "".join(v.rjust(col) for v in values))
    log("=" * (width + col * len(names)))
    for verdict in verdicts:
        log("  " + verdict)


def _p50pct(r: dict[str, Any], label: str) -> str:
    return f"{100 * r['raw'][label].pct(50) / r['commands_small'].pct(50):.0f}%"


def _pct(r: dict[str, Any], label: str) -> str:
    return f"{100 * r['commands_small'].rate / r['raw'][label].rate:.0f}%"


def _get(r: dict[str, Any], label: str) -> str:
    return f"{r['raw'][label].rate:,.0f}" if label in r["raw"] else "n/a"


def _vr(r: dict[str, Any]) -> float:
    rates = r["verify"]["rates"]
    return rates["verify"] / rates["raw read events"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.add_argument("--only", choices=("sqlite", "postgres"), help="one database only")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("TRACKER_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="server and database for a scratch schema (created and dropped)",
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    log(f"sizes: {sizes}")
    log(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}, psycopg "
        f"{psycopg.__version__} ({psycopg.pq.__impl__}), {os.cpu_count()} cpus")  # fmt: skip
    log(load_note())
    log(code_note())
    started = time.perf_counter()
    results = []
    if args.only in (None, "sqlite"):
        results.append(bench_database(SQLiteBackend, sizes))
    if args.only in (None, "postgres"):
        try:
            with psycopg.connect(args.postgres_url.split("?")[0], connect_timeout=5) as conn:
                log(f"PostgreSQL {conn.execute('SHOW server_version').fetchone()[0]}")
        except psycopg.OperationalError as error:
            log(f"PostgreSQL unavailable, skipped: {str(error).strip()}")
        else:
            results.append(bench_database(lambda: PostgresBackend(args.postgres_url), sizes))
    if results:
        report(results, sizes)
    log(f"\ntotal {time.perf_counter() - started:.0f} s; {load_note()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
