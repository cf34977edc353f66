"""The forums list's table: each forum with a record, and its terms now."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Text

from tracker.views.engine import UtcDateTime, metadata

forums = Table(
    "forums",
    metadata,
    Column("forum_key", String(36), primary_key=True),  # later events name only this
    Column("name", String(60), nullable=False, unique=True),
    Column("series", String(12), nullable=False),
    Column("chair_post", String(60), nullable=False),
    Column("schedule", String(60), nullable=False),
    Column("purpose", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
)
