"""Steps the view tests share: a tasking received, an item's marking changed."""

from __future__ import annotations

from typing import Any

from tests.integration.test_store import RECEIPT
from tracker.application import Tracker
from tracker.kernel.item_commands import AmendItem
from tracker.tasking.commands import ReceiveTasking

SENSITIVE = "OFFICIAL-SENSITIVE"


def receive_tasking(app: Tracker, **overrides: Any) -> str:
    return app.handle(ReceiveTasking(actor="ana", **(RECEIPT | overrides))).reference


def mark(app: Tracker, reference: str, marking: str) -> None:
    app.handle(AmendItem(actor="bo", reference=reference, field="marking", new_value=marking,
                         reason="marking reviewed"))  # fmt: skip
