"""Brokerage staff in the Wagtail admin: history with differences, and restoring a version."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from consortium.models import ListingReport, ListingStatus, Organisation, Theme
from tests.personas import client_for
from tests.staff.helpers import history_url, inspect_url, listing

pytestmark = pytest.mark.django_db


# --- history and restore ----------------------------------------------------------------------


def test_history_shows_who_changed_which_field_from_what_to_what(client, personas):
    organisation = personas.organisation
    client.force_login(personas.org_admin, backend="django.contrib.auth.backends.ModelBackend")
    organisation.locality = "Fernlea"
    organisation._change_reason = "Profile edited"
    # simple-history's middleware records the request's user; outside a request, say who.
    organisation._history_user = personas.org_admin
    organisation.save()
    page = client_for("staff", personas).get(history_url(organisation))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    newest = soup.select("section.version")[0]
    assert "org-admin-persona" in newest.h2.get_text()
    assert "Changed" in newest.h2.get_text()
    rows = [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in newest.select("tbody tr")
    ]
    assert ["Locality", "(empty)", "Fernlea"] in rows
    assert "Profile edited" in newest.get_text()


def test_history_shows_choice_labels_and_themes_by_name(staff_client, personas):
    organisation = personas.organisation
    food = Theme.objects.create(name="Food poverty", slug="food-poverty")
    organisation.themes.add(food)
    organisation.legal_form = "cio"
    organisation.save()
    text = BeautifulSoup(staff_client.get(history_url(organisation)).content, "html.parser")
    body = text.get_text(" ")
    assert "Charitable incorporated organisation (CIO)" in body
    assert "Food poverty" in body


def test_restoring_an_earlier_version_brings_its_values_back_as_a_new_version(
    staff_client, personas
):
    organisation = personas.organisation
    first = organisation.history.earliest()
    organisation.short_description = "A description someone overwrote by mistake"
    organisation.postcode = "AB1 2CD"
    organisation.save()
    versions_before = organisation.history.count()
    url = reverse(
        "consortium_staff:restore",
        args=["consortium", "organisation", organisation.pk, first.history_id],
    )
    confirm = staff_client.get(url)
    assert confirm.status_code == 200
    assert "A description someone overwrote by mistake" in confirm.content.decode()
    response = staff_client.post(url)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.short_description == "" and organisation.postcode == "SW1A 1AA"
    assert organisation.history.count() == versions_before + 1
    latest = organisation.history.latest()
    assert latest.history_user == personas.staff
    assert latest.history_change_reason.startswith("Restored the version of")


def test_restoring_brings_back_themes(staff_client, personas):
    organisation = personas.organisation
    food = Theme.objects.create(name="Food poverty", slug="food-poverty")
    organisation.themes.add(food)
    with_food = organisation.history.latest()
    organisation.themes.clear()
    staff_client.post(
        reverse(
            "consortium_staff:restore",
            args=["consortium", "organisation", organisation.pk, with_food.history_id],
        )
    )
    assert list(organisation.themes.all()) == [food]


def test_history_works_for_listings_too(staff_client, personas):
    item = listing(personas.organisation)
    item.status = ListingStatus.CLOSED
    item.save()
    page = staff_client.get(history_url(item))
    assert page.status_code == 200
    assert "Closed" in page.content.decode()
    inspect = staff_client.get(inspect_url("listing", item.pk)).content.decode()
    assert history_url(item) in inspect


def test_a_version_that_no_longer_validates_is_not_restored(staff_client, personas):
    organisation = personas.organisation
    first = organisation.history.earliest()
    organisation.name = "Fernlea Community Pantry"
    organisation.save()
    # Someone else took the old name meanwhile.
    Organisation.objects.create(name="Fernlea Food Bank", slug="fernlea-food-bank-2")
    response = staff_client.post(
        reverse(
            "consortium_staff:restore",
            args=["consortium", "organisation", organisation.pk, first.history_id],
        )
    )
    assert response.status_code == 400
    assert "cannot be restored" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Fernlea Community Pantry"


def test_resolving_a_report_shows_in_its_history(staff_client, personas):
    report = ListingReport.objects.create(
        listing=listing(personas.organisation), reporter=personas.member, reason="Spam?"
    )
    staff_client.post(reverse("consortium_staff:resolve_report", args=[report.pk]))
    page = staff_client.get(history_url(report))
    assert page.status_code == 200
    newest = BeautifulSoup(page.content, "html.parser").select("section.version")[0]
    assert "staff-persona" in newest.h2.get_text()
    assert "Resolved by" in newest.get_text() and "(empty)" in newest.get_text()
