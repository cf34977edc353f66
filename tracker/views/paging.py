"""Pages and orders every view query shares, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, String, Table, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement as _Element

MOST_PER_PAGE = 10_000
MOST_PAGES = 1_000_000


def page_of(query: Select[Any], page: int, per_page: int) -> Select[Any]:
    """``query`` limited to one page; a page or size out of range is refused by name."""
    if not 1 <= per_page <= MOST_PER_PAGE:
        raise ValueError(f"per_page is from 1 to {MOST_PER_PAGE}")
    if not 1 <= page <= MOST_PAGES:
        raise ValueError(f"page is from 1 to {MOST_PAGES}")
    return query.limit(per_page).offset((page - 1) * per_page)


class _InByteOrder(_Element[Any]):
    """A text column compared byte by byte: PostgreSQL's "C" collation, SQLite's default."""

    inherit_cache = True

    def __init__(self, column: ColumnElement[Any]):
        self.column = column
        self.type = column.type


@compiles(_InByteOrder)
def _plain(element: _InByteOrder, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column, **kw)


@compiles(_InByteOrder, "postgresql")
def _c_collation(element: _InByteOrder, compiler: SQLCompiler, **kw: Any) -> str:
    return f'{compiler.process(element.column, **kw)} COLLATE "C"'


def in_byte_order(column: Any) -> Any:
    """``column`` to sort by: text in byte order (the server's locale would differ by store)."""
    return _InByteOrder(column) if isinstance(column.type, String) else column


def by_reference(column: Any) -> tuple[Any, ...]:
    """References in number order within a series: "TSK-2" before "TSK-10"."""
    return func.length(column), in_byte_order(column)


def board_order(table: Table, sort: str) -> tuple[Any, ...]:
    """A board's rows by ``sort`` (empty values last on every store), then by reference."""
    reference = by_reference(table.c.reference)
    if sort == "reference":
        return reference
    return in_byte_order(table.c[sort]).nulls_last(), *reference
