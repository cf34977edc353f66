"""The decision register: each forum's decisions in sequence, as they stand now or stood then.

Each change closes the decision's current row (``valid_to``) and opens a new one
(``valid_from``), both as log positions; "as at" a moment is then a query for the rows
whose period covers the last position recorded by that moment, not a replay. A
supersession changes two rows: the new decision's names what it ``supersedes``, and the
old decision's row is closed and reopened with ``superseded_by``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    Engine,
    Index,
    Integer,
    String,
    Table,
    Text,
    select,
)

from events.common import ItemAmended, ReviewRecorded
from events.decision import (
    DecisionConcluded,
    DecisionConfirmed,
    DecisionPutUnderReview,
    DecisionRecorded,
    DecisionRescinded,
    DecisionSuperseded,
    DecisionVaried,
)
from tracker.decisions.decision import (
    CONCLUDED,
    DECIDED,
    FORUMS,
    RESCINDED,
    SUPERSEDED,
    UNDER_REVIEW,
    VARIED,
)
from tracker.views.engine import UtcDateTime
from tracker.views.items import timeline_items
from tracker.views.paging import page_of
from tracker.views.projector import Projection
from tracker.views.versioned import (
    change_row,
    current_at,
    open_row,
    row_values,
    shown_link,
    versioned_table,
    within_clearance,
)

decision_register = versioned_table(
    "decision_register",
    Column("forum", String(40), nullable=False),
    Column("forum_rank", Integer, nullable=False),  # the forum's place in FORUMS, for paging
    Column("sequence_number", Integer, nullable=False),
    Column("meeting", Text, nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("decision_maker", Text, nullable=False),
    Column("recorder", Text, nullable=False),
    Column("subject_reference", String(40), nullable=False),
    Column("outcome", String(40), nullable=False),
    Column("conditions", Text, nullable=False),
    Column("action_chosen", Text, nullable=False),
    Column("review_on", Date, nullable=False),
    Column("next_review", Date, nullable=True),
    Column("retrospective", Boolean, nullable=False),
    Column("retrospective_reason", Text, nullable=False),
    Column("state", String(40), nullable=False),
    Column("supersedes", String(40), nullable=False),
    Column("superseded_by", String(40), nullable=False),
)
REGISTER_FIELDS = ("meeting", "decision_maker", "action_chosen", "marking")  # amendable, shown
NEW_STATE = {
    DecisionPutUnderReview: UNDER_REVIEW,
    DecisionConfirmed: DECIDED,
    DecisionVaried: VARIED,
    DecisionRescinded: RESCINDED,
    DecisionConcluded: CONCLUDED,
}
# Forums in the domain's own order (a collation-free order, the same on every database),
# each in sequence: a page reads its entries of an index in order, however long the register.
IN_REGISTER_ORDER = (decision_register.c.forum_rank, decision_register.c.sequence_number)
Index(
    "ix_decision_register_current_order",
    *IN_REGISTER_ORDER,
    sqlite_where=decision_register.c.valid_to.is_(None),
).ddl_if(dialect="sqlite")
Index("ix_decision_register_order", *IN_REGISTER_ORDER, decision_register.c.valid_to).ddl_if(
    dialect="postgresql"
)


@dataclass(frozen=True)
class DecisionDetails:
    """One entry of a forum's decision register."""

    reference: str
    version: int
    marking: str
    forum: str
    sequence_number: int
    meeting: str
    decided_at: datetime
    recorded_at: datetime
    decision_maker: str
    recorder: str
    subject_reference: str
    outcome: str
    conditions: str
    action_chosen: str
    review_on: date
    next_review: date | None
    retrospective: bool
    retrospective_reason: str
    state: str
    supersedes: str
    superseded_by: str
    amended: bool


class DecisionRegisterProjection(Projection):
    """Keeps ``decision_register`` equal to what the decision events say."""

    name = "decision_register"
    tables = (decision_register,)

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection, position: int) -> None:
        """Events of other kinds change nothing here."""

    @apply.register
    def _(self, event: DecisionRecorded, connection: Connection, position: int) -> None:
        open_row(
            connection,
            decision_register,
            event,
            position,
            forum=event.forum,
            forum_rank=FORUMS.index(event.forum),
            sequence_number=event.sequence_number,
            meeting=event.meeting,
            decided_at=event.decided_at,
            recorded_at=event.timestamp,
            decision_maker=event.decision_maker,
            recorder=event.actor,
            subject_reference=event.subject_reference,
            outcome=event.outcome,
            conditions=event.conditions,
            action_chosen=event.action_chosen,
            review_on=event.review_on,
            next_review=event.review_on,
            retrospective=event.retrospective,
            retrospective_reason=event.retrospective_reason,
            state=DECIDED,
            supersedes=event.supersedes,
            superseded_by="",
            amended=False,
        )

    @apply.register(DecisionPutUnderReview)
    @apply.register(DecisionConfirmed)
    @apply.register(DecisionVaried)
    @apply.register(DecisionRescinded)
    @apply.register(DecisionConcluded)
    def _(self, event: Any, connection: Connection, position: int) -> None:
        self._change(connection, event, position, lambda _: {"state": NEW_STATE[type(event)]})

    @apply.register
    def _(self, event: DecisionSuperseded, connection: Connection, position: int) -> None:
        def superseded(_: Any) -> dict[str, Any]:
            return {"state": SUPERSEDED, "superseded_by": event.by}

        self._change(connection, event, position, superseded)

    @apply.register
    def _(self, event: ItemAmended, connection: Connection, position: int) -> None:
        def amended(_: Any) -> dict[str, Any]:
            shown = {event.field: event.new_value} if event.field in REGISTER_FIELDS else {}
            return shown | {"amended": True}

        self._change(connection, event, position, amended)

    @apply.register
    def _(self, event: ReviewRecorded, connection: Connection, position: int) -> None:
        self._change(connection, event, position, lambda _: {"next_review": event.next_review})

    def _change(self, connection: Connection, event: Any, position: int, changes: Any) -> None:
        change_row(connection, decision_register, event, position, changes)


def decision_register_rows(
    engine: Engine,
    *,
    sensitive_cleared: bool,
    forum: str | None = None,
    as_at_position: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> list[DecisionDetails]:
    """The register by forum and sequence, now or as at a log position, within clearance."""
    if forum is not None and forum not in FORUMS:
        raise ValueError(f"forum must be one of {', '.join(FORUMS)}")
    register = decision_register

    def link(table: Table, column: Any) -> Any:
        return shown_link(table, column, sensitive_cleared, as_at_position)

    # A link to an item the reader may not see would tell them it is there.
    links = {
        "supersedes": link(register, register.c.supersedes),
        "superseded_by": link(register, register.c.superseded_by),
        "subject_reference": link(timeline_items, register.c.subject_reference),
    }
    query = select(*[links.get(column.key, column) for column in register.c]).where(
        current_at(register, as_at_position),
        *within_clearance(register, sensitive_cleared),
    )
    if forum is not None:
        query = query.where(decision_register.c.forum_rank == FORUMS.index(forum))
    query = query.order_by(*IN_REGISTER_ORDER)
    query = page_of(query, page, per_page)
    with engine.connect() as connection:
        return [_details(row) for row in connection.execute(query)]


def _details(row: Any) -> DecisionDetails:
    values = row_values(row)
    del values["forum_rank"]
    return DecisionDetails(**values)
