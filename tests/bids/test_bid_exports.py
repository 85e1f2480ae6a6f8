"""Exports of a joint bid: members download the application as PDF or Word, as it is now
or as it was at any past version, with only the budget lines they may see."""

import datetime
import http.server
import io
import threading
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from consortium.bids import versions as bids
from consortium.bids.exports import pdf
from consortium.bids.exports.snapshot import UnknownVersion, snapshot
from consortium.models import (
    BidSection,
    BudgetLine,
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    DocumentKind,
    InvitationStatus,
    JointBid,
    LegalForm,
    Organisation,
    OrganisationDocument,
    PartnerStatement,
    Role,
    SectionStatus,
)
from tests.personas import PERSONAS, client_for, make_member, make_personas

pytestmark = pytest.mark.django_db

LEAD_TEXT = "The lead runs a warm space every weekday in the Fernlea library."
PARTNER_TEXT = "The youth club opens its hall on Saturdays for families."
PRIVATE_LINE = "Youth worker day rate (private pricing)"


# --- a consortium, its bid, and the people around it -------------------------------------------


def make_bid(p, title="Warm Spaces for Fernlea", **fields):
    """A bid by p.organisation (lead) with p.other_organisation (partner) and a subcontractor.

    The standard personas then are: member and org_admin (the lead's people), other_member
    (the partner's), volunteer (in no organisation of the consortium).
    """
    lead, partner = p.organisation, p.other_organisation
    sub = Organisation.objects.get_or_create(
        name="Hillside Village Halls",
        defaults={"legal_form": LegalForm.REGISTERED_CHARITY, "charity_number": "1123456"},
    )[0]
    consortium, _ = Consortium.objects.get_or_create(name="Fernlea Together")
    for org, role in [
        (lead, ConsortiumRole.LEAD),
        (partner, ConsortiumRole.PARTNER),
        (sub, ConsortiumRole.SUBCONTRACTOR),
    ]:
        ConsortiumMember.objects.get_or_create(
            consortium=consortium,
            organisation=org,
            defaults={"role": role, "status": InvitationStatus.ACCEPTED},
        )
    bid = JointBid.objects.create(
        consortium=consortium,
        title=title,
        funder="Fernlea Community Foundation",
        reference="FCF-2027-04",
        deadline=timezone.make_aware(datetime.datetime(2027, 3, 31, 12, 0)),
        amount_requested=Decimal("48000"),
        start_date=datetime.date(2027, 6, 1),
        duration_months=24,
        summary="Warm, welcoming spaces in three villages through the winter.",
        **fields,
    )
    BidSection.objects.create(
        bid=bid,
        title="Delivery plan",
        body=LEAD_TEXT + "\n\nVolunteers serve soup.",
        word_limit=500,
        assigned_to=lead,
        sort_order=1,
        status=SectionStatus.READY,
    )
    BidSection.objects.create(
        bid=bid,
        title="Partnership and governance",
        body=PARTNER_TEXT,
        word_limit=300,
        assigned_to=partner,
        sort_order=2,
        status=SectionStatus.READY,
    )
    BudgetLine.objects.create(
        bid=bid,
        organisation=lead,
        category="staff",
        description="Warm space coordinator",
        year=1,
        amount=Decimal("12000"),
        match_funding=Decimal("1000"),
    )
    BudgetLine.objects.create(
        bid=bid,
        organisation=partner,
        category="staff",
        description=PRIVATE_LINE,
        year=1,
        amount=Decimal("7500"),
        is_private=True,
    )
    BudgetLine.objects.create(
        bid=bid,
        organisation=sub,
        category="equipment",
        description="Hall heaters",
        year=2,
        amount=Decimal("2500.50"),
    )
    PartnerStatement.objects.create(
        bid=bid, organisation=partner, role_in_bid="Saturday family sessions", capacity="4 staff"
    )
    OrganisationDocument.objects.create(
        organisation=lead,
        kind=DocumentKind.SAFEGUARDING,
        title="Safeguarding policy 2026",
        file="vault/x/safeguarding.pdf",
        expires_on=timezone.localdate() + datetime.timedelta(days=200),
    )
    return bid


def add_people(p):
    """The bid personas beyond the standard ones: a subcontractor and a non-member."""
    sub = Organisation.objects.get(name="Hillside Village Halls")
    outsider = Organisation.objects.create(
        name="Castle Ward Food Pantry", legal_form=LegalForm.CIC, company_number="09999999"
    )
    return {
        "subcontractor": make_member("sub-persona", sub, Role.ADMIN),
        "non_member": make_member("outsider-persona", outsider),
    }


