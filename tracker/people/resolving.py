"""Who an input names, and who that is now: the one place a name becomes a person or a post.

Pages, the API and the console give a username ("j.owens") or a post id
("head-of-intelligence", or "post:head-of-intelligence"); the record keeps the canonical
form (``events.parties``). A post resolves to its holder when it is used.
"""

from __future__ import annotations

from typing import Any

from events.parties import POST_PREFIX, post_id_of
from tracker.accounts.account import UserAccount
from tracker.accounts.account_fields import USERNAME, account_reference
from tracker.kernel.commands import Records
from tracker.kernel.errors import InvalidInput, ItemNotFound
from tracker.kernel.validation import text
from tracker.people.post import POST_ID, Post, post_reference


def active_account(app: Records, name: str) -> UserAccount | None:
    """The active account whose username is ``name``, if there is one."""
    username = name.strip().lower()
    if not USERNAME.fullmatch(username):
        return None
    try:
        account = app.load(UserAccount, account_reference(username))
    except ItemNotFound:
        return None
    return account if account.active else None


def post_named(app: Records, post_id: str) -> Post | None:
    """The post ``post_id``, if it has been established."""
    if not POST_ID.fullmatch(post_id):
        return None
    try:
        return app.load(Post, post_reference(post_id))
    except ItemNotFound:
        return None


def canonical_party(app: Records, field: str, value: Any) -> str:
    """The person or post ``value`` names, as the record keeps it; refused otherwise.

    A username is a person's; failing that, a post's id (with or without "post:").
    """
    given = text(field, value, max_length=100)
    if not given.startswith(POST_PREFIX) and (account := active_account(app, given)):
        return account.username
    post = post_named(app, given.removeprefix(POST_PREFIX).lower())
    if post is not None:
        return post.party
    raise InvalidInput(
        field,
        f"{given!r} is neither a person (an active account's username) nor a post: "
        "choose one from the list, e.g. j.owens or head-of-intelligence",
    )


def account_reached(app: Records, party: str) -> UserAccount | None:
    """The active account of the person ``party`` is now: the person's, or the post's
    holder's; None for a vacant post, a deactivated account or a named party."""
    post_id = post_id_of(party)
    if post_id is None:
        return active_account(app, party)
    post = post_named(app, post_id)
    return active_account(app, post.holder) if post is not None and post.holder else None


def holder_of(app: Records, party: str) -> str | None:
    """The username of the person ``party`` is now (see ``account_reached``)."""
    account = account_reached(app, party)
    return account.username if account else None
