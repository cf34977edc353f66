"""The eventsourcing library's settings for our database URL (see ``events.store``)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import uuid4

from events.store import DATABASE_URL_SETTING, StoreConfigurationError, describe, is_postgres

SQLITE_RECORDER = "events.store_sqlite:ChainedSQLiteRecorder"
POSTGRES_RECORDER = "events.store_postgres:ChainedPostgresRecorder"
MAPPER = "events.codec:VersionedMapper"
POSTGRES_TUNING = {
    # Fail fast rather than queue behind a stuck writer; the library retries.
    "POSTGRES_LOCK_TIMEOUT": "5",
    "POSTGRES_POOL_SIZE": "2",
    "POSTGRES_MAX_OVERFLOW": "8",
    "POSTGRES_CONNECT_TIMEOUT": "10",
}


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
        return common | _sqlite(_sqlite_file(url))
    if is_postgres(url):
        return common | _postgres(url, create_schema=create_schema)
    raise StoreConfigurationError(
        f"{DATABASE_URL_SETTING} must start with sqlite:///, postgresql:// or memory://, "
        f"not {describe(url)!r}"
    )


def _sqlite_file(url: str) -> str:
    """The file a sqlite URL names, its folder made if missing."""
    # SQLAlchemy's convention: sqlite:///relative/file, sqlite:////absolute/file
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
    if not path:
        raise StoreConfigurationError("a sqlite URL needs a file path: sqlite:///path/to/file")
    Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return str(Path(path).expanduser())


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
    dbname = parts.path.lstrip("/")
    schema = _schema_parameter(parts.query)
    if not dbname:
        raise StoreConfigurationError("a postgresql URL needs a database name: .../dbname")
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": unquote(dbname),
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_SCHEMA": schema,
        **POSTGRES_TUNING,
        "APPLICATION_RECORDER_TOPIC": POSTGRES_RECORDER,
        "CREATE_TABLE": "y" if create_schema else "n",
    }


def _schema_parameter(query_string: str) -> str:
    """The URL's schema= (public by default), refusing any other parameter."""
    query = parse_qs(query_string)
    unknown = sorted(set(query) - {"schema"})
    if unknown:
        # Silently dropping e.g. sslmode=require would connect without TLS; refuse instead.
        raise StoreConfigurationError(
            f"unsupported parameter(s) {', '.join(unknown)} in {DATABASE_URL_SETTING}: only "
            "schema= is read from the URL; set TLS with libpq's PGSSLMODE, PGSSLROOTCERT, ..."
        )
    return query.get("schema", ["public"])[0]
