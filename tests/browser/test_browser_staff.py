"""Brokerage staff in a real chromium: verify an organisation, read its history, restore.

The Wagtail admin is not ours to make accessible, so no axe here; the ``page`` fixture
still fails the journey on any Content-Security-Policy violation.
"""

import re

import pytest
from playwright.sync_api import expect

from consortium.models import LegalForm, Organisation, Person
from tests.browser_helpers import sign_in_to_the_admin
from tests.factories import UserFactory
from tests.screenshots import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_verify_an_organisation_then_restore_an_earlier_version(page):
    from django.contrib.auth.models import Group

    broker = UserFactory(username="broker", first_name="Bea", last_name="Broker")
    broker.groups.add(Group.objects.get(name="Brokerage officers"))
    Person.objects.create(user=broker)
    organisation = Organisation.objects.create(
        name="Fernlea Food Bank",
        legal_form=LegalForm.REGISTERED_CHARITY,
        charity_number="1090095",
        short_description="Emergency food parcels for Fernlea and the villages around it.",
    )
    organisation.short_description = "Overwritten by mistake"
    organisation.save()

    sign_in_to_the_admin(page, "broker")
    page.get_by_role("button", name="Brokerage").click()
    shot(page, "admin-brokerage-menu")
    page.get_by_role("link", name="Organisations", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Organisations")
    shot(page, "admin-organisations")
    page.get_by_role("row", name=re.compile("Fernlea Food Bank")).get_by_role(
        "link", name="Inspect"
    ).click()
    expect(page.get_by_text("GB-CHC-1090095")).to_be_visible()
    shot(page, "admin-organisation-inspect", full_page=True)

    page.get_by_role("button", name="Mark verified today").click()
    expect(page.get_by_text("is marked verified today")).to_be_visible()
    organisation.refresh_from_db()
    assert organisation.verified_by == broker

    page.get_by_role("link", name="History").click()
    newest = page.locator("section.version").first
    expect(newest.get_by_role("heading")).to_contain_text("Bea Broker")
    expect(newest.get_by_role("row", name=re.compile("Verified by"))).to_contain_text("Bea")
    shot(page, "admin-history")
    page.locator("section.version").last.get_by_role("link", name="Restore this version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Restore an earlier version")
    expect(page.get_by_text("Overwritten by mistake")).to_be_visible()
    shot(page, "admin-restore")
    page.get_by_role("button", name="Yes, restore this version").click()
    expect(page.get_by_text("was restored")).to_be_visible()
    shot(page, "admin-restored")

    organisation.refresh_from_db()
    assert organisation.short_description.startswith("Emergency food parcels")
    assert organisation.verified_on is None  # the first version was not yet verified
    assert organisation.history.latest().history_change_reason.startswith("Restored")
    shot(page, "admin-moderation-queue", goto="/admin/brokerage/moderation/")
    shot(page, "admin-import-organisations", goto="/admin/organisations/import/")
    shot(page, "admin-import-tenders", goto="/admin/opportunities/import-ocds/")
