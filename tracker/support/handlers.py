"""What each command on a support request does: ``HANDLERS``, for ``tracker.service.dispatch``.

Its ratification and decisions are not commands of its own: a forum's decision about it,
recorded in ``tracker.decisions``, is what moves it.
"""

from __future__ import annotations

from tracker.kernel.commands import Handlers, Recorded, Records, fields_of, steps
from tracker.kernel.errors import InvalidInput
from tracker.people.resolving import post_named
from tracker.support.commands import (
    AssessSupportRequest,
    AuthoriseSupportRequest,
    CloseSupportRequest,
    ListSupportRequest,
    ReceiveSupportRequest,
    ReferSupportRequestToRIG,
    ReferSupportRequestToRTTCG,
    ReviewSupportRequestMonitoring,
)
from tracker.support.lifecycle import AUTHORISING_POSTS
from tracker.support.request import SupportRequest


def receive_support_request(app: Records, cmd: ReceiveSupportRequest) -> Recorded:
    counter, reference = app.new_reference("SR")
    return app.record(SupportRequest.receive(reference, **fields_of(cmd)), counter)


def authorise_support_request(app: Records, cmd: AuthoriseSupportRequest) -> Recorded:
    """An emergency authorisation, given by the person holding the post it is given as."""
    request = app.load(SupportRequest, cmd.reference, cmd.expected_version)
    _check_capacity(app, cmd.authorised_by, cmd.authorised_as)
    request.authorise(**fields_of(cmd, "reference"))
    return app.record(request)


def _check_capacity(app: Records, authoriser: str, capacity: object) -> None:
    """The authoriser (a person, resolved by ``Tracker.handle``) holds the capacity's post.

    Where the region has not established that post, the capacity stands as stated.
    """
    post_id = AUTHORISING_POSTS.get(capacity) if isinstance(capacity, str) else None
    post = post_named(app, post_id) if post_id else None  # a bad capacity: the request says
    if post is not None and post.holder != authoriser:
        held = f"held by {post.holder}" if post.holder else "vacant"
        raise InvalidInput(
            "authorised_as",
            f"{authoriser} does not hold the post {post.title} ({held}): authorise as the "
            "post you hold",
        )


HANDLERS: Handlers = {
    ReceiveSupportRequest: receive_support_request,
    AuthoriseSupportRequest: authorise_support_request,
    **steps(
        SupportRequest,
        {
            AssessSupportRequest: SupportRequest.assess,
            ListSupportRequest: SupportRequest.list_for_meeting,
            ReferSupportRequestToRIG: SupportRequest.refer_to_rig,
            ReferSupportRequestToRTTCG: SupportRequest.refer_to_rttcg,
            ReviewSupportRequestMonitoring: SupportRequest.review_monitoring,
            CloseSupportRequest: SupportRequest.close,
        },
    ),
}
