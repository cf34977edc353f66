"""The app for a WSGI server: ``gunicorn web.wsgi:app`` (configured by ``TRACKER_*`` variables).

An unsafe production configuration stops gunicorn with one line naming the setting:
raised as gunicorn's "application failed to load", its master halts instead of starting
worker after worker that each fail the same way.
"""

from __future__ import annotations

from tracker.ops.logs import configure_logging
from tracker.ops.production import ProductionRefused
from web.app import create_app

configure_logging()  # TRACKER_LOG_FORMAT: one JSON object a line in production
try:
    app = create_app()
except ProductionRefused as refused:
    from gunicorn.errors import AppImportError  # type: ignore[import-untyped]

    raise AppImportError(str(refused)) from None
