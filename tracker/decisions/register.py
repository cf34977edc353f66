"""The decision register: each forum's decisions in sequence, as they stand now or stood then.

Each change closes the decision's current row (``valid_to``) and opens a new one
(``valid_from``), both as log positions; "as at" a moment is then a query for the rows
whose period covers the last position recorded by that moment, not a replay.
``register_projection`` keeps the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Column, Date, Engine, Index, Integer, String, Table, Text, select

from tracker.forums.catalogue import forum_rank
from tracker.views.engine import UtcDateTime
from tracker.views.items import timeline_items
from tracker.views.paging import page_of
from tracker.views.versioned import (
    current_at,
    row_values,
    shown_link,
    versioned_table,
    within_clearance,
)

decision_register = versioned_table(
    "decision_register",
    Column("forum", String(40), nullable=False),
    Column("forum_rank", Integer, nullable=False),  # the forum's place (forum_rank), for paging
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
    register = decision_register
    query = select(*_shown_columns(sensitive_cleared, as_at_position)).where(
        current_at(register, as_at_position),
        *within_clearance(register, sensitive_cleared),
    )
    if forum is not None:
        query = query.where(register.c.forum_rank == forum_rank(forum), register.c.forum == forum)
    query = page_of(query.order_by(*IN_REGISTER_ORDER), page, per_page)
    with engine.connect() as connection:
        return [_details(row) for row in connection.execute(query)]


def _shown_columns(sensitive_cleared: bool, as_at_position: int | None) -> list[Any]:
    """The register's columns, its links blank where the reader may not see what they name."""
    register = decision_register

    def link(table: Table, column: Any) -> Any:
        return shown_link(table, column, sensitive_cleared, as_at_position)

    # A link to an item the reader may not see would tell them it is there.
    links = {
        "supersedes": link(register, register.c.supersedes),
        "superseded_by": link(register, register.c.superseded_by),
        "subject_reference": link(timeline_items, register.c.subject_reference),
    }
    return [links.get(column.key, column) for column in register.c]


def _details(row: Any) -> DecisionDetails:
    values = row_values(row)
    del values["forum_rank"]
    return DecisionDetails(**values)
