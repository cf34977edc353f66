"""Rows printed as aligned columns at the console."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import click

from tracker.cli.common import london

Column = tuple[str, Callable[[Any], Any]]


def shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return london(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def print_table(rows: Sequence[Any], columns: Sequence[Column]) -> None:
    """Rows as aligned columns; the last column runs on, unpadded."""
    cells = [[shown(get(row)) for _, get in columns] for row in rows]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, (h, _) in enumerate(columns)]
    for line in [[h for h, _ in columns], *cells]:
        padded = [cell.ljust(width) for cell, width in zip(line[:-1], widths, strict=False)]
        click.echo("  " + "  ".join([*padded, line[-1]]))


def attribute(name: str) -> Column:
    return name.replace("_", " "), lambda row: getattr(row, name)


def attributes(*names: str) -> list[Column]:
    return [attribute(name) for name in names]
