"""The audit trail as a PDF governance pack, stamped with the chain digest it was taken at.

Text the PDF's core font cannot draw is shown as "?".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from tracker.kernel.clock import LONDON
from tracker.kernel.markings import SENSITIVE
from tracker.oversight.audit_entries import AuditEntry
from web.audit_files import Stamp
from web.cells import london

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
    _cover(pdf, entries, stamp)
    _digest_to_keep(pdf, stamp)
    _table(pdf, entries)
    return bytes(pdf.output())


def _cover(pdf: FPDF, entries: Sequence[AuditEntry], stamp: Stamp) -> None:
    """The pack's title, and what was exported, when and by whom."""
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


def _digest_to_keep(pdf: FPDF, stamp: Stamp) -> None:
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 5, "Chain digest at export (keep it: the verification page checks the log "
                   "still extends it):", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.set_font("Courier", "", 9)
    pdf.multi_cell(0, 5, stamp.digest, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


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
