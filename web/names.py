"""How pages name people and posts: "DCS S. Ellis", "Head of Intelligence (DCS S. Ellis)".

Records keep a username or ``post:<id>`` (``events.parties``); a page shows the person's
name, or the post's title with whoever holds it now. Read once per request.
"""

from __future__ import annotations

from flask import g

from tracker.people.post_queries import Names
from web.reading import fresh_views


def who(party: object) -> str:
    """The name a page shows for ``party`` (a named party reads as it was given)."""
    if not isinstance(party, str) or not party:
        return "" if party is None else str(party)
    if "names" not in g:
        g.names = Names(fresh_views())
    names: Names = g.names
    return names.of(party)
