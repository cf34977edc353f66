"""Where the events live: one setting, ``TRACKER_DATABASE_URL``, chooses the database.

Unset means a SQLite file in the user's data folder, so the tracker runs on a laptop with no
server; ``postgresql://user:password@host:port/dbname[?schema=name]`` is production;
``memory://`` is a private in-memory SQLite database (tests). The library's own environment
variables are never read: ``events.store_settings`` is the only translation from our setting
to theirs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_dir

DATABASE_URL_SETTING = "TRACKER_DATABASE_URL"


class StoreConfigurationError(ValueError):
    """The database setting cannot be understood."""


def default_database_path() -> Path:
    return Path(user_data_dir("tracker", appauthor=False)) / "tracker.sqlite"


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    """The configured database URL, or the per-user SQLite file when none is set."""
    return environ.get(DATABASE_URL_SETTING, "").strip() or f"sqlite:///{default_database_path()}"


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in ("postgresql", "postgres", "postgresql+psycopg")


def describe(url: str) -> str:
    """The URL with any password hidden, for printing."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url
