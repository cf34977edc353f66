"""The compose ``init`` service on the real PostgreSQL: the application's role it makes can run
the tracker (record, project the views, add a user, claim a reminder) but may not change,
remove or create anything beyond rows of its working tables."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest

from tests.cast import CastTracker
from tests.conftest import POSTGRES_URL, postgres_admin
from tests.integration.test_store import RECEIPT
from tracker.reminders.claims import Claims
from tracker.tasking.commands import PresentTasking, ReceiveTasking
from tracker.views.engine import view_engine

ROOT = Path(__file__).resolve().parents[2]
INIT = ROOT / "deploy" / "init_database.py"
TRACKER = Path(sys.executable).with_name("tracker")
GUNICORN = Path(sys.executable).with_name("gunicorn")
pytestmark = pytest.mark.postgres


def compose_env(owner_url: str, app_url: str) -> dict[str, str]:
    """What deploy/tracker.env and deploy/postgres.env give the init service."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_ENV="production", TRACKER_PROJECTIONS="projector",
               TRACKER_DATABASE_URL=app_url, TRACKER_OWNER_DATABASE_URL=owner_url)  # fmt: skip
    return env


def run(command: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120,
                          check=False, **kwargs)  # fmt: skip


@pytest.fixture
def deployed():
    """A fresh schema and role made by the init script (run twice: it must be repeatable)."""
    schema, role = f"t_{uuid4().hex[:16]}", f"tracker_app_{uuid4().hex[:8]}"
    password = f"pw'{uuid4().hex}"  # a quote: the script must quote it, not paste it
    owner = f"{POSTGRES_URL}?schema={schema}"
    host = POSTGRES_URL.split("@", 1)[1]
    dsn = f"postgresql://{role}:{password.replace(chr(39), '%27')}@{host}"
    admin = postgres_admin()
    with admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            env = compose_env(owner, f"{dsn}?schema={schema}")
            for _ in range(2):
                result = run([sys.executable, str(INIT)], env)
                assert result.returncode == 0, result.stdout + result.stderr
            yield env, dsn, schema
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")


def test_the_application_runs_under_the_role_init_made(deployed):
    env, _, _ = deployed
    app_url = env["TRACKER_DATABASE_URL"]
    with CastTracker(app_url) as app:
        reference = app.handle(ReceiveTasking(actor="ana", **RECEIPT)).reference
        app.handle(PresentTasking(actor="bo", reference=reference, meeting_on="2026-10-20"))
        assert app.verify().intact
        claims = Claims(view_engine(app.env, writer=True))
        now = datetime.now(UTC)
        assert claims.take("reminder-1", "worker-a", now, timedelta(minutes=2))
        assert not claims.take("reminder-1", "worker-b", now, timedelta(minutes=2))
        claims.forget_expired(now + timedelta(minutes=3))
        claims.engine.dispose()
    projected = run([str(TRACKER), "project", "--once"], env)
    assert projected.returncode == 0, projected.stderr
    added = run([str(TRACKER), "users", "add", "chair", "--role", "admin"], env,
                input="a long enough password\n" * 2)  # fmt: skip
    assert added.returncode == 0, added.stdout + added.stderr
    board = run([str(TRACKER), "board", "tasking"], env)
    assert reference in board.stdout, board.stdout + board.stderr
    web = {**env, "TRACKER_SECRET_KEY": uuid4().hex * 2, "TRACKER_SECURE_COOKIES": "true"}
    loaded = run([str(GUNICORN), "web.wsgi:app", "--check-config"], web)  # builds the app
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr


def test_the_role_may_only_insert_and_select_the_log(deployed):
    _, dsn, schema = deployed
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"SET search_path TO {schema}")
        for table in ("tracker_events", "tracker_chain"):
            granted = {
                privilege: conn.execute(
                    "SELECT has_table_privilege(current_user, %s, %s)", (table, privilege)
                ).fetchone()[0]
                for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER")
            }
            assert granted == {"SELECT": True, "INSERT": True, "UPDATE": False,
                               "DELETE": False, "TRUNCATE": False, "TRIGGER": False}, table  # fmt: skip
        for statement in (
            "UPDATE tracker_events SET topic = 'x'",
            "DELETE FROM tracker_events",
            "UPDATE tracker_chain SET position = position",
            "DELETE FROM tracker_chain",
            "TRUNCATE tracker_events",
            "DROP TABLE view_positions",
            "CREATE TABLE sneaky (id int)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


def test_init_makes_every_working_table_and_grants_only_its_rows(deployed):
    _, dsn, schema = deployed
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,))
        tables = {name for (name,) in rows}
        assert {"user_credentials", "reminder_claims", "view_positions"} <= tables
        for table in tables - {"tracker_events", "tracker_chain"}:
            granted = [
                conn.execute(
                    "SELECT has_table_privilege(current_user, %s, %s)", (f"{schema}.{table}", p)
                ).fetchone()[0]
                for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")
            ]
            assert granted == [True, True, True, True, False], table
