"""The catalogue of views: every projection the projector keeps, and checking them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, Table, select

from tracker.application import Tracker
from tracker.decision_register_sql import DecisionRegisterProjection
from tracker.item_timeline_sql import ItemTimelineProjection
from tracker.learning_log_sql import LearningLogProjection
from tracker.projector_sql import Projection, Projector
from tracker.support_request_board_sql import SupportRequestBoardProjection
from tracker.tasking_board_sql import TaskingBoardProjection
from tracker.views_sql import scratch_engine


def projections() -> list[Projection]:
    """Every view the tracker keeps, in the order they are caught up."""
    return [
        TaskingBoardProjection(),
        SupportRequestBoardProjection(),
        DecisionRegisterProjection(),
        LearningLogProjection(),
        ItemTimelineProjection(),
    ]


@dataclass(frozen=True)
class Difference:
    """A view row that differs from what a rebuild from the events gives."""

    table: str
    key: str
    what: str

    def __str__(self) -> str:
        return f"{self.table} row {self.key}: {self.what}"


def check_views(app: Tracker, live: Engine, *, as_they_stand: bool = False) -> list[Difference]:
    """Rebuilds every view into a scratch database and lists rows that differ from the live.

    The live views are first caught up with the log; ``as_they_stand`` compares them where
    they are instead, each with a rebuild up to the position it has read (after a crash).
    """
    with Projector(app, projections(), live) as current:
        if not as_they_stand:
            current.catch_up()
        reached = current.positions()
    scratch = scratch_engine()
    try:
        for projection in projections():
            with Projector(app, [projection], scratch) as rebuilt:
                rebuilt.catch_up(until=reached[projection.name])
        differences = []
        for projection in projections():
            for table in projection.tables:
                differences += _compare(table, _rows(live, table), _rows(scratch, table))
        return differences
    finally:
        scratch.dispose()


Rows = dict[tuple[object, ...], dict[str, object]]


def _rows(engine: Engine, table: Table) -> Rows:
    keys = [column.name for column in table.primary_key.columns]
    with engine.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(select(table))]
    return {tuple(row[k] for k in keys): row for row in rows}


def _compare(table: Table, live: Rows, rebuilt: Rows) -> list[Difference]:
    keys = [column.name for column in table.primary_key.columns]
    differences = []
    for key in sorted(live.keys() | rebuilt.keys(), key=str):
        named = ", ".join(f"{k}={v}" for k, v in zip(keys, key, strict=True))
        if key not in rebuilt:
            differences.append(Difference(table.name, named, "is in the live view only"))
        elif key not in live:
            differences.append(Difference(table.name, named, "is missing from the live view"))
        else:
            changed = [
                f"{column} is {live[key][column]!r}, the events say {rebuilt[key][column]!r}"
                for column in live[key]
                if live[key][column] != rebuilt[key][column]
            ]
            if changed:
                differences.append(Difference(table.name, named, "; ".join(changed)))
    return differences
