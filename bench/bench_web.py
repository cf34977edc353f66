#!/usr/bin/env python
"""Web benchmark (issue 4): pages under 20 concurrent clients against gunicorn, beside /healthz.

    .venv/bin/python bench/bench_web.py            # 1M events (~188k items), cached; ~7 min
    .venv/bin/python bench/bench_web.py --quick    # 10k events, short phases, ~1 min
    .venv/bin/python bench/bench_web.py --workers 4 --threads 2 --clients 20 --seconds 10

One gunicorn server (a subprocess, ``gthread`` workers) serves a SQLite store built by
``bulk_events`` with every view rebuilt before timing. One signed-in session (a governance
account, cleared for OFFICIAL-SENSITIVE, so every item and the audit trail are readable)
is shared by ``--clients`` threads, each on its own keep-alive ``http.client`` connection.
Each route runs in turn for a fixed time after a short warm-up, in ``--rounds`` rounds
(order reversed every other round, so drift on the host falls on every route alike), and
every request's latency is kept. For each route the script prints p50, p95, p99,
requests/s, errors (anything but 200), and p95 / p50 as a ratio to the trivial route's
(``/healthz``, which reads nothing) measured in the same run by the same clients, so the
clients' own Python overhead is in the baseline too. It also prints how busy the clients'
process and the server's workers were during each route.

Target (issue 4): board and item page p95 within 5x the trivial route's p95. Nothing here
asserts on time: the script prints the figures and whether the target is met.

The stores are kept under /tmp/tracker-bench-web (``TRACKER_BENCH_WEB_CACHE``): a copy of
bench_views' cached 1M log (built there first if missing) with the bench account added and
the views rebuilt, keyed by the generator's version and size.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_store as bs
import bench_views as bv
from bulk_events import LEAD, STAFF, VERSION

from tracker.accounts.commands import RegisterUser
from tracker.service.application import Tracker
from tracker.views.catalogue import projections
from tracker.views.projector import Projector

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.environ.get("TRACKER_BENCH_WEB_CACHE", "/tmp/tracker-bench-web")
GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")
USERNAME, PASSWORD = "bench.gov", "bench web password, long enough"
USER_AGENT = "tracker-bench-web/1"  # one agent throughout: sessions are bound to it
TARGET = 5.0  # board and item page p95 within this many times the trivial route's
log = bs.log


@dataclass(frozen=True)
class Sizes:
    events: int
    warmup: float  # seconds per route before timing, each round
    seconds: float  # timed seconds per route, each round
    rounds: int


FULL = Sizes(events=1_000_000, warmup=3, seconds=10, rounds=2)
QUICK = Sizes(events=10_000, warmup=1, seconds=3, rounds=1)


# -- the store --------------------------------------------------------------------------------


def web_store(events: int) -> str:
    """A SQLite file of ``events`` events, the bench account in it, every view rebuilt."""
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, f"web-{VERSION}-{events}.sqlite")
    if os.path.exists(path):
        log(f"  cached store {path}")
        return path
    partial = path + ".partial"
    for leftover in (partial, partial + "-wal", partial + "-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    started = time.perf_counter()
    if events >= 1_000_000:  # shared with bench_views: its cached log, copied
        base = bv.sqlite_large(events).url.removeprefix("sqlite:///")
        log(f"  copying {base}")
        shutil.copyfile(base, partial)
    else:
        log(f"  building a {events:,}-event log")
        bv._filled(f"sqlite:///{partial}", events)
    app = Tracker(f"sqlite:///{partial}")
    try:
        app.handle(RegisterUser(
            actor="console:bench", username=USERNAME, display_name="Bench Governance",
            roles=["governance"], clearance="official-sensitive", forums=[], password=PASSWORD,
        ))  # fmt: skip
        head = app.position()
        log(f"  rebuilding every view over {head:,} events (minutes for 1M on SQLite)")
        mark = [0.0]

        def progress(reached: int) -> None:
            if time.perf_counter() - mark[0] > 60:
                mark[0] = time.perf_counter()
                log(f"    views at {reached:,} of {head:,}, {mark[0] - started:.0f} s")

        rebuilt = time.perf_counter()
        with Projector(app, projections()) as projector:
            projector.rebuild(progress=progress)
        log(f"    rebuilt in {time.perf_counter() - rebuilt:.0f} s")
    finally:
        app.close()
    bv.settle_sqlite(partial, path)
    log(f"  store ready in {time.perf_counter() - started:.0f} s: {path}")
    return path


def store_facts(path: str) -> tuple[dict[str, int], list[str], int]:
    """Current items by kind, the taskings' references, and the log's length."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        kinds = dict(conn.execute(
            "SELECT kind, count(*) FROM timeline_items WHERE valid_to IS NULL GROUP BY kind"
        ).fetchall())  # fmt: skip
        taskings = [r for (r,) in conn.execute(
            "SELECT reference FROM timeline_items WHERE valid_to IS NULL AND reference LIKE 'TSK-%'"
        )]  # fmt: skip
        events = conn.execute("SELECT max(rowid) FROM stored_events").fetchone()[0]
    conn.close()
    return kinds, taskings, int(events or 0)


