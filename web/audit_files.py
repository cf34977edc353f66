"""The audit trail's exports: CSV, JSON and a PDF governance pack, each stamped with its digest.

Every file opens with the chain digest it was taken at, so whoever holds it can later ask the
verification page whether the log still extends that digest. Cells a spreadsheet would run as
a formula are made inert; text a PDF's core font cannot draw is shown as "?".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from tracker.kernel.aggregate import SENSITIVE
from tracker.kernel.clock import LONDON
from tracker.oversight.audit import AuditEntry
from web.reading import london

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "position", "recorded_at", "actor", "reference", "kind", "marking", "forum", "event",
    "label", "decided_at", "why", "details",
)  # fmt: skip


@dataclass(frozen=True)
class Stamp:
    """What an export says about itself: the digest, when, by whom, what was asked."""

    digest: str  # the chain digest line at the moment of export
    exported_at: datetime
    exported_by: str
    filters: list[tuple[str, str]]
    sensitive_cleared: bool

    @property
    def scope(self) -> str:
        if self.sensitive_cleared:
            return "all items, OFFICIAL and OFFICIAL-SENSITIVE"
        return "OFFICIAL items only (the reader holds no OFFICIAL-SENSITIVE clearance)"

    def marking(self, entries: Sequence[AuditEntry]) -> str:
        """The file's own marking: that of the most sensitive item it shows."""
        return SENSITIVE if any(e.marking == SENSITIVE for e in entries) else "OFFICIAL"

    def filters_text(self) -> str:
        return "; ".join(f"{name}: {value}" for name, value in self.filters) or "none (everything)"


def inert(value: Any) -> Any:
    """A cell no spreadsheet will run: text that starts like a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(entries: Sequence[AuditEntry], stamp: Stamp) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    rows: list[list[Any]] = [
        ["ROCU tracker audit trail", stamp.digest],
        ["Marking", stamp.marking(entries)],
        ["Exported at (UTC)", stamp.exported_at.isoformat(), "by", stamp.exported_by],
        ["Filters", stamp.filters_text()],
        ["Scope", stamp.scope],
        ["Events", len(entries)],
        [],
        list(COLUMNS),
    ]
    for entry in entries:
        record = entry.as_record() | {"details": _json(entry.details)}
        rows.append([record[column] for column in COLUMNS])
    writer.writerows([[inert(cell) for cell in row] for row in rows])
    return out.getvalue()


def as_json(entries: Sequence[AuditEntry], stamp: Stamp) -> str:
    document = {
        "digest": stamp.digest,
        "marking": stamp.marking(entries),
        "exported_at": stamp.exported_at.isoformat(),
        "exported_by": stamp.exported_by,
        "filters": dict(stamp.filters),
        "scope": stamp.scope,
        "count": len(entries),
        "events": [entry.as_record() for entry in entries],
    }
    # "<" as \u003c: the same JSON, but no browser sniffing it can find a tag in it.
    return json.dumps(document, indent=1, ensure_ascii=False).replace("<", "\\u003c")


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False) if value else ""


# -- the PDF governance pack ------------------------------------------------------------

# Typographic marks people type, as the core font's nearest: quotes, dashes, ellipsis, nbsp.
PLAIN = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                       "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " "})  # fmt: skip
PDF_COLUMNS = (("Recorded (London)", 26), ("No.", 12), ("User", 24), ("Item", 26),
               ("Event", 40), ("Forum", 26), ("Why and details", 123))  # fmt: skip


def drawable(text: str) -> str:
    """Text the PDF's core font can draw (Latin-1); anything else becomes "?"."""
    return text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Pack(FPDF):
    marking = "OFFICIAL"
    digest = ""

    def header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.cell(0, 5, self.marking, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 7)
        self.cell(0, 4, drawable(self.digest), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"{self.marking} - page {self.page_no()} of {{nb}}", align="R")


def as_pdf(entries: Sequence[AuditEntry], stamp: Stamp) -> bytes:
    pdf = _Pack(orientation="L", format="A4")
    pdf.marking, pdf.digest = stamp.marking(entries), stamp.digest
    pdf.set_title("Audit trail: governance pack")
    pdf.set_subject(stamp.digest)
    pdf.set_author("ROCU tracker")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Audit trail: governance pack", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    facts = (
        ("Exported", f"{london(stamp.exported_at)} (Europe/London) by {stamp.exported_by}"),
        ("Filters", stamp.filters_text()),
        ("Scope", stamp.scope),
        ("Events", f"{len(entries):,}"),
    )
    for name, value in facts:
        pdf.multi_cell(0, 5, drawable(f"{name}: {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 5, "Chain digest at export (keep it: the verification page checks the log "
                   "still extends it):", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.set_font("Courier", "", 9)
    pdf.multi_cell(0, 5, stamp.digest, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _table(pdf, entries)
    return bytes(pdf.output())


def _table(pdf: FPDF, entries: Sequence[AuditEntry]) -> None:
    if not entries:
        pdf.set_font("Helvetica", "I", 10)
        pdf.cell(0, 6, "No event matches these filters.")
        return
    pdf.set_font("Helvetica", "", 7)
    heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    widths = tuple(width for _, width in PDF_COLUMNS)
    layout = {"line_height": 3.5, "text_align": "LEFT", "v_align": "TOP"}
    with pdf.table(col_widths=widths, headings_style=heading, **layout) as table:
        table.row([name for name, _ in PDF_COLUMNS])
        for entry in entries:
            table.row([drawable(text) for text in _pdf_row(entry)])


def _pdf_row(entry: AuditEntry) -> list[str]:
    said = [f"Why: {entry.why}"] if entry.why else []
    said += [
        f"{key.replace('_', ' ')}: {_text(value)}" for key, value in sorted(entry.details.items())
    ]
    if entry.decided_at:
        said.append(f"decided: {london(entry.decided_at)}")
    item = entry.reference if entry.marking != SENSITIVE else f"{entry.reference} (O-S)"
    return [
        entry.recorded_at.astimezone(LONDON).strftime("%d %b %Y %H:%M:%S"),
        str(entry.position), entry.actor, item, entry.label, entry.forum, "\n".join(said),
    ]  # fmt: skip


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
