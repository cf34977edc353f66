#!/usr/bin/env python
"""What would the suggested store changes buy? Commands/s of patched variants, side by side.

    .venv/bin/python bench/whatif_store.py --db postgres
    .venv/bin/python bench/whatif_store.py --db sqlite

Nothing in events/ or tracker/ is changed: each variant patches one Tracker *instance* in
this process (its recorder or repository), on its own scratch store of 1,000 events. The
variants and the raw baselines run in alternating rounds, like bench_store.py, and every
variant that keeps a hash chain is verified at the end (the trigger variant's chain,
computed by PostgreSQL, must satisfy the Python verifier).

Variants (PostgreSQL):
  as is            the store as it stands
  no chain         the library's recorder alone: the ceiling for any chain optimisation
  head in pipeline chain head read in the first pipeline sync (2 round trips, not 3),
                   SQL composed once, event hashes computed while the server works
  chain trigger    the chain computed by a statement-level AFTER INSERT trigger in
                   PL/pgSQL (sha256()), so the recorder is the library's own
  record in 1 call the chain trigger, and the insert as one autocommit call of a PL/pgSQL
                   function doing SET LOCAL lock_timeout, LOCK TABLE, NOTIFY, INSERT:
                   one round trip per save instead of the library's pipeline (+ chain)
  plain projector  Tracker.load passing a projector_func without the library's per-event
                   ``assert isinstance(event, CanMutateProtocol)`` (~27 us each on 3.11)
  aggregate cache  the library's aggregate cache (AGGREGATE_CACHE_MAXSIZE) with fast-forward:
                   a load is one SELECT of newer events and a deepcopy, no replay
  combined         record in 1 call + plain projector + aggregate cache
SQLite: as is, no chain, plain projector, aggregate cache, combined (the last two).
(An earlier "no snapshot get" variant went when the tracker itself dropped snapshots.)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from types import MethodType
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_store as bs
from eventsourcing.application import LRUCache, Repository
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL

from events.chain import GENESIS, event_hash, extend_chain, recorded_at_now


def plain_projector(aggregate: Any, events: Any) -> Any:
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def no_chain(app: bs.Tracker, backend: bs.Backend) -> None:
    recorder = app.recorder
    if isinstance(recorder, PostgresApplicationRecorder):
        recorder._fetch_ids_after_insert_events = MethodType(  # type: ignore[method-assign]
            PostgresApplicationRecorder._fetch_ids_after_insert_events, recorder
        )
    else:
        recorder._extend_chain = lambda *args, **kwargs: None  # type: ignore[attr-defined]


def plain_projection(app: bs.Tracker, backend: bs.Backend) -> None:
    app.repository.get = partial(  # type: ignore[method-assign]
        Repository.get, app.repository, projector_func=plain_projector
    )


def head_in_pipeline(app: bs.Tracker, backend: bs.Backend) -> None:
    recorder: Any = app.recorder
    assert isinstance(backend, bs.PostgresBackend)
    chain = recorder._table(recorder.chain_table_name)
    head_sql = SQL("SELECT chain_hash FROM {} ORDER BY position DESC LIMIT 1").format(chain)
    insert_sql = SQL("INSERT INTO {} VALUES (%s, %s, %s, %s)").format(chain)
    head_sql, insert_sql = (q.as_string(backend.raw) for q in (head_sql, insert_sql))
    pending: dict[str, Any] = {}

    def insert(curs: Any, stored_events: Any, **kwargs: Any) -> None:
        # Lock, notify and insert are queued; the head read joins them in the same sync.
        PostgresApplicationRecorder._insert_stored_events(recorder, curs, stored_events, **kwargs)
        head = curs.connection.cursor()
        head.execute(head_sql)
        pending["head"] = head
        # The server works meanwhile: hash the events now (they need no position).
        pending["hashes"] = [
            event_hash(s.originator_id, s.originator_version, s.topic, s.state)
            for s in stored_events
        ]

    def fetch(curs: Any, stored_events: Any, **kwargs: Any) -> Any:
        positions = PostgresApplicationRecorder._fetch_ids_after_insert_events(
            recorder, curs, stored_events, **kwargs
        )
        row = pending.pop("head").fetchone()
        entries = extend_chain(
            row["chain_hash"] if row else GENESIS,
            zip(positions, pending.pop("hashes"), strict=True),
            recorded_at_now(),
        )
        params = [(e.position, e.recorded_at, e.event_hash, e.chain_hash) for e in entries]
        if len(params) == 1:
            curs.execute(insert_sql, params[0])
        else:
            curs.executemany(insert_sql, params)
        return positions

    recorder._insert_stored_events = insert
    recorder._fetch_ids_after_insert_events = fetch


CHAIN_TRIGGER = """
CREATE FUNCTION {schema}.bench_chain_new_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous text;
  at text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  e record;
  eh text;
