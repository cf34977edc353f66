"""The application runs under the least-privilege PostgreSQL role the README documents."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import psycopg
import pytest

from tests.cast import CastTracker
from tests.integration.test_store import RECEIPT
from tracker.tasking.commands import PresentTasking, ReceiveTasking

README = Path(__file__).resolve().parents[2] / "README.md"
pytestmark = pytest.mark.postgres


def role_grants_from_readme(role: str, password: str, schema: str) -> list[str]:
    """The SQL block of the README's least-privilege section, for this test's names."""
    section = README.read_text().split("## Least-privilege PostgreSQL role", 1)[1]
    sql = re.search(r"```sql\n(.*?)```", section, re.S)[1]
    sql = sql.replace("tracker_app", role).replace("change-me", password)
    sql = sql.replace("SCHEMA public", f"SCHEMA {schema}")
    return [s.strip() for s in sql.split(";") if s.strip() and not s.strip().startswith("--")]


@pytest.fixture
def app_role_url(postgres_url):
    with CastTracker(postgres_url, create_schema=True):  # the owner runs `tracker init`
        pass
    parts = urlsplit(postgres_url)
    schema = parse_qs(parts.query)["schema"][0]
    role, password = f"tracker_app_{uuid4().hex[:8]}", uuid4().hex
    owner = psycopg.connect(parts._replace(query="").geturl(), autocommit=True)
    with owner:
        owner.execute(f"SET search_path TO {schema}")
        for statement in role_grants_from_readme(role, password, schema):
            owner.execute(statement)
        try:
            yield parts._replace(netloc=f"{role}:{password}@{parts.hostname}:{parts.port}").geturl()
        finally:
            owner.execute(f"DROP OWNED BY {role}")
            owner.execute(f"DROP ROLE {role}")


def test_the_application_records_and_verifies_with_only_insert_and_select(app_role_url):
    with CastTracker(app_role_url) as app:
        reference = app.handle(ReceiveTasking(actor="ana", **RECEIPT)).reference
        app.handle(PresentTasking(actor="bo", reference=reference, meeting_on="2026-10-20"))
        assert app.verify().intact


def test_the_application_role_may_not_rewrite_or_create_anything(app_role_url):
    with CastTracker(app_role_url) as app:
        app.handle(ReceiveTasking(actor="ana", **RECEIPT))
    schema = parse_qs(urlsplit(app_role_url).query)["schema"][0]
    dsn = urlsplit(app_role_url)._replace(query="").geturl()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"SET search_path TO {schema}")
        for statement in (
            "UPDATE tracker_events SET topic = 'x'",
            "DELETE FROM tracker_chain",
            "TRUNCATE tracker_events",
            "DROP TRIGGER tracker_events_refuse_change ON tracker_events",
            "CREATE TABLE sneaky (id int)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
