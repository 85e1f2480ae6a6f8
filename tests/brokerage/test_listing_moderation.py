"""Offers and needs: approving new organisations' listings, and reports to staff."""

import pytest
from django.urls import reverse

from consortium.brokerage import rules as brokerage
from consortium.models import Category, Listing, ListingReport, Moderation, Watch
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import as_user, listing_form

pytestmark = pytest.mark.django_db


# --- Moderation ----------------------------------------------------------------------------


def test_a_new_organisations_listing_waits_for_approval_and_staff_are_told(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user("member", personas).post(
            reverse("listings:create"), listing_form(audience="public")
        )
    listing = Listing.objects.get()
    assert listing.moderation == Moderation.PENDING
    assert [m.to for m in mailoutbox] == [[personas.staff.email]]
    assert "waits for approval" in mailoutbox[0].subject
    url = reverse("listings:detail", args=[listing.pk])
    assert "Waiting for approval" in as_user("member", personas).get(url).content.decode()
    for persona in ("anonymous", "volunteer", "other_member"):
        assert as_user(persona, personas).get(url).status_code == 404
        assert (
            "Folding tables"
            not in as_user(persona, personas).get(reverse("listings:index")).content.decode()
        )


def test_staff_approve_a_listing_and_watchers_are_told(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    listing = make_listing(
        personas.organisation, moderation=Moderation.PENDING, category=Category.EQUIPMENT
    )
    Watch.objects.create(user=personas.other_member, category=Category.EQUIPMENT)
    with django_capture_on_commit_callbacks(execute=True):
        brokerage.approve_listing(listing, by=personas.staff)
    assert listing.moderation == Moderation.APPROVED
    assert [m.to for m in mailoutbox] == [[personas.other_member.email]]
    assert (
        as_user("volunteer", personas)
        .get(reverse("listings:detail", args=[listing.pk]))
        .status_code
        == 200
    )


def test_staff_reject_a_listing_and_it_stays_hidden_with_the_reason_kept(personas):
    listing = make_listing(personas.organisation, moderation=Moderation.PENDING)
    brokerage.reject_listing(listing, by=personas.staff, reason="Selling, not sharing")
    listing.refresh_from_db()
    assert listing.moderation == Moderation.REJECTED
    assert "Selling, not sharing" in listing.history.first().history_change_reason
    assert (
        as_user("volunteer", personas)
        .get(reverse("listings:detail", args=[listing.pk]))
        .status_code
        == 404
    )
    assert (
        "Not approved"
        in as_user("member", personas)
        .get(reverse("listings:detail", args=[listing.pk]))
        .content.decode()
    )


def test_anyone_signed_in_can_report_a_listing_to_staff(
    personas, need, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("volunteer", personas).post(
            reverse("listings:report", args=[need.pk]), {"reason": "This looks like a scam"}
        )
    assert response.status_code == 302
    assert ListingReport.objects.get().reporter == personas.volunteer
    assert [m.to for m in mailoutbox] == [[personas.staff.email]]
    assert "This looks like a scam" in mailoutbox[0].body


def test_a_report_without_a_reason_is_refused(personas, need):
    response = as_user("volunteer", personas).post(
        reverse("listings:report", args=[need.pk]), {"reason": ""}
    )
    assert response.status_code == 400 and "Say what is wrong" in response.content.decode()
    assert not ListingReport.objects.exists()
