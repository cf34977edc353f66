"""The tasking board: every NCA tasking with its state, as it stands now or stood at any moment.

Each change closes the tasking's current row (``valid_to``) and opens a new one
(``valid_from``), both as log positions; "as at" a moment is then a query for the rows
whose period covers the last position recorded by that moment, not a replay.
``board_projection`` keeps the rows.

Besides what the aggregate holds, each row keeps when the tasking is next due before the
RTTCG (``review_due``: a cycle after its receipt, presentation or latest progress report, or
the date a review set) and the day it was accepted, declined or referred back
(``decided_on``), for the review queue and the governance figures. ``requirements`` holds
each force's requirements with their owner and progress (``requirements``, as JSON), and
``standing`` says where each force stands at a glance ("West Midlands: 2 met, 1 in progress").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Column, Date, String, Text

from tracker.tasking.requirements import ForceRequirements, from_stored
from tracker.views.boards import VersionedBoard
from tracker.views.versioned import row_values, versioned_table

tasking_board = versioned_table(
    "tasking_board",
    Column("state", String(40), nullable=False),
    Column("basis", String(40), nullable=False),
    Column("title", Text, nullable=False),
    Column("threat_area", Text, nullable=False),
    Column("lead_officer", Text, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("next_review", Date, nullable=True),
    Column("requirements", Text, nullable=False),  # tracker.tasking.requirements.as_stored
    Column("standing", Text, nullable=False),
    Column("review_due", Date, nullable=True),  # NULL once the tasking is finished with
    Column("decided_on", Date, nullable=True),  # NULL until accepted, declined or referred back
)
SORTABLE = (
    "reference", "state", "received_on", "next_review", "lead_officer", "threat_area", "review_due",
)  # fmt: skip


@dataclass(frozen=True)
class TaskingDetails:
    """One line of the tasking board."""

    reference: str
    version: int
    marking: str
    state: str
    basis: str
    title: str
    threat_area: str
    lead_officer: str
    received_on: date
    next_review: date | None
    requirements: dict[str, ForceRequirements]
    standing: str
    review_due: date | None
    decided_on: date | None
    amended: bool


def _details(row: Any) -> TaskingDetails:
    values = row_values(row)
    values["requirements"] = from_stored(json.loads(values["requirements"]))
    return TaskingDetails(**values)


# The board, now or as at a log position, without items above the reader's clearance.
tasking_board_rows = VersionedBoard(tasking_board, SORTABLE, _details).rows
