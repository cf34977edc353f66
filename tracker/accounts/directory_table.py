"""The accounts list's table: one row per account, and no secret in it.

Not a hash, not a token digest: only how many tokens the account holds.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Integer, String, Table, Text

from tracker.views.engine import UtcDateTime, metadata

user_accounts = Table(
    "user_accounts",
    metadata,
    Column("account_id", String(36), primary_key=True),  # later events name only this
    Column("username", String(40), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("email", String(254), nullable=False),
    Column("roles", Text, nullable=False),  # JSON list
    Column("clearance", String(40), nullable=False),
    Column("forums", Text, nullable=False),  # JSON list
    Column("active", Boolean, nullable=False),
    Column("tokens", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
)
