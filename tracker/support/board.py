"""The support request board: every request with its channel, assessment, outcome and ratification.

Versioned like the tasking board: each change closes the request's current row
(``valid_to``) and opens the next (``valid_from``), both as log positions, so "as at" a
moment is a query for the rows whose period covers it, not a replay. What each event
changes mirrors ``SupportRequest.apply``.

Besides what the aggregate holds, each row keeps the meeting it was listed for, the day it
was authorised, the day its decision was recorded (``decided_on``; a deferral is not a
decision), and when it is next due (``review_due``): ratification by the next weekly
meeting, at most a week after the authorisation, then a weekly review while monitored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    Engine,
    String,
    Text,
    select,
)

from events.common import ItemAmended, ReviewRecorded
from events.support_request import (
    SupportRequestAssessed,
    SupportRequestAuthorised,
    SupportRequestClosed,
    SupportRequestDecided,
    SupportRequestListed,
    SupportRequestMonitoringReviewed,
    SupportRequestNotRatified,
    SupportRequestRatified,
    SupportRequestReceived,
    SupportRequestReferredToRIG,
    SupportRequestReferredToRTTCG,
)
from tracker.kernel.clock import london_day
from tracker.support.request import (
    ASSESSED,
    AUTHORISED,
    CLOSED,
    DEFER,
    EMERGENCY_ROUTE,
    LIFECYCLE,
    LISTED,
    MONITORED,
    NOT_RATIFIED,
    RATIFIED,
    RECEIVED,
    RECEIVED_BY_EMERGENCY_ROUTE,
    REFERRED_TO_RIG,
    REFERRED_TO_RTTCG,
    REVIEW_INTERVAL,
    RTTCG,
    STEP_FOR_OUTCOME,
)
from tracker.views.paging import board_order, page_of
from tracker.views.projector import Projection
from tracker.views.versioned import (
    change_row,
    current_at,
    open_row,
    row_values,
    versioned_table,
    within_clearance,
)

AWAITING = "awaiting"  # an emergency authorisation the weekly meeting has yet to ratify

support_request_board = versioned_table(
    "support_request_board",
    Column("state", String(40), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("requester", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("significant_impact", Boolean, nullable=True),  # NULL: not yet assessed
    Column("decision", String(40), nullable=False),
    Column("decision_reference", String(40), nullable=False),
    Column("authorised_by", Text, nullable=False),
    Column("ratification", String(40), nullable=False),
    Column("next_review", Date, nullable=True),
    Column("closing_outcome", Text, nullable=False),
    Column("listed_for", Date, nullable=True),  # the weekly meeting it was last listed for
    Column("authorised_on", Date, nullable=True),
    Column("decided_on", Date, nullable=True),
    Column("review_due", Date, nullable=True),  # NULL unless awaiting ratification or monitored
)
BOARD_FIELDS = ("title", "requester", "marking")  # amendable and shown
NEW_STATE = {
    SupportRequestReferredToRIG: REFERRED_TO_RIG,
    SupportRequestReferredToRTTCG: REFERRED_TO_RTTCG,
}
SORTABLE = (
    "reference",
    "state",
    "channel",
    "requester",
    "received_on",
    "next_review",
    "decision",
    "ratification",
    "review_due",
)

Changes = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class SupportRequestDetails:
    """One line of the support request board."""

    reference: str
    version: int
    marking: str
    state: str
    channel: str
    requester: str
    title: str
    received_on: date
    significant_impact: bool | None
    decision: str
    decision_reference: str
    authorised_by: str
    ratification: str
    next_review: date | None
    closing_outcome: str
    listed_for: date | None
    authorised_on: date | None
    decided_on: date | None
    review_due: date | None
    amended: bool


class SupportRequestBoardProjection(Projection):
    """Keeps ``support_request_board`` equal to what the support request events say."""

    name = "support_request_board"
    tables = (support_request_board,)

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds change nothing here."""

    @apply.register
    def _(self, event: SupportRequestReceived, connection: Connection, position: int) -> None:
        emergency = event.channel == EMERGENCY_ROUTE
        open_row(
            connection,
            support_request_board,
            event,
            position,
            state=RECEIVED_BY_EMERGENCY_ROUTE if emergency else RECEIVED,
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
    def _(self, event: SupportRequestAuthorised, connection: Connection, position: int) -> None:
        authorised_on = london_day(event.authorised_at)
        # A weekly meeting falls within a week of any day: the next one is due by then.
        authorised = {"state": AUTHORISED, "authorised_by": event.authorised_by,
                      "authorised_on": authorised_on, "ratification": AWAITING}  # fmt: skip
        authorised["review_due"] = authorised_on + REVIEW_INTERVAL
        self._change(connection, event, position, lambda _: authorised)

    @apply.register(SupportRequestRatified)
    @apply.register(SupportRequestNotRatified)
    def _(self, event: Any, connection: Connection, position: int) -> None:
        ratified = isinstance(event, SupportRequestRatified)
        outcome = RATIFIED if ratified else NOT_RATIFIED
        changes: dict[str, Any] = {"state": MONITORED if ratified else NOT_RATIFIED}
        changes |= {"decision": outcome}
        changes |= {"ratification": outcome, "decision_reference": event.decision_reference}
        changes |= {"decided_on": london_day(event.timestamp)}
        changes |= {"review_due": event.meeting_on + REVIEW_INTERVAL if ratified else None}
        self._change(connection, event, position, lambda _: changes)

    @apply.register
    def _(self, event: SupportRequestAssessed, connection: Connection, position: int) -> None:
        assessed = {"state": ASSESSED, "significant_impact": event.significant_impact}
        self._change(connection, event, position, lambda _: assessed)

    @apply.register
    def _(self, event: SupportRequestListed, connection: Connection, position: int) -> None:
        listed = {"state": LISTED, "listed_for": event.meeting_on}
        self._change(connection, event, position, lambda _: listed)

    @apply.register(SupportRequestReferredToRIG)
    @apply.register(SupportRequestReferredToRTTCG)
    def _(self, event: Any, connection: Connection, position: int) -> None:
        self._change(connection, event, position, lambda _: {"state": NEW_STATE[type(event)]})

    @apply.register
    def _(self, event: SupportRequestDecided, connection: Connection, position: int) -> None:
        decided_from = REFERRED_TO_RTTCG if event.forum == RTTCG else LISTED
        step = STEP_FOR_OUTCOME[event.outcome]
        state = LIFECYCLE[decided_from][step]
        changes: dict[str, Any] = {
            "state": state,
            "decision": event.outcome,
            "decision_reference": event.decision_reference,
        }
        decided_on = london_day(event.timestamp)
        if step != DEFER:  # a deferral puts the decision off, so it is not one
            changes["decided_on"] = decided_on
        if state == MONITORED:  # the first weekly review, a week after the decision
            changes["review_due"] = decided_on + REVIEW_INTERVAL
        self._change(connection, event, position, lambda _: changes)

    @apply.register
    def _(
        self, event: SupportRequestMonitoringReviewed, connection: Connection, position: int
    ) -> None:
        # The aggregate put the default (a week after the review) into the event itself.
        reviewed = {"next_review": event.next_review, "review_due": event.next_review}
        self._change(connection, event, position, lambda _: reviewed)

    @apply.register
    def _(self, event: SupportRequestClosed, connection: Connection, position: int) -> None:
        closed = {"state": CLOSED, "closing_outcome": event.outcome, "next_review": None}
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
            due = event.next_review or london_day(event.timestamp) + REVIEW_INTERVAL
            still_due = row.review_due is not None
            return {"next_review": event.next_review, "review_due": due if still_due else None}

        self._change(connection, event, position, reviewed)

    def _change(self, connection: Connection, event: Any, position: int, changes: Changes) -> None:
        change_row(connection, support_request_board, event, position, changes)


def support_request_board_rows(
    engine: Engine,
    *,
    sensitive_cleared: bool,
    as_at_position: int | None = None,
    state: str | None = None,
    sort: str = "reference",
    page: int = 1,
    per_page: int = 50,
) -> list[SupportRequestDetails]:
    """The board, now or as at a log position, without requests above the reader's clearance."""
    if sort not in SORTABLE:
        raise ValueError(f"sort by one of {', '.join(SORTABLE)}")
    board = support_request_board
    query = select(board).where(
        current_at(board, as_at_position), *within_clearance(board, sensitive_cleared)
    )
    if state is not None:
        query = query.where(board.c.state == state)
    query = page_of(query.order_by(*board_order(board, sort)), page, per_page)
    with engine.connect() as connection:
        return [_details(row) for row in connection.execute(query)]


def _details(row: Any) -> SupportRequestDetails:
    return SupportRequestDetails(**row_values(row))
