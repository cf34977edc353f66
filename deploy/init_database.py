"""The compose ``init`` service: as the schema owner, make every table, then grant the app role.

``tracker init`` makes the log's tables; the views (reshaped when an upgrade changed one) and
every other working table beside the log (password hashes, reminder claims, heartbeats: each
``metadata`` of tracker's ``*_sql`` modules) are made here too, because the application's role
may not create or drop tables. Then ``deploy/app-role.sql`` (the README's
least-privilege block) grants that role INSERT and SELECT on the log and the chain, and row
access to the working tables beside them. Safe to run at every start.

Settings: ``TRACKER_OWNER_DATABASE_URL`` (the owner's URL) and ``TRACKER_DATABASE_URL`` (the
application's, whose user and password become the role).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import psycopg
from psycopg import sql
from sqlalchemy import MetaData

import tracker
from tracker.cli.main import main as tracker_cli
from tracker.service.application import Tracker
from tracker.views.catalogue import projections
from tracker.views.projector import Projector

OWNER_SETTING = "TRACKER_OWNER_DATABASE_URL"
APP_SETTING = "TRACKER_DATABASE_URL"
ROLE_SQL = Path(__file__).with_name("app-role.sql")


def grants(role: str, password: str, schema: str, conn: psycopg.Connection) -> list[str]:
    """The statements of ``app-role.sql`` for this role, password and schema, quoted safely."""
    text = ROLE_SQL.read_text(encoding="utf-8")
    text = text.replace("tracker_app", sql.Identifier(role).as_string(conn))
    text = text.replace("'change-me'", sql.Literal(password).as_string(conn))
    text = text.replace("SCHEMA public", f"SCHEMA {sql.Identifier(schema).as_string(conn)}")
    return [statement.strip() for statement in text.split(";") if statement.strip()]


def working_tables() -> list[MetaData]:
    """The tables beside the log: the ``metadata`` of each of tracker's modules that has one."""
    found = []
    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if not module.name.endswith("__main__"):
            metadata = getattr(importlib.import_module(module.name), "metadata", None)
            if isinstance(metadata, MetaData) and all(metadata is not m for m in found):
                found.append(metadata)  # several modules share the views' metadata
    return found


def make_tables(owner_url: str) -> None:
    """``tracker init``, then the views and every other working table, all as the owner."""
    os.environ[APP_SETTING] = owner_url  # `tracker init` reads the store from the environment
    tracker_cli.main(["init"], prog_name="tracker", standalone_mode=False)
    with Tracker(owner_url) as app, Projector(app, projections(), in_process=False) as views:
        for metadata in working_tables():  # the views' own were made (or reshaped) just now
            metadata.create_all(views.engine, checkfirst=True)


def grant_app_role(owner_url: str, app_url: str) -> str:
    """Creates the application's role (or resets its password) and grants it; returns its name."""
    app = urlsplit(app_url)
    role, password = unquote(app.username or ""), unquote(app.password or "")
    if not role or not password:
        raise SystemExit(f"{APP_SETTING} must name the application's user and password")
    owner = urlsplit(owner_url)
    if role == unquote(owner.username or ""):
        raise SystemExit(f"{APP_SETTING} must not use the owner's role ({role})")
    schema = parse_qs(owner.query).get("schema", ["public"])[0]
    if parse_qs(app.query).get("schema", ["public"])[0] != schema:
        raise SystemExit(f"{APP_SETTING} and {OWNER_SETTING} must name the same schema")
    with psycopg.connect(owner._replace(query="").geturl()) as conn:  # one transaction
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        for statement in grants(role, password, schema, conn):
            if exists and statement.startswith("CREATE ROLE"):
                statement = "ALTER" + statement.removeprefix("CREATE")  # same role, new password
            conn.execute(statement)
    return role


def main() -> None:
    owner_url, app_url = os.environ.get(OWNER_SETTING, ""), os.environ.get(APP_SETTING, "")
    if not owner_url or not app_url:
        raise SystemExit(f"init needs both {OWNER_SETTING} and {APP_SETTING}")
    make_tables(owner_url)
    role = grant_app_role(owner_url, app_url)
    print(f"tables ready; role {role} may insert and select the log, not change it", flush=True)


if __name__ == "__main__":
    sys.exit(main())
