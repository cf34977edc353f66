"""Versioned view rows: each row holds one version of an item, for the positions it was current.

A change closes the item's current row (``valid_to`` = the change's position) and opens the
next (``valid_from`` = that position). "As at" position p is then the rows with
``valid_from <= p < valid_to`` (or ``valid_to`` empty): a query, never a replay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Integer,
    String,
    Table,
    and_,
    or_,
    select,
    update,
)

from tracker.aggregate import MARKINGS
from tracker.views_sql import metadata

Changes = Callable[[Any], dict[str, Any]]
PERIOD = ("item_id", "valid_from", "valid_to")


def versioned_table(name: str, *columns: Column[Any]) -> Table:
    """A view table of item versions: the period and the fields every item has, then ``columns``."""
    return Table(
        name,
        metadata,
        Column("item_id", String(36), primary_key=True),
        Column("valid_from", BigInteger, primary_key=True),
        Column("valid_to", BigInteger, nullable=True, index=True),
        Column("reference", String(40), nullable=False, index=True),
        Column("version", Integer, nullable=False),
        Column("marking", String(40), nullable=False),
        *columns,
        Column("amended", Boolean, nullable=False),
    )


def open_row(connection: Connection, table: Table, event: Any, position: int, **row: Any) -> None:
    """Opens the first row of a new item, from its first event and the view's own ``row``."""
    connection.execute(
        table.insert().values(
            item_id=str(event.originator_id),
            valid_from=position,
            valid_to=None,
            reference=event.reference,
            version=event.originator_version,
            marking=event.marking,
            **({"amended": False} | row),
        )
    )


def change_row(
    connection: Connection, table: Table, event: Any, position: int, changes: Changes
) -> bool:
    """Closes the item's current row and opens the next with ``changes(row)``.

    False when the table holds no such item (an amendment or review of another kind).
    """
    item = str(event.originator_id)
    current = connection.execute(
        select(table).where(table.c.item_id == item, table.c.valid_to.is_(None))
    ).first()
    if current is None:
        return False
    connection.execute(
        update(table)
        .where(table.c.item_id == item, table.c.valid_from == current.valid_from)
        .values(valid_to=position)
    )
    row = dict(current._mapping) | changes(current)
    row |= {"valid_from": position, "valid_to": None, "version": event.originator_version}
    connection.execute(table.insert().values(**row))
    return True


def current_at(table: Table, position: int | None) -> Any:
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
    marked_sensitive_now = select(table.c.item_id).where(
        table.c.valid_to.is_(None), table.c.marking != MARKINGS[0]
    )
    return (table.c.marking == MARKINGS[0], table.c.item_id.not_in(marked_sensitive_now))


def row_values(row: Any) -> dict[str, Any]:
    """A row's values without its item id and period, for the query's result class."""
    values = dict(row._mapping)
    for column in PERIOD:
        values.pop(column)
    return values
