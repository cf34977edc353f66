"""Managing accounts: the list of accounts, with links to the actions that change them.

The changes themselves are the actions ``register-user``, ``change-user-roles`` and the rest
(see ``web.act``): events like any other, so the audit trail shows every grant.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from tracker.accounts.directory_queries import accounts
from tracker.accounts.roles import ADMINISTER
from web.access import needs
from web.reading import fresh_views, page_number

blueprint = Blueprint("admin", __name__, url_prefix="/admin")

ACCOUNT_ACTIONS = ("change-user-roles", "change-user-clearance", "change-user-forums",
                   "change-user-details", "set-password", "deactivate-user", "reactivate-user",
                   "revoke-api-token")  # fmt: skip
PER_PAGE = 100


@blueprint.route("/users")
@needs(ADMINISTER)
def users() -> Any:
    """Every account by username, active or not, and what can be done to it."""
    page = page_number()
    listed = accounts(fresh_views(), active_only=request.args.get("active") == "1", page=page,
                      per_page=PER_PAGE)  # fmt: skip
    return render_template("users.html", accounts=listed, page=page, actions=ACCOUNT_ACTIONS,
                           has_next=len(listed) == PER_PAGE)  # fmt: skip
