"""Health checks for the compose services (the slim image has neither curl nor pgrep).

    python healthcheck.py http URL            the URL answers 200 (web: /healthz)
    python healthcheck.py fresh GLOB SECONDS  a file matching GLOB changed in the last SECONDS
                                              (beat: its schedule is written as it sends scans)
    python healthcheck.py running WORD...     a live process's command line holds every WORD
                                              (projector: until /readyz reports its lag)

Exit 0 when healthy, 1 with one line saying why not.
"""

from __future__ import annotations

import glob
import os
import sys
import time
import urllib.request
from pathlib import Path


def http(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return None if response.status == 200 else f"{url} answered {response.status}"
    except OSError as error:
        return f"{url}: {error}"


def fresh(pattern: str, seconds: str) -> str | None:
    paths = glob.glob(os.path.expanduser(pattern))
    if not paths:
        return f"nothing matches {pattern}"
    age = time.time() - max(os.path.getmtime(path) for path in paths)
    return None if age <= float(seconds) else f"{pattern} last changed {age:.0f} s ago"


def running(*words: str) -> str | None:
    for status in Path("/proc").glob("[0-9]*/status"):
        if status.parent.name == str(os.getpid()):  # this check's own command line
            continue
        try:
            command = (status.parent / "cmdline").read_bytes().decode(errors="replace")
            state = status.read_text()
        except OSError:  # the process ended while we looked
            continue
        names = {os.path.basename(part) for part in command.split("\0")}
        if "State:\tZ" not in state and names.issuperset(words):
            return None
    return f"no live process runs {' '.join(words)}"


CHECKS = {"http": http, "fresh": fresh, "running": running}

if __name__ == "__main__":
    problem = CHECKS[sys.argv[1]](*sys.argv[2:])
    if problem:
        print(problem)
    sys.exit(1 if problem else 0)
