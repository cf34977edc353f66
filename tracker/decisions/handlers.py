"""What each command on a decision does: ``HANDLERS``, for ``tracker.service.dispatch``."""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.decisions.commands import (
    ConcludeDecision,
    ConfirmDecision,
    PutDecisionUnderReview,
    RecordDecision,
    RescindDecision,
    VaryDecision,
)
from tracker.decisions.decision import Decision
from tracker.decisions.log_entry import forum_series
from tracker.kernel.commands import Handlers, Recorded, Records, fields_of, steps


def record_decision(app: Records, cmd: RecordDecision) -> Recorded:
    series = forum_series(cmd.forum)
    if cmd.subject_reference:
        app.item(cmd.subject_reference)  # refused if there is no such item
    earlier = app.load(Decision, cmd.supersedes) if cmd.supersedes else None
    counter, reference = app.new_reference(series)
    decision = Decision.record(reference, now=datetime.now(UTC), **fields_of(cmd))
    if earlier is None:
        return app.record(decision, counter)
    earlier.supersede(by=reference, forum=decision.forum, decided_at=decision.decided_at)
    # Both ends of the link and the number are recorded together or not at all.
    return app.record(decision, earlier, counter)


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
