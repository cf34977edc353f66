"""A meeting's agenda: what a forum (``tracker.forums``) must consider when it sits.

The weekly tasking meeting decides new support requests and ratifies (or not) emergency
authorisations; the RTTCG hears new taskings, decides those presented, and decides
significant-impact requests the RIG passed on; the HoI-ROCC monitoring meeting reviews each
monitored request. Every forum hears the progress reports and reviews falling due by the
meeting that the review queue gives it (its decisions, the actions it oversees). Read from
the boards' current rows within the reader's clearance; an agenda is read whole, so it is
not paginated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, Select

from tracker.decisions.decision import Decision
from tracker.learning import action
from tracker.oversight.agenda_sections import forum_sections
from tracker.oversight.open_reviews import open_reviews
from tracker.support import lifecycle as sr
from tracker.support.request import SupportRequest
from tracker.tasking import lifecycle as tsk
from tracker.tasking.tasking import Tasking
from tracker.views.paging import by_reference, in_byte_order


@dataclass(frozen=True)
class AgendaItem:
    """One item for the meeting: ``owner`` is whom it concerns, ``due_on`` when it falls due.

    The owner is the requester of a request to decide, the authorising officer of an
    emergency authorisation, the lead officer of a tasking, or the owner of a review.
    """

    reference: str
    kind: str
    title: str
    state: str
    owner: str
    marking: str
    due_on: date | None


@dataclass(frozen=True)
class Agenda:
    """One meeting's agenda by section; sections of other forums' business are left empty."""

    forum: str
    meeting_on: date
    requests_to_decide: tuple[AgendaItem, ...]  # weekly: assessed, listed or deferred
    ratifications: tuple[AgendaItem, ...]  # weekly: emergency authorisations to ratify
    taskings_to_present: tuple[AgendaItem, ...]  # RTTCG: received, not yet presented
    taskings_to_decide: tuple[AgendaItem, ...]  # RTTCG: presented, not yet accepted
    referred_requests: tuple[AgendaItem, ...]  # RTTCG: significant impact, referred to it
    progress_reports_due: tuple[AgendaItem, ...]  # taskings, monitored requests, actions
    decisions_to_review: tuple[AgendaItem, ...]  # the forum's decisions due for review


def meeting_agenda(
    engine: Engine, forum: str, meeting_on: date, *, sensitive_cleared: bool
) -> Agenda:
    """What the meeting of ``forum`` on ``meeting_on`` must consider, within clearance."""
    sections = forum_sections(forum, meeting_on, sensitive_cleared)
    with engine.connect() as connection:
        found = {name: _items(connection, query) for name, query in sections.items()}
        progress, decisions = _reviews_due(connection, forum, meeting_on, sensitive_cleared)
    return Agenda(
        forum, meeting_on, **found, progress_reports_due=progress, decisions_to_review=decisions
    )


def _items(connection: Connection, query: Select[Any] | None) -> tuple[AgendaItem, ...]:
    """A section's items by due date (undated last), then reference number."""
    if query is None:
        return ()
    due_on = query.selected_columns.due_on
    reference = query.selected_columns.reference
    query = query.order_by(due_on.nulls_last(), *by_reference(reference))
    return tuple(AgendaItem(**row._mapping) for row in connection.execute(query))


PROGRESS_STATES = {
    Tasking.KIND: (tsk.ACCEPTED, tsk.IN_PROGRESS),
    SupportRequest.KIND: (sr.MONITORED,),
    action.LearningAction.KIND: (action.OPEN, action.IN_PROGRESS),
}


def _reviews_due(
    connection: Connection, forum: str, meeting_on: date, sensitive_cleared: bool
) -> tuple[tuple[AgendaItem, ...], tuple[AgendaItem, ...]]:
    """The forum's progress reports and decision reviews due by the meeting, from the queue."""
    query = _reviews_query(forum, meeting_on, sensitive_cleared)
    progress, decisions = [], []
    for row in connection.execute(query):
        item = AgendaItem(**row._mapping)
        if item.kind == Decision.KIND:
            decisions.append(item)
        elif item.state in PROGRESS_STATES[item.kind]:
            progress.append(item)
    return tuple(progress), tuple(decisions)


def _reviews_query(forum: str, meeting_on: date, sensitive_cleared: bool) -> Select[Any]:
    """The queue's items of ``forum`` due by the meeting, by due date, kind and reference."""
    queue = open_reviews(sensitive_cleared)
    # An action names its overseeing board in free text: "rttcg" is the RTTCG too.
    return (
        sa.select(queue.c.reference, queue.c.kind, queue.c.title, queue.c.state,
                  queue.c.owner, queue.c.marking, queue.c.due_on)
        .where(sa.func.lower(queue.c.forum) == forum.lower(), queue.c.due_on <= meeting_on)
        .order_by(queue.c.due_on, in_byte_order(queue.c.kind), *by_reference(queue.c.reference))
    )  # fmt: skip
