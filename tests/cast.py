"""People and posts for tests that record items through the application.

Owners, leads, decision makers and approvers must be people or posts (``events.parties``).
Tests' trackers are ``CastTracker``s: the first time a command names one of the cast
(below), the whole cast is registered, so tests that never name them (the demo's, say)
record nothing more. Any other name is resolved, or refused, exactly as the application
does.
"""

from __future__ import annotations

from contextlib import suppress

from tracker.accounts.commands import RegisterUser
from tracker.accounts.sign_in import account_of
from tracker.kernel.errors import DuplicateItem, InvalidInput
from tracker.people.commands import AssignPost, EstablishPost
from tracker.service.application import Tracker

# username, display name
PEOPLE = (
    ("patel", "DCI A. Patel"),
    ("shaw", "DI B. Shaw"),
    ("jones", "Det Supt C. Jones"),
    ("lee", "DS D. Lee"),
    ("ward", "ACC E. Ward"),
    ("zed", "Zed"),
    ("amy", "Amy"),
)
# post id, title, holder ("" for vacant)
POSTS = (
    ("planning-lead", "Planning lead", "lee"),
    ("head-of-hr", "Head of HR", "shaw"),
    ("gold-chair", "Gold chair", "ward"),
    ("resilience-lead", "Resilience lead", "jones"),
    ("vacant-post", "A post nobody holds", ""),
)


CAST = {username for username, _ in PEOPLE} | {post_id for post_id, _, _ in POSTS}


def person(app: Tracker, username: str, display_name: str = "", **account: object) -> str:
    """An active account ``username`` (registered unless it is there); returns the username."""
    if account_of(app, username) is not None:
        return username
    given = {"roles": ["staff"], "clearance": "official-sensitive",
             "email": f"{username}@rocu.example"} | account  # fmt: skip
    with suppress(DuplicateItem):
        app.handle(RegisterUser(actor="console:test", username=username,
                                display_name=display_name or username,
                                password="a test password of some length", **given))  # fmt: skip
    return username


def post(app: Tracker, post_id: str, title: str = "", holder: str = "") -> str:
    """The post ``post_id`` (established unless it is there), held by ``holder`` if given."""
    try:
        app.handle(EstablishPost(actor="console:test", post_id=post_id, title=title or post_id))
    except DuplicateItem:
        return f"post:{post_id}"
    if holder:
        app.handle(AssignPost(actor="console:test", post_id=post_id, holder=holder))
    return f"post:{post_id}"


class CastTracker(Tracker):
    """A tracker that registers the test cast the first time a command names one of it."""

    name = "tracker"  # the store's tables are named after the application, as the tracker's
    cast_registered = False

    def party(self, field: str, value: object) -> str:
        try:
            return super().party(field, value)
        except InvalidInput:
            # Not there yet (another tracker on the same store may have registered it).
            if self.cast_registered or str(value).strip().removeprefix("post:") not in CAST:
                raise
        the_cast(self)
        return super().party(field, value)


def the_cast(app: Tracker) -> None:
    """Every person and post the shared test commands name (tests/lifecycles.py): for a test
    that counts what is recorded, registered before it counts."""
    if isinstance(app, CastTracker):
        app.cast_registered = True
    for username, name in PEOPLE:
        person(app, username, name)
    for post_id, title, holder in POSTS:
        post(app, post_id, title, holder)
