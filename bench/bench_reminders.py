"""Reminders: the scan over many open items, and delivery by real workers to a real SMTP server.

Builds a SQLite store of ``--items`` open learning actions (through the real commands, saved
in bulk), ``--due`` of them overdue, and catches the views up. Then, for each worker count,
on a fresh copy of that store: a private redis-server, an aiosmtpd server on loopback that
counts what it receives, ``tracker worker`` processes, and one scan in this process that
schedules the reminders, then queues their jobs on Redis. It prints the scan's time, the
queueing's, the time from the scan's start to the last message received, and the delivery
rate beside the raw rate at which one process sends the same messages to the same server.
Then the views catch up with the workers' events (timed apart: on PostgreSQL the projector
process does this all along) and a second scan, with nothing new to schedule or send, is
timed. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_reminders.py                       # 100k items, 10k due
    .venv/bin/python bench/bench_reminders.py --items 10000 --due 1000 --workers 1 2
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from threading import Lock
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from aiosmtpd.controller import Controller
from bulk_events import BulkTracker

from events.base import acting_as
from tracker.learning.commands import (
    AcceptObservation,
    OpenDebrief,
    RaiseLearningAction,
    RecordObservation,
)
from tracker.reminders.policy import ReminderPolicy
from tracker.reminders.recipients import Directory
from tracker.reminders.scan import scan
from tracker.service.application import Tracker
from tracker.views.catalogue import projections
from tracker.views.projector import Projector
from workers.celery_app import SEND_JOB, make_celery
from workers.mail import SmtpMailer
from workers.message_lines import item_lines
from workers.messages import compose
from workers.settings import worker_settings

ACTIONS_PER_POINT = 100
OWNERS = 500
TRACKER = Path(sys.executable).with_name("tracker")


class Counting:
    """An SMTP handler that counts messages and notes when the last one arrived."""

    def __init__(self) -> None:
        self.count, self.last, self._lock = 0, 0.0, Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.count += 1
            self.last = time.perf_counter()
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def directory() -> Directory:
    return Directory(
        addresses={f"Owner {n}": f"owner{n}@example.org" for n in range(OWNERS)}
        | {"Gold chair": "gold.chair@example.org"},
        chairs={"Gold recovery board": "Gold chair"},
    )


def build(url: str, items: int, due: int, today: date) -> None:
    """``items`` open actions; the first ``due`` overdue by 1 to 20 days, the rest far off."""
    app = BulkTracker(url)
    with acting_as("bench"):
        for start in range(0, items, ACTIONS_PER_POINT):
            debrief = app.handle(OpenDebrief(
                actor="bench", marking="OFFICIAL", kind="hot debrief", title="Bench debrief",
                of_what="an operation", lead="Supt J. Owens", held_on=today - timedelta(days=30),
            )).reference  # fmt: skip
            app.handle(RecordObservation(actor="bench", reference=debrief, text="Observed."))
            point = app.handle(AcceptObservation(actor="bench", reference=debrief, number=1,
                                                 theme="planning")).reference  # fmt: skip
            for n in range(start, min(start + ACTIONS_PER_POINT, items)):
                late = n < due
                due_on = (
                    today - timedelta(days=1 + n % 20)
                    if late
                    else today + timedelta(days=60 + n % 300)
                )
                app.handle(RaiseLearningAction(
                    actor="bench", learning_point=point, description="Change the plan.",
                    owner=f"Owner {n % OWNERS}", due_on=due_on,
                    overseeing_board="Gold recovery board",
                ))  # fmt: skip
            if app.pending >= 5000:
                app.flush()
        app.flush()
    started = time.perf_counter()
    with Projector(app, projections()) as views:
        views.catch_up(batch=5000)
    print(f"  store built: {app.position()} events; views caught up in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    app.close()


def start_redis(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--save", ""], stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return process, f"redis://127.0.0.1:{port}/0"


def deliver_with(
    workers: int, worker_options: list[str], source: Path, folder: Path, now: datetime
) -> dict[str, float]:
    """One run on a fresh copy of the store; the scan's time and the delivery's."""
    run = folder / f"run-{workers}"
    run.mkdir()
    shutil.copy(source, run / "tracker.sqlite")
    url = f"sqlite:///{run / 'tracker.sqlite'}"
    redis, broker = start_redis(run)
    counting, smtp_port = Counting(), free_port()
    smtp = Controller(counting, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    book = directory()
    (run / "recipients.json").write_text(json.dumps(
        {"addresses": dict(book.addresses), "chairs": dict(book.chairs)}
    ))  # fmt: skip
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_BROKER_URL": broker,
           "TRACKER_SMTP_HOST": "127.0.0.1", "TRACKER_SMTP_PORT": str(smtp_port),
           "TRACKER_RECIPIENTS_FILE": str(run / "recipients.json")}  # fmt: skip
    processes = [
        subprocess.Popen([str(TRACKER), "worker", *worker_options, f"--name=bench{n}@%h",
                          "--loglevel=WARNING"], env=env, start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for n in range(workers)
    ]  # fmt: skip
    # No meetings: every message due is an overdue action's, so the count says when all came.
    settings = dataclasses.replace(worker_settings(env), recipients=book,
                                   policy=ReminderPolicy(meetings=()))  # fmt: skip
    producer = make_celery(settings, env)
    app = Tracker(url)
    views = Projector(app, projections())
    try:
        wait_for_workers(producer, workers)  # the scan is timed alone, not beside their start
        started = time.perf_counter()
        report = scan(app, views.engine, book, now, settings.policy)
        scanned = time.perf_counter()
        for key in report.due:
            producer.send_task(SEND_JOB, args=[key])
        queued = time.perf_counter()
        while counting.count < len(report.due):
            time.sleep(0.05)
        delivered = counting.last
        again = time.perf_counter()
        views.catch_up()  # the workers' events: the projector's work, on PostgreSQL its own
        caught_up = time.perf_counter()
        scan(app, views.engine, book, now, settings.policy)
        steady = time.perf_counter() - caught_up
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        producer.close()
        views.close()
        app.close()
        smtp.stop()
        redis.terminate()
        redis.wait()
    return {"due": len(report.due), "scheduled": len(report.scheduled),
            "scan": scanned - started, "queue": queued - scanned, "steady scan": steady,
            "catch-up": caught_up - again, "to last message": delivered - started,
            "delivery rate": len(report.due) / (delivered - scanned)}  # fmt: skip


def wait_for_workers(producer: Any, workers: int) -> None:
    deadline = time.monotonic() + 60
    while len(producer.control.ping(timeout=0.5)) < workers:
        if time.monotonic() > deadline:
            raise SystemExit(f"{workers} worker(s) did not answer within 60 s")


def raw_rate(messages: int) -> float:
    """Messages a second one process sends to a local aiosmtpd, one connection each."""
    counting, port = Counting(), free_port()
    smtp = Controller(counting, hostname="127.0.0.1", port=port)
    smtp.start()
    mailer = SmtpMailer(worker_settings({"TRACKER_SMTP_HOST": "127.0.0.1",
                                         "TRACKER_SMTP_PORT": str(port)}).smtp)  # fmt: skip
    now = datetime.now(UTC)
    try:
        started = time.perf_counter()
        for n in range(messages):
            mailer.send(compose(
                key=f"LA-{n}/overdue/x/Owner", kind="overdue", item=f"LA-{n}",
                recipient="Owner", address="owner@example.org", sender="tracker@localhost",
                base_url="http://localhost:5000", now=now,
                lines=item_lines("overdue", f"LA-{n}", now.date(), 28),
            ))  # fmt: skip
        return messages / (time.perf_counter() - started)
    finally:
        smtp.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--worker-options",
        default="",
        help="for each `tracker worker`, e.g. '--pool=solo' (default: its own)",
    )
    args = parser.parse_args()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        print(f"building {args.items} open learning actions, {args.due} overdue ...")
        build(f"sqlite:///{folder / 'source.sqlite'}", args.items, args.due, now.date())
        # The best of three: what one process can do, whatever else the machine was doing.
        raw = max(raw_rate(min(args.due, 2000)) for _ in range(3))
        print(f"raw send rate, one process: {raw:.0f} messages/s")
        for workers in args.workers:
            options = args.worker_options.split()
            figures = deliver_with(workers, options, folder / "source.sqlite", folder, now)
            print(f"{workers} worker(s): {figures['due']} due, {figures['scheduled']} scheduled; "
                  f"scan {figures['scan']:.2f} s, queueing {figures['queue']:.2f} s; views "
                  f"caught up with the sending in {figures['catch-up']:.1f} s, then a steady-state"
                  f" scan {figures['steady scan']:.2f} s; scan start to last message "
                  f"{figures['to last message']:.1f} s; delivery "
                  f"{figures['delivery rate']:.0f} messages/s = "
                  f"{100 * figures['delivery rate'] / raw:.0f}% of the raw rate")  # fmt: skip


if __name__ == "__main__":
    main()
