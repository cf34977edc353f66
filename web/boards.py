"""The boards: taskings, support requests, the decision register and the learning log.

Each reads its view within the reader's clearance, now or as at a moment, a page at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from flask import Blueprint, render_template

from tracker.accounts.roles import READ
from tracker.kernel.markings import SENSITIVE
from web.access import needs, the_reader
from web.board_catalogue import BOARDS, Board
from web.names import who
from web.reading import PER_PAGE, AsAt, as_at, chosen, fresh_views, page_number

blueprint = Blueprint("boards", __name__, url_prefix="/boards")
# Columns holding an item's reference: each cell links to that item.
LINKED = frozenset({"reference", "subject_reference", "supersedes", "superseded_by", "debrief"})
# Columns naming a person or a post: shown by name (web.names).
NAMED = frozenset(
    {"lead_officer", "decision_maker", "owner", "authorised_by", "validated_by", "lead"}
)


def board_rows(
    shown: Board, moment: AsAt, page: int, per_page: int
) -> tuple[dict[str, Any], list[Any]]:
    """What the query string asks of a board (sort, filters), and its rows within the reader's
    clearance."""
    asked: dict[str, Any] = {"as_at_position": moment.position, "page": page, "per_page": per_page}
    if shown.sorts:
        asked["sort"] = chosen("sort", shown.sorts, shown.sorts[0])
    for argument, options in shown.filters:
        asked[argument] = chosen(argument, options, None)
    rows = shown.query(fresh_views(), sensitive_cleared=the_reader().sensitive_cleared, **asked)
    return asked, rows


@blueprint.route("/<any(tasking, support, register, learning, debriefs):name>")
@needs(READ)
def board(name: str) -> Any:
    """A board, a page at a time, sorted and filtered as asked, now or as at a moment."""
    shown, moment, page = BOARDS[name], as_at(), page_number()
    asked, rows = board_rows(shown, moment, page, PER_PAGE)
    return render_template(
        "board.html", name=name, board=shown, lines=_lines(shown, rows), asked=asked,
        as_at=moment, page=page, has_next=len(rows) == PER_PAGE,
    )  # fmt: skip


def _shown(get: Any, attribute: str) -> Any:
    value = get(attribute)
    return who(value) if attribute in NAMED else value


def _lines(shown: Board, rows: list[Any]) -> list[tuple[bool, list[tuple[Any, bool]]]]:
    """Each row as the table shows it: sensitive or not, and each cell's value and whether
    it links to an item. Read here rather than in the template, where reading a field by
    name for each of some 400 cells was most of a page's time."""
    lines = []
    for row in rows:
        get = row.get if isinstance(row, Mapping) else partial(getattr, row)
        cells = [(_shown(get, attribute), attribute in LINKED) for _, attribute in shown.columns]
        links = [(value, linked and bool(value)) for value, linked in cells]
        lines.append((get("marking") == SENSITIVE, links))
    return lines
