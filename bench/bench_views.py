#!/usr/bin/env python
"""Status views' benchmarks: every figure beside a baseline measured in the same run.

    .venv/bin/python bench/bench_views.py            # 10k and 1M events (1M cached), ~30 min
    .venv/bin/python bench/bench_views.py --quick    # 10k and 50k events, ~2 min
    .venv/bin/python bench/bench_views.py --only postgres --lag-seconds 30

Figures (see bench/README.md for what each one means):

1. rebuild throughput (``Projector.rebuild`` of every view, events/s) on the large store,
   beside a raw read and decode of the same events (``recorder.select_notifications`` and
   ``mapper.to_domain_event``, in the projector's batches).
2. projection lag p50/p99 while commands arrive at a steady rate (100/s) on the small
   store, with ``tracker project`` running in a subprocess: from a command's commit to
   the moment every view's tracked position covers it.
3. board query latency (page 1 of the tasking board, the support request board and the
   decision register) on the small and on the large store, in alternating rounds.
4. "as at" query latency (positions spread over the log) beside the same query now.

The large stores are built once and kept: a SQLite file under /tmp/tracker-bench-views
and the PostgreSQL schema ``bench_views`` (``bench_views_quick`` for --quick), both keyed
by the generator's version and size. Small stores are made for each run and removed.
Nothing here asserts on time: the script prints figures, ratios and whether each target
is met.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_store as bs
import psycopg
from bulk_events import VERSION, BulkTracker, fill, scenarios
from psycopg import sql
from sqlalchemy import Engine, func, select

from tracker.decisions.register import decision_register_rows
from tracker.kernel.commands import Command, Recorded
from tracker.service.application import Tracker
from tracker.support.board import support_request_board_rows
from tracker.tasking.board import tasking_board_rows
from tracker.views.bookkeeping import view_positions
from tracker.views.catalogue import projections
from tracker.views.engine import metadata, view_engine
from tracker.views.projector import BATCH, Projector

DEFAULT_POSTGRES_URL = bs.DEFAULT_POSTGRES_URL
CACHE = os.environ.get("TRACKER_BENCH_CACHE", "/tmp/tracker-bench-views")
TRACKER = os.path.join(os.path.dirname(sys.executable), "tracker")
POLL = 0.005  # seconds between the lag observer's reads of the views' positions
log = bs.log


@dataclass(frozen=True)
class Sizes:
    small: int  # events in the small store (made each run)
    large: int  # events in the large store (cached)
    rebuilds: int  # timed rebuilds of the large store (the best counts)
    rounds: int  # query figures alternate stores / current and as-at in this many rounds
    per_round: int  # timed queries per round, per query
    as_at_points: int  # positions spread over the log for "as at"
    lag_seconds: float
    lag_rate: float  # commands per second while the lag is measured


FULL = Sizes(small=10_000, large=1_000_000, rebuilds=1, rounds=5, per_round=40, as_at_points=10,
             lag_seconds=60, lag_rate=100)  # fmt: skip
QUICK = Sizes(small=10_000, large=50_000, rebuilds=1, rounds=3, per_round=15, as_at_points=10,
              lag_seconds=10, lag_rate=100)  # fmt: skip

BOARDS: dict[str, Callable[..., list[Any]]] = {
    "tasking board": tasking_board_rows,
    "support request board": support_request_board_rows,
    "decision register": decision_register_rows,
}
READERS = {"cleared": True, "not cleared": False}


# -- the stores -----------------------------------------------------------------------------


@dataclass
class Store:
    """One tracker store: its URL, its size, and how to remove it (if made for this run)."""

    name: str
    url: str
    label: str
    remove: Callable[[], None] = lambda: None
    notes: list[str] = field(default_factory=list)


def size_label(events: int) -> str:
    return f"{events // 1_000_000}M" if events % 1_000_000 == 0 else f"{events // 1000}k"


def _filled(url: str, events: int) -> None:
    """Fills an empty store to ``events`` through ``BulkTracker`` and checks its chain."""
    started = time.perf_counter()
    app = BulkTracker(url)
    try:
        step = max(events // 10, 100_000)
        mark = [step]

        def progress(stored: int) -> None:
            if stored >= mark[0]:
                log(f"    {stored:,} events, {time.perf_counter() - started:.0f} s")
                mark[0] += step

        given = fill(app, events, progress)
        seconds = time.perf_counter() - started
        log(f"    filled with {given:,} commands, {app.position():,} events in {seconds:.0f} s")
        verification = app.verify()
        log(f"    verify: {verification.summary()}")
        if not verification.intact:
            raise RuntimeError("the generated log does not verify")
    finally:
        app.close()


def settle_sqlite(partial: str, path: str) -> None:
    """Folds the WAL of the store built at ``partial`` into one file, moved to ``path``."""
    with sqlite3.connect(partial) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    os.replace(partial, path)
    for leftover in (partial + "-wal", partial + "-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)


def sqlite_large(events: int) -> Store:
    """The cached SQLite file of ``events`` events, built the first time."""
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, f"{VERSION}-{events}.sqlite")
    if os.path.exists(path):
        return Store("SQLite", f"sqlite:///{path}", size_label(events), notes=[f"cached {path}"])
    partial_path = path + ".partial"
    for leftover in (partial_path, partial_path + "-wal", partial_path + "-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    log(f"  building {path} (kept for later runs)")
    _filled(f"sqlite:///{partial_path}", events)
    settle_sqlite(partial_path, path)
    return Store("SQLite", f"sqlite:///{path}", size_label(events), notes=[f"built {path}"])


def sqlite_small(events: int) -> Store:
    folder = tempfile.mkdtemp(prefix="tracker-bench-views-")
    url = f"sqlite:///{folder}/tracker.sqlite"
    _filled(url, events)
    return Store("SQLite", url, size_label(events), partial(shutil.rmtree, folder, True))


def _dsn(base_url: str) -> str:
    return urlsplit(base_url)._replace(query="").geturl()


def postgres_large(base_url: str, events: int, schema: str) -> Store:
    """The PostgreSQL schema of ``events`` events, built the first time; its comment keys it."""
    key = f"{VERSION} {events}"
    with psycopg.connect(_dsn(base_url), autocommit=True) as admin:
        found = admin.execute(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
            (schema,),
        ).fetchone()
        url = f"{_dsn(base_url)}?schema={schema}"
        label = size_label(events)
        if found is not None and found[0] == key:
            return Store("PostgreSQL", url, label, notes=[f"cached schema {schema}"])
        log(f"  building schema {schema} (kept for later runs)")
        name = sql.Identifier(schema)
        admin.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(name))
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(name))
        _filled(url, events)
        admin.execute(sql.SQL("COMMENT ON SCHEMA {} IS {}").format(name, sql.Literal(key)))
    return Store("PostgreSQL", url, label, notes=[f"built schema {schema}"])


def postgres_small(base_url: str, events: int) -> Store:
    schema = f"bench_views_{uuid4().hex[:10]}"
    with psycopg.connect(_dsn(base_url), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    url = f"{_dsn(base_url)}?schema={schema}"

    def remove() -> None:
        with psycopg.connect(_dsn(base_url), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))

    try:
        _filled(url, events)
    except BaseException:
        remove()
        raise
    return Store("PostgreSQL", url, size_label(events), remove)


@contextmanager
def opened(store: Store) -> Iterator[tuple[Tracker, Engine]]:
    """A tracker on the store and a reader's engine on its views."""
    app = Tracker(store.url, create_schema=False)
    engine = view_engine(app.env)
    try:
        yield app, engine
    finally:
        engine.dispose()
        app.close()


