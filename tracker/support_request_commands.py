"""Commands on support requests, one per user action, and their handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from tracker.commands import Command, ItemCommand, Recorded, fields_of, handles
from tracker.support_request import SupportRequest

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


def _on_request(app: Tracker, cmd: ItemCommand, step: str) -> Recorded:
    """Load the support request, take ``step`` with the command's own fields, record."""
    request = app.load(SupportRequest, cmd.reference, cmd.expected_version)
    getattr(request, step)(**fields_of(cmd, "reference"))
    return app.record(request)


@handles(AuthoriseSupportRequest)
def authorise_support_request(app: Tracker, cmd: AuthoriseSupportRequest) -> Recorded:
    return _on_request(app, cmd, "authorise")


@handles(RatifySupportRequest)
def ratify_support_request(app: Tracker, cmd: RatifySupportRequest) -> Recorded:
    return _on_request(app, cmd, "ratify")


@handles(NotRatifySupportRequest)
def not_ratify_support_request(app: Tracker, cmd: NotRatifySupportRequest) -> Recorded:
    return _on_request(app, cmd, "not_ratify")


@handles(AssessSupportRequest)
def assess_support_request(app: Tracker, cmd: AssessSupportRequest) -> Recorded:
    return _on_request(app, cmd, "assess")


@handles(ListSupportRequest)
def list_support_request(app: Tracker, cmd: ListSupportRequest) -> Recorded:
    return _on_request(app, cmd, "list_for_meeting")


@handles(ReferSupportRequestToRIG)
def refer_support_request_to_rig(app: Tracker, cmd: ReferSupportRequestToRIG) -> Recorded:
    return _on_request(app, cmd, "refer_to_rig")


@handles(ReferSupportRequestToRTTCG)
def refer_support_request_to_rttcg(app: Tracker, cmd: ReferSupportRequestToRTTCG) -> Recorded:
    return _on_request(app, cmd, "refer_to_rttcg")


@handles(DecideSupportRequest)
def decide_support_request(app: Tracker, cmd: DecideSupportRequest) -> Recorded:
    return _on_request(app, cmd, "decide")


@handles(ReviewSupportRequestMonitoring)
def review_support_request_monitoring(
    app: Tracker, cmd: ReviewSupportRequestMonitoring
) -> Recorded:
    return _on_request(app, cmd, "review_monitoring")


@handles(CloseSupportRequest)
def close_support_request(app: Tracker, cmd: CloseSupportRequest) -> Recorded:
    return _on_request(app, cmd, "close")
