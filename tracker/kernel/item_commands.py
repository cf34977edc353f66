"""Commands that apply to any kind of item: corrections and reviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from events.parties import PARTY_FIELDS
from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.commands import Handlers, ItemCommand, Recorded, Records
from tracker.kernel.validation import a_date


@dataclass(frozen=True, kw_only=True)
class AmendItem(ItemCommand):
    """Correct one field of an item, giving the reason; the old value stays in the trail."""

    field: str
    new_value: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class RecordReview(ItemCommand):
    note: str
    next_review: date | str | None = None


def amend_item(app: Records, cmd: AmendItem) -> Recorded:
    """Correct a field; a correction of who leads or decides names a person or a post."""
    item = app.load(TrackerAggregate, cmd.reference, cmd.expected_version)
    new_value = cmd.new_value
    if cmd.field in PARTY_FIELDS and cmd.field in item.AMENDABLE and new_value.strip():
        new_value = app.party("new_value", new_value)
    item.amend(cmd.field, new_value, cmd.reason)
    return app.record(item)


def record_review(app: Records, cmd: RecordReview) -> Recorded:
    item = app.load(TrackerAggregate, cmd.reference, cmd.expected_version)
    item.record_review(cmd.note, a_date("next_review", cmd.next_review, required=False))
    return app.record(item)


HANDLERS: Handlers = {
    AmendItem: amend_item,
    RecordReview: record_review,
}
