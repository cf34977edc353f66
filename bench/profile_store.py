#!/usr/bin/env python
"""Where the time goes: cProfile of commands and of ``Tracker.verify()`` on each database.

    .venv/bin/python bench/profile_store.py commands --db postgres -n 2000
    .venv/bin/python bench/profile_store.py verify --db sqlite --events 50000
    .venv/bin/python bench/profile_store.py roundtrips --db postgres

``commands`` profiles ReportTaskingProgress through ``Tracker.handle`` on a store of
``--events`` events and prints the functions that take the most time per command, grouped
by layer (database driver, eventsourcing, the chain, the tracker). ``verify`` does the same
for one verification. ``roundtrips`` counts the statements and the client/server round trips
of one command (PostgreSQL: from the server's statistics and the driver's waits).
Uses the same scratch stores (temp SQLite file, fresh PostgreSQL schema) as bench_store.py.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from collections import defaultdict
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_store as bs

LAYERS = (
    ("psycopg driver", ("psycopg/", "psycopg_pool/")),
    ("sqlite3 driver", ("{method 'execute' of 'sqlite3", "{method 'fetch", "sqlite3.")),
    ("hash chain (events/chain.py)", ("events/chain.py", "_hashlib", "hashlib")),
    ("store recorders (events/store_*)", ("events/store_",)),
    ("eventsourcing library", ("eventsourcing/",)),
    ("typing: runtime Protocol isinstance", ("typing.py",)),
    ("json / uuid / datetime", ("json/", "uuid.py", "datetime", "_strptime")),
    ("tracker domain + commands", ("tracker/", "events/")),
)


def layer_of(key: tuple[str, int, str]) -> str:
    filename, _, name = key
    where = f"{filename}:{name}"
    for layer, markers in LAYERS:
        if any(m in where for m in markers):
            return layer
    return "other (builtins, gc, contextlib...)"


def show(profile: cProfile.Profile, per: int, unit: str, top: int) -> None:
    stats = pstats.Stats(profile)
    total = stats.total_tt  # type: ignore[attr-defined]
    by_layer: dict[str, float] = defaultdict(float)
    for key, (_cc, _nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        by_layer[layer_of(key)] += tt
    print(f"\nself time by layer (cProfile inflates Python-heavy layers), per {unit}:")
    for layer, tt in sorted(by_layer.items(), key=lambda kv: -kv[1]):
        print(f"  {layer:40s} {1e6 * tt / per:9.1f} us  {100 * tt / total:5.1f}%")
    print(f"  {'total':40s} {1e6 * total / per:9.1f} us")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(order).print_stats(top)
        text = out.getvalue()
        print(f"\n--- top {top} by {order} (totals over {per} {unit}s) ---")
        print(text[text.find("ncalls") :])


def profile_commands(backend: bs.Backend, events: int, n: int, top: int) -> None:
    with bs.tracker_on(backend) as app:
        filler = bs.Filler(app)
        filler.fill_to(backend, events)
        probes = bs.spread(filler.references, 200)
        bs.run_commands(app, probes, 100)
        t0 = time.perf_counter()
        bs.run_commands(app, probes, n, offset=100)
        plain = (time.perf_counter() - t0) / n
        profile = cProfile.Profile()
        profile.enable()
        bs.run_commands(app, probes, n, offset=100 + n)
        profile.disable()
    print(f"{backend.name}: {1e3 * plain:.2f} ms per command without the profiler "
          f"({events:,} events stored)")  # fmt: skip
    show(profile, n, "command", top)


def profile_verify(backend: bs.Backend, events: int, top: int) -> None:
    with bs.tracker_on(backend) as app:
        bs.Filler(app).fill_to(backend, events)
        t0 = time.perf_counter()
        result = app.verify()
        plain = time.perf_counter() - t0
        profile = cProfile.Profile()
        profile.enable()
        app.verify()
        profile.disable()
    print(f"{backend.name}: verify {result.events:,} events in {plain:.2f} s without the "
          f"profiler ({result.events / plain:,.0f} events/s)")  # fmt: skip
    show(profile, result.events, "event", top)


def count_roundtrips(backend: bs.Backend, n: int) -> None:
    """Statements the server ran and the times the client waited for it, per command."""
    import psycopg.connection as pc

    waits = {"count": 0}
    original = pc.Connection.wait

    def counting_wait(self: Any, gen: Any, *args: Any, **kwargs: Any) -> Any:
        waits["count"] += 1
        return original(self, gen, *args, **kwargs)

    with bs.tracker_on(backend) as app:
        filler = bs.Filler(app)
        filler.fill_to(backend, 1000)
        probes = bs.spread(filler.references, 100)
        bs.run_commands(app, probes, 50)
        stats_before = _xact_stats(backend)
        pc.Connection.wait = counting_wait  # type: ignore[method-assign]
        try:
            bs.run_commands(app, probes, n, offset=50)
        finally:
            pc.Connection.wait = original  # type: ignore[method-assign]
        stats_after = _xact_stats(backend)
    print(f"{backend.name}, per command over {n} commands:")
    print(f"  driver waits on the server (Connection.wait calls): {waits['count'] / n:.1f}")
    for key in stats_before:
        print(f"  {key}: {(stats_after[key] - stats_before[key]) / n:.1f}")


def _xact_stats(backend: bs.Backend) -> dict[str, int]:
    assert isinstance(backend, bs.PostgresBackend)
    backend.admin.execute("SELECT pg_stat_clear_snapshot()")
    row = backend.admin.execute(
        "SELECT xact_commit, tup_returned, tup_fetched, tup_inserted FROM pg_stat_database "
        "WHERE datname = current_database()"
    ).fetchone()
    return dict(zip(("transactions", "tup_returned", "tup_fetched", "tup_inserted"), row,
                    strict=True))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("commands", "verify", "roundtrips"))
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--events", type=int, default=None, help="events stored first")
    parser.add_argument("-n", type=int, default=1000, help="commands profiled")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--postgres-url", default=os.environ.get(
        "TRACKER_BENCH_POSTGRES_URL", bs.DEFAULT_POSTGRES_URL))  # fmt: skip
    args = parser.parse_args()
    backend: bs.Backend = (
        bs.SQLiteBackend() if args.db == "sqlite" else bs.PostgresBackend(args.postgres_url)
    )
    try:
        if args.what == "commands":
            profile_commands(backend, args.events or 1000, args.n, args.top)
        elif args.what == "verify":
            profile_verify(backend, args.events or 50_000, args.top)
        else:
            count_roundtrips(backend, args.n)
    finally:
        backend.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
