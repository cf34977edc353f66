"""What each command on a forum does: ``HANDLERS``, for ``tracker.service.dispatch``."""

from __future__ import annotations

from tracker.forums.catalogue import STANDARD
from tracker.forums.commands import EstablishForum, RearrangeForum
from tracker.forums.finding import recorded_forum, the_forum
from tracker.forums.forum import Forum
from tracker.forums.series_claim import SeriesClaim
from tracker.forums.standard_forums import STANDARD_FORUMS
from tracker.forums.terms import checked_terms, forum_reference
from tracker.kernel.commands import Handlers, Recorded, Records, fields_of
from tracker.kernel.errors import DuplicateItem, InvalidInput
from tracker.people.post import checked_post_id
from tracker.people.resolving import post_named

STANDARD_SERIES = {terms.series: terms.name for terms in STANDARD_FORUMS}


def establish_forum(app: Records, cmd: EstablishForum) -> Recorded:
    """A new forum and its claim on its series, together or not at all."""
    terms = checked_terms(**fields_of(cmd))
    if STANDARD.get(terms.name) or recorded_forum(app, terms.name):
        raise DuplicateItem(f"the forum {terms.name}")
    if terms.series in STANDARD_SERIES:
        raise InvalidInput(
            "series", f"{terms.series} is the {STANDARD_SERIES[terms.series]}'s; choose another"
        )
    _check_post(app, terms.chair_post)
    try:
        return app.record(Forum.establish(terms), SeriesClaim.claim(terms.series, terms.name))
    except DuplicateItem:
        raise InvalidInput("series", f"{terms.series} is another forum's; choose another") from None


def rearrange_forum(app: Records, cmd: RearrangeForum) -> Recorded:
    """A new chair or schedule; a standard forum's record is made with its first change."""
    terms = the_forum(app, "forum", cmd.forum)
    if recorded_forum(app, terms.name) is None:
        forum = Forum.establish(terms)
    else:
        forum = app.load(Forum, forum_reference(terms.name), cmd.expected_version)
    if cmd.chair_post:
        _check_post(app, checked_post_id(cmd.chair_post))
    forum.rearrange(chair_post=cmd.chair_post, schedule=cmd.schedule, reason=cmd.reason)
    return app.record(forum)


def _check_post(app: Records, post_id: str) -> None:
    if post_named(app, post_id) is None:
        raise InvalidInput(
            "chair_post", f"there is no post {post_id!r}: establish it first (establish-post)"
        )


HANDLERS: Handlers = {
    EstablishForum: establish_forum,
    RearrangeForum: rearrange_forum,
}
