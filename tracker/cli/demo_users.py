"""The demo's sign-ins: one account per role, all with one password (never in production)."""

from __future__ import annotations

from datetime import date, datetime

from tracker.accounts.commands import RegisterUser
from tracker.accounts.sign_in import by_password
from tracker.cli.demo_cast import (
    COMMS_LEAD,
    DEBRIEF_LEAD,
    HEAD_OF_INTELLIGENCE,
    LEAD_OFFICER,
    RTTCG_CHAIR,
    STAFF,
    Commands,
)
from tracker.forums.standard_forums import MONITORING_MEETING
from tracker.service.application import Tracker

DEMO_PASSWORD = "demo tracker password"
DEMO_USERS: tuple[tuple[str, str, list[str], str, list[str]], ...] = (
    # username, name, roles, clearance, forums
    ("admin", "Demo Admin", ["admin"], "official", []),
    (STAFF, "DC Rana Khan", ["staff"], "official-sensitive", []),
    (HEAD_OF_INTELLIGENCE, "DCS S. Ellis", ["staff", "decision-maker"],
     "official-sensitive", ["weekly tasking meeting", MONITORING_MEETING]),
    (RTTCG_CHAIR, "ACC Alex Morgan", ["decision-maker"], "official-sensitive",
     ["RTTCG", "weekly tasking meeting", "Gold recovery board"]),
    (DEBRIEF_LEAD, "Supt Jo Owens", ["debrief-lead"], "official", []),
    ("g.hale", "Gill Hale (governance)", ["governance"], "official-sensitive", ["RTTCG"]),
    ("v.ward", "Vic Ward (viewer)", ["viewer"], "official", []),
    (LEAD_OFFICER, "DCI Asha Patel", ["staff"], "official-sensitive", []),
    (COMMS_LEAD, "Kim Hughes", ["staff"], "official", []),
)  # fmt: skip


def demo_users(today: date, now: datetime) -> Commands:
    """An account per role; the admin who made them is the console."""
    for username, name, roles, clearance, forums in DEMO_USERS:
        yield RegisterUser(
            actor="console:demo", username=username, display_name=name,
            email=f"{username}@rocu.example", roles=roles, clearance=clearance, forums=forums,
            password=DEMO_PASSWORD,
        )  # fmt: skip


def demo_sign_ins(app: Tracker) -> list[str]:
    """The demo's accounts whose password is still the demo's, as "username  roles, clearance"."""
    return [
        f"{username:<11} {', '.join(roles)}, clearance {clearance}"
        for username, _, roles, clearance, _ in DEMO_USERS
        if by_password(app, username, DEMO_PASSWORD) is not None
    ]