BEGIN
  SELECT chain_hash INTO previous FROM {schema}.tracker_chain ORDER BY position DESC LIMIT 1;
  previous := coalesce(previous, repeat('0', 64));
  FOR e IN SELECT * FROM new_events ORDER BY notification_id LOOP
    eh := encode(sha256(convert_to(e.originator_id::text || E'\\n' || e.originator_version
          || E'\\n' || e.topic || E'\\n' || encode(sha256(e.state), 'hex'), 'UTF8')), 'hex');
    previous := encode(sha256(convert_to(previous || E'\\n' || e.notification_id || E'\\n'
          || at || E'\\n' || eh, 'UTF8')), 'hex');
    INSERT INTO {schema}.tracker_chain VALUES (e.notification_id, at, eh, previous);
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER bench_chain AFTER INSERT ON {schema}.tracker_events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT
  EXECUTE FUNCTION {schema}.bench_chain_new_events();
"""


def chain_trigger(app: bs.Tracker, backend: bs.Backend) -> None:
    assert isinstance(backend, bs.PostgresBackend)
    backend.raw.execute(CHAIN_TRIGGER.format(schema=backend.schema))  # type: ignore[arg-type]
    no_chain(app, backend)


RECORD_FUNCTION = """
CREATE FUNCTION {schema}.bench_record(events {schema}.{event_type}[]) RETURNS SETOF bigint
LANGUAGE plpgsql AS $$
BEGIN
  SET LOCAL lock_timeout = '5s';
  LOCK TABLE {schema}.tracker_events IN EXCLUSIVE MODE;
  NOTIFY tracker_events;
  RETURN QUERY INSERT INTO {schema}.tracker_events
      (originator_id, originator_version, topic, state)
    SELECT originator_id, originator_version, topic, state FROM unnest(events)
    RETURNING notification_id;
