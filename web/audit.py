"""The audit trail for governance: search it, export it stamped with the chain digest, verify it.

Everything here needs the audit permission (governance). Searches and exports show only what
the reader's clearance allows; an export reads the trail up to the digest it is stamped with.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request

from events.digest import Digest
from tracker.accounts.roles import AUDIT
from tracker.accounts.sign_in import Reader
from tracker.kernel.errors import InvalidInput
from tracker.oversight.audit import audit_export, audit_trail
from tracker.oversight.audit_entries import AuditEntry
from tracker.oversight.audit_search import EVENT_TYPES, AuditSearch
from tracker.views.projector import ViewsBehind
from web.access import needs, the_reader
from web.audit_files import Stamp, as_csv, as_json
from web.audit_pdf import as_pdf
from web.forum_names import FORUM_NAMES
from web.reading import PER_PAGE, fresh_views, page_number, tracker

blueprint = Blueprint("audit", __name__, url_prefix="/audit")

EXPORT_LIMIT = {"csv": 10_000, "json": 10_000, "pdf": 2_000}  # a pack a board can read
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "pdf": "application/pdf",
}
WRITERS: dict[str, Callable[[list[AuditEntry], Stamp], str | bytes]] = {
    "csv": as_csv,
    "json": as_json,
    "pdf": as_pdf,
}
FILTERS = ("from", "to", "user", "forum", "item", "event")
PROBLEMS_SHOWN = 50


def searched() -> AuditSearch:
    """The search in the query string; bad input is refused (400) with the reason."""
    typed = request.args
    try:
        return AuditSearch.checked(
            since=typed.get("from"), until=typed.get("to"), actor=typed.get("user", ""),
            forum=typed.get("forum", ""), reference=typed.get("item", ""),
            event=typed.get("event", ""),
        )  # fmt: skip
    except InvalidInput as error:
        abort(400, str(error))


@blueprint.route("")
@needs(AUDIT)
def search_trail() -> Any:
    """Search the audit trail by dates, user, forum, item and event type."""
    search, page, reader = searched(), page_number(), the_reader()
    entries = audit_trail(
        fresh_views(), sensitive_cleared=reader.sensitive_cleared, page=page, per_page=PER_PAGE,
        **search.filters(),
    )  # fmt: skip
    kept = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    return render_template(
        "audit.html", search=search, entries=entries, page=page, kept=kept,
        has_next=len(entries) == PER_PAGE, event_types=sorted(EVENT_TYPES.items(),
        key=lambda pair: pair[1]), forums=FORUM_NAMES,
    )  # fmt: skip


@blueprint.route("/export.<any(csv, json, pdf):file_type>")
@needs(AUDIT)
def export_trail(file_type: str) -> Response:
    """The current search as a file, stamped with the chain digest it was taken at."""
    search, reader = searched(), the_reader()
    digest = tracker().digest()  # first: the file holds the trail up to this digest
    entries = _trail_up_to(digest, search, reader, EXPORT_LIMIT[file_type])
    stamp = Stamp(digest.line(), datetime.now(UTC), reader.username, search.described(),
                  reader.sensitive_cleared)  # fmt: skip
    body = WRITERS[file_type](entries, stamp)
    name = f"audit-trail-{digest.position}.{file_type}"
    response = Response(body, mimetype=MEDIA_TYPES[file_type])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Tracker-Digest"] = digest.line()
    return response


def _trail_up_to(
    digest: Digest, search: AuditSearch, reader: Reader, limit: int
) -> list[AuditEntry]:
    """The searched trail as it stood at ``digest``, once the views have read that far."""
    services = current_app.extensions["tracker"]
    try:
        services.views.wait_for(digest.position)
        return audit_export(
            services.reader, sensitive_cleared=reader.sensitive_cleared,
            up_to_position=digest.position, limit=limit, **search.filters(),
        )  # fmt: skip
    except ViewsBehind:
        abort(503, "The views are catching up with the log: please try the export again.")
    except InvalidInput as error:
        abort(400, str(error))


@blueprint.route("/verify")
@needs(AUDIT)
def verify_chain() -> Any:
    """Re-read the whole log against its hash chain (and, if given, a digest kept earlier)."""
    typed = request.args.get("digest", "").strip()
    earlier = None
    if typed:
        if len(typed) > 1000:
            abort(400, "digest: a digest line is under 200 characters")
        try:
            earlier = Digest.parse(typed)
        except ValueError as error:
            abort(400, f"digest: {error}")
    result = tracker().verify(earlier)
    return render_template(
        "audit_verify.html", result=result, current=tracker().digest(), earlier=earlier,
        typed=typed, problems=result.problems[:PROBLEMS_SHOWN],
    )  # fmt: skip
