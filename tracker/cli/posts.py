"""``tracker posts``: posts from the command line, so a new deployment can set up who holds
the Head of Intelligence's post (and the rest) before anyone signs in.

Recorded like any admin action, attributed to the operating-system user at the console.
"""

from __future__ import annotations

import click

from tracker.cli.common import opened, refusals_explained
from tracker.cli.reading import caught_up
from tracker.cli.users import console_actor
from tracker.people.commands import AssignPost, EstablishPost, VacatePost
from tracker.people.post_queries import all_posts
from tracker.people.resolving import post_named
from tracker.people.standard_posts import STANDARD_POSTS


@click.group()
def posts() -> None:
    """Establish posts, and say who holds each."""


@posts.command()
@click.argument("post_id")
@click.argument("title")
@refusals_explained
def add(post_id: str, title: str) -> None:
    """Establish the post POST_ID (e.g. soc-lead-warwickshire) titled TITLE; vacant."""
    with opened() as app:
        app.handle(EstablishPost(actor=console_actor(), post_id=post_id, title=title))
    click.echo(f"post {post_id} established, vacant")


@posts.command()
@refusals_explained
def standard() -> None:
    """Establish the standard posts (Head of Intelligence, RTTCG chair, …) not yet there."""
    made = []
    with opened() as app:
        for post_id, title in STANDARD_POSTS:
            if post_named(app, post_id) is None:
                app.handle(EstablishPost(actor=console_actor(), post_id=post_id, title=title))
                made.append(post_id)
    click.echo(f"{len(made)} posts established: {', '.join(made) or 'none'}")


@posts.command()
@click.argument("post_id")
@click.argument("holder")
@click.option("--since", default=None, help="the day they took it (default: today)")
@refusals_explained
def assign(post_id: str, holder: str, since: str | None) -> None:
    """Give the post POST_ID to the person HOLDER (a username); handed over if held."""
    with opened() as app:
        app.handle(AssignPost(actor=console_actor(), post_id=post_id, holder=holder, since=since))
    click.echo(f"post {post_id} held by {holder}")


@posts.command()
@click.argument("post_id")
@click.option("--reason", required=True, help="why it is vacant now")
@refusals_explained
def vacate(post_id: str, reason: str) -> None:
    """Leave the post POST_ID vacant."""
    with opened() as app:
        app.handle(VacatePost(actor=console_actor(), post_id=post_id, reason=reason))
    click.echo(f"post {post_id} vacant")


@posts.command(name="list")
@refusals_explained
def list_posts() -> None:
    """Every post, its title, and who holds it (and since when), or vacant."""
    with caught_up(None) as (engine, _, _):
        for post in all_posts(engine):
            held = f"held by {post.holder} since {post.since}" if post.holder else "vacant"
            click.echo(f"{post.post_id}: {post.title}; {held}")