# -- 1. rebuild -----------------------------------------------------------------------------


def read_and_decode(app: Tracker, decode: bool = True) -> int:
    """The raw rate: every event read in the projector's batches and (optionally) decoded."""
    start, count = 0, 0
    to_domain_event = app.mapper.to_domain_event
    while True:
        notifications = app.recorder.select_notifications(
            start=start, limit=BATCH, inclusive_of_start=False
        )
        if not notifications:
            return count
        if decode:
            for notification in notifications:
                to_domain_event(notification)
        count += len(notifications)
        start = notifications[-1].id


def view_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return sum(
            connection.execute(select(func.count()).select_from(table)).scalar_one()
            for projection in projections()
            for table in projection.tables
        )


def measure_rebuild(app: Tracker, engine: Engine, repeats: int) -> dict[str, Any]:
    """Raw read, raw read and decode, and rebuilds, alternating; the best time of each."""
    metadata.create_all(engine)  # a store never projected has no view tables yet
    before = view_rows(engine)
    best: dict[str, float] = {}
    counts: dict[str, int] = {}

    def rebuild() -> int:
        with Projector(app, projections()) as projector:
            projector.rebuild()
        return int(app.position())

    tasks = [("raw read", partial(read_and_decode, app, False)),
             ("raw read and decode", partial(read_and_decode, app))]  # fmt: skip
    order = [*tasks, *[("rebuild", rebuild), tasks[1]] * repeats]
    for label, task in order:
        gc.collect()
        t0 = time.perf_counter()
        counts[label] = task()
        seconds = time.perf_counter() - t0
        best[label] = min(best.get(label, seconds), seconds)
        log(f"    {label:24s} {counts[label] / seconds:10,.0f} events/s ({seconds:.1f} s)")
    return {
        "rates": {label: counts[label] / best[label] for label in best},
        "seconds": best,
        "events": counts["rebuild"],
        "rows_before": before,
        "rows_after": view_rows(engine),
    }


