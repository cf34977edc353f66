"""``tracker forums``: the forums from the command line: each one's series, chair and
schedule. Establishing or rearranging one is an admin's action (``tracker act
establish-forum``, ``rearrange-forum``), as on the pages."""

from __future__ import annotations

import click

from tracker.cli.common import refusals_explained
from tracker.cli.reading import caught_up
from tracker.forums.forum_queries import forum_catalogue


@click.group()
def forums() -> None:
    """The forums: their decision series, chair posts and schedules."""


@forums.command(name="list")
@refusals_explained
def list_forums() -> None:
    """Every forum: its series, the post that chairs it, and when it sits (London time)."""
    with caught_up(None) as (engine, _, _):
        for forum in forum_catalogue(engine).all:
            sits = forum.schedule or "when called"
            click.echo(f"{forum.name}: series {forum.series}; chaired by post "
                       f"{forum.chair_post}; sits {sits}")  # fmt: skip
