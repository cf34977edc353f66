"""Where the events live: one setting, ``TRACKER_DATABASE_URL``, chooses the database.

Unset means a SQLite file in the user's data folder, so the tracker runs on a laptop with no
server; ``postgresql://user:password@host:port/dbname[?schema=name]`` is production;
``memory://`` is a private in-memory SQLite database (tests). The library's own environment
variables are never read: this module is the only translation from our setting to theirs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import uuid4

from platformdirs import user_data_dir

DATABASE_URL_SETTING = "TRACKER_DATABASE_URL"
SQLITE_RECORDER = "events.store_sqlite:ChainedSQLiteRecorder"
POSTGRES_RECORDER = "events.store_postgres:ChainedPostgresRecorder"
MAPPER = "events.codec:VersionedMapper"


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


def store_settings(url: str, *, create_schema: bool) -> dict[str, str]:
    """The eventsourcing library's settings for a database URL.

    ``create_schema`` lets the process create missing tables. SQLite files always may
    (a laptop has one user); on PostgreSQL only ``tracker init`` should, because the
    application's database role may hold no more than INSERT and SELECT.
    """
    scheme = urlsplit(url).scheme
    common = {"MAPPER_TOPIC": MAPPER}
    if scheme == "memory":
        return common | _sqlite(f"file:tracker-{uuid4().hex}?mode=memory&cache=shared")
    if scheme == "sqlite":
        # SQLAlchemy's convention: sqlite:///relative/file, sqlite:////absolute/file
        path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
        if not path:
            raise StoreConfigurationError("a sqlite URL needs a file path: sqlite:///path/to/file")
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return common | _sqlite(str(Path(path).expanduser()))
    if is_postgres(url):
        return common | _postgres(url, create_schema=create_schema)
    raise StoreConfigurationError(
        f"{DATABASE_URL_SETTING} must start with sqlite:///, postgresql:// or memory://, "
        f"not {describe(url)!r}"
    )


def _sqlite(db_name: str) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": db_name,
        "SQLITE_LOCK_TIMEOUT": "30",
        "APPLICATION_RECORDER_TOPIC": SQLITE_RECORDER,
        "CREATE_TABLE": "y",
    }


def _postgres(url: str, *, create_schema: bool) -> dict[str, str]:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    unknown = sorted(set(query) - {"schema"})
    if unknown:
        # Silently dropping e.g. sslmode=require would connect without TLS; refuse instead.
        raise StoreConfigurationError(
            f"unsupported parameter(s) {', '.join(unknown)} in {DATABASE_URL_SETTING}: only "
            "schema= is read from the URL; set TLS with libpq's PGSSLMODE, PGSSLROOTCERT, ..."
        )
    dbname = parts.path.lstrip("/")
    if not dbname:
        raise StoreConfigurationError("a postgresql URL needs a database name: .../dbname")
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": unquote(dbname),
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_SCHEMA": query.get("schema", ["public"])[0],
        # Fail fast rather than queue behind a stuck writer; the library retries.
        "POSTGRES_LOCK_TIMEOUT": "5",
        "POSTGRES_POOL_SIZE": "2",
        "POSTGRES_MAX_OVERFLOW": "8",
        "POSTGRES_CONNECT_TIMEOUT": "10",
        "APPLICATION_RECORDER_TOPIC": POSTGRES_RECORDER,
        "CREATE_TABLE": "y" if create_schema else "n",
    }
