"""What every page that reads the views shares: fresh views, "as at", paging and sorting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import abort, current_app, request

from tracker.kernel.aggregate import TrackerAggregate
from tracker.kernel.clock import LONDON
from tracker.kernel.errors import ItemNotFound
from tracker.service import rules
from tracker.service.application import Tracker
from tracker.views.engine import ViewEngine
from web.access import the_reader

PER_PAGE = 50
MAX_PAGE = 1_000_000


def tracker() -> Tracker:
    return current_app.extensions["tracker"].tracker  # type: ignore[no-any-return]


def fresh_views() -> ViewEngine:
    """The engine pages read the views by, caught up first where this process drives them
    (SQLite)."""
    services = current_app.extensions["tracker"]
    services.views.refresh()
    return services.reader  # type: ignore[no-any-return]


@dataclass(frozen=True)
class AsAt:
    """The moment a page is read "as at" (London time as typed), and the log position then."""

    typed: str
    moment: datetime | None
    position: int | None

    @property
    def now(self) -> bool:
        return self.moment is None


def as_at() -> AsAt:
    """From ``?as_at=YYYY-MM-DDTHH:MM`` (Europe/London); now when absent. Bad input: 400."""
    typed = request.args.get("as_at", "").strip()
    if not typed:
        return AsAt("", None, None)
    try:
        moment = datetime.fromisoformat(typed)
    except ValueError:
        abort(400, "as at: give a date and time such as 2026-11-20T17:00")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return AsAt(typed, moment, tracker().position_at(moment))


def page_number() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        abort(400, f"page: a whole number from 1 to {MAX_PAGE}")
    return int(raw)


def chosen(name: str, options: Sequence[str], default: str | None) -> Any:
    """A query-string choice, refused (400) when not one of ``options``."""
    value = request.args.get(name, "") or default
    if value is not None and value not in options:
        abort(400, f"{name}: one of {', '.join(options)}")
    return value


def visible_item(reference: str) -> TrackerAggregate:
    """The item as recorded now, if the reader may see it; 404 otherwise."""
    try:
        return rules.visible_item(tracker(), reference, the_reader())
    except ItemNotFound:
        abort(404)
