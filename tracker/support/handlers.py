"""What each command on a support request does: ``HANDLERS``, for ``tracker.service.dispatch``.

A meeting's decision may cite the forum's decision record: it must be the one that made it.
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.decisions.decision import Decision
from tracker.kernel.commands import Handlers, ItemCommand, Recorded, Records, fields_of, steps
from tracker.kernel.errors import RuleBroken
from tracker.support.commands import (
    AssessSupportRequest,
    AuthoriseSupportRequest,
    CloseSupportRequest,
    DecideSupportRequest,
    ListSupportRequest,
    NotRatifySupportRequest,
    RatifySupportRequest,
    ReceiveSupportRequest,
    ReferSupportRequestToRIG,
    ReferSupportRequestToRTTCG,
    ReviewSupportRequestMonitoring,
)
from tracker.support.lifecycle import REFERRED_TO_RTTCG, RTTCG, WEEKLY_MEETING
from tracker.support.request import SupportRequest


def receive_support_request(app: Records, cmd: ReceiveSupportRequest) -> Recorded:
    counter, reference = app.new_reference("SR")
    return app.record(SupportRequest.receive(reference, **fields_of(cmd)), counter)


# What the cited decision must have decided, for each step it settles.
AGREEING_OUTCOMES = {
    "ratify": ("approved", "approved with conditions"),
    "not ratify": ("declined",),
    "supported": ("approved", "approved with conditions"),
    "partly supported": ("approved with conditions", "approved"),
    "not supported": ("declined",),
    "deferred": ("deferred",),
}


def ratify_support_request(app: Records, cmd: RatifySupportRequest) -> Recorded:
    """The emergency authorisation ratified by the weekly tasking meeting."""
    return _settle(app, cmd, SupportRequest.ratify, lambda request: "ratify")


def not_ratify_support_request(app: Records, cmd: NotRatifySupportRequest) -> Recorded:
    """The emergency authorisation not ratified by the weekly tasking meeting."""
    return _settle(app, cmd, SupportRequest.not_ratify, lambda request: "not ratify")


def decide_support_request(app: Records, cmd: DecideSupportRequest) -> Recorded:
    """The meeting's decision on the request: supported, partly, not, or deferred."""
    return _settle(app, cmd, SupportRequest.decide, lambda request: request.decision)


def _settle(
    app: Records,
    cmd: ItemCommand,
    step: Callable[..., object],
    settled_as: Callable[[SupportRequest], str],
) -> Recorded:
    """A meeting's decision on the request; a cited decision must be the one that made it."""
    request = app.load(SupportRequest, cmd.reference, cmd.expected_version)
    forum = RTTCG if request.state == REFERRED_TO_RTTCG else WEEKLY_MEETING
    # The request's own rules first; nothing is saved if the citation is then refused.
    step(request, **fields_of(cmd, "reference"))
    if request.decision_reference:
        cited = app.load(Decision, request.decision_reference)
        _check_cited(cited, request, forum, settled_as(request))
    return app.record(request)


def _check_cited(decision: Decision, request: SupportRequest, forum: str, settled_as: str) -> None:
    def refuse(why: str) -> RuleBroken:
        return RuleBroken(request.reference, f"{decision.reference} {why}")

    if decision.forum != forum:
        raise refuse(f"is a decision of the {decision.forum}; this step needs one of the {forum}")
    if decision.subject_reference != request.reference:
        about = decision.subject_reference or "no item"
        raise refuse(f"is about {about}; cite the decision about {request.reference}")
    if decision.state in ("rescinded", "superseded"):
        raise refuse(f"has been {decision.state}; cite the decision that stands")
    if decision.outcome not in AGREEING_OUTCOMES.get(settled_as, ()):
        raise refuse(f"recorded {decision.outcome!r}, which does not agree with {settled_as!r}")


HANDLERS: Handlers = {
    ReceiveSupportRequest: receive_support_request,
    RatifySupportRequest: ratify_support_request,
    NotRatifySupportRequest: not_ratify_support_request,
    DecideSupportRequest: decide_support_request,
    **steps(
        SupportRequest,
        {
            AuthoriseSupportRequest: SupportRequest.authorise,
            AssessSupportRequest: SupportRequest.assess,
            ListSupportRequest: SupportRequest.list_for_meeting,
            ReferSupportRequestToRIG: SupportRequest.refer_to_rig,
            ReferSupportRequestToRTTCG: SupportRequest.refer_to_rttcg,
            ReviewSupportRequestMonitoring: SupportRequest.review_monitoring,
            CloseSupportRequest: SupportRequest.close,
        },
    ),
}
