"""An organisation's admin downloads all of its data as one ZIP (JSON and CSV, with the vault's
files); nobody else can, and nothing of another organisation is in it."""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from consortium.models import (
    BudgetLine,
    DocumentKind,
    Listing,
    OrganisationDocument,
    Pledge,
    Reply,
    Role,
    Scheme,
)
from tests.bids.world import add_line, client_for, make_bid_world
from tests.brokerage.data import make_listing
from tests.members.account_helpers import confirmed_client
from tests.personas import make_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% the lead's insurance certificate\n"
LINK_TEXT = "Download all of this organisation's data"


@pytest.fixture
def w():
    world = make_bid_world()
    world.lead_member = make_member("lead-volunteer", world.lead_org, Role.MEMBER)
    make_listing(world.lead_org, title="Spare gazebo for summer fairs", posted_by=world.lead)
    make_listing(world.partner_org, title="Partner's photocopier", posted_by=world.partner)
    add_line(world.bid, world.lead_org, 12000, description="Lead's advice worker")
    add_line(world.bid, world.partner_org, 8000, description="Partner's minibus driver")
    document = OrganisationDocument(
        organisation=world.lead_org,
        kind=DocumentKind.INSURANCE,
        title="Insurance certificate 2026",
        original_name="insurance.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=world.lead,
    )
    document.file.save("insurance.pdf", ContentFile(PDF), save=True)
    return world


def data_url(organisation):
    return f"/organisations/{organisation.slug}/data.zip"


def download(world, user):
    response = confirmed_client(user).get(data_url(world.lead_org))
    assert response.status_code == 200, response.status_code
    return response


def test_the_profile_offers_its_admins_the_download_and_nobody_else(w):
    profile = f"/organisations/{w.lead_org.slug}/"
    admin_page = client_for("lead", w).get(profile).content.decode()
    assert LINK_TEXT in admin_page
    assert f'href="{data_url(w.lead_org)}"' in admin_page
    members_page = client_for("lead", w).get(f"/organisations/{w.lead_org.slug}/members/")
    assert LINK_TEXT in members_page.content.decode()
    member = Client()
    member.force_login(w.lead_member, backend="django.contrib.auth.backends.ModelBackend")
    assert LINK_TEXT not in member.get(profile).content.decode()
    assert LINK_TEXT not in client_for("partner", w).get(profile).content.decode()


def test_the_zip_holds_json_csv_and_the_vault_files_of_that_organisation_only(w):
    response = download(w, w.lead)
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    for name in ["data.json", "profile.csv", "people.csv", "listings.csv", "vault.csv"]:
        assert name in names, name
    vault_files = [name for name in names if name.startswith("vault/")]
    assert len(vault_files) == 1 and vault_files[0].endswith("insurance.pdf")
    assert archive.read(vault_files[0]) == PDF

    data = json.loads(archive.read("data.json"))
    assert data["profile"][0]["name"] == "Brookside Community Trust"
    assert [row["title"] for row in data["listings"]] == ["Spare gazebo for summer fairs"]
    assert {row["name"] for row in data["people"]} == {"bid-lead", "lead-volunteer"}
    assert [row["title"] for row in data["bids"]] == ["Later Life Advice Network"]
    assert [row["description"] for row in data["budget_lines"]] == ["Lead's advice worker"]
    assert data["consortium_memberships"][0]["consortium"] == "Brookside Advice Partnership"

    rows = list(csv.DictReader(io.StringIO(archive.read("listings.csv").decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Spare gazebo for summer fairs"]

    everything = b"".join(archive.read(name) for name in names).decode("utf-8", "replace")
    for other in ["Partner's photocopier", "Partner's minibus driver", "bid-partner"]:
        assert other not in everything, other


def test_pledges_and_replies_of_the_organisation_are_in_it(w):
    scheme = Scheme.objects.create(
        title="Heating oil, winter 2026",
        coordinator=w.partner_org,
        commodity="heating-oil",
        unit="litres",
        target_total=Decimal("20000"),
        opens_on=datetime.date(2026, 10, 1),
        closes_on=datetime.date(2026, 10, 31),
    )
    Pledge.objects.create(
        scheme=scheme, organisation=w.lead_org, quantity=Decimal("900"), pledged_by=w.lead
    )
    partner_listing = Listing.objects.get(organisation=w.partner_org)
    Reply.objects.create(
        listing=partner_listing, user=w.lead, organisation=w.lead_org, message="We could use it."
    )
    data = json.loads(zipfile.ZipFile(io.BytesIO(download(w, w.lead).content)).read("data.json"))
    assert data["pledges"][0]["scheme"] == "Heating oil, winter 2026"
    assert data["replies"][0]["message"] == "We could use it."
    assert data["replies"][0]["direction"] == "sent"


def test_a_spreadsheet_formula_in_a_listing_title_is_not_live_in_the_csv(w):
    make_listing(w.lead_org, title='=HYPERLINK("http://x","c")', posted_by=w.lead)
    archive = zipfile.ZipFile(io.BytesIO(download(w, w.lead).content))
    rows = list(csv.DictReader(io.StringIO(archive.read("listings.csv").decode("utf-8-sig"))))
    assert '\'=HYPERLINK("http://x","c")' in [row["title"] for row in rows]


def test_members_admins_of_other_organisations_and_staff_get_not_found(w):
    for user in [w.lead_member, w.partner, w.staff]:
        response = confirmed_client(user).get(data_url(w.lead_org))
        assert response.status_code == 404, user.username
    anonymous = Client().get(data_url(w.lead_org))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_download_asks_for_the_password_again(w):
    response = client_for("lead", w).get(data_url(w.lead_org))
    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response["Location"]
    assert BudgetLine.objects.count() == 2  # nothing changed by asking
