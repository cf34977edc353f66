"""Which forum a name means, and its terms now: the record's, or the standard ones."""

from __future__ import annotations

from typing import Any

from tracker.forums.catalogue import STANDARD
from tracker.forums.forum import Forum
from tracker.forums.terms import ForumTerms, forum_key, forum_reference
from tracker.kernel.commands import Records
from tracker.kernel.errors import InvalidInput, ItemNotFound
from tracker.kernel.validation import text, text_list


def recorded_forum(app: Records, name: str) -> Forum | None:
    """The forum's record, if one has been made."""
    if not forum_key(name):
        return None
    try:
        return app.load(Forum, forum_reference(name))
    except ItemNotFound:
        return None


def forum_terms(app: Records, name: str) -> ForumTerms | None:
    """The terms of the forum ``name`` now (however it is capitalised); None if none is."""
    forum = recorded_forum(app, name)
    return forum.terms if forum is not None else STANDARD.get(name)


def the_forum(app: Records, field: str, value: Any) -> ForumTerms:
    """The forum an input names, refused beside ``field`` when there is none."""
    name = text(field, value, max_length=60)
    terms = forum_terms(app, name)
    if terms is None:
        raise InvalidInput(field, f"there is no forum {name!r}: choose one from the list")
    return terms


def the_forums(app: Records, field: str, values: Any) -> list[str]:
    """The forums a list names (an account's, say), as they are named; refused beside
    ``field`` at the first that names none."""
    return [the_forum(app, field, value).name for value in text_list(field, values) if value]
