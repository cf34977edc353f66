"""What an account holds, checked as it is given: its username, address, roles and forums.

The username names the account for good: its reference in the log ("USER/ana") and so its
id derive from it.
"""

from __future__ import annotations

import re
from typing import Any

from tracker.accounts.roles import ROLES
from tracker.kernel.errors import InvalidInput
from tracker.kernel.validation import choice, text, text_list

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+")
ACCOUNT_SERIES = "USER"


def account_reference(username: str) -> str:
    """The account's reference in the log, e.g. "USER/ana"; its id derives from it."""
    return f"{ACCOUNT_SERIES}/{username.strip().lower()}"


def checked_username(value: Any) -> str:
    name = text("username", value, max_length=40).lower()
    if not USERNAME.fullmatch(name):
        raise InvalidInput(
            "username", "must be 2 to 40 letters, digits, dots, dashes or underscores"
        )
    return name


def checked_email(value: Any) -> str:
    """An address, or "" for an account that gets no mail."""
    address = text("email", value, max_length=254, required=False)
    if address and not EMAIL.fullmatch(address):
        raise InvalidInput("email", f"is not an e-mail address: {address!r}")
    return address


def checked_roles(value: Any) -> list[str]:
    roles = text_list("roles", value, max_items=len(ROLES))
    if not roles:
        raise InvalidInput("roles", "must name at least one role")
    for role in roles:
        choice("roles", role, ROLES)
    return sorted(set(roles))


def checked_forums(value: Any) -> list[str]:
    return sorted({forum.strip() for forum in text_list("forums", value) if forum.strip()})
