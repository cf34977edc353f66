"""What each command on a decision does: ``HANDLERS``, for ``tracker.service.dispatch``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tracker.decisions.commands import (
    ConcludeDecision,
    ConfirmDecision,
    PutDecisionUnderReview,
    RecordDecision,
    RescindDecision,
    VaryDecision,
)
from tracker.decisions.decision import Decision
from tracker.forums.finding import the_forum
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.commands import Handlers, Recorded, Records, fields_of, steps
from tracker.kernel.forum_decision import ForumDecision
from tracker.kernel.stored import StoredAggregate
from tracker.support.request import SupportRequest
from tracker.tasking.tasking import Tasking

# The items a forum's decision moves, and how each takes it.
SUBJECTS: dict[type[TrackerAggregate], Callable[[Any, ForumDecision], bool]] = {
    Tasking: Tasking.take_decision,
    SupportRequest: SupportRequest.take_decision,
}


def record_decision(app: Records, cmd: RecordDecision) -> Recorded:
    """Enter the decision in its forum's log, and move the item it decides.

    The decision, its number, the item it moves and the decision it supersedes are
    recorded together or not at all.
    """
    forum = the_forum(app, "forum", cmd.forum)
    subject = app.item(cmd.subject_reference) if cmd.subject_reference else None
    earlier = app.load(Decision, cmd.supersedes) if cmd.supersedes else None
    counter, reference = app.new_reference(forum.series)
    decision = Decision.record(reference, now=datetime.now(UTC), series=forum.series,
                               **fields_of(cmd) | {"forum": forum.name})  # fmt: skip
    changed: list[StoredAggregate] = [decision, counter]
    if subject is not None and _moves(subject, decision):
        changed.append(subject)
    if earlier is not None:
        earlier.supersede(by=reference, forum=decision.forum, decided_at=decision.decided_at)
        changed.append(earlier)
    return app.record(*changed)


def _moves(subject: TrackerAggregate, decision: Decision) -> bool:
    take = SUBJECTS.get(type(subject))
    return take is not None and take(subject, decision.taken())


HANDLERS: Handlers = {
    RecordDecision: record_decision,
    **steps(
        Decision,
        {
            PutDecisionUnderReview: Decision.put_under_review,
            ConfirmDecision: Decision.confirm,
            VaryDecision: Decision.vary,
            RescindDecision: Decision.rescind,
            ConcludeDecision: Decision.conclude,
        },
    ),
}
