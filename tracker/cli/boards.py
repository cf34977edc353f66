"""Boards printed at the console: the boards, the register, the learning log, timelines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from tracker.cli.common import refusals_explained
from tracker.cli.reading import ALL, as_at_option, caught_up, clearance_option, cleared
from tracker.cli.tables import Column, attribute, attributes, print_table
from tracker.decisions.register import decision_register_rows
from tracker.learning.log_queries import debrief_rows, learning_log_rows
from tracker.oversight.timeline import item_timeline
from tracker.support.board import support_request_board_rows
from tracker.tasking.board import tasking_board_rows

BOARDS: dict[str, tuple[Callable[..., list[Any]], list[Column]]] = {
    "tasking": (
        tasking_board_rows,
        attributes("reference", "state", "marking", "next_review", "title"),
    ),
    "support": (
        support_request_board_rows,
        attributes(
            "reference", "state", "channel", "decision", "ratification", "marking",
            "next_review", "title",
        ),
    ),
    "register": (
        decision_register_rows,
        attributes(
            "reference", "forum", "state", "outcome", "decided_at", "retrospective",
            "superseded_by", "action_chosen",
        ),
    ),
    "learning": (
        learning_log_rows,
        [
            *attributes("reference", "state", "theme", "debrief", "marking"),
            ("actions", lambda p: ", ".join(f"{a.reference} {a.state}" for a in p.actions)),
            attribute("text"),
        ],
    ),
    "debriefs": (
        debrief_rows,
        attributes(
            "reference", "state", "level", "kind", "scheduled_on", "held_on", "facilitator",
            "marking", "title", "postponed_reason",
        ),
    ),
}  # fmt: skip


@click.command()
@click.argument("name", type=click.Choice(sorted(BOARDS)))
@as_at_option
@clearance_option
@refusals_explained
def board(name: str, as_at: str | None, clearance: str) -> None:
    """Print a board, the decision register or the learning log, now or as at a moment."""
    query, columns = BOARDS[name]
    with caught_up(as_at) as (engine, position, stamp):
        rows = query(engine, sensitive_cleared=cleared(clearance), as_at_position=position,
                     per_page=ALL)  # fmt: skip
    click.echo(f"{name} {stamp}: {len(rows)} items")
    print_table(rows, columns)


@click.command()
@click.argument("reference")
@as_at_option
@clearance_option
@refusals_explained
def timeline(reference: str, as_at: str | None, clearance: str) -> None:
    """Every event of an item: who, when recorded, when decided, why, amendments."""
    with caught_up(as_at) as (engine, position, stamp):
        entries = item_timeline(engine, reference, sensitive_cleared=cleared(clearance),
                                as_at_position=position, per_page=ALL)  # fmt: skip
    click.echo(f"timeline of {reference} {stamp}: {len(entries)} events")
    print_table(entries, [*attributes("position", "recorded_at", "actor", "label", "decided_at"),
                          ("why", _why)])  # fmt: skip


def _why(entry: Any) -> str:
    if entry.amendment is None:
        return str(entry.why or "")
    change = entry.amendment
    return f"{change.field}: {change.old_value!r} -> {change.new_value!r} ({change.reason})"