# -- 2. lag ---------------------------------------------------------------------------------


def analyze_views(engine: Engine) -> None:
    """PostgreSQL's planner statistics for every view table (autovacuum may be off or behind)."""
    with engine.begin() as connection:
        for projection in projections():
            for table in projection.tables:
                connection.exec_driver_sql(f"ANALYZE {table.name}")


def tracked(engine: Engine) -> int:
    """How far every view has read: the smallest position among them."""
    names = [projection.name for projection in projections()]
    with engine.connect() as connection:
        found = connection.execute(
            select(func.min(view_positions.c.position), func.count()).where(
                view_positions.c.projection.in_(names)
            )
        ).one()
    return int(found[0] or 0) if found[1] == len(names) else 0


class Observer(threading.Thread):
    """Reads the views' tracked position every ``POLL`` seconds; keeps (time, position) changes."""

    def __init__(self, engine: Engine):
        super().__init__(daemon=True)
        self.engine = engine
        self.times: list[float] = []
        self.positions: list[int] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        last = -1
        while not self.stopping.is_set():
            position = tracked(self.engine)
            now = time.perf_counter()
            if position != last:
                self.times.append(now)
                self.positions.append(position)
                last = position
            time.sleep(POLL)

    def lag(self, committed: float, position: int) -> float | None:
        """Seconds from ``committed`` until a read showed ``position`` covered (0 if already)."""
        index = bisect.bisect_left(self.positions, position)
        if index == len(self.positions):
            return None
        return max(0.0, self.times[index] - committed)


def paced_commands(seed: int) -> Iterator[tuple[Command, Callable[[Recorded], None]]]:
    """The bulk generator's scenarios one command at a time; each is told what it recorded."""
    reply: list[Recorded | None] = [None]

    def told(recorded: Recorded) -> None:
        reply[0] = recorded

    for scenario in scenarios(seed):
        reply[0] = None
        while True:
            try:
                command = scenario.send(reply[0]) if reply[0] else next(scenario)  # type: ignore[arg-type]
            except StopIteration:
                break
            yield command, told


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting: {what}")
        time.sleep(0.05)


