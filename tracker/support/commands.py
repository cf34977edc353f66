"""Commands on support requests, one per user action, and their handlers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from tracker.decisions.decision import Decision
from tracker.kernel.commands import (
    Command,
    Handlers,
    ItemCommand,
    Recorded,
    Records,
    fields_of,
    steps,
)
from tracker.kernel.errors import RuleBroken
from tracker.support.request import REFERRED_TO_RTTCG, SupportRequest


@dataclass(frozen=True, kw_only=True)
class ReceiveSupportRequest(Command):
    marking: str
    channel: str
    requester: str
    received_on: date | str
    title: str
    description: str


@dataclass(frozen=True, kw_only=True)
class AuthoriseSupportRequest(ItemCommand):
    """The emergency route: authorised at once by the Head of Intelligence or on-call officer."""

    authorised_by: str
    authorised_as: str
    authorised_at: datetime | str
    reason: str


@dataclass(frozen=True, kw_only=True)
class RatifySupportRequest(ItemCommand):
    meeting_on: date | str
    rationale: str
    decision_reference: str = ""


@dataclass(frozen=True, kw_only=True)
class NotRatifySupportRequest(ItemCommand):
    meeting_on: date | str
    rationale: str
    decision_reference: str = ""


@dataclass(frozen=True, kw_only=True)
class AssessSupportRequest(ItemCommand):
    significant_impact: bool
    note: str


@dataclass(frozen=True, kw_only=True)
class ListSupportRequest(ItemCommand):
    """List for the weekly tasking meeting of ``meeting_on``."""

    meeting_on: date | str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ReferSupportRequestToRIG(ItemCommand):
    note: str


@dataclass(frozen=True, kw_only=True)
class ReferSupportRequestToRTTCG(ItemCommand):
    note: str


@dataclass(frozen=True, kw_only=True)
class DecideSupportRequest(ItemCommand):
    """The weekly tasking meeting's or the RTTCG's decision; the RTTCG's must be referenced."""

    outcome: str
    rationale: str
    decision_reference: str = ""


@dataclass(frozen=True, kw_only=True)
class ReviewSupportRequestMonitoring(ItemCommand):
    note: str
    reviewed_on: date | str
    next_review: date | str | None = None


@dataclass(frozen=True, kw_only=True)
class CloseSupportRequest(ItemCommand):
    outcome: str


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
    forum = "RTTCG" if request.state == REFERRED_TO_RTTCG else "weekly tasking meeting"
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
