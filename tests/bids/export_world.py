"""A consortium, its bid and the people around it, for the export tests
(test_bid_export*.py): ``make_bid``, the fixtures ``p`` (the standard personas of
``tests/personas.py``) and ``bid``, and readers of the PDF and Word documents.

A test module uses the fixtures by importing them, ``from tests.bids.export_world
import bid_fixture as bid_fixture`` (and ``personas_fixture``); its ``p`` then stands
in for the bid world that conftest.py calls ``p``. ``worker_in_the_background`` queues
files for the background worker, as production does, and runs it when the test says.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from docx import Document
from pypdf import PdfReader

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
from tests.personas import make_member, make_personas

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
        status=SectionStatus.APPROVED,
    )
    BidSection.objects.create(
        bid=bid,
        title="Partnership and governance",
        body=PARTNER_TEXT,
        word_limit=300,
        assigned_to=partner,
        sort_order=2,
        status=SectionStatus.APPROVED,
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


@pytest.fixture(name="p")
def personas_fixture():
    return make_personas()


@pytest.fixture(name="bid")
def bid_fixture(p):
    return make_bid(p)


@pytest.fixture(name="worker_in_the_background")
def worker_fixture(settings, monkeypatch):
    """Production's way: the download queues the file for ``manage.py db_worker``, and
    shows "being prepared" after 0.2 s; calling the fixture's value runs the worker once."""
    from consortium.bids.views import exports

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(exports, "WAIT_SECONDS", 0.2)

    def run():
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    return run


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
