"""Commands on support requests, one per user action, and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from tracker.commands import Command, ItemCommand, Recorded, fields_of, handles, handles_steps
from tracker.decision import Decision
from tracker.errors import RuleBroken
from tracker.support_request import REFERRED_TO_RTTCG, SupportRequest

if TYPE_CHECKING:
    from tracker.application import Tracker


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


@handles(ReceiveSupportRequest)
def receive_support_request(app: Tracker, cmd: ReceiveSupportRequest) -> Recorded:
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


@handles(RatifySupportRequest)
@handles(NotRatifySupportRequest)
@handles(DecideSupportRequest)
def decide_support_request(
    app: Tracker, cmd: RatifySupportRequest | NotRatifySupportRequest | DecideSupportRequest
) -> Recorded:
    """A meeting's decision on the request; a cited decision must be the one that made it."""
    request = app.load(SupportRequest, cmd.reference, cmd.expected_version)
    forum = "RTTCG" if request.state == REFERRED_TO_RTTCG else "weekly tasking meeting"
    method = {RatifySupportRequest: "ratify", NotRatifySupportRequest: "not_ratify"}
    step = method.get(type(cmd), "decide")
    # The request's own rules first; nothing is saved if the citation is then refused.
    getattr(request, step)(**fields_of(cmd, "reference"))
    settled_as = {"ratify": "ratify", "not_ratify": "not ratify"}.get(step, request.decision)
    if request.decision_reference:
        _check_cited(app.load(Decision, request.decision_reference), request, forum, settled_as)
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


handles_steps(
    SupportRequest,
    {
        AuthoriseSupportRequest: "authorise",
        AssessSupportRequest: "assess",
        ListSupportRequest: "list_for_meeting",
        ReferSupportRequestToRIG: "refer_to_rig",
        ReferSupportRequestToRTTCG: "refer_to_rttcg",
        ReviewSupportRequestMonitoring: "review_monitoring",
        CloseSupportRequest: "close",
    },
)
