"""Commands on support requests, one per user action; ``handlers`` carries them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker.kernel.commands import Command, ItemCommand


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

    PEOPLE = ("authorised_by",)
    authorised_by: str
    authorised_as: str
    authorised_at: datetime | str
    reason: str


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
class ReviewSupportRequestMonitoring(ItemCommand):
    note: str
    reviewed_on: date | str
    next_review: date | str | None = None


@dataclass(frozen=True, kw_only=True)
class CloseSupportRequest(ItemCommand):
    outcome: str
