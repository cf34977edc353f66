"""The docker-compose production shape without Docker: init, then web under gunicorn, the
projector, a worker and beat as separate processes, as the least-privilege role, on the
machine's PostgreSQL, a private Redis and a local SMTP server, driven by a real browser.

Every process gets the settings compose gives it, read from ``deploy/tracker.env.example``
(and ``deploy/postgres.env.example`` for init) and its command line from
``docker-compose.yml``; only what differs on this machine is replaced: the servers' hosts and
ports, a fresh schema and role, a strong secret key, the recipients file, where beat keeps its
schedule (``XDG_DATA_HOME``, as in the image), a scan every second, and the hour reminders
go out. Compose's default hour is 09:00 London, so an item due soon is chased from 09:00;
the test sets 00:00, so the reminder is due the moment the request is authorised, whatever
the hour the test runs.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as clock_time
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import yaml

from tests.browser.test_journeys import (
    AUTHORISED_BY,
    EMERGENCY_DESCRIPTION,
    EMERGENCY_REASON,
    EMERGENCY_TITLE,
    authorise_emergency_request,
    ratify_with_an_ndm_decision,
    receive_emergency_request,
)
from tests.conftest import POSTGRES_URL, postgres_admin
from tests.integration.test_up import MARKER, processes_marked
from tests.integration.workers.conftest import SmtpSink, free_port, wait_until
from tracker.cli.demo_users import DEMO_PASSWORD
from tracker.kernel.clock import london_moment
from tracker.oversight.open_reviews import MONITORING_REVIEWER
from tracker.reminders.identity import reminder_reference
from tracker.reminders.kinds import DUE_SOON

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SEND_AT = clock_time(0, 0)
ADDRESSES = {AUTHORISED_BY: "s.ellis@rocu.example"}
USERS = (  # as the demo has them; added as the README says, with `tracker users add`
    ["r.khan", "--role", "staff", "--name", "DC Rana Khan", "--email", "r.khan@rocu.example"],
    ["s.ellis", "--role", "staff", "--role", "decision-maker", "--name", "DCS S. Ellis",
     "--email", ADDRESSES[AUTHORISED_BY], "--forum", "weekly tasking meeting"],
)  # fmt: skip
# The posts, as the README says: the standard ones, and who holds the Head of Intelligence's.
POSTS = (["standard"], ["assign", "head-of-intelligence", "s.ellis"])
STOP_TIMEOUT_S = 20  # SIGTERM, then this long before SIGKILL


def env_file(name: str) -> dict[str, str]:
    """``deploy/<name>.example`` as compose's ``env_file`` reads it."""
    settings = {}
    for line in (ROOT / "deploy" / f"{name}.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            settings[key.strip()] = value
    return settings


def compose_command(service: str) -> list[str]:
    """The service's ``command:`` in docker-compose.yml, run from this virtual environment."""
    command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"][service]
    program, *arguments = command["command"]
    if program == "python":  # init's script, at its place in the image
        return [sys.executable, *(a.replace("/opt/tracker/", f"{ROOT}/") for a in arguments)]
    return [str(BIN / program), *arguments]


def replaced(settings: dict[str, str], **values: str) -> dict[str, str]:
    """``settings`` with ``values`` in place of those compose's files set (each must be one)."""
    unknown = set(values) - set(settings)
    assert not unknown, f"not in the compose settings any more: {unknown}"
    return {**settings, **values}


@dataclass
class Deployment:
    """The processes of one production shape, each in a process group of its own."""

    folder: Path
    env: dict[str, str]
    url: str
    marker: str = field(default_factory=lambda: uuid4().hex)
    running: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def run(self, command: list[str], env: dict[str, str] | None = None, stdin: str = "") -> str:
        done = subprocess.run(
            command, env=env or self.env, cwd=self.folder, input=stdin, capture_output=True,
            text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def start(self, name: str, command: list[str]) -> None:
        with (self.folder / f"{name}.log").open("ab") as log:  # the child keeps its own copy
            self.running[name] = subprocess.Popen(
                command, env={**self.env, MARKER: self.marker}, cwd=self.folder,
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def alive(self) -> None:
        for name, process in self.running.items():
            assert process.poll() is None, (
                f"{name} ended (exit {process.returncode}):\n{self.log()}"
            )

    def wait(self, condition: Callable[[], Any], timeout: float, what: str) -> Any:
        """Polls ``condition`` while every process runs; fails with their logs after ``timeout``."""
        deadline = time.monotonic() + timeout
        while not (result := condition()):
            self.alive()
            if time.monotonic() > deadline:
                pytest.fail(f"timed out after {timeout} s waiting for {what}:\n{self.log()}")
            time.sleep(0.1)  # polling, not waiting a fixed time
        return result

    def log(self, name: str = "*") -> str:
        logs = sorted(self.folder.glob(f"{name}.log"))
        return "\n".join(f"--- {p.stem}\n{p.read_text(errors='replace')[-6000:]}" for p in logs)

    def readyz(self) -> tuple[int, dict]:
        """/readyz's status and answer (0 and nothing while web does not answer)."""
        self.alive()
        try:
            with urllib.request.urlopen(f"{self.url}/readyz", timeout=5) as reply:
                return reply.status, json.loads(reply.read())
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read() or b"{}")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, {}

    def ready(self) -> dict | None:
        """/readyz's answer when it says 200 and ready; None while it does not."""
        status, answer = self.readyz()
        return answer if status == 200 and answer.get("ready") is True else None

    def last_tick(self) -> str:
        return str(self.readyz()[1].get("checks", {}).get("beat", {}).get("last_tick") or "")

    def stop(self) -> None:
        """SIGTERM to every group, SIGKILL to any still running; then nothing may be left."""
        for process in self.running.values():
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.running.values():
            with suppress(subprocess.TimeoutExpired):
                process.wait(STOP_TIMEOUT_S)
            with suppress(ProcessLookupError):  # the group's children, even if the leader ended
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
        for pid in processes_marked(self.marker):  # a child that left its group, if any
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        wait_until(lambda: not processes_marked(self.marker), 10, "no process to be left")


@pytest.fixture
def schema_and_role() -> Iterator[tuple[str, str]]:
    """The owner's URL on a fresh schema and the URL of a new application role; both dropped."""
    schema, role = f"t_{uuid4().hex[:16]}", f"tracker_app_{uuid4().hex[:8]}"
    admin = postgres_admin()
    with admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            host_and_db = POSTGRES_URL.split("@", 1)[1]  # the machine's server and database
            app_url = f"postgresql://{role}:{secrets.token_hex(16)}@{host_and_db}?schema={schema}"
            yield f"{POSTGRES_URL}?schema={schema}", app_url
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
            if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                admin.execute(f"DROP OWNED BY {role}")
                admin.execute(f"DROP ROLE {role}")


@pytest.fixture
def production(tmp_path, schema_and_role, redis, smtp) -> Iterator[Deployment]:
    """init as compose runs it, then web, projector, worker and beat, ready (/readyz 200)."""
    owner_url, app_url = schema_and_role
    port = free_port()
    recipients = tmp_path / "recipients.json"
    recipients.write_text(json.dumps({"addresses": {}}))  # everyone is a person or a post
    redis_host = f"127.0.0.1:{redis.port}"
    settings = env_file("tracker.env")
    settings = replaced(
        settings,
        TRACKER_DATABASE_URL=app_url,
        TRACKER_BROKER_URL=settings["TRACKER_BROKER_URL"].replace("redis:6379", redis_host),
        TRACKER_RATE_LIMIT_STORAGE_URL=settings["TRACKER_RATE_LIMIT_STORAGE_URL"].replace(
            "redis:6379", redis_host
        ),
        TRACKER_SECRET_KEY=secrets.token_urlsafe(48),
        TRACKER_SMTP_HOST="127.0.0.1",
        TRACKER_SMTP_PORT=str(smtp.port),
        TRACKER_BASE_URL=f"http://localhost:{port}",
        TRACKER_RECIPIENTS_FILE=str(recipients),
    )
    assert settings["TRACKER_ENV"] == "production", settings
    settings |= {"TRACKER_SCAN_SECONDS": "1", "TRACKER_REMINDER_SEND_AT": f"{SEND_AT:%H:%M}"}
    machine = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env = {**machine, "XDG_DATA_HOME": str(tmp_path / "data"), **settings}
    deployment = Deployment(tmp_path, env, settings["TRACKER_BASE_URL"])

    owner = replaced(env_file("postgres.env"), TRACKER_OWNER_DATABASE_URL=owner_url)
    said = deployment.run(compose_command("init"), env={**env, **owner})
    assert "may insert and select the log, not change it" in said, said
    for user in USERS:
        deployment.run(
            [str(BIN / "tracker"), "users", "add", *user], stdin=DEMO_PASSWORD + "\n" * 2
        )
    for post in POSTS:
        deployment.run([str(BIN / "tracker"), "posts", *post])

    web = compose_command("web")
    web[web.index("--bind") + 1] = f"127.0.0.1:{port}"
    try:
        deployment.start("web", web)
        for service in ("projector", "worker", "beat"):
            deployment.start(service, compose_command(service))
        deployment.wait(deployment.ready, 120, "/readyz to answer ready")
        yield deployment
    finally:
        deployment.stop()
    errors = [line for line in deployment.log("web").splitlines() if '" 500 ' in line]
    assert not errors, f"the web server answered 500: {errors}"


@pytest.fixture
def base_url(production: Deployment) -> str:
    """The browser's address: this deployment's gunicorn (the journeys' sign-in uses it)."""
    return production.url


def due_soon_key(reference: str, due_on: date, recipient: str) -> str:
    """The key of the due-soon reminder of an item due on ``due_on``, at the sending hour."""
    moment = london_moment(due_on, SEND_AT)  # due soon: seven days before, the default
    return reminder_reference(reference, DUE_SOON, moment, recipient)


def mail_for(smtp: SmtpSink, keys: set[str]) -> Callable[[], EmailMessage | None]:
    """The first message the sink received for one of ``keys``, or None yet."""

    def arrived() -> EmailMessage | None:
        found = [m for m in smtp.received() if str(m["X-Tracker-Reminder"]).strip() in keys]
        return found[0] if found else None

    return arrived


def readable(message: EmailMessage) -> str:
    parts = [str(message["Subject"]), str(message["To"])]
    parts += [p.get_content() for p in message.walk() if p.get_content_maintype() == "text"]
    return "\n".join(parts)


def test_production_shape_runs_the_emergency_journey_and_mails_its_reminder_once(
    production, smtp, sign_in, screenshot
):
    ready = production.ready()
    assert ready and ready["checks"]["beat"]["last_tick"], ready  # beat has ticked

    request = receive_emergency_request(sign_in("r.khan"))
    head = sign_in("s.ellis")
    authorised_on = datetime.now(UTC).date()  # the day typed as "Authorised at"
    authorise_emergency_request(head, request)
    cookies = {c["name"]: c for c in head.context.cookies()}
    assert cookies["__Host-tracker"]["secure"], cookies  # production's cookie, kept on localhost
    # Awaiting ratification, it is due by the next weekly meeting, within a week of its
    # authorisation: due soon from the day it was authorised, so due at once.
    days = {authorised_on, datetime.now(UTC).date()}
    keys = {due_soon_key(request, day, AUTHORISED_BY) for day in days}
    reminder = production.wait(mail_for(smtp, keys), 60, f"the reminder {keys} by SMTP")
    key = str(reminder["X-Tracker-Reminder"]).strip()

    text = readable(reminder)
    assert ADDRESSES[AUTHORISED_BY] in text
    assert request in reminder["Subject"], reminder["Subject"]
    assert f"{production.url}/items/{request}" in text, text
    for content in (EMERGENCY_TITLE, EMERGENCY_DESCRIPTION, EMERGENCY_REASON, "Pat Lowe"):
        assert content not in text, content

    # Ratified, it is monitored: the Head of Intelligence's weekly review is due soon too.
    ratify_with_an_ndm_decision(head, request, screenshot)
    monitoring = {due_soon_key(request, day, MONITORING_REVIEWER) for day in days}
    production.wait(mail_for(smtp, monitoring), 60, f"the reminder {monitoring} by SMTP")
    head.goto(f"/items/{request}")
    chasers = head.locator("ol.timeline > li.reminder")  # the trail shows who was chased
    assert any("sent" in entry.lower() for entry in chasers.all_inner_texts()), chasers

    tick = production.last_tick()
    production.wait(lambda: production.last_tick() > tick, 30, "beat to scan again")
    counts = smtp.counts()
    assert counts[key] == 1, counts  # many scans later, still once
    assert sum(counts[k] for k in monitoring) == 1, counts
    production.run([str(BIN / "tracker"), "verify"])