# -- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    errors: Any

    def workers(self) -> list[int]:
        found = []
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    with open(f"/proc/{pid}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    found.append(int(pid))
        return found

    def cpu_seconds(self) -> float:
        """User and system time of the master and its workers so far."""
        total = 0
        for pid in (self.process.pid, *self.workers()):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")


def start_server(path: str, workers: int, threads: int) -> Server:
    port = free_port()
    env = dict(os.environ)
    env.update({
        "TRACKER_DATABASE_URL": f"sqlite:///{path}",
        "TRACKER_SECRET_KEY": secrets.token_urlsafe(32),
        "TRACKER_PROJECTIONS": "in-process",
    })  # fmt: skip
    errors = open(os.path.join(CACHE, "gunicorn.log"), "w+b")  # noqa: SIM115
    command = [GUNICORN, "web.wsgi:app", "-b", f"127.0.0.1:{port}", "-w", str(workers),
               "--threads", str(threads), "--worker-class", "gthread", "--keep-alive", "30",
               "--backlog", "2048", "--timeout", "120"]  # fmt: skip
    log("  " + " ".join(command[1:]))
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=errors, stderr=errors)
    server = Server(process, port, errors)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if get(port, "/healthz")[0] == 200 and len(server.workers()) >= workers:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    errors.seek(0)
    raise RuntimeError(f"gunicorn did not start: {errors.read().decode()[-3000:]}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
    server.errors.close()


def get(port: int, path: str, headers: dict[str, str] | None = None
        ) -> tuple[int, bytes, http.client.HTTPResponse]:  # fmt: skip
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"User-Agent": USER_AGENT, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read(), response
    finally:
        conn.close()


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int) -> str:
    """Signs the bench account in once; the session cookie every client then sends."""
    status, body, response = get(port, "/sign-in")
    found = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body) or re.search(
        rb'value="([^"]+)"[^>]*name="csrf_token"', body
    )
    if status != 200 or not found:
        raise RuntimeError(f"sign-in page: {status}, no CSRF token")
    jar = cookies_of(response)
    form = urlencode({"csrf_token": found.group(1).decode(), "username": USERNAME,
                      "password": PASSWORD})  # fmt: skip
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", "/sign-in", body=form, headers={
            "User-Agent": USER_AGENT, "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
        })  # fmt: skip
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    jar.update(cookies_of(response))
    if response.status not in (302, 303):
        raise RuntimeError(f"sign-in refused: {response.status}")
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    status, _, _ = get(port, "/boards/tasking", {"Cookie": cookie})
    if status != 200:
        raise RuntimeError(f"signed in, but the board answers {status}")
    return cookie


# -- the load ---------------------------------------------------------------------------------


@dataclass
class Route:
    name: str
    path: Callable[[int], str]  # the i-th request's path
    timed: list[float] = field(default_factory=list)  # latencies, seconds
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    measured: float = 0.0  # seconds timed in all
    nbytes: int = 0
    client_cpu: float = 0.0
    server_cpu: float = 0.0

    def pct(self, q: float) -> float:
        return bv.pct(self.timed, q) if self.timed else float("nan")

    @property
    def rate(self) -> float:
        return len(self.timed) / self.measured if self.measured else 0.0