def measure_lag(store: Store, sizes: Sizes, interval: float) -> dict[str, Any]:
    """Commands at a steady rate while ``tracker project`` follows; lag per command."""
    env = os.environ | {"TRACKER_DATABASE_URL": store.url}
    with opened(store) as (app, engine), tempfile.TemporaryFile() as errors:
        projector = subprocess.Popen([TRACKER, "project", "--interval", str(interval)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=errors)  # fmt: skip
        try:
            wait_until(lambda: tracked(engine) >= app.position(), 300, "the projector to catch up")
            observer = Observer(engine)
            observer.start()
            commits: list[tuple[float, int]] = []
            total = int(sizes.lag_seconds * sizes.lag_rate)
            late, commands = 0, paced_commands(seed=app.position() + 1)
            started = time.perf_counter()
            for i in range(total):
                command, told = next(commands)
                due = started + i / sizes.lag_rate
                wait = due - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                else:
                    late += 1
                recorded = app.handle(command)
                commits.append((time.perf_counter(), recorded.position))
                told(recorded)
            sent_for = time.perf_counter() - started
            last = commits[-1][1]
            wait_until(lambda: bool(observer.positions) and observer.positions[-1] >= last, 60,
                       "the projector to apply the last command")  # fmt: skip
            observer.stopping.set()
            observer.join()
        finally:
            projector.terminate()
            projector.wait(30)
        if projector.returncode not in (0, -15):
            errors.seek(0)
            raise RuntimeError(f"tracker project failed: {errors.read().decode()[-2000:]}")
    lags = [observer.lag(t, position) for t, position in commits]
    measured = sorted(lag for lag in lags if lag is not None)
    return {
        "lags": measured,
        "commands": total,
        "rate": total / sent_for,
        "late": late,
        "events": last - (commits[0][1] - 1),
    }


def pct(values: list[float], q: float) -> float:
    rank = max(0, min(len(values) - 1, round(q / 100 * len(values) + 0.5) - 1))
    return sorted(values)[rank]


# -- 3 and 4. queries -----------------------------------------------------------------------


def board_queries(
    engine: Engine, positions: tuple[int | None, ...] = (None,)
) -> dict[str, Callable[[int], Any]]:
    """Page 1 of each board for each reader, now (None) or as at ``positions`` in turn."""

    def query(board: Callable[..., list[Any]], cleared: bool) -> Callable[[int], Any]:
        def one(i: int) -> Any:
            as_at = positions[i % len(positions)]
            return board(engine, sensitive_cleared=cleared, as_at_position=as_at)

        return one

    return {
        f"{name}, {reader}": query(board, cleared)
        for name, board in BOARDS.items()
        for reader, cleared in READERS.items()
    }


def alternate(sides: dict[str, dict[str, Callable[[int], Any]]], sizes: Sizes
              ) -> dict[str, dict[str, bs.Timed]]:  # fmt: skip
    """Runs every query of every side in alternating rounds (order flipped each round)."""
    timed = {side: {q: bs.Timed() for q in queries} for side, queries in sides.items()}
    names = list(sides)
    for side in names:  # not timed: connections, statement caches, the database's own caches
        for query in sides[side].values():
            bs.timed_loop(3, query)
    for r in range(sizes.rounds):
        for side in names if r % 2 == 0 else names[::-1]:
            for query, operation in sides[side].items():
                offset = r * sizes.per_round
                timed[side][query].add(
                    bs.timed_loop(sizes.per_round, lambda i, op=operation, o=offset: op(o + i))
                )
    return timed


def spread_positions(head: int, k: int) -> tuple[int, ...]:
    return tuple(max(1, round(head * (j + 0.5) / k)) for j in range(k))


# -- one database ---------------------------------------------------------------------------


def bench_database(name: str, small: Store, large: Store, sizes: Sizes,
                   args: argparse.Namespace) -> dict[str, Any]:  # fmt: skip
    res: dict[str, Any] = {"name": name, "small": small.label, "large": large.label}
    log(f"\n=== {name}: small store {small.url}, large store {large.url}")
    for note in large.notes:
        log(f"  large store: {note}")
    with opened(large) as (large_app, large_engine), opened(small) as (small_app, small_engine):
        if "rebuild" in args.skip:
            with Projector(large_app, projections()) as projector:
                projector.catch_up()
        else:
            log(f"  1. rebuild of the {large.label} store ({large_app.position():,} events)")
            res["rebuild"] = measure_rebuild(large_app, large_engine, sizes.rebuilds)
            log(f"    view rows before {res['rebuild']['rows_before']:,}, "
                f"after {res['rebuild']['rows_after']:,}")  # fmt: skip
        with Projector(small_app, projections()) as projector:
            projector.catch_up()
        if args.analyze and name == "PostgreSQL":
            log("  statistics taken (ANALYZE) on both stores' view tables, as autovacuum would")
            for engine in (small_engine, large_engine):
                analyze_views(engine)

        log("  3. board queries, page 1 of 50, small and large store alternating")
        timed = alternate({"small": board_queries(small_engine),
                           "large": board_queries(large_engine)}, sizes)  # fmt: skip
        res["boards"] = timed
        for query in timed["small"]:
            log(f"    {query:36s} {small.label}: {timed['small'][query].line()}")
            log(f"    {'':36s} {large.label}: {timed['large'][query].line()}")

        log(f"  4. as at {sizes.as_at_points} positions spread over the log, beside now")
        res["as_at"] = {}
        for label, app, engine in ((small.label, small_app, small_engine),
                                   (large.label, large_app, large_engine)):  # fmt: skip
            positions = spread_positions(app.position(), sizes.as_at_points)
            timed = alternate({"now": board_queries(engine),
                               "as at": board_queries(engine, positions)}, sizes)  # fmt: skip
            res["as_at"][label] = timed
            for query in timed["now"]:
                log(f"    {label} {query:32s} now:   {timed['now'][query].line()}")
                log(f"    {label} {'':32s} as at: {timed['as at'][query].line()}")

    if "lag" in args.skip:
        return res
    log(f"  2. lag: {sizes.lag_rate:.0f} commands/s for {sizes.lag_seconds:.0f} s on the "
        f"{small.label} store, tracker project --interval {args.interval}")  # fmt: skip
    lag = measure_lag(small, sizes, args.interval)
    res["lag"] = lag
    lags = lag["lags"]
    log(f"    {lag['commands']:,} commands ({lag['events']:,} events) at {lag['rate']:.1f}/s, "
        f"{lag['late']} behind schedule; lag p50 {pct(lags, 50) * 1000:.0f} ms, "
        f"p99 {pct(lags, 99) * 1000:.0f} ms, max {max(lags) * 1000:.0f} ms")  # fmt: skip
    return res


# -- the report -----------------------------------------------------------------------------


def _p50_ratio(a: bs.Timed, b: bs.Timed) -> float:
    return b.pct(50) / a.pct(50)


def report(results: list[dict[str, Any]]) -> None:
    rows: list[tuple[str, list[str]]] = []
    verdicts: list[str] = []
    names = [r["name"] for r in results]

    def row(label: str, values: list[str]) -> None:
        rows.append((label, values))

    def mark(ok: bool) -> str:
        return "MET" if ok else "NOT MET"

    large = results[0]["large"]
    small = results[0]["small"]
    if all("rebuild" in r for r in results):
        rb = [r["rebuild"] for r in results]
        row(f"1. rebuild events/s ({large} events, every view)",
            [f"{x['rates']['rebuild']:,.0f}" for x in rb])  # fmt: skip
        row(
            "   raw read and decode events/s",
            [f"{x['rates']['raw read and decode']:,.0f}" for x in rb],
        )
        row("   raw read events/s (info)", [f"{x['rates']['raw read']:,.0f}" for x in rb])
        row("   rebuild as % of read and decode (>= 30%)",
            [f"{100 * _rebuild_share(x):.0f}%" for x in rb])  # fmt: skip
        row(f"   rebuild seconds ({large})", [f"{x['seconds']['rebuild']:.1f}" for x in rb])
        row(
            "   1M events at this rate, s (< 60)",
            [f"{1e6 / x['rates']['rebuild']:.0f}" for x in rb],
        )
        for r, x in zip(results, rb, strict=True):
            share, million = _rebuild_share(x), 1e6 / x["rates"]["rebuild"]
            verdicts.append(f"{r['name']}: rebuild = {100 * share:.0f}% of raw read and decode "
                            f"(target >= 30%): {mark(share >= 0.3)}")  # fmt: skip
            verdicts.append(f"{r['name']}: 1M events rebuilt in {million:.0f} s at this rate "
                            f"(target < 60 s): {mark(million < 60)}")  # fmt: skip

    if all("lag" in r for r in results):
        lags = [r["lag"] for r in results]
        row(f"2. lag p50 / p99 ms ({lags[0]['commands'] / lags[0]['rate']:.0f} s at 100 cmd/s)",
            [_ms(x["lags"], 50) + " / " + _ms(x["lags"], 99) for x in lags])  # fmt: skip
        row("   lag max ms; commands behind schedule",
            [f"{max(x['lags']) * 1000:.0f}; {x['late']}" for x in lags])  # fmt: skip
        for r, x in zip(results, lags, strict=True):
            p99 = pct(x["lags"], 99)
            verdicts.append(f"{r['name']}: lag p99 = {p99 * 1000:.0f} ms (target < 1000 ms): "
                            f"{mark(p99 < 1)}")  # fmt: skip

    queries = list(results[0]["boards"]["small"])
    for query in queries:
        row(f"3. {query}: p50 ms {small} / {large}",
            [f"{r['boards']['small'][query].pct(50):.2f} / "
             f"{r['boards']['large'][query].pct(50):.2f}" for r in results])  # fmt: skip
    row(f"   worst p50 ratio {large} / {small} (< 1.5)",
        [f"{_worst_board(r)[1]:.2f}" for r in results])  # fmt: skip
    for r in results:
        query, ratio = _worst_board(r)
        verdicts.append(f"{r['name']}: board p50 {large}/{small}, worst {ratio:.2f} ({query}) "
                        f"(target < 1.5): {mark(ratio < 1.5)}")  # fmt: skip

    for query in queries:
        row(f"4. {query}: as at / now p50 ms ({large})",
            [f"{r['as_at'][large]['as at'][query].pct(50):.2f} / "
             f"{r['as_at'][large]['now'][query].pct(50):.2f}" for r in results])  # fmt: skip
    for size in (small, large):
        row(f"   worst as-at ratio, {size} store (< 2)",
            [f"{_worst_as_at(r, size)[1]:.2f}" for r in results])  # fmt: skip
    for r in results:
        for size in (small, large):
            query, ratio = _worst_as_at(r, size)
            verdicts.append(f"{r['name']}: as at / now p50 on {size}, worst {ratio:.2f} "
                            f"({query}) (target < 2): {mark(ratio < 2)}")  # fmt: skip

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


def _ms(values: list[float], q: float) -> str:
    return f"{pct(values, q) * 1000:.0f}"


def _rebuild_share(x: dict[str, Any]) -> float:
    return float(x["rates"]["rebuild"] / x["rates"]["raw read and decode"])


def _worst_board(r: dict[str, Any]) -> tuple[str, float]:
    ratios = {q: _p50_ratio(r["boards"]["small"][q], r["boards"]["large"][q])
              for q in r["boards"]["small"]}  # fmt: skip
    worst = max(ratios, key=lambda q: ratios[q])
    return worst, ratios[worst]


def _worst_as_at(r: dict[str, Any], size: str) -> tuple[str, float]:
    timed = r["as_at"][size]
    ratios = {q: _p50_ratio(timed["now"][q], timed["as at"][q]) for q in timed["now"]}
    worst = max(ratios, key=lambda q: ratios[q])
    return worst, ratios[worst]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k and 50k events, ~2 min")
    parser.add_argument("--only", choices=("sqlite", "postgres"), help="one database only")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("TRACKER_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="server and database; the large store is kept in schema bench_views",
    )
    parser.add_argument(
        "--interval", type=float, default=0.5,
        help="tracker project --interval during the lag figure (default: its own default)",
    )  # fmt: skip
    parser.add_argument("--lag-seconds", type=float, help="how long commands run for the lag")
    parser.add_argument(
        "--skip",
        nargs="+",
        default=[],
        choices=("rebuild", "lag"),
        help="leave out figures (the views of the large store are caught up)",
    )
    parser.add_argument(
        "--analyze", action="store_true",
        help="on PostgreSQL, ANALYZE the view tables before the query figures",
    )  # fmt: skip
    args = parser.parse_args(argv)
    # Stopped with SIGTERM, the scratch stores are still removed (finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = QUICK if args.quick else FULL
    if args.lag_seconds:
        sizes = Sizes(**(vars(sizes) | {"lag_seconds": args.lag_seconds}))
    random.seed(1)
    log(f"sizes: {sizes}; generator {VERSION}")
    log(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}, psycopg "
        f"{psycopg.__version__} ({psycopg.pq.__impl__}), {os.cpu_count()} cpus")  # fmt: skip
    log(bs.load_note())
    log(bs.code_note())
    started = time.perf_counter()
    results = []
    if args.only in (None, "sqlite"):
        log("\nSQLite stores")
        large = sqlite_large(sizes.large)
        small = sqlite_small(sizes.small)
        try:
            results.append(bench_database("SQLite", small, large, sizes, args))
        finally:
            small.remove()
    if args.only in (None, "postgres"):
        try:
            with psycopg.connect(_dsn(args.postgres_url), connect_timeout=5) as conn:
                log(f"\nPostgreSQL {conn.execute('SHOW server_version').fetchone()[0]}")
        except psycopg.OperationalError as error:
            log(f"PostgreSQL unavailable, skipped: {str(error).strip()}")
        else:
            schema = "bench_views_quick" if args.quick else "bench_views"
            large = postgres_large(args.postgres_url, sizes.large, schema)
            small = postgres_small(args.postgres_url, sizes.small)
            try:
                results.append(bench_database("PostgreSQL", small, large, sizes, args))
            finally:
                small.remove()
    if results:
        report(results)
    log(f"\ntotal {time.perf_counter() - started:.0f} s; {bs.load_note()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