BID_PERSONAS = ["anonymous", "non_member", "partner", "subcontractor", "lead", "staff"]


def bid_client(name, p, extra):
    mapping = {"partner": "other_member", "lead": "org_admin"}
    if name in extra:
        from django.test import Client

        client = Client()
        client.force_login(extra[name], backend="django.contrib.auth.backends.ModelBackend")
        return client
    return client_for(mapping.get(name, name), p)


@pytest.fixture
def p():
    return make_personas()


@pytest.fixture
def bid(p):
    return make_bid(p)


def pdf_text(content):
    """The PDF's text with all white space taken out (text extraction splits kerned words:
    "T oget her"), and the reader. Compare with ``squash(expected)``."""
    reader = PdfReader(io.BytesIO(content))
    return squash("".join(page.extract_text() for page in reader.pages)), reader


def squash(text):
    return "".join(text.split())


def docx_text(content):
    document = Document(io.BytesIO(content))
    parts = [para.text for para in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts), document


def download(client, bid, kind, version=None):
    url = reverse(f"bids:export_{kind}", args=[bid.slug])
    return client.get(url + (f"?version={version}" if version else ""))


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
        "a bid's PDF as at version 1",
        lambda p: reverse("bids:export_pdf", args=[make_bid(p).slug]) + "?version=1",
        MEMBERS_ONLY,
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


def test_text_people_typed_is_printed_as_text_never_run_as_markup(p, bid):
    bid.title = '<script>alert(1)</script><img src="http://127.0.0.1:9/x.png">'
    bid.save()
    snap = snapshot(bid, p.org_admin)
    html = pdf.render_html(snap)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<img src="http' not in html