def drive(port: int, cookie: str, route: Route, clients: int, seconds: float,
          offset: int) -> tuple[list[tuple[float, int, int]], float]:  # fmt: skip
    """``clients`` threads, each on its own keep-alive connection, for ``seconds``.

    Returns every request (latency, status, bytes) that started in time, and the seconds
    from the start until the last one ended.
    """
    results: list[list[tuple[float, int, int]]] = [[] for _ in range(clients)]
    ready = threading.Barrier(clients + 1)
    times: dict[str, float] = {}
    headers = {"User-Agent": USER_AGENT, "Cookie": cookie}

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.connect()
        mine, i = results[k], offset + k * 7919  # each client its own walk through the paths
        ready.wait()
        end = times["end"]
        while (started := time.perf_counter()) < end:
            try:
                conn.request("GET", route.path(i), headers=headers)
                response = conn.getresponse()
                body = response.read()
                mine.append((time.perf_counter() - started, response.status, len(body)))
                if response.will_close:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            except (OSError, http.client.HTTPException):
                mine.append((time.perf_counter() - started, 0, 0))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            i += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    times["end"] = start + seconds
    ready.wait()
    for thread in threads:
        thread.join()
    return [r for mine in results for r in mine], time.perf_counter() - start


def run_route(server: Server, cookie: str, route: Route, clients: int, sizes: Sizes,
              offset: int) -> None:  # fmt: skip
    drive(server.port, cookie, route, clients, sizes.warmup, offset + 1_000_000)
    cpu, server_cpu = time.process_time(), server.cpu_seconds()
    done, seconds = drive(server.port, cookie, route, clients, sizes.seconds, offset)
    route.client_cpu += time.process_time() - cpu
    route.server_cpu += server.cpu_seconds() - server_cpu
    route.measured += seconds
    for latency, status, nbytes in done:
        route.statuses[status] = route.statuses.get(status, 0) + 1
        if status == 200:
            route.timed.append(latency)
            route.nbytes += nbytes
        else:
            route.errors += 1
            route.timed.append(latency)  # an error's time still counts in the percentiles


def routes(taskings: list[str], today: str, items: int) -> list[Route]:
    """The trivial route first (the baseline), then the pages the issue names."""
    rng = random.Random(4)
    picked = rng.sample(taskings, min(len(taskings), 500))
    since = (datetime.fromisoformat(today) - timedelta(days=7)).date().isoformat()
    searches = [f"user={user}&from={since}" for user in (STAFF, LEAD)]
    return [
        Route("trivial /healthz", lambda i: "/healthz"),
        Route("board /boards/tasking (page 1)", lambda i: "/boards/tasking"),
        Route(
            f"item /items/TSK-n ({len(picked)} taskings)",
            lambda i: f"/items/{picked[i % len(picked)]}",
        ),
        Route(
            "audit search /audit?user&from (page 1)",
            lambda i: f"/audit?{searches[i % len(searches)]}",
        ),
        Route(
            "CSV export, one item's trail",
            lambda i: f"/audit/export.csv?item={picked[i % len(picked)]}",
        ),
        # A user's searches match more than the export's 10k cap on the 1M store (refused,
        # 400); one user's events of one type stay under it (8,106 rows on the 1M store).
        Route(
            "CSV export, user+event type (8k rows)",
            lambda i: f"/audit/export.csv?user={STAFF}&event=SupportRequestRatified&from={since}",
        ),
    ]


# -- the report -------------------------------------------------------------------------------


