"""Tenders arrive as OCDS release packages: the importer, its command and the admin upload."""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from consortium.models import Opportunity, OpportunityKind
from consortium.opportunities.ocds import import_release_package
from tests.personas import PERSONAS, client_for, make_personas

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[1] / "data" / "ocds"
UK = DATA / "uk-tenders-release-package.json"
EXAMPLE = DATA / "example-tender-release-package.json"
INVALID = DATA / "invalid-release-package.json"


def uk_package():
    return json.loads(UK.read_text())


@pytest.fixture
def p():
    return make_personas()


# --- who gets what ---------------------------------------------------------------------------

ADMIN_SIGN_IN = 302
STAFF_ONLY = {**dict.fromkeys(PERSONAS, ADMIN_SIGN_IN), "staff": 200}

ACCESS = [
    ("the OCDS upload page", lambda p: reverse("consortium_import_ocds"), STAFF_ONLY),
    (
        "the funding opportunities admin",
        lambda p: reverse("consortium_opportunity_modeladmin_index"),
        STAFF_ONLY,
    ),
    (
        "the seeking partners admin",
        lambda p: reverse("consortium_partnersearch_modeladmin_index"),
        STAFF_ONLY,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_only_brokerage_staff_reach_the_opportunity_admin(
    p, persona, description, url_for, expected
):
    response = client_for(persona, p).get(url_for(p))
    assert response.status_code == expected[persona], f"{persona} on {description}"


# --- the importer ----------------------------------------------------------------------------


def test_each_uk_tender_becomes_an_opportunity_with_its_details():
    result = import_release_package(UK)
    assert result.ok and len(result.created) == 3
    befriending = Opportunity.objects.get(ocid="ocds-h6vhtk-04a1b2")
    assert befriending.kind == OpportunityKind.TENDER
    assert befriending.title == "Community befriending service for older people"
    assert befriending.description.startswith("Weekly befriending visits")
    assert befriending.funder == "Westmoor County Council"
    assert befriending.reference == "WCC-2026-0147"
    assert befriending.amount_min == Decimal("180000")
    assert befriending.amount_max == Decimal("240000")
    assert befriending.deadline.isoformat() == "2027-03-15T12:00:00+00:00"
    assert befriending.suits_small and befriending.suits_vcse
    assert befriending.link == "https://www.contractsfinder.service.gov.uk/Notice/0a1b2c3d-0147"
    assert befriending.eligibility.startswith("Registered charities")
    link_workers = Opportunity.objects.get(ocid="ocds-h6vhtk-04c3d4")
    assert link_workers.amount_max == Decimal("415000.50") and link_workers.amount_min is None
    assert not link_workers.suits_small and link_workers.suits_vcse


def test_importing_the_same_file_again_updates_and_never_duplicates():
    import_release_package(UK)
    again = import_release_package(UK)
    assert again.ok and len(again.unchanged) == 3 and not again.created
    assert Opportunity.objects.count() == 3
    changed = uk_package()
    changed["releases"][0]["tender"]["title"] = "Befriending for older people (amended)"
    changed["releases"][0]["tender"]["value"]["amount"] = 250000
    result = import_release_package(changed)
    assert [o.ocid for o in result.updated] == ["ocds-h6vhtk-04a1b2"]
    assert Opportunity.objects.count() == 3
    updated = Opportunity.objects.get(ocid="ocds-h6vhtk-04a1b2")
    assert updated.title == "Befriending for older people (amended)"
    assert updated.amount_max == Decimal("250000")


def test_a_reimport_keeps_what_staff_set_that_ocds_does_not_carry():
    import_release_package(UK)
    Opportunity.objects.filter(ocid="ocds-h6vhtk-04a1b2").update(area="rural", is_published=False)
    changed = uk_package()
    changed["releases"][0]["tender"]["description"] = "New words"
    import_release_package(changed)
    kept = Opportunity.objects.get(ocid="ocds-h6vhtk-04a1b2")
    assert kept.area == "rural" and not kept.is_published and kept.description == "New words"


def test_a_tender_description_over_the_limit_keeps_its_start_and_the_report_says_so():
    package = uk_package()
    package["releases"][0]["tender"]["description"] = "Weekly visits. " + "v" * 20_000
    result = import_release_package(package)
    tender = Opportunity.objects.get(ocid="ocds-h6vhtk-04a1b2")
    assert len(tender.description) == 10_000 and tender.description.startswith("Weekly visits.")
    [outcome] = [o for o in result.outcomes if o.ocid == "ocds-h6vhtk-04a1b2"]
    assert "The description has 20,015 characters, more than the 10,000" in " ".join(outcome.notes)


def test_an_invalid_package_imports_nothing_and_lists_the_schema_errors_with_paths():
    result = import_release_package(INVALID)
    assert not result.ok
    assert not Opportunity.objects.exists()
    text = " ".join(result.errors)
    assert "not a valid OCDS 1.1.5 release package" in text
    assert "$.publishedDate: 'yesterday' is not a 'date-time'" in text
    assert "$.releases[0]: 'id' is a required property" in text
    assert "$.version" in text


def test_one_bad_release_stops_the_whole_package_being_imported():
    package = uk_package()
    broken = copy.deepcopy(package["releases"][0])
    broken["ocid"] = "ocds-h6vhtk-0bad02"
    broken["tender"]["value"]["amount"] = "a lot"
    package["releases"].append(broken)
    result = import_release_package(package)
    assert not result.ok and "$.releases[3].tender.value.amount" in " ".join(result.errors)
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"this is not json", "The file is not JSON"),
        (b"\xff\xfe\x00bad", "not text in UTF-8"),
        (b"[]", "one release package"),
        (json.dumps({**json.loads(UK.read_text()), "releases": []}).encode(), "no releases"),
    ],
)
def test_files_that_are_not_release_packages_get_a_clear_error(content, message):
    result = import_release_package(content)
    assert not result.ok and message in " ".join(result.errors)
    assert not Opportunity.objects.exists()


