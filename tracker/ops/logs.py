"""Logging for every process: one JSON object a line in production, plain text on a laptop.

``TRACKER_LOG_FORMAT`` = ``json`` or ``text``; unset, ``json`` when ``TRACKER_ENV`` is
production and ``text`` otherwise. Every line carries ``time``, ``level``, ``logger`` and
``message``, and the request's ``request_id`` and acting ``user`` (``-`` outside a
request); a request's own line adds ``method``, ``path``, ``status`` and ``duration_ms``.

What is never logged: an item's content, a form's or JSON body, a query string (it may
hold search text), a password or a token. Messages log references and counts only.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from contextvars import ContextVar
from typing import TextIO

from pythonjsonlogger.json import JsonFormatter

from tracker.ops.production import is_production

LOG_FORMAT_SETTING = "TRACKER_LOG_FORMAT"
JSON, TEXT = "json", "text"
NOBODY = "-"

request_id: ContextVar[str] = ContextVar("request_id", default=NOBODY)
acting_user: ContextVar[str] = ContextVar("logged_user", default=NOBODY)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user)s] %(message)s"
# Loggers that would log a request's query string or body: quietened to warnings.
QUIETENED = ("werkzeug",)


def log_format(environ: Mapping[str, str] = os.environ) -> str:
    """The format chosen; an unknown one is the default (and ``configure_logging`` says so)."""
    chosen = environ.get(LOG_FORMAT_SETTING, "").strip().lower()
    if chosen in (JSON, TEXT):
        return chosen
    return JSON if is_production(environ) else TEXT


class RequestContext(logging.Filter):
    """Adds the request id and the acting user to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        if not hasattr(record, "user"):
            record.user = acting_user.get()
        return True


def formatter(chosen: str) -> logging.Formatter:
    if chosen == JSON:
        return JsonFormatter(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger", "timestamp": "time"},
            timestamp=True,
        )
    return logging.Formatter(TEXT_FORMAT)


class _TrackerHandler(logging.StreamHandler[TextIO]):
    """The handler ``configure_logging`` installs; found again to be replaced, not doubled.

    It keeps the standard error it was given (Celery later swaps ``sys.stderr`` for a proxy
    that logs, which would loop), unless that stream has since been closed.
    """

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(self.stream, "closed", False):
            self.stream = sys.stderr
        super().emit(record)


def configure_logging(
    environ: Mapping[str, str] = os.environ,
    stream: TextIO | None = None,
    level: int = logging.INFO,
) -> None:
    """Sends the root logger's records to ``stream`` (standard error) in the chosen format.

    Safe to call again: the handler it installed before is replaced.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _TrackerHandler)]:
        root.removeHandler(handler)
    root.addHandler(_handler(environ, stream or sys.stderr))
    root.setLevel(level)
    for name in QUIETENED:
        logging.getLogger(name).setLevel(logging.WARNING)
    _warn_of_unknown_format(environ)


def _handler(environ: Mapping[str, str], stream: TextIO) -> _TrackerHandler:
    handler = _TrackerHandler(stream)
    handler.setFormatter(formatter(log_format(environ)))
    handler.addFilter(RequestContext())
    return handler


def _warn_of_unknown_format(environ: Mapping[str, str]) -> None:
    chosen = environ.get(LOG_FORMAT_SETTING, "").strip().lower()
    if chosen and chosen not in (JSON, TEXT):
        logging.getLogger(__name__).warning(
            "%s=%r is neither %s nor %s: logging as %s", LOG_FORMAT_SETTING, chosen, JSON,
            TEXT, log_format(environ),
        )  # fmt: skip
