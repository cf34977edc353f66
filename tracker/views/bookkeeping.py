"""The read side's own tables, beside the views: how far each view has read
(``view_positions``), where one stopped and why (``view_failures``), and the shape each
was built with (``view_schemas``). Defined together, so they are always made together.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, String, Table, Text

from tracker.views.engine import UtcDateTime, metadata

view_positions = Table(
    "view_positions",
    metadata,
    Column("projection", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)
view_failures = Table(
    "view_failures",
    metadata,
    Column("projection", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("error", Text, nullable=False),
    Column("noticed_at", UtcDateTime, nullable=False),
)
view_schemas = Table(
    "view_schemas",
    metadata,
    Column("projection", String(64), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
)
