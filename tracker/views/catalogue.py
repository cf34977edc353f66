"""The catalogue of views: every projection the projector keeps, and checking them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Table, select
from sqlalchemy.exc import SQLAlchemyError

from tracker.accounts.directory import UserAccountsProjection
from tracker.decisions.register_projection import DecisionRegisterProjection
from tracker.forums.forums_projection import ForumsProjection
from tracker.learning.log import LearningLogProjection
from tracker.oversight.timeline_projection import ItemTimelineProjection
from tracker.people.posts_projection import PostsProjection
from tracker.reminders.listing import ReminderListProjection
from tracker.service.application import Tracker
from tracker.support.board_projection import SupportRequestBoardProjection
from tracker.tasking.board_projection import TaskingBoardProjection
from tracker.views.engine import scratch_engine
from tracker.views.failures import Stopped
from tracker.views.positions import tracked_positions
from tracker.views.projector import Projection, Projector


def projections() -> list[Projection]:
    """Every view the tracker keeps, in the order they are caught up."""
    return [
        TaskingBoardProjection(),
        SupportRequestBoardProjection(),
        DecisionRegisterProjection(),
        LearningLogProjection(),
        ItemTimelineProjection(),
        ReminderListProjection(),
        UserAccountsProjection(),
        PostsProjection(),
        ForumsProjection(),
    ]


@dataclass(frozen=True)
class Difference:
    """A view row that differs from what a rebuild from the events gives."""

    table: str
    key: str
    what: str

    def __str__(self) -> str:
        if not self.key:  # the view as a whole
            return f"{self.table}: {self.what}"
        return f"{self.table} row {self.key}: {self.what}"


def check_views(app: Tracker, live: Engine, *, as_they_stand: bool = False) -> list[Difference]:
    """Rebuilds every view into a scratch database and lists rows that differ from the live.

    The live views are first caught up with the log, and a view that cannot reach its head
    is a difference too; ``as_they_stand`` compares them where they are instead (after a
    crash). Either way each view is compared with a rebuild up to the position it had read,
    taken in one snapshot with its rows, so a projector moving on meanwhile changes nothing.
    """
    differences = []
    with Projector(app, projections(), live) as current:
        if not as_they_stand:
            head = app.position()
            current.catch_up()
            differences += _short_of(head, current.positions(), current.failures())
    reached, live_rows, unreadable = _snapshot(live)
    return differences + unreadable + _rebuilt_differences(app, reached, live_rows)


def _rebuilt_differences(
    app: Tracker, reached: dict[str, int], live_rows: dict[str, Rows]
) -> list[Difference]:
    """Each view rebuilt in a scratch database up to where it had read, against its rows."""
    differences = []
    scratch = scratch_engine()
    try:
        for projection in projections():
            with Projector(app, [projection], scratch) as rebuilt:
                rebuilt.catch_up(until=reached[projection.name])
        with scratch.connect() as connection:
            for table in _tables():
                if table.name in live_rows:
                    rebuilt_rows = _rows(connection, table)
                    differences += _compare(table, live_rows[table.name], rebuilt_rows)
        return differences
    finally:
        scratch.dispose()


def _short_of(head: int, reached: dict[str, int], stopped: list[Stopped]) -> list[Difference]:
    why = {s.projection: f"stopped at position {s.position}: {s.error}" for s in stopped}
    return [
        Difference(name, "", f"has read only to position {at} of {head}; {why.get(name, '')}")
        for name, at in sorted(reached.items())
        if at < head
    ]


def _snapshot(live: Engine) -> tuple[dict[str, int], dict[str, Rows], list[Difference]]:
    """Each view's position and rows as one consistent snapshot; and tables that can't be read."""
    rows: dict[str, Rows] = {}
    unreadable = []
    with live.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            reached = tracked_positions(connection, [p.name for p in projections()])
            for table in _tables():
                try:
                    with connection.begin_nested():  # a damaged table spoils no other read
                        rows[table.name] = _rows(connection, table)
                except SQLAlchemyError as error:
                    first_line = str(error).splitlines()[0]
                    unreadable.append(Difference(table.name, "", f"cannot be read: {first_line}"))
    return reached, rows, unreadable


def _tables() -> list[Table]:
    return [table for projection in projections() for table in projection.tables]


Rows = dict[tuple[object, ...], dict[str, object]]


def _rows(connection: Connection, table: Table) -> Rows:
    keys = [column.name for column in table.primary_key.columns]
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
