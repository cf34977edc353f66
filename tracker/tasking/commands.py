"""Commands on NCA taskings, one per user action; ``handlers`` carries them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from tracker.kernel.commands import Command, ItemCommand
from tracker.tasking.lifecycle import DECIDED_BY


@dataclass(frozen=True, kw_only=True)
class ReceiveTasking(Command):
    PARTIES = ("lead_officer",)
    marking: str
    basis: str
    received_on: date | str
    title: str
    description: str
    threat_area: str
    lead_officer: str = ""  # named later if not known yet: unowned until then
    resourcing: str
    assists_nca_functions: str = ""
    nca_reference: str = ""


@dataclass(frozen=True, kw_only=True)
class PlaceTaskingRequirements(ItemCommand):
    """Place (or replace) what the tasking requires of one force; ``owner`` (a person or a
    post) owns them there: unless named, whoever owned them before, or the force's SOC lead."""

    PARTIES = ("owner",)
    force: str
    requirements: list[str] = field(default_factory=list)
    owner: str = ""


@dataclass(frozen=True, kw_only=True)
class ReportTaskingRequirementProgress(ItemCommand):
    """Report progress on requirement number ``requirement`` of those placed on ``force``:
    its status, a note, the evidence (needed when met), and any outcomes since its last
    report. Those who log taskings may report it, and so may whoever holds its owner post."""

    force: str
    requirement: int
    status: str
    note: str
    evidence: str = ""
    reported_on: date | str
    operations: int | None = None
    disruptions: int | None = None
    arrests: int | None = None


@dataclass(frozen=True, kw_only=True)
class PresentTasking(ItemCommand):
    meeting_on: date | str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ReferBackTasking(ItemCommand):
    """The RTTCG refers a request back to the NCA; only its members may record that."""

    FORUM: ClassVar[str] = DECIDED_BY
    rationale: str


@dataclass(frozen=True, kw_only=True)
class RecordRepresentation(ItemCommand):
    representation: str
    made_by: str


@dataclass(frozen=True, kw_only=True)
class ReportTaskingProgress(ItemCommand):
    update: str
    reported_on: date | str


@dataclass(frozen=True, kw_only=True)
class CompleteTasking(ItemCommand):
    outcome: str


@dataclass(frozen=True, kw_only=True)
class ReportBackTasking(ItemCommand):
    report: str
    reported_on: date | str
