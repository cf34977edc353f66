"""Oversight at the console: the review queue, a meeting's agenda, the governance figures."""

from __future__ import annotations

import os
from datetime import date, datetime

import click

from tracker.cli.common import refusals_explained
from tracker.cli.reading import ALL, caught_up, clearance_option, cleared, today_option
from tracker.cli.tables import attribute, attributes, print_table, shown
from tracker.forums.forum_queries import forum_catalogue
from tracker.kernel.clock import london_today
from tracker.oversight.agenda import meeting_agenda
from tracker.oversight.figures import GovernanceFigures, governance_figures
from tracker.oversight.review_summary import review_summary
from tracker.oversight.reviews import review_queue
from tracker.reminders.policy import ReminderPolicy


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
            print_table(counts, attributes("due_soon", "due", "overdue", "escalated", "name"))
            return
        due = review_queue(engine, sensitive_cleared=cleared(clearance), today=day, owner=owner,
                           forum=forum, per_page=ALL)  # fmt: skip
    click.echo(f"review queue on {day}: {len(due)} items")
    print_table(due, attributes("reference", "status", "due_on", "days_overdue", "escalation",
                                "owner", "forum", "title"))  # fmt: skip


@click.command()
@click.argument("forum")
@click.option("--on", "meeting_on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="the meeting's date (default: the day it next sits)")  # fmt: skip
@clearance_option
@refusals_explained
def agenda(forum: str, meeting_on: datetime | None, clearance: str) -> None:
    """What a forum's next meeting (or its meeting --on a day) must consider."""
    with caught_up(None) as (engine, _, _):
        forums = forum_catalogue(engine)
        terms = forums.get(forum)
        if terms is None:
            raise click.BadParameter(
                f"choose one of: {', '.join(forums.names)}", param_hint="FORUM"
            )
        forum = terms.name
        policy = ReminderPolicy.from_environment(os.environ).with_forums(forums)
        day = meeting_on.date() if meeting_on else policy.next_meeting_day(forum, london_today())
        drawn_up = meeting_agenda(engine, forum, day, sensitive_cleared=cleared(clearance))
    click.echo(f"agenda of the {forum} on {day}")
    for section, items in vars(drawn_up).items():
        if isinstance(items, tuple):
            click.echo(f"{section.replace('_', ' ')}: {len(items) or 'none'}")
            if items:
                print_table(items, attributes("reference", "state", "due_on", "owner", "title"))


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
    _print_figures(counted)


def _print_figures(counted: GovernanceFigures) -> None:
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
