"""A board: a page of a versioned view's items with their state, now or as at a log position."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, Table, select

from tracker.views.paging import board_order, page_of
from tracker.views.versioned import current_at, within_clearance

Details = TypeVar("Details")


@dataclass(frozen=True)
class VersionedBoard(Generic[Details]):
    """A versioned ``table`` with a ``state``, the columns it sorts by and what a row shows."""

    table: Table
    sortable: tuple[str, ...]
    details: Callable[[Any], Details]

    def rows(
        self,
        engine: Engine,
        *,
        sensitive_cleared: bool,
        as_at_position: int | None = None,
        state: str | None = None,
        sort: str = "reference",
        page: int = 1,
        per_page: int = 50,
    ) -> list[Details]:
        """The board, now or as at a log position, without items above the reader's clearance."""
        if sort not in self.sortable:
            raise ValueError(f"sort by one of {', '.join(self.sortable)}")
        board = self.table
        query = select(board).where(
            current_at(board, as_at_position), *within_clearance(board, sensitive_cleared)
        )
        if state is not None:
            query = query.where(board.c.state == state)
        query = page_of(query.order_by(*board_order(board, sort)), page, per_page)
        with engine.connect() as connection:
            return [self.details(row) for row in connection.execute(query)]
