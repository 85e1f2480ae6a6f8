"""Exports of a joint bid: who may download the application as PDF or Word, and what the
documents hold, with only the budget lines the reader may see.

The PDF renderer's safety: test_bid_export_renderer.py; the bid as at a past version:
test_bid_export_versions.py. The bid and its people: export_world.py."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from consortium.bids import versions as bids
from tests.bids.export_world import (
    LEAD_TEXT,
    PARTNER_TEXT,
    PRIVATE_LINE,
    add_people,
    docx_text,
    download,
    make_bid,
    pdf_text,
    squash,
)

# The fixtures bid and p (the redundant aliases tell ruff that the imports are wanted).
from tests.bids.export_world import bid_fixture as bid_fixture
from tests.bids.export_world import personas_fixture as personas_fixture
from tests.personas import PERSONAS, client_for

pytestmark = pytest.mark.django_db


BID_PERSONAS = ["anonymous", "non_member", "partner", "subcontractor", "lead", "staff"]


def bid_client(name, p, extra):
    mapping = {"partner": "other_member", "lead": "org_admin"}
    if name in extra:
        from django.test import Client

        client = Client()
        client.force_login(extra[name], backend="django.contrib.auth.backends.ModelBackend")
        return client
    return client_for(mapping.get(name, name), p)


# --- who gets what ---------------------------------------------------------------------------

MEMBERS_ONLY = {
    "anonymous": 302,
    "volunteer": 404,
    "other_member": 200,
    "member": 200,
    "org_admin": 200,
    "staff": 200,
}

ACCESS = [
    (
        "a bid's export choices",
        lambda p: reverse("bids:export", args=[make_bid(p).slug]),
        MEMBERS_ONLY,
    ),
    ("a bid's PDF", lambda p: reverse("bids:export_pdf", args=[make_bid(p).slug]), MEMBERS_ONLY),
    (
        "a bid's Word document",
        lambda p: reverse("bids:export_docx", args=[make_bid(p).slug]),
        MEMBERS_ONLY,
    ),
    (
        "how far a bid's PDF has got",
        lambda p: reverse("bids:export_pdf_status", args=[make_bid(p).slug]),
        MEMBERS_ONLY,
    ),
    (
        "how far a bid's Word document has got",
        lambda p: reverse("bids:export_docx_status", args=[make_bid(p).slug]),
        MEMBERS_ONLY,
    ),
    (
        "a bid's PDF as at version 1",
        lambda p: reverse("bids:export_pdf", args=[make_bid(p).slug]) + "?version=1",
        MEMBERS_ONLY,
    ),
    (
        # The bid is at version 1, so those who may see it are told there is nothing to compare.
        "what changed since version 1",
        lambda p: reverse("bids:changes", args=[make_bid(p).slug]) + "?from=1",
        {person: 400 if status == 200 else status for person, status in MEMBERS_ONLY.items()},
    ),
    (
        "the PDF of a bid that does not exist",
        lambda p: reverse("bids:export_pdf", args=["no-such-bid"]),
        dict.fromkeys(PERSONAS, 404),
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_each_person_gets_what_they_may_see(p, persona, description, url_for, expected):
    response = client_for(persona, p).get(url_for(p))
    assert response.status_code == expected[persona], f"{persona} on {description}"
    if expected[persona] == 302:
        assert "/accounts/login/" in response["Location"]


BID_ACCESS = {
    "anonymous": 302,
    "non_member": 404,
    "partner": 200,
    "subcontractor": 200,
    "lead": 200,
    "staff": 200,
}


@pytest.mark.parametrize("kind", ["pdf", "docx"])
@pytest.mark.parametrize("persona", BID_PERSONAS)
def test_only_the_consortium_and_staff_can_download_a_bid(p, bid, persona, kind):
    client = bid_client(persona, p, add_people(p))
    response = download(client, bid, kind)
    assert response.status_code == BID_ACCESS[persona]
    if response.status_code == 200:
        assert response["Content-Disposition"] == f'attachment; filename="{bid.slug}-v1.{kind}"'


# --- the PDF -------------------------------------------------------------------------------------


def test_the_pdf_has_the_cover_both_partners_sections_totals_and_sign_offs(p, bid):
    signed = bids.sign_off(bid, p.organisation, p.org_admin)
    response = download(client_for("org_admin", p), bid, "pdf")
    assert response["Content-Type"] == "application/pdf"
    text, reader = pdf_text(response.content)
    for expected in [
        "Warm Spaces for Fernlea",  # cover
        "Fernlea Community Foundation",
        "Fernlea Together",
        "£48,000.00",
        "31 March 2027",
        "Draft",
        "Contents",
        LEAD_TEXT,
        PARTNER_TEXT,
        "15 of 500 words",
        "Quarry Hill Youth Club",
        "GB-CHC-1090095",
        "GB-COH-08255580",
        "£22,000.50",  # the total of all three lines, seen by the lead
        PRIVATE_LINE,
        "Safeguarding policy",
        "Sign-off record",
        signed.fingerprint[:20],
    ]:
        assert squash(expected) in text, expected
    assert reader.metadata.title == "Warm Spaces for Fernlea"


def test_the_pdf_is_tagged_for_screen_readers_with_its_language(p, bid):
    content = download(client_for("org_admin", p), bid, "pdf").content
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert b"pdfuaid" in root["/Metadata"].get_data()  # PDF/UA identification (XMP)


def test_a_private_budget_line_is_absent_from_another_partners_export(p, bid):
    extra = add_people(p)
    sub_text, _ = pdf_text(download(bid_client("subcontractor", p, extra), bid, "pdf").content)
    assert squash("Hall heaters") in sub_text
    assert squash(PRIVATE_LINE) not in sub_text
    assert "£14,500.50" in sub_text  # totals leave the hidden line out
    sub_docx, _ = docx_text(download(bid_client("subcontractor", p, extra), bid, "docx").content)
    assert PRIVATE_LINE not in sub_docx
    owner_text, _ = pdf_text(download(client_for("other_member", p), bid, "pdf").content)
    assert squash(PRIVATE_LINE) in owner_text


# --- Word ------------------------------------------------------------------------------------


def test_the_word_document_has_the_same_content(p, bid):
    signed = bids.sign_off(bid, p.other_organisation, p.other_member)
    response = download(client_for("org_admin", p), bid, "docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text, document = docx_text(response.content)
    headings = [x.text for x in document.paragraphs if x.style.name.startswith("Heading")]
    assert headings[:2] == ["Summary", "Partners"]
    assert "1. Delivery plan" in headings and "Sign-off record" in headings
    for expected in [
        "Fernlea Community Foundation",
        LEAD_TEXT,
        PARTNER_TEXT,
        "15 of 500 words",
        "GB-COH-08255580",
        "Total |  |  |  | £22,000.50 | £1,000.00",
        "Quarry Hill Youth Club | £7,500.00",
        "Safeguarding policy",
        signed.fingerprint,
    ]:
        assert expected in text, expected
    assert document.core_properties.title == "Warm Spaces for Fernlea"
