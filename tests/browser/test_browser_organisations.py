"""In a real chromium: a signed-in person registers their organisation, sees its profile
and puts a document in its vault. Every page visited is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from consortium.models import Membership, Organisation, OrganisationDocument, Role
from tests.accessibility import assert_accessible
from tests.factories import UserFactory, make_site, pdf_bytes
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = pdf_bytes()


def test_a_member_registers_an_organisation_sees_its_profile_and_uploads_a_document(page, tmp_path):
    make_site()
    UserFactory(username="asha", email="asha@example.org", first_name="Asha")

    page.goto("/accounts/login/?next=/organisations/register/")
    page.get_by_label("Username").fill("asha")
    page.get_by_label("Password").fill("shoal-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/organisations/register/$"))
    assert_accessible(page)

    # A mistake first: the number is refused on its field, and nothing is lost.
    page.get_by_label("Organisation name").fill("Fernlea Food Bank")
    page.get_by_label("Registered charity", exact=True).check()
    page.get_by_label("Charity Commission number").fill("12345")
    page.get_by_label("Postcode").fill("sw1a1aa")
    page.get_by_role("button", name="Register").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a charity number of 6 or 7 digits")
    expect(page.get_by_label("Organisation name")).to_have_value("Fernlea Food Bank")
    shot(page, "organisation-register-error")
    assert_accessible(page)

    page.get_by_label("Charity Commission number").fill("109 0095")
    page.get_by_role("button", name="Register").click()
    expect(page).to_have_url(re.compile(r"/organisations/fernlea-food-bank/$"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("Fernlea Food Bank is registered")
    expect(main).to_contain_text("GB-CHC-1090095")
    expect(main).to_contain_text("SW1A 1AA")
    expect(main).to_contain_text("Not verified yet")
    shot(page, "organisation-profile", full_page=True)
    assert_accessible(page)
    organisation = Organisation.objects.get(name="Fernlea Food Bank")
    assert Membership.objects.get(organisation=organisation).role == Role.ADMIN

    page.get_by_role("link", name="Edit the profile").click()
    expect(page.get_by_label("Organisation name")).to_have_value("Fernlea Food Bank")
    shot(page, "organisation-edit")
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Members and requests to join").click()
    expect(page.get_by_role("main")).to_contain_text("Organisation admin")
    shot(page, "organisation-members")
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="Documents (due-diligence vault)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents of Fernlea Food Bank")
    assert_accessible(page)
    page.get_by_role("link", name="Add a document").click()
    shot(page, "vault-add-document")
    assert_accessible(page)
    disguised = tmp_path / "policy.pdf"
    disguised.write_bytes(b"<html><script>alert(1)</script></html>")
    page.get_by_label("What it is").select_option(label="Safeguarding policy")
    page.get_by_label("Title").fill("Safeguarding policy 2026")
    page.get_by_label("File").set_input_files(str(disguised))
    page.get_by_role("button", name="Add to the vault").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("not a real .pdf file")
    shot(page, "vault-file-refused")
    assert_accessible(page)

    real = tmp_path / "safeguarding.pdf"
    real.write_bytes(PDF)
    page.get_by_label("File").set_input_files(str(real))
    page.get_by_role("button", name="Add to the vault").click()
    expect(page).to_have_url(re.compile(r"/organisations/fernlea-food-bank/documents/$"))
    expect(page.get_by_role("main")).to_contain_text("Safeguarding policy 2026")
    shot(page, "vault")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Safeguarding policy 2026")).click()
    assert download.value.suggested_filename == "safeguarding.pdf"
    assert OrganisationDocument.objects.get().organisation == organisation

    page.goto("/organisations/?q=Fernlea")
    expect(page.get_by_role("main")).to_contain_text("GB-CHC-1090095")
    shot(page, "organisation-directory")
    assert_accessible(page)
