"""The accounts list as admins read it: who has an account, with which roles and clearance."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from tracker.accounts.directory_table import user_accounts
from tracker.views.paging import page_of


@dataclass(frozen=True)
class AccountDetails:
    """One account as admins see it."""

    username: str
    display_name: str
    email: str
    roles: tuple[str, ...]
    clearance: str
    forums: tuple[str, ...]
    active: bool
    tokens: int
    version: int
    changed_at: datetime


def accounts(
    engine: Engine, *, active_only: bool = False, page: int = 1, per_page: int = 100
) -> list[AccountDetails]:
    """Every account by username (or only the active ones), a page at a time."""
    query = sa.select(user_accounts)
    if active_only:
        query = query.where(user_accounts.c.active.is_(True))
    query = page_of(query.order_by(user_accounts.c.username), page, per_page)
    with engine.connect() as connection:
        return [_details(row) for row in connection.execute(query)]


def _details(row: Any) -> AccountDetails:
    values = dict(row._mapping)
    del values["account_id"]
    values["roles"] = tuple(json.loads(values["roles"]))
    values["forums"] = tuple(json.loads(values["forums"]))
    return AccountDetails(**values)