def test_amounts_in_other_currencies_are_left_empty_and_said_so():
    result = import_release_package(EXAMPLE)
    assert result.ok
    [outcome] = result.outcomes
    assert outcome.action == "created"
    assert "PYG, not pounds (GBP)" in " ".join(outcome.notes)
    cleaning = Opportunity.objects.get(ocid="ocds-213czf-371630")
    assert cleaning.amount_min is None and cleaning.amount_max is None
    assert cleaning.funder == "City Hall of Juan de Mena"


def test_a_release_without_a_deadline_is_skipped_with_a_reason():
    package = uk_package()
    del package["releases"][1]["tender"]["tenderPeriod"]["endDate"]
    result = import_release_package(package)
    assert result.ok and len(result.created) == 2
    [skipped] = result.skipped
    assert skipped.ocid == "ocds-h6vhtk-04c3d4"
    assert "no tender deadline" in " ".join(skipped.notes)
    assert not Opportunity.objects.filter(ocid="ocds-h6vhtk-04c3d4").exists()


def test_a_release_without_a_tender_is_skipped_with_a_reason():
    package = uk_package()
    del package["releases"][2]["tender"]
    result = import_release_package(package)
    assert [o.notes for o in result.skipped] == [["It has no tender (only awards or contracts)."]]


def test_the_latest_release_of_a_tender_in_one_file_wins():
    package = uk_package()
    later = copy.deepcopy(package["releases"][0])
    later["id"] = "ocds-h6vhtk-04a1b2-tender-2"
    later["date"] = "2026-11-20T09:00:00Z"
    later["tender"]["tenderPeriod"]["endDate"] = "2027-03-29T12:00:00Z"
    package["releases"].insert(0, later)
    result = import_release_package(package)
    assert result.ok and Opportunity.objects.filter(ocid="ocds-h6vhtk-04a1b2").count() == 1
    assert Opportunity.objects.get(ocid="ocds-h6vhtk-04a1b2").deadline.day == 29
    assert len(result.skipped) == 1


# --- the command -----------------------------------------------------------------------------


def test_the_command_imports_a_file_and_reports_what_it_did(capsys):
    call_command("import_ocds", str(UK))
    out = capsys.readouterr().out
    assert "3 created, 0 updated, 0 unchanged, 0 skipped." in out
    assert Opportunity.objects.count() == 3


def test_the_command_refuses_an_invalid_file_and_imports_nothing():
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_ocds", str(INVALID))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_ocds", str(DATA / "missing.json"))
    assert not Opportunity.objects.exists()


# --- the admin upload ------------------------------------------------------------------------


def upload(client, path, name=None):
    return client.post(
        reverse("consortium_import_ocds"),
        {"file": SimpleUploadedFile(name or path.name, path.read_bytes())},
    )


def test_staff_upload_a_package_and_see_created_updated_and_skipped(p):
    client = client_for("staff", p)
    response = upload(client, UK)
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 created, 0 updated, 0 unchanged, 0 skipped" in page
    assert "Community befriending service for older people" in page
    assert Opportunity.objects.count() == 3
    assert Opportunity.objects.get(ocid="ocds-h6vhtk-04a1b2").created_by == p.staff
    again = upload(client, UK).content.decode()
    assert "0 created, 0 updated, 3 unchanged, 0 skipped" in again
    assert Opportunity.objects.count() == 3


def test_staff_see_why_an_invalid_upload_imported_nothing(p):
    page = upload(client_for("staff", p), INVALID).content.decode()
    assert "Nothing was imported from invalid-release-package.json" in page
    assert "$.publishedDate" in page
    assert not Opportunity.objects.exists()


def test_the_upload_refuses_a_file_that_is_not_json(p):
    page = upload(client_for("staff", p), UK, name="tenders.xlsx").content.decode()
    assert "Choose a JSON file" in page
    assert not Opportunity.objects.exists()


def test_people_who_are_not_staff_cannot_upload(p):
    for persona in ("member", "org_admin"):
        response = upload(client_for(persona, p), UK)
        assert response.status_code in (302, 403)
    assert not Opportunity.objects.exists()


def test_the_brokerage_menu_offers_the_upload_and_the_opportunities(p):
    dashboard = client_for("staff", p).get("/admin/").content.decode()
    assert "Import tenders (OCDS)" in dashboard and "Funding opportunities" in dashboard


def test_staff_unpublish_an_opportunity_in_the_admin(p):
    import_release_package(UK)
    opportunity = Opportunity.objects.get(ocid="ocds-h6vhtk-04e5f6")
    client = client_for("staff", p)
    edit = reverse("consortium_opportunity_modeladmin_edit", args=[opportunity.pk])
    form = client.get(edit).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data.update(
        deadline=opportunity.deadline.strftime("%Y-%m-%d %H:%M"),
        is_published="",
        shoal_version=client.get(edit).context["shoal_version"],
    )
    data.pop("is_published")
    for flag in ("suits_small", "suits_vcse"):
        if not data.get(flag):
            data.pop(flag, None)
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    opportunity.refresh_from_db()
    assert not opportunity.is_published
    assert client_for("anonymous", p).get(opportunity.get_absolute_url()).status_code == 404
