"""What the SQLite and PostgreSQL recorders of this package both offer."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any, Protocol

from events.chain import ChainEntry
from events.stored_row import StoredRow


class ChainedRecorder(Protocol):
    """What the SQLite and PostgreSQL recorders of this package both offer."""

    def extent(self) -> int: ...

    # Generators, so a reader stopping early can close them (and the transaction they hold).
    def event_tuples(self, stop: int) -> Generator[tuple[Any, ...], None, None]: ...

    def chain_tuples(self, stop: int) -> Generator[tuple[Any, ...], None, None]: ...

    def stored_rows(self, stop: int) -> Iterator[StoredRow]: ...

    def chain_entries(self, stop: int) -> Iterator[ChainEntry]: ...

    def chain_head(self) -> ChainEntry | None: ...

    def has_schema(self) -> bool: ...

    def is_empty(self) -> bool: ...

    def import_rows(self, rows: list[tuple[StoredRow, ChainEntry]]) -> None: ...