END $$;
"""


def record_in_one_call(app: bs.Tracker, backend: bs.Backend) -> None:
    """One autocommit statement: lock, notify, insert, and (trigger) chain in one round trip."""
    assert isinstance(backend, bs.PostgresBackend)
    recorder: Any = app.recorder
    chain_trigger(app, backend)
    backend.raw.execute(RECORD_FUNCTION.format(  # type: ignore[arg-type]
        schema=backend.schema, event_type=recorder.stored_event_type_name))  # fmt: skip
    call = SQL("SELECT * FROM {}.bench_record(%s)").format(bs.sql.Identifier(backend.schema))
    call_sql = call.as_string(backend.raw)

    def insert_events(stored_events: Any, **kwargs: Any) -> list[int]:
        events = [
            recorder.construct_pg_stored_event(
                s.originator_id, s.originator_version, s.topic, s.state
            )
            for s in stored_events
        ]
        with recorder.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(call_sql, (events,), prepare=True)
            return [row["bench_record"] for row in curs.fetchall()]

    recorder.insert_events = insert_events


def aggregate_cache(app: bs.Tracker, backend: bs.Backend) -> None:
    """AGGREGATE_CACHE_MAXSIZE with fast-forward: one SELECT of newer events, no replay."""
    app.repository.cache = LRUCache(maxsize=10_000)


def combined(app: bs.Tracker, backend: bs.Backend) -> None:
    patches = (record_in_one_call if _is_pg(backend) else None, plain_projection,
               aggregate_cache)  # fmt: skip
    for patch in patches:
        if patch is not None:
            patch(app, backend)


def _is_pg(backend: bs.Backend) -> bool:
    return isinstance(backend, bs.PostgresBackend)


Patch = Callable[[bs.Tracker, bs.Backend], None]
PG_VARIANTS: dict[str, tuple[Patch | None, bool]] = {  # patch, has a chain to verify
    "as is": (None, True),
    "no chain": (no_chain, False),
    "head in pipeline": (head_in_pipeline, True),
    "chain trigger": (chain_trigger, True),
    "record in 1 call": (record_in_one_call, True),
    "plain projector": (plain_projection, True),
    "aggregate cache": (aggregate_cache, True),
    "combined": (combined, True),
}
SQLITE_VARIANTS: dict[str, tuple[Patch | None, bool]] = {
    "as is": (None, True),
    "no chain": (no_chain, False),
    "plain projector": (plain_projection, True),
    "aggregate cache": (aggregate_cache, True),
    "combined": (combined, True),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("-n", type=int, default=2000, help="timed commands per variant")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--postgres-url", default=os.environ.get(
        "TRACKER_BENCH_POSTGRES_URL", bs.DEFAULT_POSTGRES_URL))  # fmt: skip
    args = parser.parse_args()
    pg = args.db == "postgres"
    variants = PG_VARIANTS if pg else SQLITE_VARIANTS
    make: Callable[[], bs.Backend] = (
        partial(bs.PostgresBackend, args.postgres_url) if pg else bs.SQLiteBackend
    )
    per_round = args.n // args.rounds
    with ExitStack() as stack:
        stores: dict[str, bs.Store] = {}
        for name, (patch, _) in variants.items():
            backend = make()
            stack.callback(backend.close)
            app = stack.enter_context(bs.tracker_on(backend))
            if patch is not None:
                patch(app, backend)
            filler = bs.Filler(app)
            filler.fill_to(backend, 1000)
            stores[name] = bs.Store(backend, app, bs.spread(filler.references, 200))
            bs.run_commands(app, stores[name].probes, 100)  # warm-up
        base = stores["as is"].backend
        operations = base.raw_inserts(per_round * args.rounds + bs.RAW_WARMUP)
        for op in operations.values():
            bs.timed_loop(bs.RAW_WARMUP, lambda i, op=op: op(per_round * args.rounds + i))
        raws = {label: bs.Timed() for label in operations}
        timed = {name: bs.Timed() for name in stores}
        names = list(stores)
        started = time.perf_counter()
        for r in range(args.rounds):
            for label, op in operations.items():
                raws[label].add(bs.timed_loop(
                    per_round, lambda i, op=op, r=r: op(r * per_round + i)))  # fmt: skip
            order = names[r % len(names) :] + names[: r % len(names)]
            for name in order:
                store = stores[name]
                timed[name].add(
                    bs.run_commands(store.app, store.probes, per_round, offset=100 + r * per_round)
                )
        print(f"{base.name}: {args.rounds} rounds, {time.perf_counter() - started:.0f} s; "
              f"driver psycopg {bs.psycopg.pq.__impl__}; {bs.load_note()}")  # fmt: skip
        reference = timed["as is"].rate
        for label, t in raws.items():
            print(f"  {label:40s} {t.line()}")
        lock = next((t for k, t in raws.items() if "LOCK" in k and "pipelined" not in k), None)
        yardstick = lock or raws["raw INSERT txn"]
        print(f"  commands (% of {'LOCK+NOTIFY' if lock else 'raw INSERT'} txn/s; x as is):")
        for name, t in timed.items():
            print(f"  {name:40s} {t.line()}  {100 * t.rate / yardstick.rate:4.0f}%  "
                  f"x{t.rate / reference:.2f}")  # fmt: skip
        for name, (_, chained) in variants.items():
            if chained:
                result = stores[name].app.verify()
                print(f"  verify {name}: {result.summary()[:60]}")
                if not result.intact:
                    return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
