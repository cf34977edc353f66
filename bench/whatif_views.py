#!/usr/bin/env python
"""What-if figures for rebuilding the views: changes proposed for the projector, measured.

    .venv/bin/python bench/whatif_views.py                    # SQLite, 50k events
    .venv/bin/python bench/whatif_views.py --db postgres --events 50000

This script changes nothing in tracker/. It rebuilds every view of one cached store (the
one bench_views.py keeps) with a loop shaped like ``Projector.catch_up``: each batch of
the log is read and decoded once, then each projection applies it in a transaction of its
own and advances its position there. Each variant patches that loop or the views' write
helpers for its own runs only:

* **as is**: the loop with today's code (beside ``Projector.rebuild`` itself, to show the
  loop costs what the projector does).
* **dispatch bound once**: ``projection.apply`` looked up once a batch, not once an event.
  ``functools.singledispatchmethod`` builds a new bound function on every attribute access
  on Python 3.11.
* **timeline with parameters**: the timeline's row inserted as ``execute(insert(), row)``
  rather than ``insert().values(**row)``, which SQLAlchemy keys afresh for every event.
* **versioned rows batched**: ``open_row``/``change_row`` keep the transaction's current
  rows in memory and write them when the projection's transaction ends, with one
  ``executemany`` INSERT and one UPDATE per table, instead of two statements an event.
* **all rows batched**: the timeline's rows too (with parameters, written at the end).

Every variant's views are compared with a rebuild by the real projector (``check_views``)
before its figure is printed; a variant whose views differ is reported as wrong.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_store as bs
import bench_views as bv
from sqlalchemy import Connection, Engine, Table, bindparam, select, update

from tracker.decisions import register_projection as decision_register_sql
from tracker.learning import log as learning_log_sql
from tracker.oversight import labels, timeline_rows
from tracker.oversight import timeline_projection as item_timeline_sql
from tracker.service.application import Tracker
from tracker.support import board_projection as support_request_board_sql
from tracker.tasking import board_projection as tasking_board_sql
from tracker.views import versioned as versioned_sql
from tracker.views.catalogue import check_views, projections
from tracker.views.items import timeline_items
from tracker.views.positions import advance, tracked_position
from tracker.views.projector import REBUILD_BATCH, Projection, Projector

VIEW_MODULES = (tasking_board_sql, support_request_board_sql, decision_register_sql,
                learning_log_sql, item_timeline_sql)  # fmt: skip
log = bs.log


# -- the loop -------------------------------------------------------------------------------


def rebuild_loop(app: Tracker, engine: Engine, views: list[Projection], *, bound: bool,
                 per_transaction: Callable[[Connection], Any] | None) -> int:  # fmt: skip
    """Empties the views and applies the whole log, shaped like ``Projector.catch_up``."""
    with engine.begin() as connection:
        for projection in views:
            projection.clear(connection)
            start = tracked_position(connection, projection.name)
            if start:
                advance(connection, projection.name, start, 0)
    start, count = 0, 0
    while True:
        notifications = app.recorder.select_notifications(
            start=start, limit=REBUILD_BATCH, inclusive_of_start=False
        )
        if not notifications:
            return count
        events = [(n.id, app.mapper.to_domain_event(n)) for n in notifications]
        for projection in views:
            with engine.begin() as connection, ExitStack() as stack:
                if per_transaction:
                    stack.enter_context(per_transaction(connection))
                if bound:
                    apply = projection.apply
                    for position, event in events:
                        apply(event, connection, position)
                else:
                    for position, event in events:
                        projection.apply(event, connection, position)
                stack.close()  # the batched rows are written before the position moves
                advance(connection, projection.name, start, notifications[-1].id)
        count += len(notifications)
        start = notifications[-1].id


# -- variant: the timeline's insert with parameters -----------------------------------------


def timeline_apply_with_parameters(self: Any, event: Any, connection: Connection,
                                   position: int) -> None:  # fmt: skip
    """``ItemTimelineProjection.apply`` as it is, but the row goes as parameters (or, in a
    batch, waits for the batch's end)."""
    if type(event) not in labels.LABELS:
        return
    self._track(event, connection, position)
    chases = self._chased(event, connection)
    row = {"position": position, "item_id": str(event.originator_id), "chases": chases,
           **timeline_rows.timeline_row(event)}  # fmt: skip
    batch = connection.info.get("row batch")
    if batch is None:
        connection.execute(timeline_rows.timeline_events.insert(), row)
    else:
        batch.add(timeline_rows.timeline_events, row)


# -- variant: versioned rows written once a transaction -------------------------------------


class RowBatch:
    """The transaction's versioned rows, held until it ends and then written many at once."""

    def __init__(self) -> None:
        self.current: dict[tuple[str, str], dict[str, Any] | None] = {}
        self.stored: set[tuple[str, str]] = set()  # current rows already in the database
        self.tables: dict[str, Table] = {}
        self.closes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.inserts: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def current_row(self, connection: Connection, table: Table, item: str) -> dict[str, Any] | None:
        key = (table.name, item)
        if key not in self.current:
            found = connection.execute(
                select(table).where(table.c.item_id == item, table.c.valid_to.is_(None))
            ).first()
            self.current[key] = dict(found._mapping) if found else None
            if found:
                self.stored.add(key)
        return self.current[key]

    def add(self, table: Table, row: dict[str, Any]) -> None:
        self.tables[table.name] = table
        self.inserts[table.name].append(row)

    def write(self, connection: Connection) -> None:
        for name, closes in self.closes.items():
            table = self.tables[name]
            connection.execute(
                update(table)
                .where(table.c.item_id == bindparam("b_item"),
                       table.c.valid_from == bindparam("b_from"))
                .values(valid_to=bindparam("b_to")),
                closes,
            )  # fmt: skip
        for name, rows in self.inserts.items():
            by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
            for row in rows:
                by_keys[tuple(row)].append(row)
            for same in by_keys.values():
                connection.execute(self.tables[name].insert(), same)


def _batch(connection: Connection) -> RowBatch:
    batch: RowBatch = connection.info["row batch"]
    return batch


def batched_open_row(connection: Connection, table: Table, event: Any, position: int,
                     **row: Any) -> None:  # fmt: skip
    batch, item = _batch(connection), str(event.originator_id)
    values = {"item_id": item, "valid_from": position, "valid_to": None,
              "reference": event.reference, "version": event.originator_version,
              "marking": event.marking, "amended": False} | row  # fmt: skip
    batch.add(table, values)
    batch.current[(table.name, item)] = values


def batched_change_row(connection: Connection, table: Table, event: Any, position: int,
                       changes: versioned_sql.Changes) -> bool:  # fmt: skip
    batch, item = _batch(connection), str(event.originator_id)
    current = batch.current_row(connection, table, item)
    if current is None:
        return False
    key = (table.name, item)
    if key in batch.stored:
        batch.closes[table.name].append(
            {"b_item": item, "b_from": current["valid_from"], "b_to": position}
        )
        batch.stored.discard(key)
    else:
        current["valid_to"] = position  # its insert is still to come: it goes in closed
    values = current | changes(SimpleNamespace(**current))
    values |= {"valid_from": position, "valid_to": None, "version": event.originator_version}
    batch.add(table, values)
    batch.current[key] = values
    return True


def batched_chased(self: Any, event: Any, connection: Connection) -> str | None:
    """The timeline's read of a reminder's item, from the batch when it holds the row."""
    if not isinstance(event, item_timeline_sql.LATER_REMINDER_EVENTS):
        return ORIGINAL["_chased"](self, event, connection)  # type: ignore[no-any-return]
    row = _batch(connection).current_row(connection, timeline_items, str(event.originator_id))
    return row["chases"] if row else None


@contextmanager
def row_batch(connection: Connection) -> Iterator[None]:
    connection.info["row batch"] = RowBatch()
    try:
        yield
        _batch(connection).write(connection)
    finally:
        del connection.info["row batch"]


ORIGINAL: dict[str, Any] = {
    "_chased": item_timeline_sql.ItemTimelineProjection._chased,
    "apply": item_timeline_sql.ItemTimelineProjection.apply,
}


@contextmanager
def patched(*, timeline: bool, batched: bool) -> Iterator[None]:
    """The views' write helpers swapped for this variant, and put back afterwards."""
    saved = [(m, name, getattr(m, name)) for m in VIEW_MODULES
             for name in ("open_row", "change_row") if hasattr(m, name)]  # fmt: skip
    projection = item_timeline_sql.ItemTimelineProjection
    try:
        if timeline:
            projection.apply = timeline_apply_with_parameters  # type: ignore[method-assign]
        if batched:
            projection._chased = batched_chased  # type: ignore[method-assign]
            batched_writes = {"open_row": batched_open_row, "change_row": batched_change_row}
            for module, name, _ in saved:
                setattr(module, name, batched_writes[name])
        yield
    finally:
        projection.apply = ORIGINAL["apply"]  # type: ignore[method-assign]
        projection._chased = ORIGINAL["_chased"]  # type: ignore[method-assign]
        for module, name, function in saved:
            setattr(module, name, function)


# -- running the variants -------------------------------------------------------------------

VARIANTS: dict[str, dict[str, bool]] = {
    "as is": {},
    "dispatch bound once": {"bound": True},
    "timeline with parameters": {"timeline": True},
    "versioned rows batched": {"batched": True},
    "all rows batched": {"timeline": True, "batched": True},
}


def run_variant(app: Tracker, engine: Engine, how: dict[str, bool]) -> float:
    views = projections()
    with patched(timeline=how.get("timeline", False), batched=how.get("batched", False)):
        gc.collect()
        started = time.perf_counter()
        rebuild_loop(app, engine, views, bound=how.get("bound", False),
                     per_transaction=row_batch if how.get("batched") else None)  # fmt: skip
        return time.perf_counter() - started


def real_rebuild(app: Tracker) -> float:
    with Projector(app, projections()) as projector:
        gc.collect()
        started = time.perf_counter()
        projector.rebuild()
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--events", type=int, default=50_000, help="size of the cached store")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--postgres-url", default=bv.DEFAULT_POSTGRES_URL)
    args = parser.parse_args(argv)
    log(bs.load_note())
    log(bs.code_note())
    if args.db == "sqlite":
        store = bv.sqlite_large(args.events)
    else:
        known = {bv.FULL.large: "bench_views", bv.QUICK.large: "bench_views_quick"}
        schema = known.get(args.events, f"bench_views_{args.events}")
        store = bv.postgres_large(args.postgres_url, args.events, schema)
    best: dict[str, float] = {}
    with bv.opened(store) as (app, engine):
        events = app.position()
        log(f"{store.name}, {events:,} events ({store.url})")
        real_rebuild(app)  # not timed: views reshaped if they changed, caches warm
        for r in range(args.rounds):
            order = ["Projector.rebuild", *VARIANTS]
            for label in order if r % 2 == 0 else order[::-1]:
                if label == "Projector.rebuild":
                    seconds = real_rebuild(app)
                else:
                    seconds = run_variant(app, engine, VARIANTS[label])
                    if r == 0:
                        differences = check_views(app, engine)
                        if differences:
                            log(f"  {label}: WRONG, {len(differences)} rows differ, e.g. "
                                f"{differences[0]}")  # fmt: skip
                best[label] = min(best.get(label, seconds), seconds)
                log(f"  round {r + 1} {label:26s} {events / seconds:9,.0f} events/s "
                    f"({seconds:.1f} s)")  # fmt: skip
        raw = bv.read_and_decode(app)
        started = time.perf_counter()
        bv.read_and_decode(app)
        raw_rate = raw / (time.perf_counter() - started)
    log(f"\n{'variant':28s} {'events/s':>10s} {'x as is':>8s} {'% of raw read+decode':>21s}")
    for label, seconds in best.items():
        rate = events / seconds
        log(f"{label:28s} {rate:10,.0f} {best['as is'] / seconds:8.2f} "
            f"{100 * rate / raw_rate:20.0f}%")  # fmt: skip
    log(f"{'raw read and decode':28s} {raw_rate:10,.0f}")
    log(bs.load_note())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
