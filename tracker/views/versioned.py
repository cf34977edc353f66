"""Versioned view rows: each row holds one version of an item, for the positions it was current.

A change closes the item's current row (``valid_to`` = the change's position) and opens the
next (``valid_from`` = that position). "As at" position p is then the rows with
``valid_from <= p < valid_to`` (or ``valid_to`` empty): a query, never a replay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    FromClause,
    Index,
    Insert,
    Integer,
    String,
    Table,
    and_,
    bindparam,
    case,
    exists,
    false,
    func,
    null,
    or_,
    update,
)
from sqlalchemy.sql.dml import ReturningUpdate

from tracker.kernel.markings import MARKINGS
from tracker.kernel.references import LONGEST_REFERENCE
from tracker.views.engine import metadata

BYTE_ORDERED_REFERENCE = String(LONGEST_REFERENCE).with_variant(
    String(LONGEST_REFERENCE, collation="C"), "postgresql"
)
Changes = Callable[[Any], dict[str, Any]]
PERIOD = ("item_id", "valid_from", "valid_to")


def versioned_table(name: str, *columns: Column[Any]) -> Table:
    """A view table of item versions: the period and the fields every item has, then ``columns``."""
    table = Table(
        name,
        metadata,
        Column("item_id", String(36), primary_key=True),
        Column("valid_from", BigInteger, primary_key=True),
        Column("valid_to", BigInteger, nullable=True),
        # A reminder's key is the longest reference; byte order on PostgreSQL as on SQLite,
        # so that pages sorted "in byte order" (tracker.views.paging) read the index below in order.
        Column("reference", BYTE_ORDERED_REFERENCE, nullable=False),
        Column("version", Integer, nullable=False),
        Column("marking", String(40), nullable=False),
        *columns,
        Column("amended", Boolean, nullable=False),
    )
    _index_versions(table)
    return table


def _index_versions(table: Table) -> None:
    """The indexes pages, "as at" answers and lookups by reference read."""
    # A page of current rows in reference order reads 50 entries of this index, however
    # many items and versions the table holds. (A plain index on valid_to would draw
    # SQLite, which keeps no statistics, into reading every current row and sorting them.)
    # SQLite only: PostgreSQL pages through the period index below just as well, and
    # without fresh statistics (during a rebuild) its planner would read this whole index
    # for every change_row, measured at 5 ms a change instead of 0.4 with 17k items.
    name = table.name
    current = table.c.valid_to.is_(None)
    in_number_order = (func.length(table.c.reference), table.c.reference)  # TSK-2 before TSK-10
    Index(f"ix_{name}_current", *in_number_order, sqlite_where=current).ddl_if(dialect="sqlite")
    # "As at" pages in reference order, and lookups by reference: the period and marking
    # are in the index, so rows not current at the position are skipped without reading them.
    Index(f"ix_{name}_period", *in_number_order, table.c.valid_from, table.c.valid_to,
          table.c.marking)  # fmt: skip
    Index(f"ix_{name}_reference", table.c.reference)  # lookups by reference


def open_row(connection: Connection, table: Table, event: Any, position: int, **row: Any) -> None:
    """Opens the first row of a new item, from its first event and the view's own ``row``."""
    first = {
        "item_id": str(event.originator_id),
        "valid_from": position,
        "valid_to": None,
        "reference": event.reference,
        "version": event.originator_version,
        "marking": event.marking,
        "amended": False,
    }
    connection.execute(_statements(table).insert, first | row)


def change_row(
    connection: Connection, table: Table, event: Any, position: int, changes: Changes
) -> bool:
    """Closes the item's current row and opens the next with ``changes(row)``.

    False when the table holds no such item (an amendment or review of another kind).
    """
    statements = _statements(table)
    item = str(event.originator_id)
    current = connection.execute(statements.close, {"b_item": item, "b_to": position}).first()
    if current is None:
        return False
    row = dict(current._mapping) | changes(current)
    row |= {"valid_from": position, "valid_to": None, "version": event.originator_version}
    connection.execute(statements.insert, row)
    return True


@dataclass(frozen=True)
class _Statements:
    """A table's two writes, built once with bound parameters.

    Executing a prepared statement with its values as parameters lets SQLAlchemy reuse the
    compiled SQL; building ``insert().values(**row)`` afresh for each event cost most of a
    rebuild's time (a cache key over every literal value, each time).
    """

    close: ReturningUpdate[Any]
    insert: Insert


@cache
def _statements(table: Table) -> _Statements:
    # Closing the current row returns it as it was (valid_to still empty), so a change is
    # two statements, not a read and two writes.
    as_it_was = [null().label(c.name) if c.name == "valid_to" else c for c in table.c]
    close = (
        update(table)
        .where(table.c.item_id == bindparam("b_item"), table.c.valid_to.is_(None))
        .values(valid_to=bindparam("b_to"))
        .returning(*as_it_was)
    )
    return _Statements(close=close, insert=table.insert())


def current_at(table: FromClause, position: int | None) -> Any:
    """The rows current now (``position`` None) or as at ``position``."""
    if position is None:
        return table.c.valid_to.is_(None)
    return and_(
        table.c.valid_from <= position,
        or_(table.c.valid_to.is_(None), table.c.valid_to > position),
    )


def within_clearance(table: Table, sensitive_cleared: bool) -> tuple[Any, ...]:
    """No OFFICIAL-SENSITIVE row for a reader without that clearance.

    An item marked up since is withheld from "as at" answers too: its older, OFFICIAL
    versions would otherwise show what is now sensitive.
    """
    if sensitive_cleared:
        return ()
    # Asked of each row (a key lookup), not listed for the whole table: a page then costs
    # the same with a thousand items or a million.
    now = table.alias(f"{table.name}_now")
    marked_sensitive_now = exists().where(
        now.c.item_id == table.c.item_id, now.c.valid_to.is_(None), now.c.marking != MARKINGS[0]
    )
    return (table.c.marking == MARKINGS[0], ~marked_sensitive_now)


def withheld(
    table: Table,
    names: Any,
    sensitive_cleared: bool,
    as_at_position: int | None,
    by: str = "reference",
) -> Any:
    """Whether ``names`` (a column or value) names an item of ``table`` above the reader's
    clearance, now or as at ``as_at_position``: a link to it must not show its reference."""
    if sensitive_cleared:
        return false()
    other = table.alias(f"{table.name}_linked")
    return exists().where(
        other.c[by] == names,
        other.c.marking != MARKINGS[0],
        or_(other.c.valid_to.is_(None), current_at(other, as_at_position)),
    )


def shown_link(
    table: Table, column: Any, sensitive_cleared: bool, as_at_position: int | None
) -> Any:
    """``column``, a reference to an item of ``table``, or "" where the reader may not see it."""
    hidden = withheld(table, column, sensitive_cleared, as_at_position)
    return case((hidden, ""), else_=column).label(column.key)


def row_values(row: Any) -> dict[str, Any]:
    """A row's values without its item id and period, for the query's result class."""
    values = dict(row._mapping)
    for column in PERIOD:
        values.pop(column)
    return values
