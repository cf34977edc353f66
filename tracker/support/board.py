"""The support request board: every request with its channel, assessment, outcome and ratification.

Versioned like the tasking board: each change closes the request's current row
(``valid_to``) and opens the next (``valid_from``), both as log positions, so "as at" a
moment is a query for the rows whose period covers it, not a replay. ``board_projection``
keeps the rows.

Besides what the aggregate holds, each row keeps the meeting it was listed for, the day it
was authorised, the day its decision was recorded (``decided_on``; a deferral is not a
decision), and when it is next due (``review_due``): ratification by the next weekly
meeting, at most a week after the authorisation, then a weekly review while monitored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Column, Date, String, Text

from tracker.views.boards import VersionedBoard
from tracker.views.versioned import row_values, versioned_table

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


def _details(row: Any) -> SupportRequestDetails:
    return SupportRequestDetails(**row_values(row))


# The board, now or as at a log position, without requests above the reader's clearance.
support_request_board_rows = VersionedBoard(support_request_board, SORTABLE, _details).rows
