"""Open items whose owner reaches nobody: a vacant post, a deactivated account, or a name
typed before owners were people. Admins fill the post or reassign the item; until then the
scan plans no owner's reminder for it (``tracker.reminders.item_plan``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy import Engine

from events.parties import POST_PREFIX
from tracker.accounts.directory_table import user_accounts
from tracker.oversight.open_reviews import open_reviews
from tracker.people.posts_table import posts


@dataclass(frozen=True)
class UnownedItem:
    """An open item and the owner no one answers for. No title: admins read no casework."""

    reference: str
    kind: str
    owner: str
    due_on: date


def unowned_items(engine: Engine, *, sensitive_cleared: bool) -> list[UnownedItem]:
    """Every open item, within clearance, whose owner is no active person and no held post."""
    queue = open_reviews(sensitive_cleared)
    people = sa.select(user_accounts.c.username).where(user_accounts.c.active.is_(True))
    held = sa.select(sa.literal(POST_PREFIX, sa.Text) + posts.c.post_id).where(
        posts.c.holder.in_(people)
    )
    query = (
        sa.select(queue.c.reference, queue.c.kind, queue.c.owner, queue.c.due_on)
        .where(queue.c.owner.not_in(people), queue.c.owner.not_in(held))
        .order_by(queue.c.due_on, queue.c.reference)
    )
    with engine.connect() as connection:
        return [UnownedItem(**row._mapping) for row in connection.execute(query)]
