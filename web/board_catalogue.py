"""The boards a reader can open: taskings, support requests, the decision register and the
learning log (its points, and its debriefs); for each, how it is read (its query, sorts and
filters) and its columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.decisions.register import decision_register_rows
from tracker.learning import debrief_lifecycle
from tracker.learning import point as learning_point
from tracker.learning.log_queries import debrief_rows, learning_log_rows
from tracker.support import board as support
from tracker.support import lifecycle as support_request
from tracker.tasking import board as tasking
from tracker.tasking import lifecycle as tasking_states
from web.forum_names import FORUM_NAMES


@dataclass(frozen=True)
class Board:
    """How a board is read and shown: its query, its sorts and filters, its columns."""

    title: str
    query: Callable[..., list[Any]]
    columns: tuple[tuple[str, str], ...]  # heading, attribute
    sorts: tuple[str, ...] = ()
    filters: tuple[tuple[str, Sequence[str]], ...] = ()  # query argument, options


BOARDS = {
    "tasking": Board(
        "Tasking board",
        tasking.tasking_board_rows,
        (("Reference", "reference"), ("State", "state"), ("Basis", "basis"),
         ("Title", "title"), ("Threat area", "threat_area"), ("Lead", "lead_officer"),
         ("Received", "received_on"), ("Next review", "next_review"),
         ("Forces' standing", "standing"), ("Marking", "marking")),
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
        filters=(("forum", FORUM_NAMES),),
    ),
    "learning": Board(
        "Learning log",
        learning_log_rows,
        (("Reference", "reference"), ("Learning point", "text"), ("Nature", "nature"),
         ("Theme", "theme"), ("State", "state"), ("Debrief", "debrief"),
         ("Actions", "actions_count"), ("Validated", "validated_count"),
         ("Next review", "next_review"), ("Marking", "marking")),
        filters=(("theme", learning_point.THEMES), ("state", tuple(learning_point.LIFECYCLE))),
    ),
    "debriefs": Board(
        "Learning log: debriefs",
        debrief_rows,
        (("Reference", "reference"), ("Title", "title"), ("State", "state"), ("Kind", "kind"),
         ("Level", "level"), ("Lead", "lead"), ("Facilitator", "facilitator"),
         ("Scheduled for", "scheduled_on"), ("Held on", "held_on"),
         ("Postponed because", "postponed_reason"), ("Marking", "marking")),
        filters=(("state", tuple(debrief_lifecycle.LIFECYCLE)),
                 ("level", debrief_lifecycle.LEVELS)),
    ),
}  # fmt: skip
