"""The posts list's table: each post, its title, and who holds it now."""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, String, Table

from tracker.views.engine import UtcDateTime, metadata

posts = Table(
    "posts",
    metadata,
    Column("post_key", String(36), primary_key=True),  # later events name only this
    Column("post_id", String(60), nullable=False, unique=True),
    Column("title", String(100), nullable=False),
    Column("holder", String(40), nullable=False, index=True),  # "" while vacant
    Column("since", Date, nullable=True),
    Column("version", Integer, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
)
