"""The API's answers as JSON holds them: rows and figures as plain values, refusals as errors."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from flask import jsonify


def plain(value: Any) -> Any:
    """Rows and figures as JSON holds them: dates and moments in ISO 8601."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(each) for each in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def refusal(status: int, message: str, field: str | None = None) -> Any:
    body: dict[str, Any] = {"error": message}
    if field is not None:
        body["field"] = field
    return jsonify(body), status
