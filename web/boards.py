"""The boards: taskings, support requests, the decision register and the learning log.

Each reads its view within the reader's clearance, now or as at a moment, a page at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from flask import Blueprint, render_template

from tracker.accounts.account import READ
from tracker.decisions import decision
from tracker.decisions.register import decision_register_rows
from tracker.kernel.aggregate import SENSITIVE
from tracker.learning import point as learning_point
from tracker.learning.log import learning_log_rows
from tracker.support import board as support
from tracker.support import request as support_request
from tracker.tasking import board as tasking
from tracker.tasking import tasking as tasking_states
from web.access import needs, the_reader
from web.reading import PER_PAGE, as_at, chosen, fresh_views, page_number

blueprint = Blueprint("boards", __name__, url_prefix="/boards")
# Columns holding an item's reference: each cell links to that item.
LINKED = frozenset({"reference", "subject_reference", "supersedes", "superseded_by", "debrief"})


@dataclass(frozen=True)
class Board:
    """How a board is read and shown: its query, its sorts and filters, its columns."""

    title: str
    query: Callable[..., list[Any]]
    columns: tuple[tuple[str, str], ...]  # heading, attribute
    sorts: tuple[str, ...] = ()
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # query argument, options


BOARDS = {
    "tasking": Board(
        "Tasking board",
        tasking.tasking_board_rows,
        (("Reference", "reference"), ("State", "state"), ("Basis", "basis"),
         ("Title", "title"), ("Threat area", "threat_area"), ("Lead", "lead_officer"),
         ("Received", "received_on"), ("Next review", "next_review"), ("Marking", "marking")),
        sorts=tasking.SORTABLE,
        filters=(("state", tuple(tasking_states.LIFECYCLE)),),
    ),
    "support": Board(
        "Support request board",
        support.support_request_board_rows,
        (("Reference", "reference"), ("State", "state"), ("Channel", "channel"),
         ("Requester", "requester"), ("Title", "title"), ("Decision", "decision"),
         ("Ratification", "ratification"), ("Next review", "next_review"),
         ("Marking", "marking")),
        sorts=support.SORTABLE,
        filters=(("state", tuple(support_request.LIFECYCLE)),),
    ),
    "register": Board(
        "Decision register",
        decision_register_rows,
        (("Reference", "reference"), ("Forum", "forum"), ("No.", "sequence_number"),
         ("Decided", "decided_at"), ("Decision maker", "decision_maker"),
         ("Outcome", "outcome"), ("Subject", "subject_reference"), ("State", "state"),
         ("Retrospective", "retrospective"), ("Supersedes", "supersedes"),
         ("Superseded by", "superseded_by"), ("Marking", "marking")),
        filters=(("forum", decision.FORUMS),),
    ),
    "learning": Board(
        "Learning log",
        learning_log_rows,
        (("Reference", "reference"), ("Learning point", "text"), ("Theme", "theme"),
         ("State", "state"), ("Debrief", "debrief"), ("Actions", "actions_count"),
         ("Validated", "validated_count"), ("Next review", "next_review"),
         ("Marking", "marking")),
        filters=(("theme", learning_point.THEMES), ("state", tuple(learning_point.LIFECYCLE))),
    ),
}  # fmt: skip


@blueprint.route("/<any(tasking, support, register, learning):name>")
@needs(READ)
def board(name: str) -> Any:
    """A board, a page at a time, sorted and filtered as asked, now or as at a moment."""
    shown, reader, moment, page = BOARDS[name], the_reader(), as_at(), page_number()
    asked = {"as_at_position": moment.position, "page": page, "per_page": PER_PAGE}
    if shown.sorts:
        asked["sort"] = chosen("sort", shown.sorts, shown.sorts[0])
    for argument, options in shown.filters:
        asked[argument] = chosen(argument, options, None)
    rows = shown.query(fresh_views(), sensitive_cleared=reader.sensitive_cleared, **asked)
    return render_template(
        "board.html", name=name, board=shown, lines=_lines(shown, rows), asked=asked,
        as_at=moment, page=page, has_next=len(rows) == PER_PAGE,
    )  # fmt: skip


def _lines(shown: Board, rows: list[Any]) -> list[tuple[bool, list[tuple[Any, bool]]]]:
    """Each row as the table shows it: sensitive or not, and each cell's value and whether
    it links to an item. Read here rather than in the template, where reading a field by
    name for each of some 400 cells was most of a page's time."""
    lines = []
    for row in rows:
        get = row.get if isinstance(row, Mapping) else partial(getattr, row)
        cells = [(get(attribute), attribute in LINKED) for _, attribute in shown.columns]
        links = [(value, linked and bool(value)) for value, linked in cells]
        lines.append((get("marking") == SENSITIVE, links))
    return lines
