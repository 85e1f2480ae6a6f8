"""A section's Markdown written into a Word document: headings as Word headings, lists with
the List Bullet and List Number styles, bold and italic runs, tables as Word tables, and
links as their text followed by the address in brackets."""

import re

from docx.enum.table import WD_TABLE_ALIGNMENT

from consortium.bids import formatting

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text):
    return NOT_XML.sub("", text or "")


def _runs(paragraph, inline):
    """Add the inline token's text to ``paragraph`` as runs, bold and italic as typed."""
    bold = italic = 0
    href = None
    for child in inline.children or ():
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = child.attrGet("href")
        elif kind == "link_close":
            if href:
                paragraph.add_run(_clean(f" ({href})"))
            href = None
        elif kind in ("text", "code_inline") and child.content:
            run = paragraph.add_run(_clean(child.content))
            run.bold = bool(bold) or None
            run.italic = bool(italic) or None
        elif kind in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")


def _table(document, rows):
    columns = max(len(row) for _, row in rows)
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for header, row in rows:
        cells = table.add_row().cells
        for cell, inline in zip(cells, row, strict=False):
            cell.text = ""
            _runs(cell.paragraphs[0], inline)
            if header:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    document.add_paragraph()


def add_markdown(document, body, heading_level=2):
    """Write ``body`` (a section's Markdown) into ``document``; the section's own headings
    start at ``heading_level``."""
    lists = []  # a stack of "List Bullet" / "List Number"
    rows, row, header = None, None, False
    heading = None
    for token in formatting.parse(body):
        kind = token.type
        if kind == "heading_open":
            heading = min(9, heading_level + max(0, int(token.tag[1]) - 3))
        elif kind == "bullet_list_open":
            lists.append("List Bullet")
        elif kind == "ordered_list_open":
            lists.append("List Number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "table_open":
            rows = []
        elif kind == "thead_open":
            header = True
        elif kind == "thead_close":
            header = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            rows.append((header, row))
            row = None
        elif kind == "table_close":
            if rows:
                _table(document, rows)
            rows = None
        elif kind == "inline":
            if row is not None:
                row.append(token)
            elif heading is not None:
                document.add_heading(_clean(formatting.inline_text(token)), level=heading)
                heading = None
            else:
                style = None
                if lists:
                    depth = len(lists)
                    style = lists[-1] + (f" {depth}" if 1 < depth <= 3 else "")
                _runs(document.add_paragraph(style=style), token)
