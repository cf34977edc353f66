"""Every item's reference, kind and marking as it stood over time: the table views link through.

The item timeline's projection keeps it (``tracker.oversight.timeline``); the decision
register and the reminder list read it to show the reference of an item they name by id,
and to withhold a link to an item the reader may not see.
"""

from __future__ import annotations

from sqlalchemy import Column, String, Text

from tracker.views.versioned import versioned_table

timeline_items = versioned_table(
    "timeline_items",
    Column("kind", String(40), nullable=False),
    Column("chases", String(36), nullable=True),  # a reminder's item id; else NULL
    Column("forum", Text, nullable=True),  # a decision's forum, a learning action's board
)
