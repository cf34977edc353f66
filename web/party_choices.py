"""The people and posts a form offers where an input names who owns, leads, decides or holds:
an HTML datalist beside the text input, so a name is chosen from the list (or typed, and then
checked like any other)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.accounts.directory_queries import accounts
from tracker.kernel.commands import Command
from tracker.people.post_queries import Names, all_posts
from web.reading import fresh_views

PEOPLE_ONLY = ("holder",)  # a post is held by a person
POSTS_ONLY = ("chair_post",)  # a forum is chaired by a post


@dataclass(frozen=True)
class Choice:
    value: str  # what the input takes: a username or post:<id>
    label: str  # how the list shows it


def party_inputs(command: type[Command]) -> dict[str, str]:
    """The command's inputs that name a party, with which parties each takes."""
    named = {name: "people and posts" for name in (*command.PARTIES, *command.PEOPLE)}
    fields = getattr(command, "__dataclass_fields__", {})
    named |= {name: "people" for name in PEOPLE_ONLY if name in fields}
    return named | {name: "posts" for name in POSTS_ONLY if name in fields}


def party_choices(command: type[Command]) -> dict[str, list[Choice]]:
    """For each such input of ``command``, the active people and the posts it may name."""
    inputs = party_inputs(command)
    if not inputs:
        return {}
    engine = fresh_views()
    names = Names(engine)
    people = [Choice(a.username, f"{a.display_name} ({a.username})")
              for a in accounts(engine, active_only=True, per_page=10_000)]  # fmt: skip
    every_post = all_posts(engine)
    posts = [Choice(p.party, names.of(p.party)) for p in every_post]
    post_ids = [Choice(p.post_id, names.of(p.party)) for p in every_post]
    offered: dict[str, Any] = {"people and posts": people + posts, "people": people,
                               "posts": post_ids}  # fmt: skip
    return {name: offered[which] for name, which in inputs.items()}
