"""A joint bid as a Word document (python-docx), with the same content as the PDF, for
partners who must paste it into a funder's own form."""

import io
import re

from django.utils import timezone
from django.utils.dateformat import format as date_format
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Pt

from consortium.bids.exports.docx_markdown import add_markdown
from consortium.numbers import money, number

# Characters XML 1.0 cannot hold (control characters); Word would refuse the file.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _when(value, fmt="j F Y, g:i a"):
    if not value:
        return "Not given"
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return date_format(value, fmt)


def _text(value):
    return NOT_XML.sub("", "" if value is None else str(value))


def _para(document, text):
    return document.add_paragraph(_text(text))


def _table(document, header, rows, numeric=(), footer=None):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(_text(text)).bold = True
    for row in [*rows, *([footer] if footer else [])]:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = _text(text)
            if i in numeric:
                cell.paragraphs[0].alignment = 2  # right
            if footer is not None and row is footer:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    document.add_paragraph()
    return table


PRIVATE_NOTE = (
    "Lines marked Private are seen only by the lead, the partner they belong to and "
    "brokerage staff."
)


def hidden_lines_note(snap):
    """How many lines this reader does not see, never what they hold."""
    lines = "line" if snap.lines_total == 1 else "lines"
    verb = "is" if snap.lines_hidden == 1 else "are"
    return (
        f"{snap.lines_hidden} of {snap.lines_total} budget {lines} {verb} private to other "
        "partners and not shown here. The totals are of the lines shown."
    )


def render_docx(snap):
    """The .docx bytes for a :class:`~consortium.exports.snapshot.Snapshot`."""
    bid = snap.bid
    document = Document()
    document.core_properties.title = _text(bid.title)
    document.core_properties.author = _text(snap.consortium)
    document.core_properties.language = "en-GB"
    document.styles["Normal"].font.size = Pt(11)

    document.add_heading(_text(bid.title), level=0)
    facts = [
        ("Funder", bid.funder or "Not given"),
        ("Programme or tender", bid.programme),
        ("Reference", bid.reference),
        ("Consortium", snap.consortium),
        ("Lead organisation", snap.lead or "Not named"),
        (
            "Amount requested",
            money(bid.amount_requested) if bid.amount_requested is not None else "Not given",
        ),
        ("Deadline", _when(bid.deadline)),
        ("State", bid.get_state_display()),
        (
            "Version",
            f"{snap.version}" + ("" if snap.is_current else f" (as at {_when(snap.as_at)})"),
        ),
        ("Document made", _when(snap.made_at)),
    ]
    _table(document, ["", ""], [(k, v) for k, v in facts if v])
    if bid.summary:
        document.add_heading("Summary", level=1)
        for paragraph in bid.summary.splitlines():
            if paragraph.strip():
                _para(document, paragraph)

    document.add_heading("Partners", level=1)
    _table(
        document,
        ["Organisation", "Role", "Org-id", "Registration numbers", "Income"],
        [
            (
                p.name,
                p.role,
                p.org_id or "None",
                "; ".join(f"{label}: {n}" for label, n in p.numbers) or "None",
                p.income_band or "Not given",
            )
            for p in snap.partners
        ],
    )
    for p in snap.partners:
        s = p.statement
        if s is None:
            continue
        document.add_heading(_text(f"{p.name}: role in this bid"), level=2)
        if s.role_in_bid:
            _para(document, s.role_in_bid)
        if s.delivery_areas:
            _para(document, f"Delivery areas: {s.delivery_areas}")
        if s.capacity:
            _para(document, f"Capacity: {s.capacity}")

    for n, section in enumerate(snap.sections, start=1):
        document.add_heading(_text(f"{n}. {section.title}"), level=1)
        if section.word_limit:
            words = f"{number(section.word_count)} of {number(section.word_limit)} words"
        else:
            words = f"{number(section.word_count)} words"
        if section.assigned_to:
            words += f" · written by {section.assigned_to}"
        _para(document, words).runs[0].italic = True
        if section.body.strip():
            add_markdown(document, section.body, heading_level=2)
        else:
            _para(document, "Not written yet.")

    document.add_heading("Budget", level=1)
    if snap.lines_hidden:
        _para(document, hidden_lines_note(snap)).runs[0].italic = True
    if snap.shows_private_lines:
        _para(document, PRIVATE_NOTE).runs[0].italic = True
    if snap.budget_lines:
        _table(
            document,
            ["Organisation", "Year", "Category", "Description", "Amount", "Match funding"],
            [
                (
                    org,
                    line.year,
                    line.get_category_display(),
                    line.description + (" (Private)" if line.is_private else ""),
                    money(line.amount),
                    money(line.match_funding),
                )
                for org, line in snap.budget_lines
            ],
            numeric=(4, 5),
            footer=(
                "Total",
                "",
                "",
                "",
                money(snap.total.amount),
                money(snap.total.match_funding),
            ),
        )
        for title, first, rows in [
            ("Totals for each partner", "Organisation", snap.totals_by_partner),
            ("Totals for each category", "Category", snap.totals_by_category),
            ("Totals for each year", "Year", [(f"Year {y}", t) for y, t in snap.totals_by_year]),
        ]:
            document.add_heading(title, level=2)
            _table(
                document,
                [first, "Amount", "Match funding"],
                [(label, money(t.amount), money(t.match_funding)) for label, t in rows],
                numeric=(1, 2),
            )
    elif not snap.lines_hidden:
        _para(document, "No budget lines yet.")

    document.add_heading("Due diligence", level=1)
    if snap.required_documents:
        _table(
            document,
            ["Organisation", *snap.required_documents],
            [
                (
                    name,
                    *[
                        ("Held" + (f" until {_when(exp, 'j M Y')}" if exp else ""))
                        if held
                        else "Missing"
                        for _, held, exp in documents
                    ],
                )
                for name, documents in snap.checklist
            ],
        )
    else:
        _para(document, "The funder asks for no documents.")

    document.add_heading("Sign-off record", level=1)
    if snap.sign_offs:
        _table(
            document,
            ["Organisation", "Signed by", "When", "Version", "Fingerprint (SHA-256)", "Standing"],
            [
                (
                    s["organisation"],
                    s["person"],
                    _when(s["signed_at"], "j M Y, g:i a"),
                    s["version"],
                    s["fingerprint"],
                    (
                        f"Voided {_when(s['voided_at'], 'j M Y')}"
                        + (f": {s['voided_reason']}" if s["voided_reason"] else "")
                    )
                    if s["voided_at"]
                    else "Valid",
                )
                for s in snap.sign_offs
            ],
        )
    else:
        _para(document, "No partner has signed off this bid yet.")

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
