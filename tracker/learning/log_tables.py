"""The learning log's tables: debriefs, learning points and learning actions.

Versioned like the tasking board: each change closes the item's current row (``valid_to``)
and opens the next (``valid_from``), both as log positions, so "as at" a moment is a query,
not a replay. A debrief's row changes as it is commissioned, scheduled, postponed, held and
reported (and when amended or reviewed), not with each observation: its observations are in
the learning points they became. A point shows its debrief's title as amended at the moment
asked about.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Column

from tracker.views.versioned import versioned_table

learning_debriefs = versioned_table(
    "learning_debriefs",
    Column("title", sa.Text, nullable=False),
    Column("state", sa.String(40), nullable=False),
    Column("kind", sa.String(40), nullable=False),
    Column("level", sa.String(40), nullable=False),
    Column("lead", sa.Text, nullable=False),
    Column("facilitator", sa.Text, nullable=False),
    Column("scheduled_on", sa.Date, nullable=True),
    Column("held_on", sa.Date, nullable=True),
    # Why it was last postponed: kept once rescheduled, so the log shows why the day moved.
    Column("postponed_reason", sa.Text, nullable=False),
)
learning_points = versioned_table(
    "learning_points",
    Column("state", sa.String(40), nullable=False),
    Column("nature", sa.String(40), nullable=False),
    Column("text", sa.Text, nullable=False),
    Column("theme", sa.String(40), nullable=False),
    Column("debrief", sa.String(40), nullable=False, index=True),
    Column("observation", sa.Integer, nullable=False),
    Column("actions_count", sa.Integer, nullable=False),
    Column("validated_count", sa.Integer, nullable=False),
    Column("next_review", sa.Date, nullable=True),
)
learning_actions = versioned_table(
    "learning_actions",
    Column("learning_point", sa.String(40), nullable=False, index=True),
    Column("state", sa.String(40), nullable=False),
    Column("description", sa.Text, nullable=False),
    Column("owner", sa.Text, nullable=False),
    Column("due_on", sa.Date, nullable=False),
    Column("overseeing_board", sa.Text, nullable=False),
    Column("extensions", sa.Integer, nullable=False),
    Column("last_extension_approver", sa.Text, nullable=False),
    Column("evidence", sa.Text, nullable=False),
    Column("validated_by", sa.Text, nullable=False),
    Column("rationale", sa.Text, nullable=False),
    Column("next_review", sa.Date, nullable=True),
)
