"""What each command on a post does: ``HANDLERS``, for ``tracker.service.dispatch``."""

from __future__ import annotations

from tracker.kernel.commands import Handlers, Recorded, Records
from tracker.kernel.errors import InvalidInput
from tracker.kernel.validation import text
from tracker.people.commands import AssignPost, EstablishPost, VacatePost
from tracker.people.post import Post
from tracker.people.resolving import active_account


def establish_post(app: Records, cmd: EstablishPost) -> Recorded:
    return app.record(Post.establish(post_id=cmd.post_id, title=cmd.title))


def assign_post(app: Records, cmd: AssignPost) -> Recorded:
    """The post goes to a person with an active account (handed over if someone held it)."""
    post = app.load(Post, cmd.reference, cmd.expected_version)
    post.assign(_active_username(app, cmd.holder), cmd.since, cmd.note)
    return app.record(post)


def vacate_post(app: Records, cmd: VacatePost) -> Recorded:
    post = app.load(Post, cmd.reference, cmd.expected_version)
    post.vacate(cmd.reason, cmd.since)
    return app.record(post)


def _active_username(app: Records, holder: object) -> str:
    name = text("holder", holder, max_length=40)
    account = active_account(app, name)
    if account is None:
        raise InvalidInput("holder", f"there is no active account {name!r}")
    return account.username


HANDLERS: Handlers = {
    EstablishPost: establish_post,
    AssignPost: assign_post,
    VacatePost: vacate_post,
}
