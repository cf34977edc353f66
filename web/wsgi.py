"""The app for a WSGI server: ``gunicorn web.wsgi:app`` (configured by ``TRACKER_*`` variables)."""

from __future__ import annotations

from web.app import create_app

app = create_app()
