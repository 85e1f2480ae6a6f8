"""Formatted sections in the PDF and Word exports: real lists, tables and headings."""

import io

import pytest
from docx import Document

from consortium.models import BidSection
from tests.bids.export_world import download, pdf_text, squash
from tests.bids.section_helpers import delivery
from tests.bids.world import client_for

pytestmark = pytest.mark.django_db

BODY = """How we will run the sessions.

### Where we work
- **Fernlea** library
- Church halls in *Upton*

1. Plan the sessions
2. Run them

| Area | People |
| --- | --- |
| Leeds | 40 |

Read [our report](https://example.org/report)."""


def formatted_bid(p):
    BidSection.objects.filter(pk=delivery(p).pk).update(body=BODY)
    return p.bid


def structure_types(reader):
    """Every structure type in the PDF's tag tree (P, H3, L, LI, Table, TR, TD...)."""
    found, seen = set(), set()

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get") or id(node) in seen:
            return
        seen.add(id(node))
        if "/S" in node:
            found.add(str(node["/S"]).lstrip("/"))
        if "/K" in node:
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_the_pdf_has_the_list_items_and_table_cells_as_real_lists_and_tables(p):
    bid = formatted_bid(p)
    response = download(client_for("lead", p), bid, "pdf")
    assert response.status_code == 200
    text, reader = pdf_text(response.content)
    for expected in [
        "Where we work",
        "Fernlea library",
        "Church halls in Upton",
        "Plan the sessions",
        "Area",
        "People",
        "Leeds",
        "40",
        "our report",
    ]:
        assert squash(expected) in text, expected
    assert "**" not in text and "###" not in text
    types = structure_types(reader)
    assert {"L", "LI", "Table", "TR", "TH", "TD", "H3"} <= types, types


def test_the_word_export_has_headings_list_styles_bold_runs_tables_and_link_addresses(p):
    bid = formatted_bid(p)
    response = download(client_for("lead", p), bid, "docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    paragraphs = [(para.style.name, para.text) for para in document.paragraphs]
    assert ("Heading 2", "Where we work") in paragraphs
    assert ("List Bullet", "Fernlea library") in paragraphs
    assert ("List Bullet", "Church halls in Upton") in paragraphs
    assert ("List Number", "Plan the sessions") in paragraphs
    assert any(text == "Read our report (https://example.org/report)." for _, text in paragraphs)
    fernlea = next(para for para in document.paragraphs if para.text == "Fernlea library")
    assert [(run.text, run.bold) for run in fernlea.runs] == [("Fernlea", True), (" library", None)]
    upton = next(para for para in document.paragraphs if para.text == "Church halls in Upton")
    assert upton.runs[-1].italic
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    assert [["Area", "People"], ["Leeds", "40"]] in tables
    assert not any("**" in text for _, text in paragraphs)
