"""Where the workers' broker is: ``TRACKER_BROKER_URL``, or the embedded SQLite file.

Pure resolution, no connection: the workers build Celery on it, and the web's readiness
check and ``tracker status`` ping it, without either importing the other.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from events.store import database_url, default_database_path, is_postgres

BROKER_SETTING = "TRACKER_BROKER_URL"


@dataclass(frozen=True)
class Broker:
    url: str
    embedded: bool  # kombu's SQLAlchemy transport on a SQLite file: no server


def store_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """The store's folder when it is a SQLite file; the default data folder otherwise."""
    url = database_url(environ)
    if not is_postgres(url) and url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).parent
    return default_database_path().parent


def broker_of(environ: Mapping[str, str] = os.environ) -> Broker:
    """The configured broker, or the embedded one beside the store when none is set."""
    given = environ.get(BROKER_SETTING, "").strip()
    if given:
        return Broker(given, embedded=False)
    return Broker(f"sqla+sqlite:///{store_folder(environ) / 'broker.sqlite'}", embedded=True)