@pytest.fixture
def sentinel_server():
    """A local web server that counts every request made to it."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def test_the_renderer_fetches_nothing_remote_and_no_file_paths(sentinel_server):
    base, hits = sentinel_server
    html = (
        f'<html lang="en-GB"><head><title>T</title>'
        f'<link rel="stylesheet" href="{base}/style.css"></head><body>'
        f'<img src="{base}/tracker.png" alt="">'
        '<img src="file:///etc/passwd" alt="">'
        '<img src="/static/../../../../etc/passwd" alt="">'
        '<img src="/media/../../../etc/passwd" alt="">'
        '<img src="/etc/passwd" alt="">'
        "<p>Hello</p></body></html>"
    )
    fetcher = pdf.RestrictedURLFetcher()
    content = pdf.html_to_pdf(html, fetcher)
    assert content.startswith(b"%PDF")
    assert hits == []
    assert fetcher.fetched == []
    assert f"{base}/tracker.png" in fetcher.refused
    assert f"{base}/style.css" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert pdf.BASE_URL + "etc/passwd" in fetcher.refused  # what "/static/../../etc" becomes


def test_the_renderer_may_read_the_projects_own_static_files():
    html = (
        '<html lang="en-GB"><head><title>T</title></head><body>'
        '<img src="/static/shoal/favicon.svg" alt="Shoal"><p>Hi</p></body></html>'
    )
    from django.contrib.staticfiles import finders

    assert finders.find("shoal/favicon.svg"), "the test needs a static file"
    fetcher = pdf.RestrictedURLFetcher()
    pdf.html_to_pdf(html, fetcher)
    assert fetcher.fetched == [pdf.BASE_URL + "static/shoal/favicon.svg"]


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/a.png",
        "https://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "https://export.shoal.invalid/etc/passwd",
        "https://export.shoal.invalid/static/../../etc/passwd",
        "https://export.shoal.invalid/static//etc/passwd",
        "https://export.shoal.invalid/media/%2e%2e/%2e%2e/etc/passwd",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files_and_media(url):
    with pytest.raises(pdf.Refused):
        pdf.RestrictedURLFetcher.local_path(url)


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


# --- as at version N ----------------------------------------------------------------------------


def edit_section(bid, user, title, new_body):
    section = bid.sections.get(title=title)
    bids.save_with_merge(BidSection, section.pk, section.version, {"body": new_body}, user)
    bids.content_changed(bid, user, f"The section “{title}”")


def test_a_past_version_is_exported_exactly_as_it_was(p, bid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        edit_section(bid, p.org_admin, "Delivery plan", "Version two of the plan.")
        signed = bids.sign_off(bid, p.organisation, p.org_admin).fingerprint
        edit_section(bid, p.org_admin, "Delivery plan", "Version three rewrites the plan.")
    bid.refresh_from_db()
    assert bid.version == 3
    client = client_for("member", p)

    text, _ = pdf_text(download(client, bid, "pdf", version=2).content)
    assert squash("Version two of the plan.") in text
    assert squash("Version three") not in text
    assert signed[:20] in text and "Valid" in text  # the sign-off given on version 2
    assert download(client, bid, "pdf", version=2)["Content-Disposition"].endswith(
        f'"{bid.slug}-v2.pdf"'
    )

    old, _ = docx_text(download(client, bid, "docx", version=2).content)
    assert "Version two of the plan." in old and "Version three" not in old
    now, _ = docx_text(download(client, bid, "docx").content)
    assert "Version three rewrites the plan." in now and "Version two" not in now


def test_a_line_made_private_later_stays_visible_in_the_version_before(p, bid):
    line = BudgetLine.objects.get(description="Hall heaters")
    sub = add_people(p)["subcontractor"]
    bids.content_changed(bid, p.org_admin, "The budget")  # version 2 shows the line
    bids.save_with_merge(BudgetLine, line.pk, line.version, {"is_private": True}, p.org_admin)
    bids.content_changed(bid, p.org_admin, "The budget")
    bid.refresh_from_db()
    partner_now = snapshot(bid, p.other_member)
    partner_v2 = snapshot(bid, p.other_member, version=2)
    assert "Hall heaters" not in [ln.description for _, ln in partner_now.budget_lines]
    assert "Hall heaters" in [ln.description for _, ln in partner_v2.budget_lines]
    assert "Hall heaters" in [ln.description for _, ln in snapshot(bid, sub).budget_lines]


@pytest.mark.parametrize("version", ["0", "4", "abc", "-1", "1.5", "99999999999999999999"])
def test_a_version_the_bid_never_had_gets_a_clear_error(p, bid, version):
    bids.content_changed(bid, p.org_admin, "The budget")
    response = download(client_for("member", p), bid, "pdf", version=version)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter a version from 1 to 2" in page or "whole number" in page


def test_the_export_page_sends_a_valid_choice_to_the_download(p, bid):
    bids.content_changed(bid, p.org_admin, "The budget")
    client = client_for("member", p)
    url = reverse("bids:export", args=[bid.slug])
    page = client.get(url)
    assert page.status_code == 200 and 'name="version"' in page.content.decode()
    response = client.get(url, {"format": "docx", "version": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("bids:export_docx", args=[bid.slug]) + "?version=1"
    response = client.get(url, {"format": "pdf", "version": ""})
    assert response["Location"] == reverse("bids:export_pdf", args=[bid.slug])


def test_an_unknown_version_in_the_snapshot_says_so(p, bid):
    with pytest.raises(UnknownVersion):
        snapshot(bid, p.org_admin, version=2)


TEXT = st.text(st.characters(codec="utf-8"), max_size=40)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(version=TEXT, kind=TEXT)
def test_generated_input_to_the_export_form_never_fails(p, bid, version, kind):
    client = client_for("member", p)
    response = client.get(
        reverse("bids:export", args=[bid.slug]), {"format": kind, "version": version}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "govuk-error-summary" in response.content.decode()
    assert JointBid.objects.get(pk=bid.pk).version == 1  # nothing saved, nothing lost


# --- query counts --------------------------------------------------------------------------------


def grow(bid, p, n):
    for i in range(n):
        BidSection.objects.create(
            bid=bid, title=f"Extra {i}", body="Words " * 50, sort_order=10 + i
        )
        BudgetLine.objects.create(
            bid=bid,
            organisation=p.other_organisation,
            category="other",
            description=f"Line {i}",
            amount=Decimal("10"),
            is_private=bool(i % 2),
        )
        bids.content_changed(bid, p.org_admin, "The budget")


@pytest.mark.parametrize("who", ["org_admin", "other_member"])
def test_the_snapshot_takes_as_many_queries_for_a_big_bid_as_a_small_one(
    p, bid, who, django_assert_max_num_queries
):
    user = getattr(p, who)

    def count(**kwargs):
        bid.refresh_from_db()
        user.__dict__.pop("_shoal_access", None)
        with django_assert_max_num_queries(20) as captured:
            snapshot(JointBid.objects.select_related("consortium").get(pk=bid.pk), user, **kwargs)
        return len(captured)

    grow(bid, p, 2)
    small, small_past = count(), count(version=2)
    grow(bid, p, 25)
    assert count() == small
    assert count(version=2) == small_past
    assert count(version=20) == small_past
