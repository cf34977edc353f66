"""Keeps the support request board: what each support request event changes in its row.

What each event changes mirrors ``SupportRequest.apply``; the table and its queries are in
``board``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import Connection

from events import support_request
from events.common import ItemAmended, ReviewRecorded
from tracker.kernel.clock import london_day
from tracker.support import lifecycle
from tracker.support.board import support_request_board
from tracker.views.projector import Projection
from tracker.views.versioned import change_row, open_row

AWAITING = "awaiting"  # an emergency authorisation the weekly meeting has yet to ratify
BOARD_FIELDS = ("title", "requester", "marking")  # amendable and shown
NEW_STATE = {
    support_request.SupportRequestReferredToRIG: lifecycle.REFERRED_TO_RIG,
    support_request.SupportRequestReferredToRTTCG: lifecycle.REFERRED_TO_RTTCG,
}

Changes = Callable[[Any], dict[str, Any]]


class SupportRequestBoardProjection(Projection):
    """Keeps ``support_request_board`` equal to what the support request events say."""

    name = "support_request_board"
    version = 2  # a ratification is decided on its meeting's day, not the day it was recorded
    tables = (support_request_board,)

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds change nothing here."""

    @apply.register
    def _(
        self, event: support_request.SupportRequestReceived, connection: Connection, position: int
    ) -> None:
        emergency = event.channel == lifecycle.EMERGENCY_ROUTE
        open_row(
            connection,
            support_request_board,
            event,
            position,
            state=lifecycle.RECEIVED_BY_EMERGENCY_ROUTE if emergency else lifecycle.RECEIVED,
            channel=event.channel,
            requester=event.requester,
            title=event.title,
            received_on=event.received_on,
            significant_impact=None,
            decision="",
            decision_reference="",
            authorised_by="",
            ratification="",
            next_review=None,
            closing_outcome="",
            listed_for=None,
            authorised_on=None,
            decided_on=None,
            review_due=None,
            amended=False,
        )

    @apply.register
    def _(
        self, event: support_request.SupportRequestAuthorised, connection: Connection, position: int
    ) -> None:
        authorised_on = london_day(event.authorised_at)
        # A weekly meeting falls within a week of any day: the next one is due by then.
        authorised = {"state": lifecycle.AUTHORISED, "authorised_by": event.authorised_by,
                      "authorised_on": authorised_on, "ratification": AWAITING}  # fmt: skip
        authorised["review_due"] = authorised_on + lifecycle.REVIEW_INTERVAL
        self._change(connection, event, position, lambda _: authorised)

    @apply.register(support_request.SupportRequestRatified)
    @apply.register(support_request.SupportRequestNotRatified)
    def _(self, event: Any, connection: Connection, position: int) -> None:
        ratified = isinstance(event, support_request.SupportRequestRatified)
        outcome = lifecycle.RATIFIED if ratified else lifecycle.NOT_RATIFIED
        changes: dict[str, Any] = {
            "state": lifecycle.MONITORED if ratified else lifecycle.NOT_RATIFIED
        }
        changes |= {"decision": outcome}
        changes |= {"ratification": outcome, "decision_reference": event.decision_reference}
        changes |= {"decided_on": event.meeting_on}  # decided at that meeting
        changes |= {
            "review_due": event.meeting_on + lifecycle.REVIEW_INTERVAL if ratified else None
        }
        self._change(connection, event, position, lambda _: changes)

    @apply.register
    def _(
        self, event: support_request.SupportRequestAssessed, connection: Connection, position: int
    ) -> None:
        assessed = {"state": lifecycle.ASSESSED, "significant_impact": event.significant_impact}
        self._change(connection, event, position, lambda _: assessed)

    @apply.register
    def _(
        self, event: support_request.SupportRequestListed, connection: Connection, position: int
    ) -> None:
        listed = {"state": lifecycle.LISTED, "listed_for": event.meeting_on}
        self._change(connection, event, position, lambda _: listed)

    @apply.register(support_request.SupportRequestReferredToRIG)
    @apply.register(support_request.SupportRequestReferredToRTTCG)
    def _(self, event: Any, connection: Connection, position: int) -> None:
        self._change(connection, event, position, lambda _: {"state": NEW_STATE[type(event)]})

    @apply.register
    def _(
        self, event: support_request.SupportRequestDecided, connection: Connection, position: int
    ) -> None:
        state = lifecycle.state_after_decision(event.forum, event.outcome)
        changes: dict[str, Any] = {
            "state": state,
            "decision": event.outcome,
            "decision_reference": event.decision_reference,
        }
        decided_on = event.decided_on  # the meeting's day (old events: the day recorded)
        # A deferral puts the decision off, so it is not one.
        if lifecycle.STEP_FOR_OUTCOME[event.outcome] != lifecycle.DEFER:
            changes["decided_on"] = decided_on
        if state == lifecycle.MONITORED:  # the first weekly review, a week after the decision
            changes["review_due"] = decided_on + lifecycle.REVIEW_INTERVAL
        self._change(connection, event, position, lambda _: changes)

    @apply.register
    def _(
        self,
        event: support_request.SupportRequestMonitoringReviewed,
        connection: Connection,
        position: int,
    ) -> None:
        # The aggregate put the default (a week after the review) into the event itself.
        reviewed = {"next_review": event.next_review, "review_due": event.next_review}
        self._change(connection, event, position, lambda _: reviewed)

    @apply.register
    def _(
        self, event: support_request.SupportRequestClosed, connection: Connection, position: int
    ) -> None:
        closed = {"state": lifecycle.CLOSED, "closing_outcome": event.outcome, "next_review": None}
        closed |= {"review_due": None}
        self._change(connection, event, position, lambda _: closed)

    @apply.register
    def _(self, event: ItemAmended, connection: Connection, position: int) -> None:
        shown = {event.field: event.new_value} if event.field in BOARD_FIELDS else {}
        self._change(connection, event, position, lambda _: shown | {"amended": True})

    @apply.register
    def _(self, event: ReviewRecorded, connection: Connection, position: int) -> None:
        def reviewed(row: Any) -> dict[str, Any]:
            # Only a request awaiting ratification or monitored is due anywhere; a review
            # without a date leaves the next a week later, as a monitoring review does.
            due = event.next_review or london_day(event.timestamp) + lifecycle.REVIEW_INTERVAL
            still_due = row.review_due is not None
            return {"next_review": event.next_review, "review_due": due if still_due else None}

        self._change(connection, event, position, reviewed)

    def _change(self, connection: Connection, event: Any, position: int, changes: Changes) -> None:
        change_row(connection, support_request_board, event, position, changes)
