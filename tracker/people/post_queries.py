"""Posts as pages and the scan read them: every post with its holder, the posts a person
holds, and how each person or post is called."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy import Engine

from events.parties import post_id_of, post_party
from tracker.accounts.directory_table import user_accounts
from tracker.people.posts_table import posts


@dataclass(frozen=True)
class PostDetails:
    """A post and who holds it ("" while vacant)."""

    post_id: str
    title: str
    holder: str
    holder_name: str
    since: date | None

    @property
    def party(self) -> str:
        return post_party(self.post_id)


def all_posts(engine: Engine) -> list[PostDetails]:
    """Every post, by title."""
    holder = user_accounts.alias("holder")
    query = (
        sa.select(
            posts.c.post_id,
            posts.c.title,
            posts.c.holder,
            sa.func.coalesce(holder.c.display_name, "").label("holder_name"),
            posts.c.since,
        )
        .outerjoin(holder, holder.c.username == posts.c.holder)
        .order_by(posts.c.title)
    )
    with engine.connect() as connection:
        return [PostDetails(**row._mapping) for row in connection.execute(query)]


def parties_of(engine: Engine, username: str) -> tuple[str, ...]:
    """Whom ``username`` answers for: the person, and each post they hold now."""
    query = sa.select(posts.c.post_id).where(posts.c.holder == username).order_by(posts.c.post_id)
    with engine.connect() as connection:
        held = connection.execute(query).scalars().all()
    return (username, *(post_party(post_id) for post_id in held))


class Names:
    """How each person and post is called on a page: "DCS S. Ellis", "Head of Intelligence
    (DCS S. Ellis)", "RTTCG chair (vacant)"; a named party reads as it was given."""

    def __init__(self, engine: Engine):
        with engine.connect() as connection:
            people = connection.execute(
                sa.select(user_accounts.c.username, user_accounts.c.display_name)
            )
            self.people: dict[str, str] = {row.username: row.display_name for row in people}
            self.posts: dict[str, tuple[str, str]] = {
                row.post_id: (row.title, row.holder) for row in connection.execute(sa.select(posts))
            }

    def of(self, party: str) -> str:
        post_id = post_id_of(party)
        if post_id is None:
            return self.people.get(party, party)
        title, holder = self.posts.get(post_id, (post_id, ""))
        return f"{title} ({self.people.get(holder, holder) if holder else 'vacant'})"
