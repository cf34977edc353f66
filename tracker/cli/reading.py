"""What the console's views share: their options, and the views caught up with the log.

The console is for operators, who hold the database anyway; ``--clearance official`` shows
what a reader without OFFICIAL-SENSITIVE clearance would see.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy import Engine

from tracker.cli.common import Refused, moment_option, opened
from tracker.views.catalogue import projections
from tracker.views.projector import Projector

ALL = 10_000  # the console prints a view whole

clearance_option = click.option(
    "--clearance",
    type=click.Choice(["official", "official-sensitive"]),
    default="official-sensitive",
    show_default=True,
    help="show only what a reader with this clearance may see",
)
as_at_option = click.option(
    "--as-at", "as_at", help="a moment, e.g. 2026-11-20T17:00+00:00: as it stood then"
)
today_option = click.option(
    "--today", type=click.DateTime(["%Y-%m-%d"]), help="the day to count from (default: today)"
)


@contextmanager
def caught_up(as_at: str | None) -> Iterator[tuple[Engine, int | None, str]]:
    """The views caught up with the log; the position and words for "as at", if asked."""
    with opened() as app, Projector(app, projections()) as views:
        views.catch_up()
        position = app.position_at(moment_option(as_at)) if as_at else None
        try:
            yield views.engine, position, f"as at {as_at} (position {position})" if as_at else "now"
        except ValueError as refused:  # a query's refusal of what it was asked: one clear line
            raise Refused(str(refused)) from None


def cleared(clearance: str) -> bool:
    return clearance == "official-sensitive"
