"""What waits for brokerage staff: the dashboard's "N waiting", the moderation queue's links
to each listing and its files, and the organisation list's filters and yes/no column."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from consortium.models import ListingAttachment, ListingReport, Moderation, Theme
from consortium.organisations.org_ids import OrgIdDispute
from tests.factories import UserFactory
from tests.staff.helpers import index_url, listing

pytestmark = pytest.mark.django_db


def _waiting_listing(personas):
    waiting = listing(personas.organisation, moderation=Moderation.PENDING)
    ListingAttachment.objects.create(
        listing=waiting,
        file=ContentFile(b"%PDF-1.4", name="hall-plan.pdf"),
        original_name="hall-plan.pdf",
        content_type="application/pdf",
        size=8,
    )
    return waiting


def test_the_dashboard_tells_staff_how_many_things_wait_with_links(staff_client, personas):
    _waiting_listing(personas)
    reported = listing(personas.other_organisation, "A van", moderation=Moderation.APPROVED)
    ListingReport.objects.create(listing=reported, reporter=personas.member, reason="Sold")
    OrgIdDispute.objects.create(
        org_id="GB-CHC-1090095",
        holder=personas.organisation,
        claimant_name="Castle Ward Food Pantry",
        raised_by=UserFactory(username="disputer"),
        reason="Ours.",
    )
    soup = BeautifulSoup(staff_client.get("/admin/").content, "html.parser")
    moderation = soup.select_one("#waiting-moderation")
    assert moderation.get_text(" ", strip=True) == "2 waiting for moderation"
    assert moderation["href"] == reverse("consortium_staff:moderation")
    disputes = soup.select_one("#waiting-disputes")
    assert disputes.get_text(" ", strip=True) == "1 waiting in org-id disputes"
    assert disputes["href"] == reverse("consortium_staff:org_id_disputes")


def test_editors_who_are_not_brokerage_staff_see_no_waiting_panel(personas, client):
    editor = UserFactory(username="comms-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Waiting for brokerage staff" not in response.content.decode()


def test_the_moderation_queue_links_each_title_to_the_listing_and_its_files(staff_client, personas):
    waiting = _waiting_listing(personas)
    ListingReport.objects.create(
        listing=waiting, reporter=personas.other_member, reason="Not a real offer"
    )
    soup = BeautifulSoup(
        staff_client.get(reverse("consortium_staff:moderation")).content, "html.parser"
    )
    detail = reverse("listings:detail", args=[waiting.pk])
    titles = soup.select(f'a[href="{detail}"]')
    assert len(titles) == 2  # in the waiting list and in the reports
    assert waiting.title in titles[0].get_text(strip=True)
    attachment = waiting.attachments.get()
    files = soup.select(f'a[href="{reverse("listings:download", args=[attachment.pk])}"]')
    assert files and files[0].get_text(strip=True) == "hall-plan.pdf"
    # the link opens the full listing for staff although it is not yet approved
    assert staff_client.get(detail).status_code == 200
    assert staff_client.get(files[0]["href"]).status_code == 200


def test_the_organisation_list_shows_yes_or_no_with_wagtail_icons_not_missing_images(
    staff_client, personas
):
    html = staff_client.get(index_url("organisation")).content.decode()
    assert "icon-yes.svg" not in html and "icon-no.svg" not in html
    soup = BeautifulSoup(html, "html.parser")
    cells = [td.get_text(strip=True) for td in soup.select("td.field-is_public_yes_no")]
    assert cells and set(cells) <= {"Yes", "No"}
    assert soup.select("td.field-is_public_yes_no svg use")


def test_staff_filter_organisations_by_verified_and_by_theme(staff_client, personas):
    personas.organisation.verified_on = datetime.date(2026, 1, 5)
    personas.organisation.save()
    theme = Theme.objects.create(name="Food", slug="food")
    personas.other_organisation.themes.add(theme)
    url = index_url("organisation")

    def names(params):
        soup = BeautifulSoup(staff_client.get(url, params).content, "html.parser")
        return {a.get_text(strip=True) for a in soup.select("td.title a")}

    assert "Fernlea Food Bank" in names({"verified": "yes"})
    assert "Quarry Hill Youth Club" not in names({"verified": "yes"})
    assert "Quarry Hill Youth Club" in names({"verified": "no"})
    assert names({"themes__name": "Food"}) >= {"Quarry Hill Youth Club"}
    assert "Fernlea Food Bank" not in names({"themes__name": "Food"})
    page = staff_client.get(url).content.decode()
    assert "By Theme" in page or ">Theme<" in page
    assert "By Verified" in page or ">Verified<" in page
