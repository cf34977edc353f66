"""Views printed at the console: boards, the register, the learning log, timelines, queues.

The console is for operators, who hold the database anyway; ``--clearance official`` shows
what a reader without OFFICIAL-SENSITIVE clearance would see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import click
from sqlalchemy import Engine

from tracker.cli.common import Refused, london, moment_option, opened, refusals_explained
from tracker.decisions.register import decision_register_rows
from tracker.learning.log import learning_log_rows
from tracker.oversight.agenda import FORUMS as AGENDA_FORUMS
from tracker.oversight.agenda import meeting_agenda
from tracker.oversight.figures import governance_figures
from tracker.oversight.reviews import review_queue, review_summary
from tracker.oversight.timeline import item_timeline
from tracker.support.board import support_request_board_rows
from tracker.tasking.board import tasking_board_rows
from tracker.views.catalogue import projections
from tracker.views.projector import Projector

Column = tuple[str, Callable[[Any], Any]]
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


BOARDS: dict[str, tuple[Callable[..., list[Any]], list[Column]]] = {
    "tasking": (
        tasking_board_rows,
        [attribute(n) for n in ("reference", "state", "marking", "next_review", "title")],
    ),
    "support": (
        support_request_board_rows,
        [
            attribute(n)
            for n in (
                "reference",
                "state",
                "channel",
                "decision",
                "ratification",
                "marking",
                "next_review",
                "title",
            )
        ],
    ),
    "register": (
        decision_register_rows,
        [
            attribute(n)
            for n in (
                "reference",
                "forum",
                "state",
                "outcome",
                "decided_at",
                "retrospective",
                "superseded_by",
                "action_chosen",
            )
        ],
    ),
    "learning": (
        learning_log_rows,
        [attribute(n) for n in ("reference", "state", "theme", "debrief", "marking")]
        + [
            ("actions", lambda p: ", ".join(f"{a.reference} {a.state}" for a in p.actions)),
            attribute("text"),
        ],
    ),
}


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
    print_table(entries, [attribute("position"), attribute("recorded_at"), attribute("actor"),
                          attribute("label"), attribute("decided_at"), ("why", _why)])  # fmt: skip


def _why(entry: Any) -> str:
    if entry.amendment is None:
        return str(entry.why or "")
    change = entry.amendment
    return f"{change.field}: {change.old_value!r} -> {change.new_value!r} ({change.reason})"


@click.command()
@today_option
@click.option("--owner", help="only this owner's reviews")
@click.option("--forum", help="only this forum's reviews")
@click.option("--by", type=click.Choice(["owner", "forum"]), help="counts per owner or forum")
@clearance_option
@refusals_explained
def reviews(
    today: datetime | None, owner: str | None, forum: str | None, by: str | None, clearance: str
) -> None:
    """What is due and overdue, with escalation; or counts per owner or per forum."""
    day = today.date() if today else date.today()
    with caught_up(None) as (engine, _, _):
        if by:
            counts = review_summary(engine, sensitive_cleared=cleared(clearance), today=day, by=by)
            click.echo(f"reviews on {day} by {by}:")
            print_table(counts, [attribute(n) for n in ("due_soon", "due", "overdue",
                                                        "escalated", "name")])  # fmt: skip
            return
        due = review_queue(engine, sensitive_cleared=cleared(clearance), today=day, owner=owner,
                           forum=forum, per_page=ALL)  # fmt: skip
    click.echo(f"review queue on {day}: {len(due)} items")
    print_table(due, [attribute(n) for n in ("reference", "status", "due_on", "days_overdue",
                                             "escalation", "owner", "forum", "title")])  # fmt: skip


@click.command()
@click.argument("forum", type=click.Choice(AGENDA_FORUMS))
@click.option("--on", "meeting_on", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="the meeting's date")  # fmt: skip
@clearance_option
@refusals_explained
def agenda(forum: str, meeting_on: datetime, clearance: str) -> None:
    """What the next weekly tasking meeting or RTTCG must consider."""
    with caught_up(None) as (engine, _, _):
        drawn_up = meeting_agenda(engine, forum, meeting_on.date(),
                                  sensitive_cleared=cleared(clearance))  # fmt: skip
    click.echo(f"agenda of the {forum} on {meeting_on.date()}")
    for section, items in vars(drawn_up).items():
        if isinstance(items, tuple):
            click.echo(f"{section.replace('_', ' ')}: {len(items) or 'none'}")
            if items:
                print_table(items, [attribute(n) for n in ("reference", "state", "due_on",
                                                           "owner", "title")])  # fmt: skip


@click.command()
@today_option
@click.option(
    "--months",
    default=12,
    show_default=True,
    type=click.IntRange(min=1),
    help="months to count back",
)
@clearance_option
@refusals_explained
def figures(today: datetime | None, months: int, clearance: str) -> None:
    """Governance figures: taskings per month, requests by outcome, actions, days to decide."""
    day = today.date() if today else date.today()
    with caught_up(None) as (engine, _, _):
        counted = governance_figures(engine, sensitive_cleared=cleared(clearance), today=day,
                                     months=months)  # fmt: skip
    click.echo(f"governance figures from {counted.since} to {counted.today}")
    click.echo(f"s.5 taskings received: {counted.taskings_received}")
    print_table(counted.taskings_by_month, [attribute("month"), attribute("received")])
    by_outcome, by_channel = counted.requests_by_outcome, counted.requests_by_channel
    for title, counts in (("requests by outcome", by_outcome), ("by channel", by_channel)):
        click.echo(f"{title}: " + (", ".join(f"{c.name} {c.count}" for c in counts) or "none"))
    actions = vars(counted.actions).items()
    click.echo("learning actions: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in actions))
    for what, median in (
        ("requests", counted.median_days_to_decide_requests),
        ("taskings", counted.median_days_to_decide_taskings),
    ):
        click.echo(f"median days from receipt to decision, {what}: {shown(median)}")


BOARD_COMMANDS = (board, timeline, reviews, agenda, figures)