def report(measured: list[Route], clients: int) -> None:
    base = measured[0]
    log("")
    head = (f"{'route':42s} {'requests':>8s} {'err':>4s} {'req/s':>7s} {'p50 ms':>8s} "
            f"{'p95 ms':>8s} {'p99 ms':>8s} {'p95/triv':>8s} {'p50/triv':>8s} "
            f"{'KB':>6s} {'cli cpu':>7s} {'srv cpu':>7s}")  # fmt: skip
    log("=" * len(head))
    log(head)
    log("-" * len(head))
    for r in measured:
        ok = len(r.timed) - r.errors
        log(f"{r.name[:42]:42s} {len(r.timed):8,d} {r.errors:4d} {r.rate:7.1f} "
            f"{r.pct(50) * 1000:8.1f} {r.pct(95) * 1000:8.1f} {r.pct(99) * 1000:8.1f} "
            f"{r.pct(95) / base.pct(95):8.1f} {r.pct(50) / base.pct(50):8.1f} "
            f"{r.nbytes / max(ok, 1) / 1024:6.1f} {100 * r.client_cpu / r.measured:6.0f}% "
            f"{100 * r.server_cpu / r.measured:6.0f}%")  # fmt: skip
    log("=" * len(head))
    log(
        f"  {clients} clients; cli cpu = the clients' process (100% = one core), srv cpu = "
        "gunicorn's master and workers (200% = both cores)"
    )
    for r in measured:
        odd = {s: n for s, n in r.statuses.items() if s != 200}
        if odd:
            log(f"  {r.name}: answers other than 200: {odd}")
    for r in measured[1:3]:
        ratio = r.pct(95) / base.pct(95)
        verdict = "MET" if ratio <= TARGET else "NOT MET"
        log(f"  {r.name}: p95 {r.pct(95) * 1000:.1f} ms = {ratio:.1f}x the trivial route's "
            f"{base.pct(95) * 1000:.1f} ms (target <= {TARGET:.0f}x): {verdict}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k events, short phases")
    parser.add_argument("--events", type=int, help="store size (default 1M, --quick 10k)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (gthread)")
    parser.add_argument("--seconds", type=float, help="timed seconds per route and round")
    parser.add_argument("--warmup", type=float, help="untimed seconds per route and round")
    parser.add_argument("--rounds", type=int, help="rounds over every route")
    parser.add_argument(
        "--only", nargs="+", type=int, help="routes (1-5, as printed) to run after the trivial one"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = QUICK if args.quick else FULL
    sizes = Sizes(
        events=args.events or sizes.events,
        warmup=sizes.warmup if args.warmup is None else args.warmup,
        seconds=args.seconds or sizes.seconds,
        rounds=args.rounds or sizes.rounds,
    )
    log(f"sizes: {sizes}; generator {VERSION}; {args.clients} clients; gunicorn "
        f"{args.workers} workers x {args.threads} threads")  # fmt: skip
    log(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}, {os.cpu_count()} cpus")
    log(bs.load_note())
    log(bs.code_note())
    started = time.perf_counter()
    path = web_store(sizes.events)
    kinds, taskings, events = store_facts(path)
    items = sum(n for kind, n in kinds.items() if kind not in ("user account", "reminder"))
    log(
        f"  {events:,} events; current items {items:,}: "
        + ", ".join(f"{k} {n:,}" for k, n in sorted(kinds.items()))
    )
    today = datetime.now(UTC).date().isoformat()
    measured = routes(taskings, today, items)
    if args.only:
        measured = [measured[0], *(measured[k] for k in args.only)]
    log("  served: " + bs.code_note())
    server = start_server(path, args.workers, args.threads)
    try:
        cookie = sign_in(server.port)
        log(f"  gunicorn pid {server.process.pid}, workers {server.workers()}; signed in as "
            f"{USERNAME} (governance, OFFICIAL-SENSITIVE)")  # fmt: skip
        for r in range(sizes.rounds):
            order = measured if r % 2 == 0 else measured[::-1]
            for route in order:
                before = len(route.timed)
                run_route(server, cookie, route, args.clients, sizes, offset=r * 100_003)
                got = route.timed[before:]
                log(f"  round {r + 1} {route.name:42s} {len(got):6,d} requests, "
                    f"p50 {bv.pct(got, 50) * 1000:7.1f} ms, p95 {bv.pct(got, 95) * 1000:7.1f} ms"
                    f"; {bs.load_note().split(' on ')[0]}")  # fmt: skip
    finally:
        stop_server(server)
    report(measured, args.clients)
    log(f"\ntotal {time.perf_counter() - started:.0f} s; {bs.load_note()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
